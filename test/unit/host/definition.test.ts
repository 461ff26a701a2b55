import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeDefinition, isShared, modelDefinition } from '../../../src/host/migrate/definition';
import { site } from './support';

test('a literal at the call: edited there, nothing shared', () => {
  const s = site({ line: 10, endLine: 14, modelSpan: { start: { line: 11, column: 12 }, end: { line: 11, column: 20 } } });
  const d = modelDefinition(s, [s], '')!;
  assert.equal(d.atCall, true);
  assert.equal(isShared(d), false);
  assert.equal(describeDefinition(d, s), 'the model literal at the call (src/a.ts:10)');
});

test('a same-file constant read by two call sites and once more elsewhere: the description says so', () => {
  const text = [
    "const SUMMARY_MODEL = 'gpt-4o';", // 1
    '',
    'export function a() {', // 3
    '  return client.chat.completions.create({ model: SUMMARY_MODEL, messages: [] });', // 4
    '}',
    'export function b() {', // 6
    '  return client.chat.completions.create({ model: SUMMARY_MODEL, messages: [] });', // 7
    '}',
    'log(`using ${SUMMARY_MODEL}`); // SUMMARY_MODEL_X', // 9
    'const SUMMARY_MODEL_2 = 1; // not a read of SUMMARY_MODEL', // 10
  ].join('\n');
  const span = { start: { line: 1, column: 23 }, end: { line: 1, column: 31 } };
  const a = site({ id: 'a', line: 4, endLine: 4, model: null, modelResolved: 'gpt-4o', modelExpr: 'SUMMARY_MODEL', modelSpan: span });
  const b = site({ id: 'b', line: 7, endLine: 7, model: null, modelResolved: 'gpt-4o', modelExpr: 'SUMMARY_MODEL', modelSpan: span });
  const d = modelDefinition(a, [a, b], text)!;
  assert.equal(d.atCall, false);
  assert.equal(d.name, 'SUMMARY_MODEL');
  assert.deepEqual(d.sites.map((s) => s.id), ['a', 'b']);
  assert.deepEqual(d.otherReads, [9]);
  assert.equal(isShared(d), true);
  assert.equal(describeDefinition(d, a), 'SUMMARY_MODEL (line 1) in src/a.ts — 1 other call site reads it too; SUMMARY_MODEL is also read at line 9');
});
