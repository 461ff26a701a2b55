// Retries give their concurrency slot back while they wait; 429s slow the endpoint as a whole
// without stalling it; an endpoint that answers nothing stops the run early, and resume finishes it.
// All on the virtual clock of fakes.ts, so times are exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workItems } from '../../../src/core/replay/plan';
import { executeRun } from '../../../src/core/replay/engine';
import { runScheduler } from '../../../src/core/replay/scheduler';
import { FakeClient, type Script } from './fakes';
import { assertUnique, makePlan, opts, price, setup } from './schedulerSupport';
import { nodeSha256 as sha256 } from '../../../src/node/sha256';

const T0 = 1_000_000;

test('a request waiting out its backoff frees its slot: the others go on at full concurrency', async () => {
  // c0's baseline fails at once and must wait 5 s; the 9 other requests take 100 ms each.
  const script: Script = (req, attempt) => (req.model === 'gpt-4o' && req.messages[1].content.includes('doc 0') && attempt === 0
    ? { error: { type: 'server', status: 500, retryAfterMs: 5000, retryable: true } } : null);
  const { clock, client, store } = setup(script);
  const plan = makePlan(5);
  const out = await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256, random: () => 0 }, opts(plan, { concurrency: 2 }));
  assert.equal(out.stopReason, 'completed');
  assert.equal(store.records().length, 10);
  const others = client.sends.filter((s) => !s.key.startsWith('gpt-4o|') || !s.key.includes('doc 0'));
  // 9 requests on 2 slots: 5 rounds of 100 ms. Holding the slot, they would have had one: 9 rounds.
  assert.ok(others[others.length - 1].at - T0 <= 500, `the others were sent by ${others[others.length - 1].at - T0} ms`);
  const retry = client.sends.filter((s) => s.key.startsWith('gpt-4o|') && s.key.includes('doc 0'));
  assert.equal(retry.length, 2);
  assert.ok(retry[1].at - retry[0].at >= 100 + 5000, 'the retry still waited for its Retry-After');
  assert.ok(client.maxInFlight <= 2);
});

test('stray 429s with a Retry-After cost their own wait, not a pause of the whole endpoint each', async () => {
  // Every 10th request is rate-limited once with a 1 s Retry-After: 80 requests, concurrency 8.
  let n = 0;
  const limited = new Set<string>();
  const script: Script = (req, attempt) => {
    if (attempt > 0) return null;
    if (++n % 10 !== 0) return null;
    limited.add(req.messages[1].content + req.model);
    return { error: { type: 'rate_limit', status: 429, retryAfterMs: 1000, retryable: true } };
  };
  const { clock, client, store } = setup(script);
  const plan = makePlan(40);
  const out = await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256, random: () => 0 }, opts(plan, { concurrency: 8 }));
  assert.equal(out.stopReason, 'completed');
  assert.equal(out.errors, 0);
  assert.equal(limited.size, 8);
  // Ideal: 80 × 100 ms / 8 = 1,000 ms, plus one Retry-After for the last limited ones. Pausing the
  // endpoint for every 429 would take 8 × 1 s more.
  const took = clock.now() - T0;
  assert.ok(took <= 2600, `took ${took} ms`);
});

test('a sustained rate limit closes the window and pauses the endpoint: nothing ends as an error', async () => {
  // For the first 3 s every request gets a 429 (Retry-After 500 ms); after that, all succeed.
  let clockRef: { now(): number } = { now: () => 0 };
  const script: Script = () => (clockRef.now() - T0 < 3000 ? { error: { type: 'rate_limit', status: 429, retryAfterMs: 500, retryable: true } } : null);
  const { clock, client, store } = setup(script);
  clockRef = clock;
  const plan = makePlan(20);
  const out = await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256, random: () => 0.5 }, opts(plan, { concurrency: 8, maxAttempts: 6 }));
  assert.equal(out.stopReason, 'completed');
  assert.equal(out.errors, 0, 'no request burnt all its attempts against the limit');
  assertUnique(store.records());
  const during = client.sends.filter((s) => s.at - T0 < 3000).length;
  // Without slowing down, 8 slots would resend every ~500 ms: ~48 attempts in 3 s.
  assert.ok(during <= 24, `${during} attempts were sent while the limit was on`);
});

test('an endpoint that answers nothing stops the run early, records nothing, and resume sends it all', async () => {
  const refused: Script = () => ({ error: { type: 'connection', message: 'connect ECONNREFUSED 127.0.0.1:9', retryable: true } });
  const { clock, client, store } = setup(refused);
  const plan = makePlan(30);
  const first = await executeRun(plan, { client, store, cache: null, clock, sha256, random: () => 0.5, priceOf: price, validatorFor: () => null, concurrency: 4, maxAttempts: 4 });
  assert.equal(first.stopReason, 'unreachable');
  assert.match(first.stopDetail ?? '', /cannot reach the endpoint: no answer to any request for \d+\.\d s \(4 attempts of the same request; last error: connect ECONNREFUSED/);
  assert.equal(store.records().length, 0, 'no error records: resume must send these requests');
  assert.ok(client.sends.length < 60, `stopped early (${client.sends.length} attempts for 60 requests)`);

  const client2 = new FakeClient(clock);
  const second = await executeRun(plan, { client: client2, store, cache: null, clock, sha256, priceOf: price, validatorFor: () => null, concurrency: 4, resume: true });
  assert.equal(second.stopReason, 'completed');
  assert.equal(second.done, 60);
  assert.equal(second.errors, 0);
  assert.equal(client2.sends.length, 60);
});

test('an endpoint that goes away mid-run stops it too, keeping what it answered', async () => {
  let clockRef: { now(): number } = { now: () => 0 };
  const script: Script = () => (clockRef.now() - T0 >= 1000 ? { error: { type: 'connection', message: 'read ECONNRESET', retryable: true } } : null);
  const { clock, client, store } = setup(script);
  clockRef = clock;
  const plan = makePlan(50);
  const out = await runScheduler(workItems(plan), { client, store, cache: null, clock, sha256, random: () => 0.5 }, opts(plan, { concurrency: 4, maxAttempts: 3 }));
  assert.equal(out.stopReason, 'unreachable');
  const recs = store.records();
  assert.ok(recs.length >= 30 && recs.length < 100, `${recs.length} kept`);
  assert.ok(recs.every((r) => r.status === 'ok'), 'nothing recorded as a connection error');
});
