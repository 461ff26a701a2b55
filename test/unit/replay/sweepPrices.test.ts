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
