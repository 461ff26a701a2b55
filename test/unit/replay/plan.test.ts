import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { apiOf, buildPlan, countWorkItems, requestParams, workItems } from '../../../src/core/replay/plan';
import { cacheKey, canonicalJson, endpointScope, requestHash, requestHasher } from '../../../src/core/replay/cacheKey';
import { nodeSha256 as sha256 } from '../../../src/node/sha256';
import { readResultRecords, workKey, type RunPlanFile } from '../../../src/core/replay/records';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths';
import type { ReplayCase } from '../../../src/core/replay/cases';
import { site } from './fakes';

const cases: ReplayCase[] = [
  { id: 'c1', vars: { doc: 'one', lang: 'en' } },
  { id: 'c2', vars: { doc: 'two', lang: 'de' } },
  { id: 'c3', messages: [{ role: 'user', content: 'captured' }] },
];

function plan(over: Partial<Parameters<typeof buildPlan>[0]> = {}) {
  const r = buildPlan({ runId: 'r1', createdAt: '2025-01-01T00:00:00Z', targets: [{ callSite: site(), cases, schema: null }], baseline: null, candidate: 'gpt-5-mini', repeats: 2, baseURL: 'https://user:sk-SECRET@api.example.com/v1/?api-key=sk-SECRET', shard: null, ...over });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.plan;
}

test('plan: cases × arms × repeats, the call site\'s own request with only the model swapped', () => {
  const p = plan();
  assert.equal(p.callSites[0].arms.baseline.model, 'gpt-4o');
  assert.equal(p.callSites[0].arms.candidate.model, 'gpt-5-mini');
  assert.equal(p.callSite?.id, site().id);
  assert.equal(p.endpoint.baseURL, 'https://api.example.com/v1', 'credentials in the URL are stripped');
  const items = [...workItems(p)];
  assert.equal(items.length, 3 * 2 * 2);
  assert.equal(countWorkItems(p), items.length);
  assert.deepEqual(items.slice(0, 4).map((i) => `${i.caseId}/${i.repeat}/${i.arm}`), ['c1/0/baseline', 'c1/0/candidate', 'c1/1/baseline', 'c1/1/candidate']);
  const [b, c] = items;
  assert.deepEqual(b.request.messages, [{ role: 'system', content: 'You summarize.' }, { role: 'user', content: 'Summarize: one in en' }]);
  assert.deepEqual(b.request.params, { temperature: 0, max_tokens: 200 });
  assert.deepEqual({ ...c.request, model: 'gpt-4o' }, b.request);
  assert.equal(items[8].request.messages[0].content, 'captured');
  assert.equal(new Set(items.map((i) => i.key)).size, items.length, 'keys are unique');
});

test('per-arm overrides come from the injected adapt function', () => {
  const adapt = (params: Record<string, unknown>, model: string) => {
    if (!model.startsWith('gpt-5')) return params;
    const { temperature: _t, max_tokens, ...rest } = params;
    return { ...rest, max_completion_tokens: max_tokens };
  };
  const items = [...workItems(plan(), adapt)];
  assert.deepEqual(items[0].request.params, { temperature: 0, max_tokens: 200 });
  assert.deepEqual(items[1].request.params, { max_completion_tokens: 200 });
});

test('the API follows the call site family; stream is never replayed', () => {
  assert.equal(apiOf({ api: 'openai.responses' }), 'responses');
  assert.equal(apiOf({ api: 'openai.chat' }), 'chat');
  assert.equal(apiOf({ api: 'anthropic.messages' }), 'chat');
  const p = plan({ targets: [{ callSite: site({ api: 'openai.responses', params: { stream: true, temperature: 1 } }), cases, schema: null }] });
  const [item] = workItems(p);
  assert.equal(item.request.api, 'responses');
  assert.deepEqual(item.request.params, { temperature: 1 });
});

test('no known model and no --baseline is an error naming the call site', () => {
  const r = buildPlan({ runId: 'r', createdAt: '', targets: [{ callSite: site({ model: null }), cases, schema: null }], baseline: null, candidate: 'x', repeats: 1, baseURL: null, shard: null });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', /summarize-0123456789.*--baseline/);
});

test('shards are deterministic, disjoint, cover the plan, and keep a case\'s arms together', () => {
  const many = Array.from({ length: 10 }, (_, i): ReplayCase => ({ id: `c${i}`, vars: { doc: String(i), lang: 'en' } }));
  const all = new Set([...workItems(plan({ targets: [{ callSite: site(), cases: many, schema: null }] }))].map((i) => i.key));
  const seen = new Set<string>();
  for (let i = 1; i <= 3; i++) {
    const p = plan({ targets: [{ callSite: site(), cases: many, schema: null }], shard: { index: i, count: 3 } });
    const keys = [...workItems(p)].map((w) => w.key);
    assert.deepEqual(keys, [...workItems(p)].map((w) => w.key), 'deterministic');
    assert.equal(countWorkItems(p), keys.length);
    for (const k of keys) { assert.ok(!seen.has(k)); seen.add(k); }
    const byCase = new Map<string, number>();
    for (const w of workItems(p)) byCase.set(w.caseId, (byCase.get(w.caseId) ?? 0) + 1);
    for (const n of byCase.values()) assert.equal(n, 4);
  }
  assert.deepEqual([...seen].sort(), [...all].sort());
  assert.equal(buildPlan({ runId: 'r', createdAt: '', targets: [], baseline: null, candidate: 'x', repeats: 1, baseURL: null, shard: { index: 4, count: 3 } }).ok, false);
});

