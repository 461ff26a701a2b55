// The prefilter's second stage (files.ts mightHoldScriptCall): a TypeScript/JavaScript file that
// names an SDK is parsed only if the TypeScript scanner could report a call site in it. It must
// never hold back a file the scanner would report from: checked on every corpus file, and on each
// way of writing a call that reaches the classifier (aliases, imports under other names, escapes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { languageOf, mightContainCallSite, mightHoldScriptCall } from '../../../src/core/scan/files';
import { scanTypeScriptSource, type ScriptLanguage } from '../../../src/core/scan/ts/scanTs';
import { generateTree } from '../../../bench/generateTree';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { walkPaths } from '../../../src/node/walk';
import { FIXTURES, REPO_ROOT } from '../support/paths';
import { listFiles } from './tsSupport';

const SCRIPT = new Set(['ts', 'tsx', 'js', 'jsx']);

function held(path: string, text: string): boolean {
  const language = languageOf(path);
  return !!language && SCRIPT.has(language) && mightContainCallSite(text) && !mightHoldScriptCall(language, text);
}

test('no file of the corpora, the sample workspace or a bench tree that the second stage holds back has a call site or an error', () => {
  const benchTree = mkdtempSync(join(tmpdir(), 'ps-stage2-'));
  generateTree(benchTree, 600, 2_600_000);
  let heldBack = 0, checked = 0;
  for (const root of [FIXTURES, join(REPO_ROOT, 'examples', 'sample-workspace'), benchTree]) {
    const files = root === benchTree ? [...walkPaths(root)].map((p) => join(root, p)) : listFiles(root);
    for (const file of files) {
      const language = languageOf(file);
      if (!language || !SCRIPT.has(language)) continue;
      const text = readFileSync(file, 'utf8');
      checked++;
      if (!held(file, text)) continue;
      heldBack++;
      const scan = scanTypeScriptSource(relative(root, file), text, language as ScriptLanguage);
      assert.deepEqual(scan, { callSites: [], error: null }, `${file} was held back but scans to something`);
    }
  }
  assert.ok(checked > 300 && heldBack > 0, `${checked} files checked, ${heldBack} held back`);
});

