// Other vendors' SDKs and LangChain's completion-model classes in the TypeScript scanner (issue 13's
// real-code gaps). The corpus (test/fixtures/scan/ts/vendors, app/lib/.server) scores them; these pin
// the prompt, schema and the names they share with other libraries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths';
import { scanText } from './tsSupport';

const fixture = (path: string) => scanText(path, readFileSync(join(FIXTURES, 'scan', 'ts', path), 'utf8')).sites;

test('vendors: prompts, JSON mode and params are read as for the other families', () => {
  const found = fixture('vendors/compare.ts');
  const at = (line: number) => found.find((s) => s.line === line);
  assert.deepEqual(at(15)?.prompt?.holes, ['report']);
  assert.equal(at(23)?.hasSchema, true);
  assert.deepEqual(at(35)?.prompt?.messages, [{ role: 'user', content: 'Summarise: {{report}}' }], 'a Gemini model takes the prompt itself');
  assert.equal(at(35)?.modelSpan?.start.line, 34, 'the model is where the GenerativeModel was made');
  assert.deepEqual(at(40)?.prompt?.messages, [{ role: 'user', content: 'Summarise: {{report}}' }]);
  assert.deepEqual(at(52)?.prompt?.messages, [{ role: 'user', content: 'Summarise: {{report}}' }]);
  assert.deepEqual(at(52)?.params, { inferenceConfig: { maxTokens: 512 } });
});

test('LangChain OpenAI/AzureOpenAI are call sites only when imported from LangChain', () => {
  const src = (from: string) => `import { OpenAI } from '${from}';\nexport const llm = new OpenAI({ model: 'gpt-3.5-turbo-instruct' });\n`;
  assert.deepEqual(scanText('a.ts', src('@langchain/openai')).sites.map((s) => [s.line, s.api, s.model]), [[2, 'langchain', 'gpt-3.5-turbo-instruct']]);
  assert.deepEqual(scanText('a.ts', src('openai')).sites, []);
  assert.deepEqual(scanText('a.ts', 'export const llm = new OpenAI({ model: "x" });\n').sites, [], 'an unresolved OpenAI is not LangChain');
});

test('names vendors share with other libraries are not call sites', () => {
  assert.deepEqual(fixture('vendors/lookalikes.ts'), []);
  const noImport = 'export const f = (ai: any) => ai.models.generateContent({ model: "gemini-2.0-flash", contents: "x" });\n';
  assert.deepEqual(scanText('a.ts', noImport).sites, [], 'a file that does not use the SDK');
});
