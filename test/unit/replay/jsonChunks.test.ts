// plan.json is written in pieces (src/node/jsonChunks.ts); the file must read exactly as
// JSON.stringify(plan, null, 2) + '\n' did, whatever the plan holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunked, prettyJsonFile, prettyJsonPieces } from '../../../src/node/jsonChunks';
import { buildPlan } from '../../../src/core/replay/plan';
import { site } from './fakes';

const same = (v: unknown) => assert.equal([...prettyJsonPieces(v)].join(''), JSON.stringify(v, null, 2));

test('pieces concatenate to JSON.stringify(value, null, 2), edge cases included', () => {
  same({});
  same([]);
  same({ a: [], b: {}, c: null, d: 'x\ny "q"', e: [1, undefined, () => 1, Symbol('s')], f: undefined, g: () => 1 });
  same([[[]], [{}], [{ a: [1, { b: 'c' }] }]]);
  same({ date: new Date(0), map: new Map([[1, 2]]), nested: { toJSON: () => ({ x: [1, 2] }) } });
  same(Object.assign(Object.create(null), { z: 1, a: [true, false, 1.5e-7, -0] }));
  same('plain');
  same(42);
  same(null);
});

test('a plan file is the same text in chunks as in one piece', () => {
  const cases = Array.from({ length: 300 }, (_, i) => ({ id: `c${i}`, vars: { doc: `doc ${i}\t"quoted" ${'é'.repeat(i % 7)}`, lang: 'en' } }));
  const r = buildPlan({ runId: 'r', createdAt: 'now', targets: [{ callSite: site(), cases, schema: { type: 'object' } }], baseline: null, candidate: 'gpt-5-mini', repeats: 2, baseURL: 'http://localhost:1/v1', shard: null });
  assert.ok(r.ok);
  const chunks = [...chunked(prettyJsonFile(r.plan), 1024)];
  assert.ok(chunks.length > 4, `${chunks.length} chunks`);
  // A chunk is its size plus at most one piece: a run of small values (RUN_CHARS, ~8 K estimated).
  assert.ok(chunks.every((c) => c.length < 1024 + 32_768));
  assert.equal(chunks.join(''), JSON.stringify(r.plan, null, 2) + '\n');
});

test('small subtrees come whole, large ones in pieces, the text unchanged', () => {
  const big = { cases: Array.from({ length: 2000 }, (_, i) => ({ id: `c${i}`, vars: { doc: `d${i}`, n: i, nested: [{ deep: [i, null, 'x\ny'] }] } })), arms: { baseline: { model: 'm' } } };
  same(big);
  same({ wrap: [big, { small: [1, 2, { a: 'b' }] }] });
  same({ mixed: [...big.cases.slice(0, 100), undefined, () => 1, big, null, 'x', ...big.cases.slice(0, 70), [big.cases]] });
  const pieces = [...prettyJsonPieces(big)];
  // Runs of cases in one piece, not a piece a key and leaf; none anywhere near the whole.
  assert.ok(pieces.length < 2000 / 8, `${pieces.length} pieces`);
  const whole = JSON.stringify(big, null, 2).length;
  assert.ok(whole > 400_000 && Math.max(...pieces.map((p) => p.length)) < 32_768);
});
