// The editor's pure views of a model found through configuration: tree groups and badge, the
// provenance chain as Markdown, and the definitions diagnostics and quick fixes land on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelHop } from '../../../src/core/callsite';
import { buildTree, resolutionBadge, siteLabel, type GroupNode } from '../../../src/host/views/grouping';
import { chainMarkdown } from '../../../src/host/views/chainText';
import { modelDefinitions, replaceBare, sitesText } from '../../../src/host/diagnostics/definitions';
import { callSiteTooltip } from '../../../src/host/views/tooltip';
import { site } from './support';

const envSpan = { start: { line: 3, column: 14 }, end: { line: 3, column: 30 } };
const chain: ModelHop[] = [
  { kind: 'import', path: 'app/main.py', line: 2, text: 'from app.settings import settings', name: 'settings' },
  { kind: 'settings', path: 'app/settings.py', line: 14, text: 'openai_model: str = "gpt-4o"', name: 'openai_model' },
  { kind: 'dotenv', path: '.env', line: 3, text: 'OPENAI_MODEL=gpt-3.5-turbo-0613', span: envSpan, holds: 'gpt-3.5-turbo-0613', name: 'openai_model' },
];
const viaEnv = site({ id: 'e1', path: 'app/main.py', line: 9, model: null, modelExpr: 'settings.openai_model', modelResolved: 'gpt-3.5-turbo-0613', modelSource: chain, modelSpan: null });
const registry = site({
  id: 'r1', path: 'app/tiers.py', line: 20, model: null, modelExpr: 'TIERS[tier]', modelResolved: ['gpt-4o-mini', 'o3'], modelSpan: null,
  modelSource: [
    { kind: 'registry', path: 'app/tiers.py', line: 20, text: 'model=TIERS[tier]' },
    { kind: 'constant', path: 'app/tiers.py', line: 3, text: 'TIERS = {"free": "gpt-4o-mini", "pro": "o3"}', span: { start: { line: 3, column: 19 }, end: { line: 3, column: 32 } }, holds: 'gpt-4o-mini' },
    { kind: 'constant', path: 'app/tiers.py', line: 3, text: 'TIERS = {"free": "gpt-4o-mini", "pro": "o3"}', span: { start: { line: 3, column: 41 }, end: { line: 3, column: 45 } }, holds: 'o3' },
  ],
});

test('tree: a registry call site sits under each id it may use; the badge says where the id is written', () => {
  const roots = buildTree([{ site: viaEnv, file: viaEnv.path }, { site: registry, file: registry.path }, { site: site({ id: 'l', model: 'o3' }), file: 'src/a.ts' }], 'model') as GroupNode[];
  assert.deepEqual(roots.map((g) => [g.label, g.count]), [['gpt-3.5-turbo-0613', 1], ['gpt-4o-mini', 1], ['o3', 2]]);
  assert.equal(resolutionBadge(viaEnv), '⚙ .env:3');
  assert.equal(resolutionBadge(registry), '⚙ one of 2');
  assert.equal(resolutionBadge(site()), null, 'a literal at the call has no badge');
  assert.equal(siteLabel(registry, 'file'), 'gpt-4o-mini | o3 · line 20');
});

test('chain markdown: each hop with its place as a link, the id it defines, and why following stopped; source text stays inert', () => {
  const md = chainMarkdown(viaEnv, (h) => `file:///w/${h.path}#L${h.line}`);
  assert.match(md, /Resolved through configuration\*\* — `gpt-3\.5-turbo-0613`/);
  assert.ok(md.includes('1. imported `settings` — [app\\/main\\.py\\:2](file:///w/app/main.py#L2) `from app.settings import settings`'), md);
  assert.ok(md.includes('3. set in `openai_model` — [\\.env\\:3](file:///w/.env#L3) `OPENAI_MODEL=gpt-3.5-turbo-0613` → `gpt-3.5-turbo-0613`'), md);
  const stopped = chainMarkdown(site({ model: null, modelResolved: null, modelSource: [{ kind: 'stop', path: 'a.py', line: 4, text: 'x', reason: 'chosen at run time [click](command:evil)' }] }));
  assert.match(stopped, /Model not known from the repository/);
  assert.ok(!stopped.includes('](command:'), 'a reason cannot make a link');
  assert.equal(chainMarkdown(site()), '', 'nothing for a literal');
  assert.match(callSiteTooltip(registry, registry.path), /`gpt-4o-mini` \| `o3`/);
});

test('definitions: one per place an id is written outside its call, shared by the call sites reading it', () => {
  const twin = { ...viaEnv, id: 'e2', line: 30 };
  const defs = modelDefinitions([viaEnv, twin, registry, site()]);
  assert.deepEqual(defs.map((d) => [d.path, d.span.start.line, d.id, d.sites.map((s) => s.id)]), [
    ['.env', 3, 'gpt-3.5-turbo-0613', ['e1', 'e2']], ['app/tiers.py', 3, 'gpt-4o-mini', ['r1']], ['app/tiers.py', 3, 'o3', ['r1']],
  ]);
  assert.equal(sitesText(defs[0].sites), 'app/main.py:9, app/main.py:30');
  // The literal a call site already points at (modelSpan) is the literal diagnostics', not a definition elsewhere.
  const sameFile = site({ model: null, modelResolved: 'gpt-4o', modelSpan: envSpan, path: 'a.py', modelSource: [{ kind: 'constant', path: 'a.py', line: 3, text: '', span: envSpan, holds: 'gpt-4o' }] });
  assert.deepEqual(modelDefinitions([sameFile]), []);
});

test('replacing a bare value (YAML, .env, properties) keeps what surrounds it and a provider prefix', () => {
  assert.equal(replaceBare('gpt-3.5-turbo-0613', 'gpt-3.5-turbo-0613', 'gpt-4o-mini'), 'gpt-4o-mini');
  assert.equal(replaceBare('openai/gpt-4', 'gpt-4', 'gpt-4.1'), 'openai/gpt-4.1');
  assert.equal(replaceBare('gpt-4o', 'gpt-4', 'x'), null);
});
