import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workItems } from '../../../src/core/replay/plan';
import { executeRun, readFinished } from '../../../src/core/replay/engine';
import { runScheduler, backoffMs } from '../../../src/core/replay/scheduler';
import { compileSchema } from '../../../src/core/validate/index';
import { FakeClient, MemoryCache, MemoryRunStore, type Script } from './fakes';
import { assertUnique, makePlan, opts, price, setup } from './schedulerSupport';
import { nodeSha256 as sha256 } from '../../../src/node/sha256';

test('concurrency is never exceeded and every item is recorded once, with the CLI.md record shape', async () => {
  const { clock, client, store } = setup();
  const plan = makePlan(25);
  const out = await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256 }, opts(plan, { concurrency: 4 }));
  assert.equal(out.stopReason, 'completed');
  assert.equal(client.maxInFlight, 4);
  const recs = store.records();
  assert.equal(recs.length, 50);
  assertUnique(recs);
  assert.deepEqual(Object.keys(recs[0]).sort(), ['arm', 'attempts', 'cached', 'callSiteId', 'caseId', 'costUsd', 'error', 'json', 'latencyMs', 'model', 'output', 'repeat', 'requestHash', 'schema', 'status', 'usage'].sort());
  assert.equal(recs[0].costUsd, 0.006);
  assert.equal(out.spentUsd.toFixed(6), (50 * 0.006).toFixed(6));
  // 50 requests of 100 ms at concurrency 4 take 13 rounds of virtual time.
  assert.equal(clock.now() - 1_000_000, 1300);
});

test('retries honour retryAfterMs (and pause the endpoint), with exponential backoff and full jitter otherwise', async () => {
  const script: Script = (req, attempt) => {
    const c = req.messages[1].content;
    if (c.includes('doc 0') && attempt === 0) return { error: { type: 'rate_limit', status: 429, retryAfterMs: 5000, retryable: true } };
    if (c.includes('doc 1') && attempt < 2) return { error: { type: 'server', status: 500, retryable: true } };
    if (c.includes('doc 2')) return { error: { type: 'bad_request', status: 400, retryable: false } };
    if (c.includes('doc 3')) return { error: { type: 'connection', retryable: true } };
    return null;
  };
  const { clock, client, store } = setup(script);
  const plan = makePlan(4);
  await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256, random: () => 0.5 }, opts(plan, { concurrency: 8, maxAttempts: 4, backoffBaseMs: 1000 }));
  const recs = store.records();
  assertUnique(recs);
  const by = (doc: string, arm = 'baseline') => recs.find((r) => r.caseId === doc && r.arm === arm)!;
  assert.equal(by('c0').status, 'ok');
  assert.equal(by('c0').attempts, 2);
  const sends0 = client.sends.filter((s) => s.key.startsWith('gpt-4o|') && s.key.includes('doc 0'));
  assert.ok(sends0[1].at - sends0[0].at >= 100 + 5000, `second attempt waited for Retry-After (${sends0[1].at - sends0[0].at} ms)`);
  assert.equal(by('c1').attempts, 3);
  assert.equal(by('c2').status, 'error');
  assert.equal(by('c2').attempts, 1, 'a 400 is not retried');
  assert.deepEqual(by('c2').error, { type: 'bad_request', message: 'bad_request', status: 400 });
  assert.equal(by('c3').status, 'error');
  assert.equal(by('c3').attempts, 4, 'retryable errors stop at maxAttempts');
  assert.equal(backoffMs(1, null, 500, 30_000, () => 0.999) < 500, true);
  assert.equal(Math.round(backoffMs(5, null, 500, 30_000, () => 0.5)), 4000);
  assert.equal(backoffMs(10, null, 500, 30_000, () => 0.999) <= 30_000, true);
  assert.equal(backoffMs(1, 7000, 500, 30_000, () => 0), 7000);
});

test('a hung request times out and is retried', async () => {
  const { clock, client, store } = setup((_req, attempt) => (attempt === 0 ? 'hang' : null));
  const plan = makePlan(2);
  await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256, random: () => 0 }, opts(plan, { timeoutMs: 3000 }));
  const recs = store.records();
  assert.equal(recs.length, 4);
  for (const r of recs) { assert.equal(r.status, 'ok'); assert.equal(r.attempts, 2); }
  assert.equal(client.inFlight, 0);
});

test('budget: stops scheduling before spent + in-flight would exceed it, and says why', async () => {
  const { clock, client, store } = setup();
  const plan = makePlan(50);
  const out = await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256 }, opts(plan, { concurrency: 4, budgetUsd: 0.1 }));
  assert.equal(out.stopReason, 'budget');
  assert.match(out.stopDetail ?? '', /budget of \$0.1/);
  assert.ok(out.spentUsd <= 0.1, `spent ${out.spentUsd}`);
  assert.ok(store.records().length >= 10 && store.records().length < 100);
});

