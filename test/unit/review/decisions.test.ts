import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decisionFor, emptyReview, parseReview, reviewSummary, withDecision } from '../../../src/core/review/decisions';
import { readReview, writeReview } from '../../../src/node/reviewStore';
import { runSignificance } from '../../../src/core/compare/significance';
import type { ArmMetrics } from '../../../src/core/compare/metrics';

const meta = { comment: '', by: 'ana', at: '2026-11-15T10:00:00Z' };

test('decisions: one per call site and case, last wins; cleared with null; loose ones apply to any call site', () => {
  let r = withDecision(emptyReview(), { callSiteId: 's1', caseId: 'c1' }, { decision: 'flagged', ...meta, comment: 'lost the title' });
  r = withDecision(r, { callSiteId: 's1', caseId: 'c2' }, { decision: 'accepted', ...meta });
  r = withDecision(r, { callSiteId: 's1', caseId: 'c2' }, { decision: 'flagged', ...meta });
  assert.equal(r.decisions.length, 2);
  assert.equal(decisionFor(r, 's1', 'c2')?.decision, 'flagged');
  r = withDecision(r, { callSiteId: 's1', caseId: 'c2' }, null);
  assert.equal(decisionFor(r, 's1', 'c2'), undefined);
  const loose = parseReview(JSON.stringify([{ caseId: 'c9', decision: 'accepted' }]));
  assert.ok(loose.ok);
  assert.equal(decisionFor(loose.review, 'any', 'c9')?.decision, 'accepted');
  const s = reviewSummary(r, 's1', ['c1', 'c2', 'c3']);
  assert.deepEqual(s, { accepted: 0, flagged: 1, flaggedCases: [{ caseId: 'c1', comment: 'lost the title', by: 'ana' }] });
});

test('review.json: bad entries are skipped with a warning naming them; bad JSON is an error', () => {
  const p = parseReview(JSON.stringify({ version: 1, decisions: [{ caseId: 'a', decision: 'maybe' }, { decision: 'flagged' }, { caseId: 'b', decision: 'flagged' }] }));
  assert.ok(p.ok);
  assert.equal(p.review.decisions.length, 1);
  assert.match(p.warnings.join('\n'), /decision 1 \(a\).*accepted.*flagged/);
  assert.match(p.warnings.join('\n'), /decision 2: no caseId/);
  const bad = parseReview('{"decisions": [');
  assert.equal(bad.ok, false);
});

test('reviewStore: missing file is empty; quick successive writes land in order, atomically', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-review-'));
  const first = await readReview(dir);
  assert.ok(first.ok && first.review.decisions.length === 0);
  let r = emptyReview();
  const writes: Promise<void>[] = [];
  for (let i = 0; i < 20; i++) {
    r = withDecision(r, { callSiteId: 's', caseId: `c${i}` }, { decision: i % 2 ? 'flagged' : 'accepted', ...meta });
    writes.push(writeReview(dir, r));
  }
  await Promise.all(writes);
  const back = await readReview(dir);
  assert.ok(back.ok);
  assert.equal(back.review.decisions.length, 20);
  writeFileSync(join(dir, 'review.json'), 'nope');
  const broken = await readReview(dir);
  assert.ok(!broken.ok && /review\.json: not JSON/.test(broken.error));
  assert.ok(readFileSync(join(dir, 'review.json'), 'utf8') === 'nope', 'a broken file is reported, not overwritten by a read');
});

const arm = (over: Partial<ArmMetrics>): ArmMetrics => ({
  n: 80, errors: 0, errorRate: 0, schemaPass: 80, schemaPassRate: 1, latencyP50Ms: 100, latencyP95Ms: 200,
  inputTokens: 0, outputTokens: 0, costUsd: null, costPerCaseUsd: null, ...over,
});

test('run significance: a schema pass rate that fell beyond chance is a regression, with the numbers', () => {
  const s = runSignificance({ baseline: arm({ schemaPass: 79, schemaPassRate: 79 / 80 }), candidate: arm({ schemaPass: 58, schemaPassRate: 58 / 80 }) });
  assert.equal(s.regressed, true);
  assert.equal(s.schemaPassRate?.regressed, true);
  assert.match(s.reasons[0], /schema pass rate fell significantly: schema pass 98\.8% \(79\/80\) → 72\.5% \(58\/80\)/);
  assert.match(s.method, /Fisher/);
  const calm = runSignificance({ baseline: arm({ errors: 1 }), candidate: arm({ errors: 2 }) });
  assert.equal(calm.regressed, false);
  assert.deepEqual(calm.reasons, ['no significant difference in error rate or schema pass rate']);
  const noSchema = runSignificance({ baseline: arm({ schemaPassRate: null }), candidate: arm({ schemaPassRate: null, errors: 30 }) });
  assert.equal(noSchema.schemaPassRate, null);
  assert.equal(noSchema.errorRate.regressed, true);
});
