// Focused behaviour of the Python scanner: aliases, the line rule, model resolution, prompt holes,
// schemas and stable IDs. The corpus test measures; these pin down the contract one rule at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { ScanEngine } from '../../../src/core/scan/index';
import { pythonScanner, sites } from './pythonSupport';

test('aliases: OpenAI as Client, import openai as oa, anthropic aliases', async () => {
  const found = await sites([
    'from openai import OpenAI as Client',
    'import openai as oa',
    'from anthropic import AsyncAnthropic as AA',
    'c = Client()',
    'a = AA()',
    'c.chat.completions.create(model="gpt-4o", messages=[])',
    'oa.chat.completions.create(model="gpt-4o-mini", messages=[])',
    'async def f():',
    '    await a.messages.create(model="claude-3-5-haiku-latest", max_tokens=5, messages=[])',
  ].join('\n'));
  assert.deepEqual(found.map((s) => [s.line, s.api, s.model]), [
    [6, 'openai.chat', 'gpt-4o'],
    [7, 'openai.chat', 'gpt-4o-mini'],
    [9, 'anthropic.messages', 'claude-3-5-haiku-latest'],
  ]);
});

test('line rule: the first token of the receiver chain, not await; endLine is the last line', async () => {
  const [s] = await sites([
    'from openai import AsyncOpenAI',
    'client = AsyncOpenAI()',
    'async def go():',
    '    r = await client.chat \\',
    '        .completions.create(',
    '            model="gpt-4o",',
    '            messages=[],',
    '        )',
  ].join('\n'));
  assert.equal(s.line, 4);
  assert.equal(s.column, 15);
  assert.equal(s.endLine, 8);
  assert.deepEqual(s.modelSpan, { start: { line: 6, column: 19 }, end: { line: 6, column: 27 } });
  assert.equal(s.modelExpr, '"gpt-4o"');
});

test('model resolution: constants, env defaults, parameter defaults, class attributes, **kwargs', async () => {
  const found = await sites([
    'import os',
    'from openai import OpenAI',
    'M = os.getenv("MODEL", "gpt-4o")',
    'client = OpenAI()',
    'def a(): client.chat.completions.create(model=M, messages=[])',
    'def b(model="o3-mini"): client.chat.completions.create(model=model, messages=[])',
    'class K:',
    '    model = "gpt-4.1"',
    '    def c(self): client.chat.completions.create(model=self.model, messages=[])',
    'def d():',
    '    params = {"model": "gpt-4o-mini", "temperature": 0}',
    '    client.chat.completions.create(**params)',
    'def e(m): client.chat.completions.create(model=m, messages=[])',
    'def f(x):',
    '    model = "gpt-4o" if x else "gpt-4o-mini"',
    '    client.chat.completions.create(model=model, messages=[])',
    'def g(): client.chat.completions.create(model=os.environ.get("M", "gpt-4.1-nano"), messages=[])',
  ].join('\n'));
  assert.deepEqual(found.map((s) => [s.model, s.modelResolved]), [
    [null, 'gpt-4o'],
    [null, 'o3-mini'],
    [null, 'gpt-4.1'],
    [null, 'gpt-4o-mini'],
    [null, null],
    // A condition between two ids: both are reported.
    [null, ['gpt-4o', 'gpt-4o-mini']],
    [null, 'gpt-4.1-nano'],
  ]);
  assert.deepEqual(found[3].params, { temperature: 0 });
  assert.deepEqual(found[0].modelSpan, { start: { line: 3, column: 24 }, end: { line: 3, column: 32 } });
});

test('prompt holes: f-strings, .format, % and + become {{holes}} in order; constants are inlined', async () => {
  const [s] = await sites([
    'from openai import OpenAI',
    'SYSTEM = "You are terse."',
    'TEMPLATE = "Q: {question}\\nContext: {ctx}"',
    'client = OpenAI()',
    'def ask(question, ctx, user):',
    '    client.chat.completions.create(model="gpt-4o", messages=[',
    '        {"role": "system", "content": SYSTEM + " Name: %s" % user.name},',
    '        {"role": "user", "content": TEMPLATE.format(question=question, ctx=ctx)},',
    '        {"role": "user", "content": f"again {question}!"},',
    '    ])',
  ].join('\n'));
  assert.deepEqual(s.prompt, {
    messages: [
      { role: 'system', content: 'You are terse. Name: {{user_name}}' },
      { role: 'user', content: 'Q: {{question}}\nContext: {{ctx}}' },
      { role: 'user', content: 'again {{question}}!' },
    ],
    holes: ['user_name', 'question', 'ctx'],
  });
});

test('anthropic system and responses instructions/input become messages', async () => {
  const found = await sites([
    'import anthropic, openai',
    'a = anthropic.Anthropic()',
    'o = openai.OpenAI()',
    'def f(doc):',
    '    a.messages.create(model="claude-sonnet-4-0", max_tokens=9, system="Be brief.", messages=[{"role": "user", "content": doc}])',
    '    o.responses.create(model="gpt-4.1", instructions="Be kind.", input=f"Summarise {doc}")',
  ].join('\n'));
  assert.deepEqual(found[0].prompt?.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: '{{doc}}' }]);
  assert.deepEqual(found[1].prompt?.messages, [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'Summarise {{doc}}' }]);
  assert.equal(found[1].api, 'openai.responses');
});