/** Each is a call site the scanner reports; the second stage must let its file through. */
const REACHABLE: [string, string][] = [
  ['chat', "import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.completions.create({ model: 'gpt-4o', messages: [] });\n"],
  ['responses.parse', "import OpenAI from 'openai';\nconst c = new OpenAI();\nc.responses.parse({ model: 'gpt-4o', input: 'x' });\n"],
  ['messages.stream', "import Anthropic from '@anthropic-ai/sdk';\nconst a = new Anthropic();\na.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 9, messages: [] });\n"],
  ['beta toolRunner', "import Anthropic from '@anthropic-ai/sdk';\nconst a = new Anthropic();\na.beta.messages.toolRunner({ model: 'claude-sonnet-4-5', max_tokens: 9, messages: [] });\n"],
  ['element access', "import OpenAI from 'openai';\nconst c = new OpenAI();\nc['chat'][\"completions\"][`create`]({ model: 'gpt-4o', messages: [] });\n"],
  ['destructured method', "import OpenAI from 'openai';\nimport { generateText } from 'ai';\nconst c = new OpenAI();\nconst { create } = c.chat.completions;\ncreate({ model: 'gpt-4o', messages: [] });\n"],
  ['renamed destructuring', "import OpenAI from 'openai';\nconst c = new OpenAI();\nconst { completions: done } = c.chat;\ndone.create({ model: 'gpt-4o', messages: [] });\n"],
  ['vercel under another name', "import { generateText as gen } from 'ai';\nimport { openai } from '@ai-sdk/openai';\ngen({ model: openai('gpt-4o'), prompt: 'hi' });\n"],
  ['vercel namespace', "import * as ai from 'ai';\nimport { openai } from '@ai-sdk/openai';\nai.streamObject({ model: openai('gpt-4o'), prompt: 'hi', schema });\n"],
  ['langchain class under another name', "import { ChatOpenAI as Model } from '@langchain/openai';\nnew Model({ model: 'gpt-4o' });\n"],
  ['azure langchain', "import { AzureChatOpenAI } from '@langchain/openai';\nnew AzureChatOpenAI({ azureOpenAIApiDeploymentName: 'gpt-4o' });\n"],
  ['initChatModel', "import { initChatModel } from 'langchain/chat_models/universal';\ninitChatModel('gpt-4o', { temperature: 0 });\n"],
  ['azure sdk', "import { OpenAIClient } from '@azure/openai';\nconst c = new OpenAIClient(endpoint, cred);\nc.getChatCompletions('gpt-4o', [{ role: 'user', content: 'x' }]);\n"],
  ['openai v3', "import { OpenAIApi } from 'openai';\nconst c = new OpenAIApi(conf);\nc.createChatCompletion({ model: 'gpt-3.5-turbo', messages: [] });\n"],
  ['method on an alias of the path', "import OpenAI from 'openai';\nconst client = new OpenAI();\nconst completions = client.chat.completions;\nconst c = completions;\nexport const r = client.chat\n  .completions // the SDK's\n  .create({ model: 'gpt-4o', messages: [] });\n"],
  ['method on a typed alias', "import OpenAI from 'openai';\nconst client = new OpenAI();\nconst done: { create(x: unknown): void; } = client.chat.completions;\ndone.create({ model: 'gpt-4o', messages: [] });\n"],
  ['alias over lines, a semicolon in a comment', "import OpenAI from 'openai';\nconst client = new OpenAI();\nconst c = client.chat // note; more\n  .completions\nc.create({ model: 'gpt-4o', messages: [] })\n"],
  ['renamed destructuring with a comment', "import Anthropic from '@anthropic-ai/sdk';\nconst a = new Anthropic();\nconst { messages /* the API */ : $m } = a;\n$m.create({ model: 'claude-sonnet-4-5', max_tokens: 9, messages: [] });\n"],
  ['cast receiver', "import OpenAI from 'openai';\nconst c = new OpenAI();\n(c.chat.completions as any).create({ model: 'gpt-4o', messages: [] });\n"],
  ['comment between the dot and the method', "import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.completions./* v4 */create({ model: 'gpt-4o', messages: [] });\n"],
  ['ai imported by URL', "import { generateText } from 'https://esm.sh/ai@4.1.0';\nimport { openai } from '@ai-sdk/openai';\ngenerateText({ model: openai('gpt-4o'), prompt: 'hi' });\n"],
  ['ai required', "const { generateText: g } = require('ai');\nconst { openai } = require('@ai-sdk/openai');\ng({ model: openai('gpt-4o'), prompt: 'hi' });\n"],
  ['ai re-exported by a module of the app', "import { generateText } from '@/lib/ai';\nimport { openai } from '@ai-sdk/openai';\ngenerateText({ model: openai('gpt-4o'), prompt: 'hi' });\n"],
  ['ai re-exported, told by a sibling name', "import { generateText, type LanguageModel } from '@acme/core/llm';\nimport { openai } from '@ai-sdk/openai';\nconst m: LanguageModel = openai('gpt-4o');\ngenerateText({ model: m, system: 'be brief', prompt: 'hi' });\n"],
  ['unicode escape in a name', "import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.\\u0063ompletions.\\u{63}reate({ model: 'gpt-4o', messages: [] });\n"],
  ['hex escape in a key', "import OpenAI from 'openai';\nconst c = new OpenAI();\nc['chat']['\\x63ompletions']['cr\\x65ate']({ model: 'gpt-4o', messages: [] });\n"],
  ['identity escape in a key', "import OpenAI from 'openai';\nconst c = new OpenAI();\nc['chat']['\\completions']['\\create']({ model: 'gpt-4o', messages: [] });\n"],
  ['identity escape inside a key', "import OpenAI from 'openai';\nconst c = new OpenAI();\nc['chat']['completions']['cr\\eate']({ model: 'gpt-4o', messages: [] });\n"],
  ['escaped module name', "import { generateText } from '\\ai';\nimport { openai } from '@ai-sdk/openai';\ngenerateText({ model: openai('gpt-4o'), prompt: 'hi' });\n"],
  ['langchain completion-model class', "import { OpenAI } from '@langchain/openai';\nnew OpenAI({ model: 'gpt-3.5-turbo-instruct' });\n"],
  ['gemini generateContent', "import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\nai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });\n"],
  ['gemini chat turn', "import { GoogleGenerativeAI } from '@google/generative-ai';\nconst m = new GoogleGenerativeAI(key).getGenerativeModel({ model: 'gemini-1.5-pro' });\nconst chat = m.startChat({ history: [] });\nchat.sendMessage('hi');\n"],
  ['mistral chat', "import { Mistral } from '@mistralai/mistralai';\nconst c = new Mistral({ apiKey });\nc.chat.complete({ model: 'mistral-large-latest', messages: [] });\n"],
  ['bedrock command', "import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';\nconst c = new BedrockRuntimeClient({});\nc.send(new ConverseCommand({ modelId: 'anthropic.claude-3-haiku', messages: [] }));\n"],
  ['path call in an AI SDK file', "import { embed } from 'ai';\nimport OpenAI from 'openai';\nconst c = new OpenAI();\nconst done = c.chat.completions;\ndone.create({ model: 'gpt-4o', messages: [] });\n"],
  ['beta after the path key', "import Anthropic from '@anthropic-ai/sdk';\nconst a = new Anthropic();\na.messages.beta.create({ model: 'claude-sonnet-4-5', max_tokens: 9, messages: [] });\n"],
  ['vercel call after a comment naming it', "import { streamText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\n// `streamText` streams\n/**\n * streamText again\n */\nstreamText({ model: openai('gpt-4o'), prompt: 'hi' });\n"],
  ['vercel call inside a template on a comment-like line', "import * as ai from 'ai';\nimport { openai } from '@ai-sdk/openai';\nconst s = `\n// ${ai.generateText({ model: openai('gpt-4o'), prompt: 'hi' })}`;\n"],
  ['vercel call after a template ends on a comment-like line', "import * as ai from 'ai';\nimport { openai } from '@ai-sdk/openai';\nconst s = `\n// x`; ai.generateText({ model: openai('gpt-4o'), prompt: 'hi' });\n"],
  ['line continuation in a key', "import OpenAI from 'openai';\nconst c = new OpenAI();\nc['chat']['compl\\\netions']['create']({ model: 'gpt-4o', messages: [] });\n"],
];

