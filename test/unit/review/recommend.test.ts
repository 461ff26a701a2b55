// The recommendation and the agreement it rests on, as pure functions over crafted numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agrees, kindOf, textSimilarity } from '../../../src/core/compare/agreement';
import { recommend, type CandidateInput } from '../../../src/core/compare/recommend';
import { paretoFront } from '../../../src/core/compare/sweepReport';
import type { ArmMetrics } from '../../../src/core/compare/metrics';
import { newAgreementCounts, countAgreement } from '../../../src/core/compare/agreement';

const opts = { textSimilarity: 0.6 };

test('agreement: JSON field for field, labels exactly, free text by word overlap; a baseline error does not count', () => {
  assert.equal(kindOf({ text: '{"a":1}', json: { a: 1 } }), 'json');
  assert.equal(kindOf({ text: 'positive', json: null }), 'label');
  assert.equal(kindOf({ text: 'a long answer\nover two lines', json: null }), 'text');
  assert.deepEqual(agrees({ text: '{"a":1,"b":[1,2]}', json: { a: 1, b: [1, 2] } }, { text: '{ "b": [1, 2], "a": 1 }', json: { b: [1, 2], a: 1 } }, opts), { kind: 'json', agree: true });
  assert.deepEqual(agrees({ text: '{"a":1}', json: { a: 1 } }, { text: '{"a":2}', json: { a: 2 } }, opts), { kind: 'json', agree: false });
  assert.deepEqual(agrees({ text: 'Positive', json: null }, { text: 'positive', json: null }, opts), { kind: 'label', agree: false }, 'labels are exact');
  const long = 'The invoice page fails to load because the session expired before the export finished running.';
  assert.ok(textSimilarity(long, long.replace('expired', 'timed out')) > 0.8);
  assert.deepEqual(agrees({ text: long, json: null }, { text: long.replace('expired', 'ended'), json: null }, opts), { kind: 'text', agree: true });
  assert.deepEqual(agrees({ text: long, json: null }, { text: 'Completely unrelated words about weather and gardens in spring time today.', json: null }, opts), { kind: 'text', agree: false });
  assert.deepEqual(agrees({ text: long, json: null }, { error: 'server' }, opts), { kind: 'text', agree: false }, 'a candidate error disagrees');
  assert.equal(agrees({ error: 'server' }, { text: 'x', json: null }, opts), null, 'no reference, no verdict');
  assert.equal(textSimilarity('', ''), 1);
});

const metrics = (o: Partial<ArmMetrics>): ArmMetrics => ({ n: 100, errors: 0, errorRate: 0, schemaPass: 100, schemaPassRate: 1, latencyP50Ms: 1, latencyP95Ms: 1, inputTokens: 100_000, outputTokens: 20_000, costUsd: 0, costPerCaseUsd: 0, ...o });
const agreeing = (rate: number) => { const a = newAgreementCounts(0.6); for (let i = 0; i < 100; i++) countAgreement(a, { kind: 'json', agree: i < rate * 100 }); return a; };
const PRICES: Record<string, { inputPerMTok: number; outputPerMTok: number }> = { big: { inputPerMTok: 2, outputPerMTok: 8 }, mid: { inputPerMTok: 0.4, outputPerMTok: 1.6 }, small: { inputPerMTok: 0.1, outputPerMTok: 0.4 }, tiny: { inputPerMTok: 0.05, outputPerMTok: 0.2 } };
const candidate = (model: string, m: Partial<ArmMetrics> = {}, agreement = 1): CandidateInput => ({ arm: model, model, metrics: metrics(m), agreement: agreeing(agreement) });

test('recommend: the cheapest candidate whose gates hold; every cheaper one is listed with its failed gates', () => {
  const { recommendation: r, assessments } = recommend({
    baseline: { model: 'big', metrics: metrics({}) },
    candidates: [candidate('small', { schemaPass: 90, schemaPassRate: 0.9 }), candidate('mid'), candidate('tiny', { errors: 10, errorRate: 0.1, schemaPass: 90, schemaPassRate: 0.9 }, 0.9), candidate('unpriced')],
    priceOf: (m) => PRICES[m] ?? null, volume: { callsPerMonth: 1_000_000, source: 'flag' },
  });
  assert.equal(r.model, 'mid');
  // 1,000 input + 200 output tokens a call at $0.4/$1.6 per M = $0.00072 a call.
  assert.equal(r.monthlyCostUsd, 720);
  assert.equal(r.baselineMonthlyCostUsd, 3600);
  assert.deepEqual(r.rejected.map((x) => [x.model, x.gates]), [['tiny', ['errorRate', 'schemaPassRate']], ['small', ['schemaPassRate']]]);
  assert.ok(!r.rejected.some((x) => x.model === 'unpriced'), 'only cheaper candidates are listed');
  assert.deepEqual(assessments.find((a) => a.model === 'unpriced')!.gates.filter((g) => !g.ok).map((g) => g.gate), ['price']);
  // tiny answered 90 calls for the same tokens: its cost a call is over 90.
  assert.equal(assessments.find((a) => a.model === 'tiny')!.costPer1kCallsUsd, Math.round((100_000 * 0.05 + 20_000 * 0.2) / 90 / 1e6 * 1000 * 1e6) / 1e6);
  assert.match(r.summary, /^mid is the cheapest candidate whose gates hold: \$720\/month against \$3600\/month for the baseline at 1,000,000 calls\/month; 2 cheaper candidates rejected$/);
});

test('recommend: with no candidate passing, there is no recommendation and every candidate is listed; a candidate with no results is rejected as such', () => {
  const { recommendation: r } = recommend({
    baseline: { model: 'big', metrics: metrics({}) },
    candidates: [candidate('small', {}, 0.5), { arm: 'mid', model: 'mid', metrics: metrics({ n: 0, errors: 0, errorRate: null, schemaPass: 0, schemaPassRate: null }), agreement: null }],
    priceOf: (m) => PRICES[m] ?? null, volume: { callsPerMonth: 10, source: 'default' },
  });
  assert.equal(r.model, null);
  assert.equal(r.monthlyCostUsd, null);
  assert.deepEqual(r.rejected.map((x) => [x.model, x.gates]), [['small', ['agreement']], ['mid', ['results']]]);
  assert.match(r.summary, /^no candidate's gates hold/);
});

test('Pareto front: cheaper or better on schema pass or agreement; dominated points are off it', () => {
  const front = paretoFront([
    { key: 'base', cost: 10, schema: 1, agreement: 1 },
    { key: 'mini', cost: 2, schema: 1, agreement: 0.95 },
    { key: 'worse-mini', cost: 3, schema: 0.9, agreement: 0.9 },
    { key: 'nano', cost: 0.5, schema: 0.8, agreement: 0.7 },
    { key: 'dear', cost: 12, schema: 1, agreement: 1 },
    { key: 'unpriced', cost: null, schema: 1, agreement: 1 },
  ]);
  assert.deepEqual([...front].sort(), ['base', 'mini', 'nano']);
});