test('pydantic response_format becomes JSON Schema; json_object and unknown models are flagged', async () => {
  const found = await sites([
    'from typing import Literal, Optional',
    'from openai import OpenAI',
    'from pydantic import BaseModel, Field',
    'from .models import External',
    'class Tag(BaseModel):',
    '    name: str',
    'class Out(BaseModel):',
    '    kind: Literal["a", "b"]',
    '    score: float = Field(description="0..1")',
    '    tags: list[Tag]',
    '    note: Optional[str] = None',
    'c = OpenAI()',
    'c.beta.chat.completions.parse(model="gpt-4o", messages=[], response_format=Out)',
    'c.chat.completions.create(model="gpt-4o", messages=[], response_format={"type": "json_object"})',
    'c.chat.completions.parse(model="gpt-4o", messages=[], response_format=External)',
    'c.chat.completions.create(model="gpt-4o", messages=[])',
  ].join('\n'));
  assert.deepEqual(found[0].schema, {
    title: 'Out', type: 'object', additionalProperties: false, required: ['kind', 'score', 'tags'],
    properties: {
      kind: { type: 'string', enum: ['a', 'b'] },
      score: { type: 'number', description: '0..1' },
      tags: { type: 'array', items: { title: 'Tag', type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } },
      note: { type: ['string', 'null'] },
    },
  });
  assert.deepEqual([found[1].hasSchema, found[1].schema], [true, { type: 'object' }]);
  assert.deepEqual([found[2].hasSchema, found[2].schema], [true, null]);
  assert.deepEqual([found[3].hasSchema, found[3].schema], [false, null]);
});

test('langchain constructors and init_chat_model forms', async () => {
  const found = await sites([
    'from langchain_openai import ChatOpenAI, AzureChatOpenAI',
    'from langchain.chat_models import init_chat_model',
    'a = ChatOpenAI(model="gpt-4o", temperature=0)',
    'b = AzureChatOpenAI(azure_deployment="dep-1")',
    'c = init_chat_model("openai:gpt-4o-mini")',
    'd = init_chat_model("claude-3-5-haiku-latest", model_provider="anthropic")',
  ].join('\n'));
  assert.deepEqual(found.map((s) => [s.api, s.model]), [
    ['langchain', 'gpt-4o'], ['langchain', 'dep-1'], ['langchain', 'gpt-4o-mini'], ['langchain', 'claude-3-5-haiku-latest'],
  ]);
  assert.deepEqual(found[0].params, { temperature: 0 });
});

test('not call sites: mocks, asserts, other endpoints, definitions, strings and comments', async () => {
  const found = await sites([
    'from unittest.mock import MagicMock',
    'from openai import OpenAI',
    'client = OpenAI()',
    'm = MagicMock()',
    'm.chat.completions.create(model="gpt-4o", messages=[])',
    'client.chat.completions.create.assert_called_once_with(model="gpt-4o")',
    'client.embeddings.create(model="text-embedding-3-small", input="x")',
    'client.images.generate(model="dall-e-3", prompt="x")',
    'client.audio.transcriptions.create(model="whisper-1", file=f)',
    'client.moderations.create(input="x")',
    'client.fine_tuning.jobs.create(model="gpt-4o-mini", training_file="f")',
    'client.responses.retrieve("resp_1")',
    'client.beta.threads.messages.create(thread_id="t", role="user", content="x")',
    'class Completions:',
    '    def create(self, model, messages): ...',
    '# client.chat.completions.create(model="gpt-4o")',
    's = "client.chat.completions.create(model=\'gpt-4o\')"',
    'def doc():',
    '    """client.chat.completions.create(model="gpt-4o")"""',
  ].join('\n'));
  assert.deepEqual(found, []);
});

test('azure: AzureOpenAI, an OpenAI client on an Azure base_url, and pre-1.0 api_type', async () => {
  const found = await sites([
    'import openai',
    'from openai import AzureOpenAI, OpenAI',
    'openai.api_type = "azure"',
    'a = AzureOpenAI(api_version="2024-10-21")',
    'b = OpenAI(base_url="https://x.openai.azure.com/openai/v1/")',
    'a.chat.completions.create(model="dep", messages=[])',
    'b.responses.create(model="gpt-4.1", input="hi")',
    'openai.ChatCompletion.create(engine="dep2", messages=[])',
  ].join('\n'));
  assert.deepEqual(found.map((s) => [s.api, s.model]), [['azure-openai', 'dep'], ['azure-openai', 'gpt-4.1'], ['azure-openai', 'dep2']]);
});

test('stable IDs survive lines added above and tell identical calls apart', async () => {
  const engine = new ScanEngine(nodeGrammarLoader());
  const body = ['from openai import OpenAI', 'client = OpenAI()', 'client.chat.completions.create(model="gpt-4o", messages=[])', 'client.chat.completions.create(model="gpt-4o", messages=[])'];
  const before = await engine.scanFile({ path: 'svc/app.py', content: body.join('\n') });
  const after = await engine.scanFile({ path: 'svc/app.py', content: ['import os', '', '# setup', ...body].join('\n') });
  assert.equal(before.callSites.length, 2);
  assert.deepEqual(after.callSites.map((s) => s.id), before.callSites.map((s) => s.id));
  assert.notEqual(before.callSites[0].id, before.callSites[1].id);
  assert.deepEqual(after.callSites.map((s) => s.line), [6, 7]);
});

test('syntax errors are data: the first error line is named and recovered sites are returned', async () => {
  const result = (await pythonScanner()).scan('broken.py', [
    'from openai import OpenAI',
    'client = OpenAI()',
    'client.chat.completions.create(model="gpt-4o", messages=[])',
    'def broken(x:',
    '    return x',
    'client.chat.completions.create(model="gpt-4o-mini", messages=[])',
  ].join('\n'));
  assert.equal(result.error?.line, 4);
  assert.equal(result.error?.path, 'broken.py');
  assert.ok(result.callSites.some((s) => s.model === 'gpt-4o'));
});
