// `replay --sweep FAMILY`: the tiers come from the model catalog — the family's one-word tiers,
// cheapest first, retired ones left out by the pinned "today", the baseline never its own candidate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_CATALOG, loadCatalog } from '../../../src/core/models/catalog';
import { familyTiers, sweepModels } from '../../../src/core/models/family';
import { hostEndpoints } from '../../../src/core/models/hosts';
import { planCandidates } from '../../../src/core/replay/sweepArms';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import type { RunPlanFile } from '../../../src/core/replay/records';
import { capture, makeWorkspace, scanId, writeCases } from './workspace';

const catalog = loadCatalog(BUILTIN_CATALOG);

test('a family is its own entry and its one-word tiers, cheapest first; snapshots, previews and retired tiers are not', () => {
  assert.deepEqual(familyTiers(catalog, 'gpt-4.1', '2026-10-01').models, ['gpt-4.1-nano', 'gpt-4.1-mini', 'gpt-4.1']);
  const late = familyTiers(catalog, 'gpt-4.1', '2026-11-15');
  assert.deepEqual(late.models, ['gpt-4.1-mini', 'gpt-4.1']);
  assert.deepEqual(late.retired, ['gpt-4.1-nano (retired 2026-10-23)']);
  assert.deepEqual(familyTiers(catalog, 'gpt-4o', '2026-06-01').models, ['gpt-4o-mini', 'gpt-4o'], 'no dated snapshot, no audio or realtime preview');
  assert.deepEqual(familyTiers(catalog, 'GPT-5.6', '2026-11-15').models, ['gpt-5.6-luna', 'gpt-5.6-terra', 'gpt-5.6-sol']);
  assert.deepEqual(familyTiers(catalog, 'gpt-4.', '2026-06-01').models, [], 'the family name is literal, not a pattern');
});

test('--sweep and --candidate combine; the baseline is left out; an unknown family is a clear error', () => {
  const r = sweepModels(['gpt-4o-mini'], ['gpt-4.1'], ['gpt-4.1'], catalog, '2026-11-15');
  assert.ok(r.ok);
  assert.deepEqual(r.models, ['gpt-4o-mini', 'gpt-4.1-mini']);
  assert.deepEqual(r.notes, ['--sweep gpt-4.1: left out gpt-4.1-nano (retired 2026-10-23)']);
  const mixed = sweepModels([], ['gpt-4.1'], ['gpt-4.1', 'gpt-4o'], catalog, '2026-10-01');
  assert.ok(mixed.ok);
  assert.deepEqual(mixed.models, ['gpt-4.1-nano', 'gpt-4.1-mini', 'gpt-4.1'], 'call sites with different baselines: every tier is a candidate');
  const bad = sweepModels([], ['gpt-9'], ['gpt-4.1'], catalog, '2026-11-15');
  assert.deepEqual(bad, { ok: false, error: '--sweep gpt-9: the model catalog has no family "gpt-9"' });
});

test('replay --sweep plans one arm per tier from the catalog, named by model', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 3);
  const server = await startLocalEndpoint({ latencyMs: 1 });
  try {
    const io = capture(root, { OPENAI_API_KEY: 'sk-test', PROMPTSHIFT_TODAY: '2026-06-01' });
    assert.equal(await replay(['--callsite', id, '--sweep', 'gpt-4o', '--candidate', 'gpt-4.1-mini', '--base-url', server.url, '--run-dir', 'fam'], io.io), 0, io.err());
    const plan = JSON.parse(readFileSync(join(root, 'fam', 'plan.json'), 'utf8')) as RunPlanFile;
    assert.deepEqual(Object.keys(plan.arms), ['baseline', 'gpt-4.1-mini', 'gpt-4o-mini'], 'the call site\'s own gpt-4o is the baseline, not a candidate');
    const usage = capture(root);
    await assert.rejects(replay(['--resume', 'fam', '--sweep', 'gpt-4o', '--base-url', server.url], usage.io), /--sweep plans a new run/);
  } finally {
    await server.close();
  }
});

test('planned candidates (the CLI\'s and the editor\'s): one model is a plain run, several a sweep, MODEL@HOST a hosted arm', () => {
  const endpoints = hostEndpoints(undefined, 'config.json').endpoints;
  const base = { baselines: ['gpt-4.1'], catalog, today: '2026-11-15', endpoints };
  const one = planCandidates({ ...base, models: ['gpt-4o-mini'], families: [] });
  assert.ok(one.ok);
  assert.equal(one.candidate, 'gpt-4o-mini');
  const family = planCandidates({ ...base, models: [], families: ['gpt-4.1'] });
  assert.ok(family.ok);
  assert.equal(family.candidate, 'gpt-4.1-mini', 'a family with one tier besides the baseline is a plain run of that tier, as the CLI plans it');
  assert.deepEqual(family.notes, ['--sweep gpt-4.1: left out gpt-4.1-nano (retired 2026-10-23)']);
  const hosted = planCandidates({ ...base, models: ['gpt-4o-mini', 'llama-4-scout@cerebras'], families: [] });
  assert.ok(hosted.ok);
  assert.equal(hosted.models.length, 2);
  assert.ok(Array.isArray(hosted.candidate) && typeof hosted.candidate[1] === 'object' && hosted.candidate[1].endpoint?.host === 'cerebras');
  const none = planCandidates({ ...base, models: [], families: ['no-such-family'] });
  assert.ok(!none.ok && /no family "no-such-family"/.test(none.error));
});
