// Cases files, candidate choices, the workspace inputs and the run index: the replay's pure and
// node-only helpers (no vscode).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCaptured, skeletonFor } from '../../../src/host/replay/casesFiles';
import { candidateChoices, familyChoices } from '../../../src/host/replay/choices';
import { loadReplayTarget } from '../../../src/host/replay/inputs';
import { deleteRun, groupByCallSite, listRuns, runDescription } from '../../../src/host/runs/runIndex';
import { parseCases } from '../../../src/core/replay/cases';
import { BUILTIN_CATALOG, loadCatalog } from '../../../src/core/models/catalog';
import { site } from './support';

test('skeleton: one line a case with the holes, valid for the engine', () => {
  const s = site();
  const text = skeletonFor(s);
  assert.equal(text, '{"id":"case-1","vars":{"doc":""}}\n{"id":"case-2","vars":{"doc":""}}\n');
  assert.equal(parseCases(text, s.prompt).ok, true);
  const noTemplate = skeletonFor(site({ prompt: null }));
  assert.equal(parseCases(noTemplate, null).ok, true);
  assert.match(noTemplate, /"messages"/);
});

test('import: chat bodies, wrapped logs and Responses bodies become messages cases; the rest is skipped by line', () => {
  const capture = [
    JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'U1' }], temperature: 0 }),
    JSON.stringify({ id: 'req-7', request: { body: { messages: [{ role: 'user', content: [{ type: 'text', text: 'U' }, { type: 'text', text: '2' }] }] } } }),
    JSON.stringify({ model: 'gpt-4.1', instructions: 'I', input: 'U3' }),
    '',
    'not json',
    JSON.stringify({ hello: 1 }),
    JSON.stringify({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }),
    JSON.stringify({ id: 'req-7', messages: [{ role: 'user', content: 'dup id' }] }),
  ].join('\n');
  const r = importCaptured(capture);
  assert.equal(r.count, 4);
  const cases = parseCases(r.text, null);
  assert.ok(cases.ok);
  assert.deepEqual(cases.cases.map((c) => c.id), ['captured-1', 'req-7', 'captured-3', 'req-7-2']);
  assert.deepEqual(cases.cases[1], { id: 'req-7', messages: [{ role: 'user', content: 'U2' }] });
  assert.deepEqual(cases.cases[2], { id: 'captured-3', messages: [{ role: 'system', content: 'I' }, { role: 'user', content: 'U3' }] });
  assert.deepEqual(r.skipped.map((s) => s.line), [5, 6, 7]);
});

test('candidate choices: the catalog replacement first, the baseline itself not offered', () => {
  const catalog = loadCatalog(BUILTIN_CATALOG);
  const choices = candidateChoices(catalog, 'gpt-4.5-preview', '2026-01-01');
  assert.ok(choices.length > 1);
  assert.equal(choices[0].recommended, true);
  assert.ok(!choices.some((c) => c.id === 'gpt-4.5-preview'));
  assert.equal(new Set(choices.map((c) => c.id)).size, choices.length, 'no duplicates');
});

test('sweep families offered: the baseline\'s own tiers and its replacement\'s, never the baseline or a retired tier', () => {
  const catalog = loadCatalog(BUILTIN_CATALOG);
  const today = '2026-11-15';
  const forSol = familyChoices(catalog, 'gpt-5.6-sol', today);
  assert.deepEqual(forSol[0], { family: 'gpt-5.6', tiers: ['gpt-5.6-luna', 'gpt-5.6-terra'] }, 'a tier names its family; the baseline is the reference, not a candidate');
  const forMini = familyChoices(catalog, 'gpt-4o-mini', today);
  assert.deepEqual(forMini[0], { family: 'gpt-4o', tiers: ['gpt-4o'] });
  // A retired baseline still has its family; the retired tier (gpt-4.1-nano retires 2026-10-23) is not offered.
  const forNano = familyChoices(catalog, 'gpt-4.1-nano', today);
  assert.deepEqual(forNano[0], { family: 'gpt-4.1', tiers: ['gpt-4.1-mini', 'gpt-4.1'] });
  assert.ok(forNano.length >= 2 && forNano[1].family !== 'gpt-4.1', 'its replacement\'s family is offered too');
  assert.ok(forNano.every((f) => f.tiers.every((t) => t !== 'gpt-4.1-nano')));
  assert.deepEqual(familyChoices(catalog, 'claude-3-5-sonnet-20241022', today).filter((f) => f.tiers.length === 1 && f.family === f.tiers[0]), [], 'a one-model family is a model, not a sweep');
  assert.deepEqual(familyChoices(catalog, null, today), []);
});

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-host-'));
  mkdirSync(join(root, '.promptshift', 'cases'), { recursive: true });
  return root;
}

