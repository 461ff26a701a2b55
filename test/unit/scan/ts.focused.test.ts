// Focused behaviour of the TypeScript/JavaScript scanner: aliasing, the line rule, holes, schemas,
// stable IDs, syntax errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallSite } from '../../../src/core/callsite';
import { scanText } from './tsSupport';

const sites = (text: string, path = 'src/a.ts'): CallSite[] => scanText(path, text).sites;
const one = (text: string, path?: string): CallSite => {
  const found = sites(text, path);
  assert.equal(found.length, 1, `expected one call site, got ${JSON.stringify(found.map((s) => [s.line, s.api]))}`);
  return found[0];
};

test('aliases: renamed imports, namespaces, require, npm: specifiers', () => {
  const cases: [string, string][] = [
    [`import { OpenAI as Client } from 'openai';\nconst c = new Client();\nc.chat.completions.create({ model: 'gpt-4o', messages: [] });`, 'openai.chat'],
    [`import * as oai from 'openai';\nconst c = new oai.OpenAI();\nc.responses.create({ model: 'gpt-4o', input: 'x' });`, 'openai.responses'],
    [`const OpenAI = require('openai');\nconst c = new OpenAI();\nc.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'x' });`, 'openai.legacy'],
    [`import OpenAI from 'npm:openai@4';\nconst c = new OpenAI({ baseURL: process.env.AZURE_OPENAI_ENDPOINT });\nc.chat.completions.create({ model: 'gpt-4o', messages: [] });`, 'azure-openai'],
    [`const { default: Anthropic } = await import('@anthropic-ai/sdk');\nconst a = new Anthropic();\na.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 5, messages: [] });`, 'anthropic.messages'],
    [`import { generateText as gen } from 'ai';\nimport { openai } from '@ai-sdk/openai';\ngen({ model: openai('gpt-4o'), prompt: 'x' });`, 'vercel-ai'],
    [`import { ChatOpenAI as LC } from '@langchain/openai';\nconst m = new LC({ model: 'gpt-4o' });`, 'langchain'],
  ];
  for (const [src, api] of cases) {
    const s = one(src);
    assert.equal(s.api, api, src);
    assert.equal(s.line, 3 - (api === 'langchain' ? 1 : 0), src);
  }
});

test('clients reached through fields, parameters, destructuring and aliases', () => {
  const src = [
    `import OpenAI, { AzureOpenAI } from 'openai';`,
    `class Svc {`,
    `  constructor(private readonly ai: AzureOpenAI) {}`,
    `  run() { return this.ai.chat.completions.create({ model: 'dep', messages: [] }); }`,
    `}`,
    `export function f(client: OpenAI) {`,
    `  const { chat } = client;`,
    `  const completions = client.chat.completions;`,
    `  chat.completions.create({ model: 'a', messages: [] });`,
    `  return completions.create({ model: 'b', messages: [] });`,
    `}`,
  ].join('\n');
  const found = sites(src);
  assert.deepEqual(found.map((s) => [s.line, s.api, s.model]), [[4, 'azure-openai', 'dep'], [9, 'openai.chat', 'a'], [10, 'openai.chat', 'b']]);
});

test('line rule: first token of the receiver chain; endLine is the last line of the call', () => {
  const src = `import OpenAI from 'openai';\nconst client = new OpenAI();\nasync function f() {\n  const r = await client.chat\n    .completions.create({\n      model: 'gpt-4o',\n      messages: [],\n    })\n    .withResponse();\n}`;
  const s = one(src);
  assert.deepEqual([s.line, s.column, s.endLine], [4, 19, 8]);
  assert.deepEqual(s.modelSpan, { start: { line: 6, column: 14 }, end: { line: 6, column: 22 } });
  const lc = one(`import { ChatAnthropic } from '@langchain/anthropic';\nexport const m =\n  new ChatAnthropic({ model: 'claude-3-haiku-20240307' });`);
  assert.deepEqual([lc.line, lc.column], [3, 3]);
});

test('model: literal at the call vs resolved constants, defaults, env fallbacks; a condition gives both ids', () => {
  const src = [
    `import OpenAI from 'openai';`,
    `const c = new OpenAI();`,
    `const M = process.env.MODEL ?? 'gpt-4o';`,
    `export async function f(x: boolean, model = 'gpt-4.1') {`,
    `  await c.chat.completions.create({ model: M, messages: [] });`,
    `  await c.chat.completions.create({ model, messages: [] });`,
    `  await c.chat.completions.create({ model: x ? 'a' : 'b', messages: [] });`,
    `  await c.chat.completions.create({ model: process.env.OTHER_MODEL || 'o3-mini', messages: [] });`,
    `  await c.chat.completions.create({ model: 'gpt-4o-mini' as const, messages: [] });`,
    `}`,
  ].join('\n');
  const got = sites(src).map((s) => [s.model, s.modelResolved, s.modelExpr]);
  assert.deepEqual(got, [
    [null, 'gpt-4o', 'M'],
    [null, 'gpt-4.1', 'model'],
    [null, ['a', 'b'], `x ? 'a' : 'b'`],
    [null, 'o3-mini', `process.env.OTHER_MODEL || 'o3-mini'`],
    ['gpt-4o-mini', null, `'gpt-4o-mini' as const`],
  ]);
  const s = sites(src)[0];
  assert.deepEqual(s.modelSpan, { start: { line: 3, column: 32 }, end: { line: 3, column: 40 } });
});

