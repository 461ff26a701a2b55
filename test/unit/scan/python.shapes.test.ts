// Shapes of real application code the Python scanner once got wrong (issue 13's real-code gaps):
// structured output through variables, parameters and kwargs dicts; test doubles; vendors' own SDKs.
// The corpus (test/fixtures/scan/py) scores them; these pin the rules the corpus does not score.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths';
import { sites } from './pythonSupport';
import type { JsonSchema } from '../../../src/core/callsite';

const corpus = (path: string) => readFileSync(join(FIXTURES, 'scan', 'py', path), 'utf8');
const requiredOf = (schema: JsonSchema | null | undefined) => (schema && typeof schema === 'object' ? schema.required : undefined);

test('has_schema: a pydantic class through a variable, a parameter (even one defaulting to None) or a kwargs dict', async () => {
  const found = await sites(corpus('app/structured_helpers.py'), 'app/structured_helpers.py');
  assert.deepEqual(found.map((s) => [s.line, s.hasSchema]), [[18, true], [27, true], [37, true], [47, true], [54, true], [59, false]]);
  const judge = found.find((s) => s.line === 37);
  assert.deepEqual(requiredOf(judge?.schema), ['ok', 'reason'], 'a same-file class through a variable keeps its schema');
});

test('instructor: patch(OpenAI()) is a real client, and response_model is its schema', async () => {
  const found = await sites(corpus('app/instructor_patch.py'), 'app/instructor_patch.py');
  assert.deepEqual(found.map((s) => [s.line, s.api, s.hasSchema]), [[17, 'openai.chat', true], [25, 'openai.chat', true], [34, 'openai.chat', true]]);
});

test('Gemini: response_schema in the config is the schema; JSON mode alone is JSON mode', async () => {
  const found = await sites([
    'from google import genai',
    'from google.genai import types',
    'from pydantic import BaseModel',
    'class Recipe(BaseModel):',
    '    name: str',
    'client = genai.Client()',
    'a = client.models.generate_content(model="gemini-2.5-flash", contents="x",',
    '    config=types.GenerateContentConfig(response_mime_type="application/json", response_schema=Recipe))',
    'b = client.models.generate_content(model="gemini-2.5-flash", contents="x", config={"response_mime_type": "application/json"})',
    'c = client.models.generate_content(model="gemini-2.5-flash", contents="Say hi")',
  ].join('\n'));
  assert.deepEqual(found.map((s) => [s.line, s.api, s.hasSchema]), [[7, 'other', true], [9, 'other', true], [10, 'other', false]]);
  assert.deepEqual(requiredOf(found[0].schema), ['name']);
  assert.deepEqual(found[2].prompt?.messages, [{ role: 'user', content: 'Say hi' }]);
});

test('a method replaced in app code by a tracing wrapper still makes the request; in a test module it is a double', async () => {
  const app = [
    'from openai import OpenAI',
    'client = OpenAI()',
    'def traced(**kw):',
    '    return None',
    'client.chat.completions.create = traced',
    'client.chat.completions.create(model="gpt-4o", messages=[])',
  ].join('\n');
  assert.deepEqual((await sites(app, 'app/tracing.py')).map((s) => [s.line, s.model]), [[6, 'gpt-4o']]);
  assert.deepEqual(await sites(app, 'tests/test_tracing.py'), []);
  const mocked = app.replace('client.chat.completions.create = traced', 'client.chat.completions.create = MagicMock()');
  assert.deepEqual(await sites(mocked, 'app/tracing.py'), [], 'replaced by a mock: a double wherever it is');
});

test('test modules: an unrelated patch leaves live calls reported; a class defined in app code is not a double', async () => {
  const live = [
    'from unittest.mock import patch',
    'from openai import OpenAI',
    '@patch("app.db.save")',
    'def test_live(save):',
    '    OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])',
  ].join('\n');
  assert.deepEqual((await sites(live, 'tests/test_live.py')).map((s) => [s.line, s.model]), [[5, 'gpt-4o-mini']]);
  const wrapper = [
    'from anthropic import Anthropic',
    'class Claude:',
    '    def __init__(self):',
    '        self.messages = Anthropic().messages',
    'bot = Claude()',
    'bot.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=[])',
  ].join('\n');
  assert.deepEqual((await sites(wrapper, 'app/bot.py')).map((s) => [s.line, s.api]), [[6, 'anthropic.messages']]);
});

test('other vendors: their prompts are read like the others', async () => {
  const found = await sites(corpus('workers/other_vendors.py'), 'workers/other_vendors.py');
  const at = (line: number) => found.find((s) => s.line === line);
  assert.deepEqual(at(50)?.prompt?.holes, ['report']);
  assert.match(at(81)?.prompt?.messages[0].content ?? '', /^Summarise the incident report/);
  assert.deepEqual(at(81)?.params, { inferenceConfig: { maxTokens: 512, temperature: 0.2 } });
  assert.equal(at(42)?.modelSpan?.start.line, 41, 'the model span points at the GenerativeModel argument');
});