test('inputs: no cases, a malformed file located by line, a subset of cases, a config link', async () => {
  const root = workspace();
  const s = site({ id: 'sum1' });
  const none = await loadReplayTarget(root, s);
  assert.equal(none.ok, false);
  assert.equal(!none.ok && none.kind, 'noCases');
  writeFileSync(join(root, '.promptshift', 'cases', 'sum1.jsonl'), '{"id":"a","vars":{"doc":"x"}}\n{"id":"b","vars":{"nope":1}}\n');
  const bad = await loadReplayTarget(root, s);
  assert.ok(!bad.ok && bad.kind === 'problems');
  assert.equal(bad.problems[0].file, join(root, '.promptshift', 'cases', 'sum1.jsonl'));
  assert.equal(bad.problems[0].line, 2);
  assert.match(bad.problems[0].text, /sum1\.jsonl:2: case "b": unknown hole "nope"/);
  writeFileSync(join(root, '.promptshift', 'cases', 'sum1.jsonl'), '{"id":"a","vars":{"doc":"x"}}\n{"id":"b","vars":{"doc":"y"}}\n');
  const some = await loadReplayTarget(root, s, ['b']);
  assert.ok(some.ok);
  assert.deepEqual(some.target.cases.map((c) => c.id), ['b']);
  mkdirSync(join(root, 'qa'));
  writeFileSync(join(root, 'qa', 'other.jsonl'), '{"id":"z","vars":{"doc":"q"}}\n');
  writeFileSync(join(root, '.promptshift', 'config.json'), JSON.stringify({ cases: { sum1: 'qa/other.jsonl' } }));
  const linked = await loadReplayTarget(root, s);
  assert.ok(linked.ok);
  assert.equal(linked.casesFile, join(root, 'qa', 'other.jsonl'));
});

test('run index: runs per call site, newest first, interrupted runs resumable, delete stays inside runs/', async () => {
  const root = workspace();
  const runs = join(root, '.promptshift', 'runs');
  const plan = (runId: string, createdAt: string, ids: string[]) => ({
    version: 1, runId, createdAt, arms: { baseline: { model: null }, candidate: { model: 'gpt-4.1' } }, repeats: 1, endpoint: { baseURL: null }, shard: null,
    callSites: ids.map((id) => ({ callSite: site({ id, path: `src/${id}.ts` }), cases: [{ id: 'c', vars: { doc: '' } }], arms: { baseline: { model: 'gpt-4o' }, candidate: { model: 'gpt-4.1' } }, api: 'chat', schema: null })),
  });
  const write = (name: string, p: unknown, summary?: unknown) => {
    mkdirSync(join(runs, name), { recursive: true });
    writeFileSync(join(runs, name, 'plan.json'), JSON.stringify(p));
    if (summary) writeFileSync(join(runs, name, 'summary.json'), JSON.stringify(summary));
  };
  write('r1', plan('r1', '2026-01-01T10:00:00.000Z', ['a']), { runId: 'r1', stopReason: 'completed', stopDetail: null, total: 2, done: 2, ok: 2, errors: 0, cached: 0, resumed: 0, spentUsd: 0, estimate: null, updatedAt: '' });
  write('r2', plan('r2', '2026-01-02T10:00:00.000Z', ['a', 'b']));
  mkdirSync(join(runs, 'broken'));
  const list = await listRuns(root);
  assert.deepEqual(list.filter((r) => !r.problem).map((r) => [r.runId, r.resumable]), [['r2', true], ['r1', false]]);
  const { groups, unreadable } = groupByCallSite(list);
  assert.deepEqual(groups.map((g) => [g.label, g.runs.map((r) => r.runId)]), [['src/a.ts:10', ['r2', 'r1']], ['src/b.ts:10', ['r2']]]);
  assert.deepEqual(unreadable.map((r) => r.runId), ['broken']);
  assert.deepEqual(runDescription(list.find((r) => r.runId === 'r1')!, 'a'), { label: '2026-01-01 10:00 UTC', description: 'gpt-4o → gpt-4.1 · 2/2' });
  assert.match(runDescription(list.find((r) => r.runId === 'r2')!).description, /no summary \(interrupted\)/);
  await assert.rejects(deleteRun(root, root), /not a run directory/);
  await assert.rejects(deleteRun(root, join(runs, '..', 'cases')), /not a run directory/);
  await deleteRun(root, join(runs, 'r1'));
  assert.equal(existsSync(join(runs, 'r1')), false);
  assert.equal(await listRuns(join(root, 'nowhere')).then((r) => r.length), 0);
});
