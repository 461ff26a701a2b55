// The model-flow corpus (test/fixtures/scan/flow): projects whose models come from other modules,
// settings classes, callers, .env files, configuration and registries, scanned as `promptshift
// scan` does (per-file scan, then the cross-file pass). Scored for precision and recall of call
// sites, for never reporting a wrong model, and for the share of knowable models it resolves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths';
import { describeScore, scoreCallSites, type Label } from './score';
import { scanDirectory } from '../../../src/cli/commands/scan';

const ROOT = join(FIXTURES, 'scan', 'flow');

type FlowLabel = Label & { hops?: string[] };

test('flow corpus: precision and recall 1.0, no wrong model, every knowable model resolved, the hops it went through', async () => {
  const labels = JSON.parse(readFileSync(join(ROOT, 'labels.json'), 'utf8')) as FlowLabel[];
  const result = await scanDirectory(ROOT);
  const score = scoreCallSites(labels, result.callSites);
  const report = describeScore(score);
  if (process.env.SCAN_SCORE_VERBOSE) console.log(report);
  assert.equal(score.precision, 1, report);
  assert.equal(score.recall, 1, report);
  assert.equal(score.modelAccuracy, 1, report);
  assert.equal(score.apiAccuracy, 1, report);

  const knowable = labels.filter((l) => l.model !== null || l.modelResolved !== null);
  const unknowable = labels.length - knowable.length;
  assert.ok(knowable.length >= 40 && unknowable >= 8, `corpus: ${knowable.length} knowable, ${unknowable} not`);
  const byKey = new Map(result.callSites.map((s) => [`${s.path}:${s.line}`, s]));
  const missingHops: string[] = [];
  for (const l of labels) {
    const site = byKey.get(`${l.path}:${l.line}`)!;
    const kinds = new Set(site.modelSource.map((h) => h.kind));
    for (const k of l.hops ?? []) if (!kinds.has(k as never)) missingHops.push(`${l.path}:${l.line} lacks a ${k} hop`);
    // The pass's bookkeeping never leaves it; an unknown model always says why it stops.
    assert.ok(site.modelSource.every((h) => !h.follow), `${l.path}:${l.line} kept a continuation`);
    if (site.model === null && site.modelResolved === null) {
      const last = site.modelSource[site.modelSource.length - 1];
      assert.ok(last?.kind === 'stop' && last.reason, `${l.path}:${l.line}: no stop reason in ${JSON.stringify(site.modelSource)}`);
    }
  }
  assert.deepEqual(missingHops, []);
});

test('flow corpus: each resolved id is held by a hop that says where it is written, with its span', async () => {
  const result = await scanDirectory(ROOT);
  for (const site of result.callSites) {
    if (site.modelResolved === null) continue;
    const ids = Array.isArray(site.modelResolved) ? site.modelResolved : [site.modelResolved];
    for (const id of ids) {
      const holder = site.modelSource.find((h) => h.holds !== undefined && (h.holds === id || h.holds.endsWith(id)));
      assert.ok(holder, `${site.path}:${site.line}: no hop holds ${id}: ${JSON.stringify(site.modelSource)}`);
      assert.ok(holder.span, `${site.path}:${site.line}: the hop holding ${id} has no span`);
      const text = readFileSync(join(ROOT, holder.path), 'utf8').split('\n')[holder.span.start.line - 1];
      assert.ok(text.slice(holder.span.start.column - 1, holder.span.end.column - 1).includes(id), `${holder.path}:${holder.line}: span does not cover ${id}`);
    }
  }
});
