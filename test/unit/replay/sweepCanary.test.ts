// The canary of a sweep plans each call site's recommended candidate (the one compare recommends),
// says so on stderr, and takes another when --candidate names it; reviewer decisions count for the
// arm they were made on only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { run as canary } from '../../../src/cli/commands/canary';
import { capture, scanId } from './workspace';
import { makeClassifyWorkspace, TIERS, writeTickets } from './sweepWorkspace';

interface Rollout { routes: Array<{ baseline: string; candidate: string; callSites: string[] }>; decision: { verdict: string; reasons: string[] } }

test('canary of a sweep: the recommended candidate by default, another by --candidate, review decisions per arm', async () => {
  const { root } = makeClassifyWorkspace(60);
  const id = await scanId(root);
  writeTickets(root, id, 60);
  const server = await startLocalEndpoint({ latencyMs: 1, tiers: TIERS });
  try {
    const args = ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4o'].flatMap((c) => ['--candidate', c]);
    const io = capture(root);
    assert.equal(await replay(['--callsite', id, ...args, '--base-url', server.url, '--run-dir', 'sw'], io.io), 0, io.err());

    const plan = async (extra: string[]): Promise<{ rollout: Rollout; err: string; code: number }> => {
      const c = capture(root);
      const code = await canary(['sw', '--format', 'json', '--force', ...extra], c.io);
      return { rollout: code === 2 ? ({} as Rollout) : JSON.parse(c.out()) as Rollout, err: c.err(), code };
    };
    const byDefault = await plan([]);
    assert.deepEqual(byDefault.rollout.routes.map((r) => [r.baseline, r.candidate, r.callSites]), [['gpt-4.1', 'gpt-4.1-mini', [id]]]);
    assert.match(byDefault.err, new RegExp(`sweep: ${id}: planning the recommended candidate gpt-4\\.1-mini \\(`));

    const chosen = await plan(['--candidate', 'gpt-4o']);
    assert.equal(chosen.rollout.routes[0].candidate, 'gpt-4o');
    const unknown = await plan(['--candidate', 'gpt-5']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /the sweep has no candidate "gpt-5" \(its candidates: gpt-4\.1-nano, gpt-4o-mini, gpt-4\.1-mini, gpt-4o\)/);

    // A flag on gpt-4o's answer makes gpt-4o's plan no-go and leaves the recommended candidate's alone.
    writeFileSync(join(root, 'sw', 'review.json'), JSON.stringify({ version: 1, decisions: [{ callSiteId: id, caseId: 't1', arm: 'gpt-4o', decision: 'flagged', comment: 'wrong queue', by: 'r', at: '2026-11-15T00:00:00Z' }] }));
    const flagged = await plan(['--candidate', 'gpt-4o']);
    assert.equal(flagged.rollout.decision.verdict, 'no-go');
    assert.ok(flagged.rollout.decision.reasons.some((r) => /reviewers flagged 1 case: t1/.test(r)), flagged.rollout.decision.reasons.join('\n'));
    const other = await plan([]);
    assert.ok(!other.rollout.decision.reasons.some((r) => /reviewers flagged/.test(r)), other.rollout.decision.reasons.join('\n'));
  } finally {
    await server.close();
  }
});
