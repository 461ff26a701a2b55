import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationVerdict } from '../../../src/core/compare/verdict';
import type { ArmMetrics, CallSiteComparison } from '../../../src/core/compare/metrics';

const arm = (over: Partial<ArmMetrics>): ArmMetrics => ({
  n: 50, errors: 0, errorRate: 0, schemaPass: 50, schemaPassRate: 1, latencyP50Ms: 100, latencyP95Ms: 200,
  inputTokens: 0, outputTokens: 0, costUsd: 1, costPerCaseUsd: 0.02, ...over,
});
const comparison = (b: Partial<ArmMetrics>, k: Partial<ArmMetrics>, changed = 7): CallSiteComparison => ({
  callSiteId: 's', models: { baseline: 'gpt-4o', candidate: 'gpt-4.1' }, arms: { baseline: arm(b), candidate: arm(k) }, delta: {} as CallSiteComparison['delta'], changed, cases: [],
  compared: 50, jsonCases: 0, repeats: 1, byRepeat: { baseline: [], candidate: [] },
});

test('the headline: schema counts with the difference, p95 and cost as relative changes, changed cases', () => {
  const v = migrationVerdict(comparison({}, { schemaPass: 49, schemaPassRate: 0.98, latencyP95Ms: 130, costUsd: 0.38 }));
  assert.equal(v.headline, 'schema 49/50 (\u22121) · p95 \u221235% · cost \u221262% · 7 changed');
  assert.equal(v.go, true);
});

test('no-go: a significant regression or a flagged case, with the reasons', () => {
  const v = migrationVerdict(comparison({}, { schemaPass: 30, schemaPassRate: 0.6 }));
  assert.equal(v.go, false);
  assert.match(v.reasons[0], /^schema pass rate fell significantly/);
  const flagged = migrationVerdict(comparison({}, {}), { accepted: 1, flagged: 2, flaggedCases: [] });
  assert.deepEqual([flagged.go, flagged.reasons], [false, ['reviewers flagged 2 cases']]);
  assert.match(flagged.headline, /2 flagged$/);
  const noSchema = migrationVerdict(comparison({ schemaPassRate: null, costUsd: null }, { schemaPassRate: null, errors: 1, costUsd: null }, 0));
  assert.equal(noSchema.headline, 'errors 1/50 (+1) · p95 ±0% · 0 changed');
});
