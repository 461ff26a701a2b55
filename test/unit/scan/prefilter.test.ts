// The prefilter decides which files are parsed at all. Files that call a model through a client
// handed in untyped, with no SDK named anywhere, must still get through it; the look-alike messaging
// call beside them must still not be reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mightContainCallSite, ScanEngine } from '../../../src/core/scan/index';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { FIXTURES } from '../support/paths';

test('files that name no SDK but make a recognisable request are scanned', async () => {
  const engine = new ScanEngine(nodeGrammarLoader());
  for (const [path, lines] of [['py/workers/injected_clients.py', [11, 21]], ['ts/lib/injected-clients.ts', [12, 22]]] as const) {
    const content = readFileSync(join(FIXTURES, 'scan', path), 'utf8');
    assert.doesNotMatch(content, /openai|anthropic|langchain|@ai-sdk/i, `${path} names no SDK`);
    const scan = await engine.scanFile({ path, content });
    assert.deepEqual(scan.callSites.map((s) => [s.line, s.api, s.model]), [
      [lines[0], 'anthropic.messages', 'claude-sonnet-4-5'],
      [lines[1], 'openai.responses', 'gpt-4.1-mini'],
    ], path);
  }
});

test('the prefilter still passes over ordinary code', () => {
  assert.equal(mightContainCallSite('export const messages = [];\nresponse.json(messages);\n'), false);
  assert.equal(mightContainCallSite('await twilio.messages.create({ body, to });'), true, 'parsed, then found to be no call site');
  assert.equal(mightContainCallSite("const m = 'claude-haiku-4-5';"), true);
});

test('files that use only another vendor\'s SDK get through the prefilter', () => {
  for (const text of [
    'from google import genai\nclient = genai.Client()\n',
    'import google.generativeai as g\n',
    'from vertexai.generative_models import GenerativeModel\n',
    'from mistralai import Mistral\n',
    'import litellm\n',
    'client = boto3.client("bedrock-runtime")\n',
    'out = self.runtime.converse(modelId=model_id, messages=msgs)\n',
    "import { GoogleGenerativeAI } from '@google/generative-ai';\n",
    "const r = await ai.models.generateContent({ model, contents });\n",
  ]) assert.equal(mightContainCallSite(text), true, text);
});
