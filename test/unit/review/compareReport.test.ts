import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRun, jsonEqual, samePrint } from '../../../src/core/compare/metrics';
import { buildReport, mostChanged } from '../../../src/core/compare/report';
import { caseDiff } from '../../../src/core/compare/caseDiff';
import { repeatNoise } from '../../../src/core/compare/noise';
import { runSignificance } from '../../../src/core/compare/significance';
import { contextOf, parseFailOn } from '../../../src/core/compare/failOn';
import { withDecision, emptyReview } from '../../../src/core/review/decisions';
import type { ResultRecord, RunPlanFile } from '../../../src/core/replay/records';

function rec(over: Partial<ResultRecord>): ResultRecord {
  return {
    callSiteId: 's1', caseId: 'c0', arm: 'baseline', repeat: 0, model: 'gpt-4o', requestHash: 'h', status: 'ok', error: null,
    output: '{"a":1}', json: { a: 1 }, schema: { ok: true, errors: [] }, latencyMs: 100, usage: { input: 10, output: 5 },
    costUsd: 0.001, cached: false, attempts: 1, ...over,
  };
}
const err = (over: Partial<ResultRecord>) => rec({ status: 'error', error: { type: 'server', message: '500', status: 500 }, output: '', json: null, schema: null, ...over });
const json = (v: unknown) => ({ output: JSON.stringify(v), json: v });

