import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  buildTree, childrenOf, countLabel, findSiteNode, isGrouping, parentOf, promptFirstLine, siteLabel, UNKNOWN_MODEL,
  type FileNode, type GroupNode, type IndexedSite,
} from '../../../src/host/views/grouping';
import { familyIcon } from '../../../src/host/views/familyIcons';
import { callSiteFromArg } from '../../../src/host/callSiteArg';
import { API_FAMILIES } from '../../../src/core/callsite';
import { site } from './support';

const entries: IndexedSite[] = [
  { site: site({ id: 'a1', path: 'src/a.ts', line: 30, model: 'gpt-4o' }), file: 'src/a.ts' },
  { site: site({ id: 'a2', path: 'src/a.ts', line: 5, model: 'gpt-4.5-preview' }), file: 'src/a.ts' },
  { site: site({ id: 'b1', path: 'lib/b.py', line: 7, model: 'gpt-4o', language: 'py', api: 'openai.responses' }), file: 'lib/b.py' },
  { site: site({ id: 'c1', path: 'src/c.ts', line: 1, model: null, modelResolved: 'gpt-4o' }), file: 'src/c.ts' },
  { site: site({ id: 'd1', path: 'src/d.ts', line: 2, model: null, modelResolved: null, api: 'anthropic.messages' }), file: 'src/d.ts' },
];

test('by model: groups sorted by id, the unknown model last, then files, then call sites by line', () => {
  const roots = buildTree(entries, 'model') as GroupNode[];
  assert.deepEqual(roots.map((g) => [g.label, g.count]), [['gpt-4.5-preview', 1], ['gpt-4o', 3], [UNKNOWN_MODEL, 1]]);
  const gpt4o = roots[1];
  assert.deepEqual(gpt4o.files.map((f) => [f.file, f.count]), [['lib/b.py', 1], ['src/a.ts', 1], ['src/c.ts', 1]]);
  assert.equal(gpt4o.files[2].sites[0].entry.site.id, 'c1', 'a resolved model groups with its literal twin');
});

test('by model: retired groups first, then retiring, then the rest — urgency before the alphabet', () => {
  const more = [...entries, { site: site({ id: 'z1', path: 'src/z.ts', model: 'zeta-old' }), file: 'src/z.ts' }, { site: site({ id: 'a9', path: 'src/y.ts', model: 'alpha' }), file: 'src/y.ts' }];
  const urgency = (m: string) => (m === 'zeta-old' ? 0 : m === 'gpt-4o' ? 1 : 2);
  const roots = buildTree(more, 'model', urgency) as GroupNode[];
  assert.deepEqual(roots.map((g) => g.label), ['zeta-old', 'gpt-4o', 'alpha', 'gpt-4.5-preview', UNKNOWN_MODEL]);
});

test('by file: top level is files, call sites sorted by line', () => {
  const roots = buildTree(entries, 'file') as FileNode[];
  assert.deepEqual(roots.map((f) => f.kind), ['file', 'file', 'file', 'file']);
  const a = roots.find((f) => f.file === 'src/a.ts')!;
  assert.deepEqual(a.sites.map((s) => s.entry.site.line), [5, 30]);
  assert.equal(parentOf(a), undefined);
  assert.equal(parentOf(a.sites[0]), a);
});

test('by family: one group per API family', () => {
  const roots = buildTree(entries, 'family') as GroupNode[];
  assert.deepEqual(roots.map((g) => [g.label, g.count]), [['anthropic.messages', 1], ['openai.chat', 3], ['openai.responses', 1]]);
});

test('node ids are unique and stable across rebuilds', () => {
  const ids = (tree: ReturnType<typeof buildTree>) => {
    const out: string[] = [];
    const walk = (n: Parameters<typeof childrenOf>[0]) => { out.push(n.id); childrenOf(n).forEach(walk); };
    tree.forEach(walk);
    return out;
  };
  const first = ids(buildTree(entries, 'model'));
  assert.equal(new Set(first).size, first.length);
  assert.deepEqual(ids(buildTree([...entries].reverse(), 'model')), first);
});

test('findSiteNode finds the leaf of a call site', () => {
  const roots = buildTree(entries, 'model');
  const leaf = findSiteNode(roots, { id: 'b1', path: 'lib/b.py' });
  assert.equal(leaf?.entry.site.id, 'b1');
  assert.equal(findSiteNode(roots, { id: 'zz', path: 'x' }), undefined);
});

test('labels: counts, the leaf label per grouping, the prompt first line', () => {
  assert.equal(countLabel(1), '1 call site');
  assert.equal(countLabel(4), '4 call sites');
  assert.equal(siteLabel(site({ line: 12 }), 'model'), 'line 12');
  assert.equal(siteLabel(site({ line: 12 }), 'file'), 'gpt-4o · line 12');
  assert.equal(siteLabel(site({ model: null, modelResolved: null }), 'family'), `${UNKNOWN_MODEL} · line 10`);
  assert.equal(promptFirstLine(site({ prompt: { messages: [{ role: 'system', content: '\n\n  First line\nsecond' }], holes: [] } })), 'First line');
  assert.equal(promptFirstLine(site({ prompt: null })), '');
  assert.equal(promptFirstLine(site({ prompt: { messages: [{ role: 'user', content: 'x'.repeat(200) }], holes: [] } })).length, 80);
  assert.ok(isGrouping('family'));
  assert.ok(!isGrouping('folder'));
});

test('every API family has a codicon', () => {
  for (const f of API_FAMILIES) assert.match(familyIcon(f), /^[a-z-]+$/);
  assert.equal(familyIcon('something-new'), familyIcon('other'));
});

test('commands accept a CallSite or the tree element holding one', () => {
  const s = site();
  const leaf = findSiteNode(buildTree([{ site: s, file: s.path }], 'model'), s)!;
  assert.equal(callSiteFromArg(s), s);
  assert.equal(callSiteFromArg(leaf), s);
  assert.equal(callSiteFromArg(leaf.parent), undefined);
  assert.equal(callSiteFromArg('gpt-4o'), undefined);
  assert.equal(callSiteFromArg(undefined), undefined);
});