test('the node:crypto hash port matches known vectors and the hand-written SHA-256 it replaced', () => {
  assert.equal(sha256(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256('a'.repeat(1000)), '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
  for (const text of ['héllo ✓ 🚀', 'lone \ud800 surrogate', '€'.repeat(3000)]) {
    assert.equal(sha256(text), createHash('sha256').update(text, 'utf8').digest('hex'), `length ${text.length}`);
  }
  // Values computed by the pure-JS SHA-256 (src/core/replay/sha256.ts, removed) before the port:
  // request hashes and cache keys of existing runs and caches stay valid.
  const req = { api: 'chat' as const, model: 'gpt-4o', messages: [{ role: 'system', content: 'You summarize. ünïcödé 你好 🙂' }, { role: 'user', content: 'Summarize: x' }], params: { temperature: 0, max_tokens: 100 } };
  const h = requestHash(req, sha256);
  assert.equal(h, 'bfc05be260f003f783cc0fe63cc94b2cf244cbd0bf500ee86f572ec9b640335d');
  assert.equal(requestHasher(sha256)(req), h);
  assert.equal(cacheKey(h, { endpoint: 'http://127.0.0.1:47311/v1', repeat: 0 }, sha256), 'fc2806cfff305039417edd9f97e8266088b4f1694d10a67c84b6ca20877dbb08');
  assert.equal(cacheKey(h, { endpoint: null, repeat: 2 }, sha256), '168cd4d4c9c57db2027655f7070370f1c32348fbbad6d6537469a2690383ef83');
});

test('a run recorded before the hash port: every work item hashes to the requestHash on record', async () => {
  const dir = join(FIXTURES, 'runs', 'before-hash-port');
  const p = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as RunPlanFile;
  const recorded = new Map<string, string>();
  for await (const r of readResultRecords(readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n'))) recorded.set(workKey(r), r.requestHash);
  const hash = requestHasher(sha256);
  let n = 0;
  for (const item of workItems(p)) {
    assert.equal(hash(item.request), recorded.get(item.key), item.key);
    n++;
  }
  assert.equal(n, 6);
});

test('a run\'s memoising request hasher gives requestHash\'s hashes', () => {
  const p = plan();
  const hash = requestHasher(sha256);
  let n = 0;
  for (const item of workItems(p)) {
    assert.equal(hash(item.request), requestHash(item.request, sha256));
    n++;
  }
  assert.ok(n > 2);
  const odd = { api: 'chat' as const, model: 'm', messages: [{ role: 'user', content: 'x' }], params: { a: undefined, b: [1, undefined] } };
  assert.equal(hash(odd), requestHash(odd, sha256));
});

test('cache keys: canonical (key order does not matter), stable, scoped, and free of secrets', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: undefined }], c: null } }), '{"a":{"c":null,"d":[1,{"z":0}]},"b":1}');
  const req = { api: 'chat' as const, model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], params: { temperature: 0, max_tokens: 5 } };
  const reordered = { params: { max_tokens: 5, temperature: 0 }, messages: [{ content: 'x', role: 'user' }], model: 'gpt-4o', api: 'chat' as const };
  assert.equal(requestHash(req, sha256), requestHash(reordered, sha256));
  assert.match(requestHash(req, sha256), /^[0-9a-f]{64}$/);
  assert.notEqual(requestHash(req, sha256), requestHash({ ...req, model: 'gpt-5' }, sha256));
  const h = requestHash(req, sha256);
  assert.equal(cacheKey(h, { endpoint: 'https://a/v1', repeat: 0 }, sha256), cacheKey(h, { endpoint: 'https://a/v1', repeat: 0 }, sha256));
  assert.notEqual(cacheKey(h, { endpoint: 'https://a/v1', repeat: 0 }, sha256), cacheKey(h, { endpoint: 'https://a/v1', repeat: 1 }, sha256));
  assert.notEqual(cacheKey(h, { endpoint: 'https://a/v1', repeat: 0 }, sha256), cacheKey(h, { endpoint: 'https://b/v1', repeat: 0 }, sha256));
  // A key pasted into a base URL never reaches the scope, the plan or a key.
  assert.equal(endpointScope('HTTPS://me:sk-live-SECRET@Api.Example.com/v1/?api-key=sk-live-SECRET#x'), 'https://api.example.com/v1');
  const p = plan();
  assert.ok(!JSON.stringify(p).includes('SECRET'));
  assert.equal(cacheKey(h, { endpoint: endpointScope('https://u:SECRET@api.example.com/v1'), repeat: 0 }, sha256), cacheKey(h, { endpoint: endpointScope('https://api.example.com/v1'), repeat: 0 }, sha256));
});

test('a scanned output schema becomes the replayed request\'s response_format', () => {
  const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
  assert.deepEqual(requestParams({ temperature: 0 }, schema), {
    temperature: 0,
    response_format: { type: 'json_schema', json_schema: { name: 'output', schema, strict: false } },
  });
  assert.deepEqual(requestParams({}, { type: 'object' }), { response_format: { type: 'json_object' } });
  const own = { response_format: { type: 'json_object' } };
  assert.deepEqual(requestParams(own, schema), own, 'the call site\'s own response_format wins');
  assert.deepEqual(requestParams({ temperature: 1 }, null), { temperature: 1 });
});
