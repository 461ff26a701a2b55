import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_CATALOG, loadCatalog, lookupModel } from '../../../src/core/models/catalog';
import { adaptParamsForModel } from '../../../src/core/models/requestOverrides';

const c = loadCatalog(BUILTIN_CATALOG);
const at = (id: string) => lookupModel(c, id);
const base = { messages: [{ role: 'user', content: 'hi' }], temperature: 0.2, top_p: 0.9, max_tokens: 800, presence_penalty: 0.1, tools: [] };

test('reasoning target: max_completion_tokens, no sampling params', () => {
  const input = structuredClone(base);
  const r = adaptParamsForModel(input, at('gpt-5-mini'));
  assert.deepEqual(r.params, { messages: base.messages, max_completion_tokens: 800, tools: [] });
  assert.equal(r.notes.length, 4);
  assert.match(r.notes[0], /max_tokens=800 to max_completion_tokens/);
  assert.ok(r.notes.some((n) => n.startsWith('Removed temperature=0.2')));
  assert.deepEqual(input, base, 'input not mutated');
});

test('reasoning target keeps an existing max_completion_tokens', () => {
  const r = adaptParamsForModel({ max_tokens: 100, max_completion_tokens: 4000 }, at('o3'));
  assert.deepEqual(r.params, { max_completion_tokens: 4000 });
  assert.match(r.notes[0], /already set/);
});

test('non-reasoning target keeps sampling params and drops reasoning_effort', () => {
  const r = adaptParamsForModel({ ...base, reasoning_effort: 'high' }, at('gpt-4.1'));
  assert.deepEqual(r.params, base);
  assert.deepEqual(r.notes, ['Removed reasoning_effort="high": gpt-4.1 is not a reasoning model.']);
  assert.deepEqual(adaptParamsForModel(base, at('gpt-4o')).notes, []);
});

test('Responses API max_output_tokens is left alone', () => {
  const r = adaptParamsForModel({ input: 'x', max_output_tokens: 500 }, at('gpt-5.6-sol'));
  assert.deepEqual(r.params, { input: 'x', max_output_tokens: 500 });
  assert.deepEqual(r.notes, []);
});

test('models that reject sampling params lose temperature/top_p/top_k but keep max_tokens', () => {
  const r = adaptParamsForModel({ max_tokens: 1024, temperature: 0.7, top_k: 40 }, at('claude-opus-4-8'));
  assert.deepEqual(r.params, { max_tokens: 1024 });
  assert.equal(r.notes.length, 2);
});

test('unknown model: unchanged with a note', () => {
  const r = adaptParamsForModel(base, undefined);
  assert.deepEqual(r.params, base);
  assert.equal(r.notes.length, 1);
});