test('per case: JSON diffs name paths with old and new values; text diffs are unified hunks; errors have none', async () => {
  const items = (p: string) => ({ title: 'Q3', items: [{ id: 1, priority: 'p1' }, { id: 2, priority: 'p2' }, { id: 3, priority: p }] });
  const [r] = await compareRun([
    rec({ caseId: 'j', ...json(items('p2')) }), rec({ caseId: 'j', arm: 'candidate', ...json({ ...items('p1'), note: 'x' }) }),
    rec({ caseId: 'same', ...json({ a: 1, b: 2 }) }), rec({ caseId: 'same', arm: 'candidate', output: '{ "b": 2, "a": 1 }', json: { b: 2, a: 1 } }),
    rec({ caseId: 't', output: 'line one\nthe quick brown fox\nline three', json: null }), rec({ caseId: 't', arm: 'candidate', output: 'line one\nthe quick red fox\nline three', json: null }),
    rec({ caseId: 'e' }), err({ caseId: 'e', arm: 'candidate' }),
  ]);
  const report = buildReport(r);
  const byId = new Map(report.cases.map((c) => [c.caseId, c]));
  assert.deepEqual(byId.get('j')!.diff, {
    kind: 'json', size: 2, changesOmitted: 0, fields: ['$.items[*].priority', '$.note'],
    changes: [{ path: '$.items[2].priority', op: 'changed', before: 'p2', after: 'p1' }, { path: '$.note', op: 'added', after: 'x' }],
  });
  assert.equal(byId.get('same')!.changed, false, 'key order is not a change');
  assert.equal(byId.get('same')!.diff, null);
  assert.deepEqual(byId.get('t')!.diff, {
    kind: 'text', size: 2, linesOmitted: 0, granularity: 'line',
    hunks: [{ oldStart: 1, oldLines: 3, newStart: 1, newLines: 3, lines: [' line one', '-the quick brown fox', '+the quick red fox', ' line three'] }],
  });
  assert.equal(byId.get('e')!.changed, true);
  assert.equal(byId.get('e')!.diff, null, 'an error has no output to diff; its error says why');
  assert.deepEqual(mostChanged(report, 10).map((c) => c.caseId), ['j', 't'], 'ties in plan order; cases without a diff left out');
  // Compact: a long text output is capped in lines and line length; the size still counts everything.
  const long = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(1000)}`).join('\n');
  const d = caseDiff({ baseline: { ...byId.get('t')!.baseline, output: long }, candidate: { ...byId.get('t')!.candidate, output: long.replace(/line (\d+)/g, 'LINE $1') } });
  assert.ok(d && d.kind === 'text');
  assert.equal(d.size, 1000);
  assert.equal(d.hunks.reduce((n, h) => n + h.lines.length, 0), 120);
  assert.equal(d.linesOmitted, 880);
  assert.ok(d.hunks.every((h) => h.lines.every((l) => l.length <= 401)));
});

test('per run: exact-match rate, changed JSON paths with how often, schema counts and rates, review, simulated cost', async () => {
  const records: ResultRecord[] = [];
  for (let i = 0; i < 10; i++) {
    records.push(rec({ caseId: `c${i}`, ...json({ team: 'a', priority: 'p1', tags: ['x'] }) }));
    const cand = i < 4 ? { team: 'b', priority: 'p1', tags: ['x'] } : i < 6 ? { team: 'b', priority: 'p2', tags: ['y'] } : { team: 'a', priority: 'p1', tags: ['x'] };
    if (i === 9) records.push(rec({ caseId: 'c9', arm: 'candidate', ...json({ oops: true }), schema: { ok: false, errors: [{ path: '/team', message: 'required' }] } }));
    else if (i === 8) records.push(err({ caseId: 'c8', arm: 'candidate' }));
    else records.push(rec({ caseId: `c${i}`, arm: 'candidate', ...json(cand) }));
  }
  const [c] = await compareRun(records);
  let review = withDecision(emptyReview(), { callSiteId: 's1', caseId: 'c0' }, { decision: 'accepted', comment: '', by: 'ana', at: '2026-11-15T10:00:00Z' });
  review = withDecision(review, { caseId: 'c4' }, { decision: 'flagged', comment: 'priority moved', by: 'bo', at: '2026-11-15T10:01:00Z' });
  review = withDecision(review, { callSiteId: 'other', caseId: 'c5' }, { decision: 'flagged', comment: 'not ours', by: 'bo', at: '2026-11-15T10:02:00Z' });
  const plan = { endpoint: { baseURL: 'http://127.0.0.1:1/v1', simulated: true, label: 'stand-in' }, callSites: [] } as unknown as RunPlanFile;
  const r = buildReport(c, { review, plan });
  assert.equal(r.changed, 8, 'c0–c5 JSON, c8 error, c9 other JSON');
  assert.equal(r.compared, 10);
  assert.equal(r.exactMatchRate, 0.2);
  assert.equal(r.jsonCases, 9, 'c8 errored: not compared as JSON');
  assert.deepEqual(r.changedPaths, [
    { path: '$.team', cases: 7, rate: 0.777778 },
    { path: '$.priority', cases: 3, rate: 0.333333 },
    { path: '$.tags[*]', cases: 2, rate: 0.222222 },
    { path: '$.oops', cases: 1, rate: 0.111111 },
    { path: '$.tags', cases: 1, rate: 0.111111 },
  ]);
  assert.deepEqual([r.arms.candidate.schemaPass, r.arms.candidate.schemaFail, r.arms.candidate.errors], [8, 1, 1]);
  assert.deepEqual([r.arms.candidate.schemaPassRate, r.arms.candidate.schemaFailRate, r.arms.candidate.errorRate], [0.8, 0.1, 0.1]);
  assert.equal(r.delta.schemaFail, 1);
  assert.deepEqual(r.review, { accepted: 1, flagged: 1, flaggedCases: [{ caseId: 'c4', comment: 'priority moved', by: 'bo' }] });
  assert.deepEqual(r.cases[4].review, { decision: 'flagged', comment: 'priority moved', by: 'bo', at: '2026-11-15T10:01:00Z' });
  assert.equal(r.costSimulated, true);
  assert.match(r.costNote ?? '', /simulated.*no money was spent/);
  assert.match(r.significance.method, /Fisher's exact test/);
  assert.equal(r.noise, null, 'one repeat: no noise measured');
  assert.equal(buildReport(c).costSimulated, false);
  assert.equal(buildReport(c).costNote, undefined);
  // --fail-on reads the new names.
  const ev = (src: string) => { const p = parseFailOn(src); assert.ok(p.ok, p.ok ? '' : p.error); return p.expr.evaluate(contextOf(r)); };
  assert.equal(ev('review.flagged > 0'), true);
  assert.equal(ev('review.accepted >= 2'), false);
  assert.equal(ev('significance.regressed'), false);
  assert.equal(ev('exactMatchRate < 0.5 && changedBeyondNoise == 8'), true);
  assert.equal(ev('candidate.schemaFail >= 1'), true);
  assert.equal(ev('significance.errorRate.pValue < 0.01'), false);
  assert.equal(parseFailOn('review.flagged.count > 0').ok, false);
  // A plain comparison (no report) evaluates the new names as null: comparisons with them are false.
  const plain = parseFailOn('review.flagged > 0');
  assert.ok(plain.ok && plain.expr.evaluate(contextOf(c)) === false);
});

/** 40 cases, 2 repeats: the baseline errors on `b1` cases in repeat 1 only; the candidate on `cand` cases in both. */
async function noisyRun(b1: number, candPerRepeat: number) {
  const records: ResultRecord[] = [];
  for (let i = 0; i < 40; i++) {
    for (const repeat of [0, 1]) {
      // Baseline outputs: cases 30–39 answer differently in repeat 1 (an unstable baseline).
      const bOut = repeat === 1 && i >= 30 ? { v: `other ${i}` } : { v: `answer ${i}` };
      records.push(repeat === 1 && i < b1 ? err({ caseId: `c${i}`, repeat }) : rec({ caseId: `c${i}`, repeat, ...json(bOut) }));
      // Candidate: cases 20–39 answer differently from the baseline's repeat 0.
      const cOut = i >= 20 ? { v: `new ${i}` } : { v: `answer ${i}` };
      records.push(i < candPerRepeat ? err({ caseId: `c${i}`, arm: 'candidate', repeat }) : rec({ caseId: `c${i}`, arm: 'candidate', repeat, ...json(cOut) }));
    }
  }
  const [c] = await compareRun(records);
  return c;
}

test('repeats: the baseline disagreeing with itself is measured, and a difference within it is not a regression', async () => {
  // Baseline error rate: repeat 0 0/40, repeat 1 8/40 → spread 0.2; pooled 8/80 = 10%.
  // Candidate 11/40 per repeat → 22/80 = 27.5%: +17.5 points, significant by Fisher (p = 0.00772, checked
  // against the hypergeometric sum computed independently) but ≤ 0.2.
  const within = await noisyRun(8, 11);
  const noise = repeatNoise(within)!;
  assert.equal(noise.repeats, 2);
  assert.deepEqual(noise.errorRate, { perRepeat: [0, 0.2], spread: 0.2 });
  assert.deepEqual(noise.schemaPassRate, { perRepeat: [1, 0.8], spread: 0.2 });
  // Unstable baselines: c30–c39 (other output in repeat 1) and c0–c7 (an error in repeat 1).
  assert.deepEqual(noise.outputs, { baselineCases: 40, baselineUnstable: 18, baselineDisagreementRate: 0.45, changedWithinNoise: 18, changedBeyondNoise: 13 });
  assert.match(noise.definition, /max_r R_r − min_r R_r/);

  const plain = runSignificance(within.arms);
  assert.equal(plain.errorRate.significant, true);
  assert.ok(Math.abs((plain.errorRate.pValue ?? 1) - 0.0077210445) < 1e-9, String(plain.errorRate.pValue));
  assert.equal(plain.regressed, true, 'without the noise the test alone calls it a regression');

  const r = buildReport(within);
  assert.equal(r.significance.errorRate.withinNoise, true);
  assert.equal(r.significance.errorRate.noiseSpread, 0.2);
  assert.equal(r.significance.errorRate.regressed, false);
  assert.equal(r.significance.regressed, false);
  assert.match(r.significance.reasons.join('\n'), /error rate moved .* by no more than the baseline's own spread between repeats \(20\.0 points\): within noise, not a regression/);
  assert.match(r.significance.method, /within the baseline's spread between repeats is not counted/);
  assert.equal(r.cases.find((x) => x.caseId === 'c35')!.withinNoise, true);
  assert.equal(r.cases.find((x) => x.caseId === 'c25')!.withinNoise, false);
  const ev = parseFailOn('changedBeyondNoise > 12');
  assert.ok(ev.ok && ev.expr.evaluate(contextOf(r)));

  // Candidate 14/40 per repeat → 35%: +25 points > the 20-point spread: a regression.
  const beyond = buildReport(await noisyRun(8, 14));
  assert.equal(beyond.significance.errorRate.withinNoise, false);
  assert.equal(beyond.significance.regressed, true);
  assert.match(beyond.significance.reasons[0], /^error rate rose significantly/);
});

test('repeats: counts per repeat index, a stable baseline has no spread, and one repeat measures nothing', async () => {
  const stable = await noisyRun(0, 0);
  assert.deepEqual(stable.byRepeat.baseline.map((x) => x.n), [40, 40]);
  const n = repeatNoise(stable)!;
  assert.equal(n.errorRate.spread, 0);
  const [single] = await compareRun([rec({}), rec({ arm: 'candidate' })]);
  assert.equal(repeatNoise(single), null);
  assert.equal(single.cases[0].baselineStable, null);
  // A repeat index far past any real --repeats is a malformed record: ignored rather than allocated.
  const [odd] = await compareRun([rec({}), rec({ repeat: 1e9 }), rec({ repeat: -1 }), rec({ arm: 'candidate' })]);
  assert.equal(odd.arms.baseline.n, 1);
});

test('same output: JSON by value in any key order, text trimmed, errors by type; a JSON and a text answer differ', () => {
  assert.equal(jsonEqual({ a: [1, { b: 2, c: [3] }], d: null }, { d: null, a: [1, { c: [3], b: 2 }] }), true);
  assert.equal(jsonEqual({ a: [1, 2] }, { a: [2, 1] }), false, 'array order matters');
  assert.equal(jsonEqual({ a: 1 }, { a: 1, b: undefined as unknown as number }), false);
  assert.equal(jsonEqual([{}], [[]]), false);
  assert.equal(jsonEqual({ a: '1' }, { a: 1 }), false);
  assert.equal(samePrint({ text: '{"a":1}', json: { a: 1 } }, { text: '```json\n{ "a": 1 }\n```', json: { a: 1 } }), true);
  assert.equal(samePrint({ text: 'hello', json: null }, { text: 'hello', json: null }), true);
  assert.equal(samePrint({ text: '1', json: 1 }, { text: 'one', json: null }), false);
  assert.equal(samePrint({ error: 'server' }, { error: 'server' }), true);
  assert.equal(samePrint({ error: 'server' }, { error: 'timeout' }), false);
  assert.equal(samePrint({ error: 'server' }, { text: '', json: null }), false);
});

test("outputs: 'changed' drops the outputs of unchanged passing cases once both arms arrived (one repeat)", async () => {
  const plan = { repeats: 1, callSites: [] } as unknown as RunPlanFile;
  const records = [
    rec({ caseId: 'same' }), rec({ caseId: 'same', arm: 'candidate', output: '{ "a": 1 }' }),
    rec({ caseId: 'moved' }), rec({ caseId: 'moved', arm: 'candidate', ...json({ a: 2 }) }),
    rec({ caseId: 'bad', schema: { ok: false, errors: [{ path: '/a', message: 'x' }] } }), rec({ caseId: 'bad', arm: 'candidate', schema: { ok: false, errors: [{ path: '/a', message: 'x' }] } }),
    rec({ caseId: 'ws', output: 'hi', json: null }), rec({ caseId: 'ws', arm: 'candidate', output: ' hi\n', json: null }),
  ];
  const [lean] = await compareRun(records, plan, { outputs: 'changed' });
  const by = new Map(lean.cases.map((c) => [c.caseId, c]));
  assert.deepEqual([by.get('same')!.baseline.output, by.get('same')!.candidate.json], [null, null]);
  assert.equal(by.get('same')!.changed, false);
  assert.deepEqual(by.get('moved')!.candidate.json, { a: 2 }, 'a changed case keeps its outputs for its diff');
  assert.equal(by.get('bad')!.candidate.output, '{"a":1}', 'a failing case keeps its output for the reports');
  assert.equal(by.get('ws')!.changed, false, 'text is compared trimmed');
  const [full] = await compareRun(records, plan);
  assert.equal(full.cases[0].baseline.output, '{"a":1}', "'all' is the default");
  assert.equal(lean.jsonCases, 3);
  assert.deepEqual(buildReport(lean).changedPaths, buildReport(full).changedPaths, 'rates count every JSON case, outputs kept or not');
  const [repeated] = await compareRun(records, { ...plan, repeats: 2 }, { outputs: 'changed' });
  assert.equal(repeated.cases[0].baseline.output, '{"a":1}', 'with repeats a later repeat may still differ: kept');
});