for (const [name, text] of REACHABLE) {
  test(`the second stage lets through a call written as: ${name}`, () => {
    const scan = scanTypeScriptSource('a.ts', text, 'ts');
    assert.equal(scan.callSites.length, 1, `the scanner reports it (${JSON.stringify(scan.error)})`);
    assert.equal(mightContainCallSite(text) && mightHoldScriptCall('ts', text), true);
  });
}

test('the second stage holds back SDK code that names a provider and calls no model', () => {
  const provider = `import { OpenAIChatLanguageModel } from '@ai-sdk/openai';
import type { LanguageModelV3 } from '@ai-sdk/provider';
/** Creates an OpenAI provider: see https://platform.openai.com/docs/api-reference/chat */
export function createOpenAI(options: { apiKey?: string } = {}): LanguageModelV3 {
  const body = String(options.apiKey ?? '');
  return new OpenAIChatLanguageModel('gpt-4o', { provider: 'openai.chat', url: ({ path }) => \`https://api.openai.com/v1\${path}\`, body });
}
export const messagesUrl = '/v1/messages';
`;
  assert.equal(mightContainCallSite(provider), true, 'the first stage passes it: it names openai');
  assert.equal(mightHoldScriptCall('ts', provider), false);
  assert.deepEqual(scanTypeScriptSource('p.ts', provider, 'ts').callSites, []);
  // A regular expression's escapes are not a string's: still held back.
  assert.equal(mightHoldScriptCall('ts', `${provider}\nconst re = /\\s+\\d/;\nconst q = "a\\\\s";\n`), false);
  // Its tests: the SDK's functions called from its own modules, and path words everywhere but no path call.
  const ownTest = `import { streamText } from './stream-text';
import { MockLanguageModelV3 } from '../test/mock-language-model-v3';
const messages = [{ role: 'user', content: 'hi' }];
it('streams', async () => {
  const result = streamText({ model: new MockLanguageModelV3(), messages });
  const parsed = JSON.parse(await result.text);
  expect(result.stream).toBeDefined();
  expect(parsed).toEqual({ messages, responses: [] });
});
`;
  assert.equal(mightContainCallSite(ownTest) && mightHoldScriptCall('ts', ownTest), false);
  assert.deepEqual(scanTypeScriptSource('t.ts', ownTest, 'ts').callSites, []);
  // The SDK's own modules: its names in comments only, `messages` and `stream` everywhere, OpenAI in prose.
  const ownModule = `import { type ModelMessage, type StreamTextResult } from 'ai';
/**
 * Runs one turn the way \`streamText\` does (OpenAI-compatible).
 */
export async function runTurn(messages: ModelMessage[], stream: ReadableStream): Promise<StreamTextResult> {
  // matches streamText's abort contract
  return stream.pipeThrough(new TransformStream()).getReader().read().then(() => ({ messages }));
}
`;
  assert.equal(mightContainCallSite(ownModule) && mightHoldScriptCall('ts', ownModule), false);
  assert.deepEqual(scanTypeScriptSource('m.ts', ownModule, 'ts'), { callSites: [], error: null });
  // LangChain named in a module, its classes only in comments and JSDoc examples.
  const adapter = `import type { BaseMessage } from '@langchain/core/messages';
/**
 * @example
 * const model = new ChatOpenAI({ model: 'gpt-4o-mini' });
 */
export function toMessages(messages: BaseMessage[]): string[] {
  // OpenAI format tool calls arrive in additional_kwargs
  return messages.map((m) => String(m.content));
}
`;
  assert.equal(mightContainCallSite(adapter) && mightHoldScriptCall('ts', adapter), false);
  assert.equal(mightHoldScriptCall('ts', adapter.replace('// OpenAI', 'new ChatOpenAI(); //')), true);
  // Other languages are the first stage's alone.
  assert.equal(mightHoldScriptCall('py', 'import openai\n'), true);
});
