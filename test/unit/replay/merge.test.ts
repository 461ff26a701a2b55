// `promptshift merge`: two shards (one of them sent through the Batch API) join into a run equal to
// an unsharded one; plans that differ are refused with exit 2 naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { run as merge } from '../../../src/cli/commands/merge';
import { run as compare } from '../../../src/cli/commands/compare';
import { main } from '../../../src/cli/main';
import { workKey, type RunPlanFile, type RunSummary } from '../../../src/core/replay/records';
import { planDifference } from '../../../src/core/replay/merge';
import { capture, makeWorkspace, readRecords, scanId, writeCases } from './workspace';

const json = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

test('merge of two shards equals an unsharded run; differing plans are refused with exit 2', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 15);
  const server = await startLocalEndpoint({ latencyMs: 1 });
  try {
    const common = ['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', server.url, '--no-cache'];
    for (const [dir, extra] of [['full', []], ['s1', ['--shard', '1/2', '--batch', '--batch-poll-ms', '1']], ['s2', ['--shard', '2/2']], ['other', ['--shard', '2/2', '--repeats', '2']]] as const) {
      const io = capture(root, {});
      assert.equal(await replay([...common, ...extra, '--run-dir', dir], io.io), 0, io.err());
    }
    const s1 = readRecords(join(root, 's1')), s2 = readRecords(join(root, 's2'));
    assert.equal(s1.length, 16);
    assert.equal(s2.length, 14);

    const m = capture(root, {});
    assert.equal(await main(['merge', 's1', 's2', 's1', '--out', 'merged', '--json'], m.io), 0, m.err());
    assert.deepEqual(JSON.parse(m.out()), { runDir: join(root, 'merged') });
    const merged = readRecords(join(root, 'merged'));
    const full = new Map(readRecords(join(root, 'full')).map((r) => [workKey(r), r]));
    assert.equal(merged.length, 30, 'the repeated shard adds nothing');
    assert.deepEqual(new Set(merged.map(workKey)), new Set(full.keys()));
    for (const r of merged) {
      const o = full.get(workKey(r))!;
      for (const k of ['status', 'output', 'usage', 'requestHash', 'model', 'json'] as const) assert.deepEqual(r[k], o[k], k);
    }
    const plan = json<RunPlanFile>(join(root, 'merged', 'plan.json'));
    const fullPlan = json<RunPlanFile>(join(root, 'full', 'plan.json'));
    assert.equal(plan.shard, null);
    assert.equal(planDifference(plan, fullPlan), null);
    assert.notEqual(plan.runId, fullPlan.runId);
    const sum = json<RunSummary & { duplicates: number; mergedFrom: unknown[] }>(join(root, 'merged', 'summary.json'));
    assert.equal(sum.stopReason, 'completed');
    assert.equal(sum.total, 30);
    assert.equal(sum.done, 30);
    assert.equal(sum.errors, 0);
    assert.equal(sum.duplicates, 16);
    assert.equal(sum.mergedFrom.length, 3);
    const spent = (dir: string) => json<RunSummary>(join(root, dir, 'summary.json')).spentUsd;
    assert.ok(Math.abs(sum.spentUsd - (spent('s1') + spent('s2'))) < 1e-5);
    // The merged run is a run: compare reads it like the unsharded one.
    const a = capture(root), b = capture(root);
    assert.equal(await compare(['merged', '--json'], a.io), 0, a.err());
    assert.equal(await compare(['full', '--json'], b.io), 0, b.err());
    assert.deepEqual(JSON.parse(a.out()).cases.map((c: { id?: string; caseId?: string }) => c.id ?? c.caseId), JSON.parse(b.out()).cases.map((c: { id?: string; caseId?: string }) => c.id ?? c.caseId));

    // A merge missing a shard is written but not complete; default directory beside the first run.
    const part = capture(root, {});
    assert.equal(await merge(['s2'], part.io), 0, part.err());
    const partDir = part.out().trim();
    assert.equal(join(partDir, '..'), root);
    const partSum = json<RunSummary>(join(partDir, 'summary.json'));
    assert.equal(partSum.done, 14);
    assert.equal(partSum.total, 30);
    assert.notEqual(partSum.stopReason, 'completed');

    const bad = capture(root, {});
    assert.equal(await merge(['s1', 'other', '--out', 'nope'], bad.io), 2);
    assert.match(bad.err(), /plans differ in "repeats"/);
    const usage = capture(root, {});
    assert.equal(await main(['merge', 's1', 's2', '--out', 'merged'], usage.io), 2);
    assert.match(usage.err(), /already holds a run/);
  } finally {
    await server.close();
  }
});

test('planDifference names the first differing field, ignoring run id, time and shard', () => {
  const base: RunPlanFile = { version: 1, runId: 'a', createdAt: 't1', arms: { baseline: { model: null }, candidate: { model: 'x' } }, repeats: 1, endpoint: { baseURL: null }, shard: { index: 1, count: 2 }, callSites: [] };
  assert.equal(planDifference(base, { ...base, runId: 'b', createdAt: 't2', shard: { index: 2, count: 2 } }), null);
  assert.equal(planDifference(base, { ...base, arms: { ...base.arms, candidate: { model: 'y' } } }), 'arms.candidate.model');
  assert.equal(planDifference(base, { ...base, endpoint: { baseURL: 'http://h/v1' } }), 'endpoint.baseURL');
});
