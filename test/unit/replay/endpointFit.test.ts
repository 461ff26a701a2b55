import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CATALOG, loadCatalog } from '../../../src/core/models/catalog';
import { endpointProblems, isOpenAiItself } from '../../../src/core/replay/endpointFit';
import { site } from './fakes';

const catalog = loadCatalog(BUILTIN_CATALOG);

test('OpenAI itself: no base URL, or api.openai.com', () => {
  assert.equal(isOpenAiItself({ kind: 'openai' }), true);
  assert.equal(isOpenAiItself({ kind: 'compatible', baseURL: 'https://api.openai.com/v1' }), true);
  assert.equal(isOpenAiItself({ kind: 'compatible', baseURL: 'http://127.0.0.1:4000/v1' }), false);
  assert.equal(isOpenAiItself({ kind: 'azure', baseURL: 'https://x.openai.azure.com' }), false);
});

test('an Anthropic call site sent to OpenAI is refused with a plain message naming the call site', () => {
  const s = { ...site(), api: 'anthropic.messages' as const, model: 'claude-3-5-sonnet-20240620' };
  const problems = endpointProblems([{ site: s, models: ['claude-sonnet-4-5'] }], { kind: 'openai' }, catalog);
  assert.equal(problems.length, 1);
  assert.match(problems[0], new RegExp(`${s.path}:${s.line}: call site ${s.id} uses Anthropic's Messages API`));
  assert.match(problems[0], /--base-url/);
});

test('a mapped compatible endpoint serves any vendor; OpenAI models on OpenAI are fine', () => {
  const claude = { ...site(), api: 'anthropic.messages' as const, model: 'claude-3-5-sonnet-20240620' };
  assert.deepEqual(endpointProblems([{ site: claude, models: [] }], { kind: 'compatible', baseURL: 'http://localhost:4000' }, catalog), []);
  const gpt = { ...site(), model: 'gpt-4o' };
  assert.deepEqual(endpointProblems([{ site: gpt, models: ['gpt-4.1'] }], { kind: 'openai' }, catalog), []);
});

test('an OpenAI call site with a Claude candidate on OpenAI is refused too', () => {
  const gpt = { ...site(), model: 'gpt-4o' };
  const problems = endpointProblems([{ site: gpt, models: ['claude-sonnet-4-5'] }], { kind: 'openai' }, catalog);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /asks for Anthropic model claude-sonnet-4-5/);
});
