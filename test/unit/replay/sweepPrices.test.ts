// The editor's sweep recommendation (the review's run loader, which the CodeLens and trees read) prices
// the arms with the catalog overrides of promptshift.models.catalog: a team's negotiated price that
// makes the cheapest passing tier dearer than another passing tier changes the recommendation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { loadRun } from '../../../src/host/review/runCache';
import { capture, scanId } from './workspace';
import { makeClassifyWorkspace, TIERS, writeTickets } from './sweepWorkspace';
import { withDecision } from '../../../src/core/review/decisions';
import { readResultRecords } from '../../../src/core/replay/records';
import { caseRow } from '../../../src/host/review/viewModels';
import { readReview, updateReview } from '../../../src/node/reviewStore';
import { NodeRunStore } from '../../../src/node/runStore';
import { chooseSweepArms } from '../../../src/node/sweepChoice';

test('sweep recommendation: catalog overrides reprice the arms and can change the model recommended', async () => {
  const { root } = makeClassifyWorkspace(60);
  const id = await scanId(root);
  writeTickets(root, id, 60);
  const server = await startLocalEndpoint({ latencyMs: 1, tiers: TIERS });
  try {
    const io = capture(root);
    const args = ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4o'].flatMap((c) => ['--candidate', c]);
    assert.equal(await replay(['--callsite', id, ...args, '--base-url', server.url, '--run-dir', 'sw'], io.io), 0, io.err());
    const dir = join(root, 'sw');

    const builtin = await loadRun(dir);
    assert.ok(builtin.ok && builtin.run.sweeps);
    assert.equal(builtin.run.sweeps[0].recommendation.model, 'gpt-4.1-mini');

    // gpt-4.1-mini at a price above gpt-4o's: gpt-4o is now the cheapest candidate whose gates hold.
    const overrides = [{ id: 'gpt-4.1-mini', inputPerMTok: 40, outputPerMTok: 160 }];
    const repriced = await loadRun(dir, overrides);
    assert.ok(repriced.ok && repriced.run.sweeps);
    const report = repriced.run.sweeps[0];
    const cost = (r: typeof report, arm: string) => r.candidates.find((c) => c.arm === arm)?.costPer1kCallsUsd;
    assert.ok(cost(report, 'gpt-4.1-mini')! > cost(builtin.run.sweeps[0], 'gpt-4.1-mini')!, 'the override\'s price is used');
    assert.equal(report.recommendation.model, 'gpt-4o');
  } finally {
    await server.close();
  }
});

test('a reviewer decision in a sweep\'s panel lands on the arm the panel pairs, so the sweep report and the canary see it', async () => {
  const { root } = makeClassifyWorkspace(40);
  const id = await scanId(root);
  writeTickets(root, id, 40);
  const server = await startLocalEndpoint({ latencyMs: 1, tiers: TIERS });
  try {
    const io = capture(root);
    const args = ['gpt-4.1-nano', 'gpt-4.1-mini', 'gpt-4o'].flatMap((c) => ['--candidate', c]);
    assert.equal(await replay(['--callsite', id, ...args, '--base-url', server.url, '--run-dir', 'sw'], io.io), 0, io.err());
    const dir = join(root, 'sw');
    const loaded = await loadRun(dir);
    assert.ok(loaded.ok && loaded.run.sweeps);
    const site = loaded.run.sites[0];
    const recommended = loaded.run.sweeps[0].recommendation.arm;
    assert.ok(recommended, 'the fixture recommends a tier');
    assert.equal(site.arm, recommended, 'the panel pairs the baseline with the recommended arm');
    const caseId = site.comparison.cases[0].caseId;

    // What the panel's Flag writes (register.ts): the decision names the paired arm.
    await updateReview(dir, (r) => withDecision(r, { callSiteId: id, caseId, arm: site.arm }, { decision: 'flagged', comment: 'wrong label', by: 't', at: '2026-11-15T00:00:00Z' }));
    const review = await readReview(dir);
    assert.ok(review.ok);
    assert.equal(caseRow(id, site.comparison.cases[0], review.review, site.arm).decision, 'flagged', 'the panel shows it back');
    assert.equal(caseRow(id, site.comparison.cases[0], review.review).decision, null, 'it is not a two-arm run\'s decision');

    const choice = await chooseSweepArms(dir, loaded.run.plan, () => readResultRecords(new NodeRunStore(dir).readResultLines()), review.review);
    assert.ok(choice.ok);
    assert.deepEqual(choice.value.review.decisions.map((d) => [d.caseId, d.decision]), [[caseId, 'flagged']], 'the canary reads the flag');
  } finally {
    await server.close();
  }
});
