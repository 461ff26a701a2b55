// The plan from a run's evidence: sample sizes with their working, stage durations, gates, the
// go / no-go with reasons, several call sites, bad input, and every plan valid against the schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { checkStages } from '../../../src/core/canary/plan';
import { sizeRate, stageSeconds } from '../../../src/core/canary/sampleSize';
import { twoProportionSampleSize } from '../../../src/core/stats/proportions';
import { planForRun } from '../../../src/node/rolloutInput';
import { fixturePlan, ROLLOUT_SCHEMA, RUNS } from './support';
import { join } from 'node:path';

const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(ROLLOUT_SCHEMA, 'utf8')));

test('sample size: a baseline with failures uses the two-proportion formula at the doubled rate (or +1 point)', () => {
  const r = sizeRate('errorRate', 1, 40, 2, 0.01);
  assert.equal(r.baselineRate, 0.025);
  assert.equal(r.detectRate, 0.05, 'doubling (5%) beats +1 point (3.5%)');
  assert.equal(r.method, 'two-proportion');
  assert.equal(r.minRequests, twoProportionSampleSize(0.025, 0.05));
  const small = sizeRate('errorRate', 1, 400, 2, 0.01);
  assert.equal(small.detectRate, 0.0125, '+1 point (1.25%) beats doubling (0.5%)');
  assert.equal(small.minRequests, twoProportionSampleSize(0.0025, 0.0125));
});

test('sample size: a baseline with 0 failures uses the rule of three at +1 point: 300 requests', () => {
  const r = sizeRate('errorRate', 0, 40, 2, 0.01);
  assert.deepEqual([r.method, r.detectRate, r.minRequests], ['rule-of-three', 0.01, 300]);
  assert.match(r.working, /3 \/ 0\.01/);
});

test('sample size: a baseline that always fails has nothing larger to detect, and says so', () => {
  const r = sizeRate('errorRate', 40, 40, 2, 0.01);
  assert.equal(r.method, 'not-applicable');
  assert.ok(r.minRequests > 0);
});

test('stage duration: the requests at the stage\'s share of the rate, at least the floor', () => {
  assert.equal(stageSeconds(714, 5, 10, 300), 1428);
  assert.equal(stageSeconds(714, 5, 100, 300), 300);
});

test('stages: whole percents, increasing, ending at 100', () => {
  assert.ok(checkStages([10, 25, 50, 100]).ok);
  assert.ok(checkStages([5, 100]).ok);
  for (const bad of [[], [10, 10, 100], [50, 25, 100], [10, 50], [0, 100], [12.5, 100]]) assert.ok(!checkStages(bad).ok, `${bad} refused`);
});

test('a go run: default stages, sizes from the baseline, gates from the run, rps default stated', async () => {
  const p = await fixturePlan('go');
  assert.equal(p.decision.verdict, 'go');
  assert.deepEqual(p.decision.reasons, []);
  assert.deepEqual(p.stages.map((s) => s.weight), [10, 25, 50, 100]);
  assert.equal(p.sampleSize.minCandidateRequests, twoProportionSampleSize(0.025, 0.05), 'the error rate needs the most');
  assert.deepEqual(p.sampleSize.rates.map((r) => [r.metric, r.baselineFailures, r.baselineRequests]), [['errorRate', 1, 40], ['schemaFailureRate', 2, 40]]);
  assert.equal(p.traffic.rpsSource, 'default');
  assert.ok(p.warnings.some((w) => /No request rate given/.test(w)));
  assert.equal(p.stages[0].minDurationSeconds, Math.ceil(p.sampleSize.minCandidateRequests / 0.1), '1 rps × 10%');
  const gate = (id: string) => p.gates.find((g) => g.id === id)!;
  assert.equal(gate('error-rate').threshold, 0.05);
  assert.equal(gate('error-rate').onBreach, 'rollback');
  assert.equal(gate('schema-pass-rate').threshold, 0.9, 'baseline 95% − tolerance 5 points');
  assert.equal(gate('schema-pass-rate').comparator, '>=');
  assert.equal(gate('latency-p95').threshold, Math.round(992 * 1.2));
  assert.equal(gate('latency-p95').onBreach, 'pause');
  assert.equal(gate('cost-per-request').threshold, 0.000875);
  assert.match(gate('error-rate').query!, /gen_ai_client_operation_duration_seconds_count\{gen_ai_request_model="gpt-4.1",error_type!=""\}/);
  assert.match(gate('cost-per-request').query!, /gen_ai_client_token_usage_sum/);
  assert.equal(gate('sample-size').threshold, p.sampleSize.minCandidateRequests);
  assert.equal(p.routes.length, 1);
  assert.equal(p.flagKey, 'promptshift-gpt-4o-to-gpt-4-1');
  assert.ok(validate(p), JSON.stringify(validate.errors));
});

