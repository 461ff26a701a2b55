import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { aggregate, caseLines, failureText, plainText, TestIds, toTerminal, verdictOf } from '../../../src/host/testing/verdicts';
import type { ResultRecord } from '../../../src/core/replay/records';

const rec = (over: Partial<ResultRecord> = {}): ResultRecord => ({
  callSiteId: 'cs', caseId: 'c1', arm: 'candidate', repeat: 0, model: 'gpt-4.1', requestHash: 'h', status: 'ok', error: null,
  output: '{"a":1}', json: { a: 1 }, schema: null, latencyMs: 120, usage: { input: 1, output: 1 }, costUsd: 0, cached: false, attempts: 1, ...over,
});

test('ids', () => {
  assert.equal(TestIds.arm('cs', 'c1', 'baseline'), 'cs:cs/c1/baseline');
  assert.equal(TestIds.case('cs', 'c1'), 'cs:cs/c1');
  assert.equal(TestIds.callSite('cs'), 'cs:cs');
});

test('ok without a schema passes; duration is the latency, a cache hit keeps the first latency', () => {
  assert.deepEqual([verdictOf(rec()).passed, verdictOf(rec()).durationMs], [true, 120]);
  assert.equal(verdictOf(rec({ cached: true, latencyMs: 1, cachedLatencyMs: 300 })).durationMs, 300);
});

test('an error fails with its type and status', () => {
  const v = verdictOf(rec({ status: 'error', output: '', error: { type: 'not_found', message: 'no such model', status: 404 } }));
  assert.equal(v.passed, false);
  assert.equal(v.reason, 'not_found (404): no such model');
});

test('a schema failure fails with the JSON paths in the message', () => {
  const v = verdictOf(rec({ schema: { ok: false, errors: [{ path: '/label', message: 'must be equal to one of the allowed values' }, { path: '', message: "must have required property 'confidence'" }] } }));
  assert.equal(v.passed, false);
  const text = failureText(v);
  assert.match(text, /gpt-4\.1: the output does not match the schema \(2 errors\)/);
  assert.match(text, /\/label: must be equal/);
  assert.match(text, /\(root\): must have required property 'confidence'/);
  assert.match(text, /Output:\n\{"a":1\}/);
  const notJson = verdictOf(rec({ json: null, output: 'hello', schema: { ok: false, errors: [{ path: '', message: 'output is not valid JSON: x' }] } }));
  assert.equal(notJson.reason, 'output is not valid JSON: x');
  assert.doesNotMatch(failureText(notJson), /\(root\)/, 'not repeated');
});

test('repeats aggregate: any failure fails, mean duration', () => {
  const a = aggregate([verdictOf(rec({ latencyMs: 100 })), verdictOf(rec({ latencyMs: 300, status: 'error', error: { type: 'server', message: 'boom', status: 500 } }))])!;
  assert.equal(a.passed, false);
  assert.equal(a.durationMs, 200);
  assert.match(a.reason!, /1 of 2 repeats failed; first: server \(500\): boom/);
  assert.equal(aggregate([]), null);
});

test('output is plain text: control characters are shown, not interpreted', () => {
  assert.equal(plainText('a\u001b[31mred\u0007\tb\nc'), 'a\\u{1b}[31mred\\u{7}\tb\nc');
  assert.equal(toTerminal('a\nb'), 'a\r\nb');
});

test('case lines', () => {
  assert.deepEqual([...caseLines('{"id":"a"}\n\n{"id":"b"}\nnot json\n{"id":"a"}')], [['a', 1], ['b', 3]]);
});
