import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalPretty, describeChange, jsonChanges, pathPattern } from '../../../src/core/compare/jsonChanges';
import { diffOutputs, type DiffRow } from '../../../src/core/compare/outputDiff';

const text = (segs: { text: string }[]) => segs.map((s) => s.text).join('');
const marked = (segs: { text: string; mark: boolean }[]) => segs.filter((s) => s.mark).map((s) => s.text).join('|');

test('JSON: key order and whitespace are not changes; paths name what moved', () => {
  const a = { title: 'Q3', items: [{ id: 1, priority: 'p1' }, { id: 2, priority: 'p2' }, { id: 3, priority: 'p2' }] };
  const b = { items: [{ priority: 'p1', id: 1 }, { id: 2, priority: 'p2' }, { id: 3, priority: 'p1' }], title: 'Q3', 'due date': null };
  const same = diffOutputs({ output: '{"a":1,"b":2}', json: { a: 1, b: 2 } }, { output: '{ "b": 2,\n "a": 1 }', json: { b: 2, a: 1 } });
  assert.equal(same.changed, false);
  assert.equal(same.kind, 'json');
  assert.deepEqual(same.changes, []);
  const d = diffOutputs({ output: JSON.stringify(a), json: a }, { output: JSON.stringify(b), json: b });
  assert.equal(d.changed, true);
  assert.deepEqual(d.changes.map((c) => describeChange(c)), ['$["due date"]: added null', '$.items[2].priority: "p2" → "p1"']);
  assert.equal(d.before, canonicalPretty(a));
  assert.ok(d.before.indexOf('"items"') < d.before.indexOf('"title"'), 'keys sorted');
  assert.equal(pathPattern('$.items[2].priority'), '$.items[*].priority');
  const arr = jsonChanges({ tags: ['a', 'b', 'c'] }, { tags: ['a'] });
  assert.deepEqual(arr.changes.map((c) => describeChange(c)), ['$.tags[1]: removed "b"', '$.tags[2]: removed "c"']);
  const shape = jsonChanges({ x: [1] }, { x: { 0: 1 } });
  assert.deepEqual(shape.changes.map((c) => c.path), ['$.x']);
  const many = jsonChanges(Array.from({ length: 30 }, (_, i) => i), Array.from({ length: 30 }, (_, i) => i + 1), 10);
  assert.deepEqual([many.changes.length, many.omitted], [10, 20]);
});

test('text: changed lines carry word marks; unchanged runs fold into gaps; hunks are unified', () => {
  const middle = ['f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'];
  const before = ['intro', 'a', 'b', 'c', 'd', 'e', 'The quick brown fox.', ...middle, 'tail'].join('\n');
  const after = ['intro', 'a', 'b', 'c', 'd', 'e', 'The quick red fox.', ...middle, 'tail', 'new last line'].join('\n');
  const d = diffOutputs({ output: before }, { output: after });
  assert.equal(d.kind, 'text');
  assert.equal(d.changed, true);
  assert.equal(d.granularity, 'word');
  const kinds = d.rows.map((r) => r.kind);
  assert.deepEqual(kinds, ['gap', 'same', 'same', 'same', 'changed', 'same', 'same', 'same', 'gap', 'same', 'same', 'same', 'added']);
  const changed = d.rows.find((r): r is Extract<DiffRow, { kind: 'changed' }> => r.kind === 'changed')!;
  assert.equal(text(changed.left), 'The quick brown fox.');
  assert.equal(marked(changed.left), 'brown');
  assert.equal(marked(changed.right), 'red');
  assert.equal(changed.before, 7);
  assert.equal(d.hunks.length, 2);
  assert.deepEqual(d.hunks[0], { oldStart: 4, oldLines: 7, newStart: 4, newLines: 7, lines: [' c', ' d', ' e', '-The quick brown fox.', '+The quick red fox.', ' f', ' g', ' h'] });
  assert.deepEqual(d.hunks[1], { oldStart: 14, oldLines: 3, newStart: 14, newLines: 4, lines: [' l', ' m', ' tail', '+new last line'] });
  assert.equal(diffOutputs({ output: 'same\n' }, { output: 'same' }).changed, false);
});

test('guards: huge changed lines are marked whole; a hopeless line diff is shown as replaced', () => {
  const long = 'x '.repeat(5_000);
  const d = diffOutputs({ output: `${long}a` }, { output: `${long}b` });
  assert.equal(d.granularity, 'line');
  const before = Array.from({ length: 300 }, (_, i) => `old ${i}`).join('\n');
  const after = Array.from({ length: 301 }, (_, i) => `new ${i}`).join('\n');
  const w = diffOutputs({ output: before }, { output: after }, { maxLineEdits: 50 });
  assert.equal(w.granularity, 'whole');
  assert.equal(w.rows.filter((r) => r.kind === 'removed').length, 300);
  assert.equal(w.rows.filter((r) => r.kind === 'added').length, 301);
  // As many lines on both sides: edits in place, paired line by line (every 2nd line changed here).
  const lines = Array.from({ length: 300 }, (_, i) => `line ${i} value a`);
  const p = diffOutputs({ output: lines.join('\n') }, { output: lines.map((l, i) => (i % 2 ? l.replace(' a', ' b') : l)).join('\n') }, { maxLineEdits: 50 });
  assert.equal(p.granularity, 'word');
  assert.equal(p.rows.filter((r) => r.kind === 'changed').length, 150);
  assert.equal(p.rows.filter((r) => r.kind === 'same').length, 150);
  const second = p.rows.find((r): r is Extract<DiffRow, { kind: 'changed' }> => r.kind === 'changed')!;
  assert.deepEqual([second.before, second.after, marked(second.left), marked(second.right)], [2, 2, 'a', 'b']);
});

test('two 200 KB outputs diff within the budget (the bench measures it properly)', () => {
  const para = (seed: number) => Array.from({ length: 5_000 }, (_, i) => `line ${i} ${(i * seed) % 97} lorem ipsum dolor sit amet ${i % 7}`).join('\n');
  const a = para(13), b = para(17);
  assert.ok(a.length > 200_000, String(a.length));
  const t0 = performance.now();
  const d = diffOutputs({ output: a }, { output: b });
  const ms = performance.now() - t0;
  assert.equal(d.changed, true);
  assert.ok(ms < 2_000, `took ${ms} ms`);
});