test('--rps, --stages and --flag-key change the plan', async () => {
  const p = await fixturePlan('go', { rps: 5, stages: [5, 50, 100], flagKey: 'summaries-model' });
  assert.deepEqual(p.stages.map((s) => s.weight), [5, 50, 100]);
  assert.equal(p.stages[0].minDurationSeconds, Math.ceil(p.sampleSize.minCandidateRequests / (5 * 0.05)));
  assert.equal(p.traffic.rpsSource, 'given');
  assert.equal(p.flagKey, 'summaries-model');
  assert.equal(p.routes[0].flagKey, 'summaries-model');
  assert.ok(validate(p), JSON.stringify(validate.errors));
});

test('a baseline with no failures: rule of three, 300 requests a stage', async () => {
  const p = await fixturePlan('zero-failures');
  assert.equal(p.sampleSize.minCandidateRequests, 300);
  assert.ok(p.sampleSize.rates.every((r) => r.method === 'rule-of-three'));
  assert.ok(validate(p));
});

test('a significant regression offline is no-go, with the significance test\'s reasons', async () => {
  const p = await fixturePlan('regressed');
  assert.equal(p.decision.verdict, 'no-go');
  assert.ok(p.decision.reasons.some((r) => /error rate rose significantly/.test(r)), p.decision.reasons.join('\n'));
  assert.ok(p.evidence.callSites[0].significance.regressed);
  assert.ok(validate(p), JSON.stringify(validate.errors));
});

test('flagged cases make the plan no-go and name the cases', async () => {
  const p = await fixturePlan('flagged');
  assert.equal(p.decision.verdict, 'no-go');
  assert.equal(p.evidence.callSites[0].review.flagged, 1);
  assert.equal(p.evidence.callSites[0].review.accepted, 1);
  assert.ok(p.decision.reasons.some((r) => r.includes('c5') && r.includes('reviewers flagged 1 case')));
  assert.ok(validate(p));
});

test('several call sites: gates on the aggregate, evidence per call site, a flag per baseline model', async () => {
  const p = await fixturePlan('multi');
  assert.equal(p.evidence.callSites.length, 2);
  assert.equal(p.evidence.aggregate.arms.baseline.n, 70);
  assert.deepEqual(p.routes.map((r) => [r.baseline, r.candidate, r.flagKey]), [
    ['gpt-4o', 'gpt-4.1', 'promptshift-gpt-4o-to-gpt-4-1'], ['gpt-4o-mini', 'gpt-4.1', 'promptshift-gpt-4o-mini-to-gpt-4-1']]);
  // The schema rate is sized over the call site that has a schema only.
  const schema = p.sampleSize.rates.find((r) => r.metric === 'schemaFailureRate')!;
  assert.deepEqual([schema.baselineFailures, schema.baselineRequests], [2, 40]);
  const err = p.sampleSize.rates.find((r) => r.metric === 'errorRate')!;
  assert.deepEqual([err.baselineFailures, err.baselineRequests], [2, 70]);
  assert.match(p.coverage, /aggregate/);
  assert.ok(validate(p), JSON.stringify(validate.errors));
  const keyed = await fixturePlan('multi', { flagKey: 'llm' });
  assert.deepEqual(keyed.routes.map((r) => r.flagKey), ['llm-gpt-4o', 'llm-gpt-4o-mini']);
});

test('bad input: a run without results, a run with one arm, not a run', async () => {
  const empty = await planForRun(join(RUNS, 'empty'), {});
  assert.ok(!empty.ok && /no results/.test(empty.error));
  const oneArm = await planForRun(join(RUNS, 'one-arm'), {});
  assert.ok(!oneArm.ok && /one arm only/.test(oneArm.error));
  const none = await planForRun(join(RUNS, 'does-not-exist'), {});
  assert.ok(!none.ok && /plan\.json/.test(none.error));
  const stages = await planForRun(join(RUNS, 'go'), { stages: [10, 50] });
  assert.ok(!stages.ok && /end at 100/.test(stages.error));
});

test('the schema rejects a plan that breaks it', async () => {
  const p = JSON.parse(JSON.stringify(await fixturePlan('go'))) as Record<string, unknown>;
  (p.stages as { weight: number }[])[0].weight = 150;
  (p.decision as { verdict: string }).verdict = 'maybe';
  assert.ok(!validate(p));
  const paths = validate.errors!.map((e) => e.instancePath);
  assert.ok(paths.includes('/stages/0/weight') && paths.includes('/decision/verdict'), paths.join(', '));
});
