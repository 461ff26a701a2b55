import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRun, percentile } from '../../../src/core/compare/metrics';
import { contextOf, parseFailOn } from '../../../src/core/compare/failOn';
import type { ResultRecord } from '../../../src/core/replay/records';

function rec(over: Partial<ResultRecord>): ResultRecord {
  return {
    callSiteId: 's1', caseId: 'c0', arm: 'baseline', repeat: 0, model: 'gpt-4o', requestHash: 'h', status: 'ok', error: null,
    output: '{"a":1}', json: { a: 1 }, schema: { ok: true, errors: [] }, latencyMs: 100, usage: { input: 10, output: 5 },
    costUsd: 0.001, cached: false, attempts: 1, ...over,
  };
}

test('metrics per arm, delta, changed cases and the per-case list', async () => {
  const records: ResultRecord[] = [];
  for (let i = 0; i < 10; i++) {
    records.push(rec({ caseId: `c${i}`, latencyMs: 100 + i * 10 }));
    if (i === 0) records.push(rec({ caseId: 'c0', arm: 'candidate', model: 'gpt-5', status: 'error', error: { type: 'server', message: '500', status: 500 }, output: '', json: null, schema: null, costUsd: null, usage: { input: 0, output: 0 } }));
    else if (i === 1) records.push(rec({ caseId: 'c1', arm: 'candidate', model: 'gpt-5', output: '{"a":2}', json: { a: 2 }, schema: { ok: false, errors: [{ path: '/a', message: 'x' }] } }));
    else if (i === 2) records.push(rec({ caseId: 'c2', arm: 'candidate', model: 'gpt-5', output: '```json\n{"a": 1}\n```', json: { a: 1 }, cached: true, latencyMs: 0, cachedLatencyMs: 400 }));
    else records.push(rec({ caseId: `c${i}`, arm: 'candidate', model: 'gpt-5', latencyMs: 50 }));
  }
  records.push(rec({ caseId: 'c3', arm: 'candidate', model: 'gpt-5' })); // a duplicate (overlapping shards): ignored
  const [r] = await compareRun(records);
  assert.equal(r.arms.baseline.n, 10);
  assert.equal(r.arms.candidate.n, 10);
  assert.equal(r.arms.candidate.errors, 1);
  assert.equal(r.arms.candidate.errorRate, 0.1);
  assert.equal(r.arms.baseline.schemaPassRate, 1);
  assert.equal(r.arms.candidate.schemaPass, 8);
  assert.equal(r.arms.candidate.schemaPassRate, 0.8);
  assert.equal(r.delta.schemaPassRate, -0.2);
  assert.equal(r.arms.baseline.latencyP50Ms, 140);
  assert.equal(r.arms.baseline.latencyP95Ms, 190);
  assert.equal(r.arms.candidate.latencyP95Ms, 400, 'a cache hit counts with its original latency');
  assert.equal(r.arms.baseline.costUsd, 0.01);
  assert.equal(r.arms.baseline.costPerCaseUsd, 0.001);
  assert.equal(r.changed, 2, 'c0 (error) and c1 (different JSON); c2 is the same JSON in a fence');
  assert.deepEqual(r.cases.filter((c) => c.changed).map((c) => c.caseId), ['c0', 'c1']);
  assert.equal(r.cases[0].candidate.status, 'error');
  assert.equal(r.cases[1].candidate.schemaOk, false);
  assert.deepEqual(r.models, { baseline: 'gpt-4o', candidate: 'gpt-5' });
  assert.equal(percentile([], 0.5), null);
});

test('fail-on: the documented example, precedence, nulls and errors', async () => {
  const [r] = await compareRun([rec({}), rec({ arm: 'candidate', status: 'error', error: { type: 'server', message: '', status: 500 }, schema: null })]);
  const ctx = contextOf(r);
  const ev = (src: string) => { const p = parseFailOn(src); assert.ok(p.ok, p.ok ? '' : p.error); return p.expr.evaluate(ctx); };
  assert.equal(ev('candidate.errorRate > 0.05 || delta.schemaPassRate < -0.02'), true);
  assert.equal(ev('candidate.errorRate > 0.05 && changed == 0'), false);
  assert.equal(ev('!(candidate.errorRate > 0.05)'), false);
  assert.equal(ev('1 + 2 * 3 == 7'), true);
  assert.equal(ev('-baseline.errorRate >= 0'), true);
  assert.equal(ev('candidate.latencyP50Ms > 0'), false, 'null compares false');
  assert.equal(ev('candidate.latencyP50Ms == null'), true);
  assert.equal(ev('changedRate >= 1'), true);
  for (const bad of ['', 'candidate.errorRate >', 'process.exit(1)', 'candidate.errorRate > 0.1 > 0', 'a; b', 'constructor.constructor']) {
    const p = parseFailOn(bad);
    assert.equal(p.ok, false, bad);
  }
});

test('Batch API answers (no per-request latency) stay out of the latency percentiles', async () => {
  const live = rec({ caseId: 'a', arm: 'candidate', latencyMs: 120 });
  const viaBatch = { ...rec({ caseId: 'b', arm: 'candidate', latencyMs: 0 }), batch: { id: 'batch_1', priceFactor: 0.5 } } as ResultRecord;
  const [c] = await compareRun([live, viaBatch]);
  assert.equal(c.arms.candidate.n, 2);
  assert.equal(c.arms.candidate.latencyP50Ms, 120);
});