test('cancellation aborts in-flight requests, keeps every finished one, and resume completes without duplicates', async () => {
  const { clock, client, store } = setup();
  const plan = makePlan(20);
  const ac = new AbortController();
  const out = await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256 }, opts(plan, {
    signal: ac.signal, onProgress: (p) => { if (p.done >= 9) ac.abort(); },
  }));
  assert.equal(out.stopReason, 'cancelled');
  assert.equal(client.inFlight, 0, 'in-flight requests were aborted');
  const kept = store.records();
  assert.ok(kept.length >= 9 && kept.length < 40);
  assert.ok(kept.every((r) => r.status === 'ok'), 'aborted attempts are not recorded as results');
  const sentBefore = new Set(kept.map((r) => `${r.model}|`));
  assert.ok(sentBefore.size > 0);

  const client2 = new FakeClient(clock);
  const summary = await executeRun(plan, { client: client2, store, cache: null, clock, sha256, priceOf: price, validatorFor: () => null, concurrency: 4, resume: true });
  assert.equal(summary.stopReason, 'completed');
  assert.equal(summary.done, 40);
  assert.equal(summary.resumed, kept.length);
  const all = store.records();
  assert.equal(all.length, 40);
  assertUnique(all);
  assert.equal(client2.sends.length, 40 - kept.length, 'finished requests are never sent again');
});

test('resume ignores a torn last line and skips finished items', async () => {
  const { clock, client, store } = setup();
  const plan = makePlan(5);
  await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256 }, opts(plan));
  const full = store.lines.slice();
  store.lines = [...full.slice(0, 6), full[6].slice(0, 40)]; // a kill mid-write tore record 7
  const state = await readFinished(store);
  assert.equal(state.finished.size, 6);
  assert.deepEqual(state.badLines, [7]);
  const client2 = new FakeClient(clock);
  store.lines = store.lines.slice(0, 6); // the node store truncates the torn tail before appending
  const summary = await executeRun(plan, { client: client2, store, cache: null, clock, sha256, priceOf: price, validatorFor: () => null, concurrency: 2, resume: true });
  assert.equal(client2.sends.length, 4);
  assert.equal(summary.done, 10);
  assertUnique(store.records());
  assert.equal(store.summary?.resumed, 6);
});

test('cache hits are recorded as cached with their original latency, without calling the client', async () => {
  const { clock, client, store } = setup();
  const cache = new MemoryCache();
  const plan = makePlan(3);
  await runScheduler(workItems(plan), { client, store, cache, clock, sha256 }, opts(plan));
  assert.equal(cache.map.size, 6);
  const store2 = new MemoryRunStore();
  const client2 = new FakeClient(clock);
  const out = await runScheduler(workItems(plan), { client: client2, store: store2, cache, clock, sha256 }, opts(plan));
  assert.equal(client2.sends.length, 0);
  assert.equal(out.cached, 6);
  assert.equal(out.spentUsd, 0, 'cache hits cost nothing');
  for (const r of store2.records()) {
    assert.equal(r.cached, true);
    assert.equal(r.attempts, 0);
    assert.equal(r.cachedLatencyMs, 100);
    assert.equal(r.latencyMs, 0);
  }
  // Repeats are not served each other's answers.
  const store3 = new MemoryRunStore();
  const client3 = new FakeClient(clock);
  const p2 = makePlan(3, 2);
  await runScheduler(workItems(p2), { client: client3, store: store3, cache, clock, sha256 }, opts(p2));
  assert.equal(client3.sends.length, 6, 'only repeat 1 is sent');
});

test('an auth failure stops the run and records nothing (resume retries after the key is fixed)', async () => {
  const { clock, client, store } = setup(() => ({ error: { type: 'auth', status: 401 } }));
  const plan = makePlan(10);
  const out = await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256 }, opts(plan));
  assert.equal(out.stopReason, 'auth');
  assert.equal(store.records().length, 0);
  assert.ok(client.sends.length <= 4);
});

test('requests-per-minute limit spaces requests out', async () => {
  const { clock, client, store } = setup(undefined, 10);
  const plan = makePlan(15); // 30 requests at 60 rpm: 10 burst, then one a second
  await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256 }, opts(plan, { concurrency: 16, rateLimits: () => ({ rpm: 60 }) }));
  const first = client.sends[0].at, last = client.sends[client.sends.length - 1].at;
  assert.ok(last - first >= 19_000, `took ${last - first} ms`);
  for (let i = 0; i + 11 < client.sends.length; i++) assert.ok(client.sends[i + 11].at - client.sends[i].at >= 1000);
});

test('outputs are validated against the call site schema per record', async () => {
  const v = compileSchema({ type: 'object', required: ['summary'], properties: { summary: { type: 'string' } } });
  assert.ok(v.ok);
  const { clock, client, store } = setup((req) => (req.model === 'gpt-4o' ? { output: '```json\n{"summary":"s"}\n```' } : { output: '{"sumary":"s"}' }));
  const plan = makePlan(2);
  await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256 }, opts(plan, { validatorFor: () => (v.ok ? v.validate : null) }));
  const recs = store.records();
  const base = recs.find((r) => r.arm === 'baseline')!, cand = recs.find((r) => r.arm === 'candidate')!;
  assert.deepEqual(base.schema, { ok: true, errors: [] });
  assert.deepEqual(base.json, { summary: 's' });
  assert.deepEqual(cand.schema, { ok: false, errors: [{ path: '/summary', message: 'is required' }] });
});