test('holes: template literals, concatenation, constants inlined, same short name kept apart', () => {
  const src = [
    `import OpenAI from 'openai';`,
    `const c = new OpenAI();`,
    `const SYSTEM = 'Be brief.';`,
    `const RULES = ['One.', 'Two.'].join('\\n');`,
    `export async function f(doc: string, a: { name: string }, b: { name: string }, lang = 'en') {`,
    `  await c.chat.completions.create({ model: 'gpt-4o', messages: [`,
    `    { role: 'system', content: SYSTEM + '\\n' + RULES },`,
    "    { role: 'user', content: `Summarize ${doc} in ${lang} for ${a.name} and ${b.name} (${JSON.stringify(doc)})` },",
    `    { role: 'user', content: 'Q: ' + doc.trim() },`,
    `  ] });`,
    `}`,
  ].join('\n');
  const s = one(src);
  assert.deepEqual(s.prompt, {
    messages: [
      { role: 'system', content: 'Be brief.\nOne.\nTwo.' },
      { role: 'user', content: 'Summarize {{doc}} in {{lang}} for {{a_name}} and {{b_name}} ({{doc}})' },
      { role: 'user', content: 'Q: {{doc}}' },
    ],
    holes: ['doc', 'lang', 'a_name', 'b_name'],
  });
});

test('schemas: json_schema literal, json_object, zod via zodResponseFormat, Output.object, Anthropic output_config', () => {
  const src = [
    `import OpenAI from 'openai';`,
    `import Anthropic from '@anthropic-ai/sdk';`,
    `import { z } from 'zod';`,
    `import { zodResponseFormat } from 'openai/helpers/zod';`,
    `import { generateText, Output } from 'ai';`,
    `const c = new OpenAI(); const a = new Anthropic();`,
    `const Item = z.object({ name: z.string().describe('n'), qty: z.number().int().optional(), kind: z.enum(['a', 'b']).nullable(), tag: z.literal('x') });`,
    `c.chat.completions.create({ model: 'm', messages: [], response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'object', properties: {} } } } });`,
    `c.chat.completions.create({ model: 'm', messages: [], response_format: { type: 'json_object' } });`,
    `c.chat.completions.parse({ model: 'm', messages: [], response_format: zodResponseFormat(Item, 'item') });`,
    `generateText({ model: 'openai/gpt-4o', prompt: 'p', output: Output.object({ schema: z.object({ ok: z.boolean() }) }) });`,
    `a.messages.create({ model: 'claude', max_tokens: 1, messages: [], output_config: { format: { type: 'json_schema', schema: external } } });`,
    `c.chat.completions.create({ model: 'm', messages: [] });`,
  ].join('\n');
  const got = sites(src).map((s) => [s.hasSchema, s.schema]);
  assert.deepEqual(got, [
    [true, { type: 'object', properties: {} }],
    [true, { type: 'object' }],
    [true, {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'n' },
        qty: { type: 'integer' },
        kind: { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] },
        tag: { type: 'string', const: 'x' },
      },
      required: ['name', 'kind', 'tag'],
      additionalProperties: false,
    }],
    [true, { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false }],
    [true, null],
    [false, null],
  ]);
});

test('params: other literal request parameters only, no secrets or prompt fields', () => {
  const s = one(`import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.completions.create({ model: 'm', messages: [], temperature: 0, max_tokens: 10, top_p: 1, stop: ['\\n'], user: userId, stream: true });`);
  assert.deepEqual(s.params, { temperature: 0, max_tokens: 10, top_p: 1, stop: ['\n'], stream: true });
});

test('stable IDs survive line shifts and edits elsewhere, and tell identical calls apart', () => {
  const call = `client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] })`;
  const before = `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport const a = () => ${call};\nexport const b = () => ${call};`;
  const after = `// a new header comment\nimport OpenAI from 'openai';\n\nconst client = new OpenAI({ maxRetries: 2 });\n\nexport const a = () =>\n  ${call.replace('({ ', '({\n    ')};\nexport const b = () => ${call};`;
  const x = sites(before).map((s) => s.id);
  const y = sites(after).map((s) => s.id);
  assert.equal(x.length, 2);
  assert.notEqual(x[0], x[1]);
  assert.deepEqual(y, x);
});

test('syntax errors are reported with a line, and what parsed is still returned', () => {
  const src = `import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.completions.create({ model: 'gpt-4o', messages: [] });\nfunction broken( {\n`;
  const { sites: found, error } = scanText('src/broken.ts', src);
  assert.equal(found.length, 1);
  assert.ok(error, 'expected an error');
  assert.equal(error.path, 'src/broken.ts');
  assert.equal(typeof error.line, 'number');
  assert.match(error.message, /syntax error/);
});

test('look-alikes are not call sites', () => {
  const src = [
    `import OpenAI from 'openai';`,
    `import twilio from 'twilio';`,
    `const c = new OpenAI(); const sms = twilio(sid, token);`,
    `// c.chat.completions.create({ model: 'gpt-4' })`,
    `const s = "c.chat.completions.create({ model: 'gpt-4' })";`,
    `c.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });`,
    `c.responses.retrieve('resp_1');`,
    `c.responses.stream({ response_id: 'resp_1' });`,
    `sms.messages.create({ body: 'hi', to: '+1', from: '+2' });`,
    `db.responses.create({ data: { answer: 1 } });`,
    `c.beta.threads.messages.create('t', { role: 'user', content: 'x' });`,
    `expect(c.chat.completions.create).toHaveBeenCalledWith({ model: 'gpt-4o' });`,
    `vi.mocked(c.chat.completions.create).mockResolvedValue({});`,
    `const mockClient = { chat: { completions: { create: vi.fn() } } };`,
    `mockClient.chat.completions.create({ model: 'gpt-4o', messages: [] });`,
  ].join('\n');
  assert.deepEqual(sites(src).map((s) => s.line), []);
});
