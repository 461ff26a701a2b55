// package.json and src/host/ids.ts must name the same commands, views and settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, INTERNAL_COMMANDS, Settings, ViewContainers, Views } from '../../src/host/ids';
import { SCANNED_LANGUAGE_IDS } from '../../src/host/languages';
import { REPO_ROOT } from './support/paths';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const sorted = (xs: Iterable<string>) => [...xs].sort();

test('every command in code is contributed, and every contributed command is in code', () => {
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command);
  assert.deepEqual(sorted(contributed), sorted(Object.values(Commands)));
});

test('every command has a category and a title', () => {
  for (const c of manifest.contributes.commands) {
    assert.equal(c.category, 'Promptshift', `${c.command} has the Promptshift category`);
    assert.ok(c.title?.length > 3, `${c.command} has a title`);
  }
});

test('internal commands are hidden from the palette', () => {
  const hidden = manifest.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
  assert.deepEqual(sorted(hidden), sorted(INTERNAL_COMMANDS));
});

test('views and the view container match', () => {
  assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((v: { id: string }) => v.id), Object.values(ViewContainers));
  const views = manifest.contributes.views[ViewContainers.promptshift].map((v: { id: string }) => v.id);
  assert.deepEqual(sorted(views), sorted(Object.values(Views)));
});

test('settings match', () => {
  const declared = Object.keys(manifest.contributes.configuration.properties);
  const inCode = Object.entries(Settings).filter(([k]) => k !== 'section').map(([, v]) => v);
  assert.deepEqual(sorted(declared), sorted(inCode));
});

test('menus refer only to known commands and views', () => {
  const known = new Set<string>(Object.values(Commands));
  for (const [where, items] of Object.entries(manifest.contributes.menus as Record<string, { command: string }[]>)) {
    for (const m of items) assert.ok(known.has(m.command), `${where} names known command ${m.command}`);
  }
});

test('the extension activates on every language it scans, and only those', () => {
  const onLanguage = manifest.activationEvents.filter((e: string) => e.startsWith('onLanguage:')).map((e: string) => e.slice('onLanguage:'.length));
  assert.deepEqual(sorted(onLanguage), sorted(SCANNED_LANGUAGE_IDS));
});

test('activation is lazy and the manifest is complete', () => {
  assert.ok(!manifest.activationEvents.includes('*'), 'no * activation');
  assert.equal(manifest.engines.vscode, '^1.90.0');
  for (const field of ['name', 'displayName', 'description', 'publisher', 'version', 'license', 'icon', 'repository', 'categories', 'keywords']) {
    assert.ok(manifest[field], `package.json has ${field}`);
  }
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test("the Call Sites view's empty state names every language the scanner reads", () => {
  const welcome = (manifest.contributes.viewsWelcome as Array<{ view: string; contents: string }>).find((w) => w.view === Views.callSites)!.contents;
  const NAMES: Record<string, string> = { typescript: 'TypeScript', typescriptreact: 'TypeScript', javascript: 'JavaScript', javascriptreact: 'JavaScript', python: 'Python', go: 'Go', java: 'Java', csharp: 'C#' };
  for (const id of SCANNED_LANGUAGE_IDS) assert.ok(welcome.includes(NAMES[id]), `${NAMES[id] ?? id} is named`);
});

test('every call-site command a tree item offers inline is also in its context menu (keyboard access)', () => {
  const items = manifest.contributes.menus['view/item/context'] as Array<{ command: string; when: string; group?: string }>;
  for (const inline of items.filter((m) => m.group?.startsWith('inline'))) {
    assert.ok(items.some((m) => m.command === inline.command && m.when === inline.when && !m.group?.startsWith('inline')), `${inline.command} (${inline.when}) in the context menu`);
  }
});
