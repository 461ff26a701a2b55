// The host↔webview protocol's validators: every well-formed message passes, and malformed ones —
// wrong types, missing fields, unknown types, oversized comments, non-objects — are rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRejected, isHostMessage, isWebviewMessage, MAX_COMMENT, type CaseDetail, type CaseRow, type HostMessage, type WebviewMessage } from '../../../src/protocol/review';

const row: CaseRow = { callSiteId: 's', caseId: 'c1', changed: true, baseline: 'pass', candidate: 'schema', decision: null, comment: '', search: 'c1' };
const detail: CaseDetail = {
  callSiteId: 's', caseId: 'c1', kind: 'json', changed: true,
  rows: [{ kind: 'same', before: 1, after: 1, text: '{' }, { kind: 'changed', before: 2, after: 2, left: [{ text: 'a', mark: true }], right: [{ text: 'b', mark: true }] },
    { kind: 'removed', before: 3, left: [] }, { kind: 'added', after: 3, right: [] }, { kind: 'gap', count: 4 }],
  changes: ['$.a: 1 → 2'], changesOmitted: 0, granularity: 'word',
  baseline: { model: 'gpt-4o', state: 'pass', error: null, schemaErrors: [], latencyMs: 10 },
  candidate: { model: 'gpt-4.1', state: 'schema', error: null, schemaErrors: [{ path: '/a', message: 'must be string' }], latencyMs: null },
};

const hostOk: HostMessage[] = [
  { type: 'init', header: { runId: 'r', runDir: '/x', createdAt: '', endpoint: 'e', simulated: true, status: 'ok', canExportRollout: false }, sites: [{ callSiteId: 's', label: 'a.ts:1', baselineModel: 'a', candidateModel: 'b', rows: [{ label: 'l', baseline: '1', candidate: '2', delta: '+1', worse: null }], regressed: false, reasons: ['x'], method: 'm', changed: 1, cases: 2 }], sweeps: [], total: 1 },
  { type: 'cases', start: 0, total: 1, rows: [row] },
  { type: 'detail', detail },
  { type: 'decision', callSiteId: 's', caseId: 'c1', decision: 'flagged', comment: 'no' },
  { type: 'decision', callSiteId: 's', caseId: 'c1', decision: null, comment: '' },
  { type: 'focus', callSiteId: 's', caseId: 'c1' },
  { type: 'error', message: 'x' },
];

const webviewOk: WebviewMessage[] = [
  { type: 'ready' }, { type: 'refresh' }, { type: 'exportRolloutPlan' },
  { type: 'select', callSiteId: 's', caseId: 'c' }, { type: 'openDiff', callSiteId: 's', caseId: 'c' },
  { type: 'decide', callSiteId: 's', caseId: 'c', decision: 'accepted', comment: '' },
  { type: 'decide', callSiteId: 's', caseId: 'c', decision: null, comment: '' },
];

test('well-formed messages pass on both sides', () => {
  for (const m of hostOk) assert.ok(isHostMessage(m), `host ${m.type}`);
  for (const m of webviewOk) assert.ok(isWebviewMessage(m), `webview ${m.type}`);
});

test('each side rejects the other side\'s messages', () => {
  assert.equal(isHostMessage({ type: 'ready' }), false);
  assert.equal(isWebviewMessage({ type: 'error', message: 'x' }), false);
});

test('malformed webview messages are rejected', () => {
  const bad: unknown[] = [
    null, undefined, 42, 'ready', [], {}, { type: 42 }, { type: 'nope' }, { type: 'toString' }, { type: '__proto__' },
    { type: 'select', callSiteId: 's' }, { type: 'select', callSiteId: 1, caseId: 'c' },
    { type: 'decide', callSiteId: 's', caseId: 'c', decision: 'maybe', comment: '' },
    { type: 'decide', callSiteId: 's', caseId: 'c', decision: 'flagged' },
    { type: 'decide', callSiteId: 's', caseId: 'c', decision: 'flagged', comment: 'x'.repeat(MAX_COMMENT + 1) },
    { type: 'openDiff', callSiteId: 's', caseId: null },
  ];
  for (const m of bad) assert.equal(isWebviewMessage(m), false, JSON.stringify(m) ?? String(m));
});

test('malformed host messages are rejected, down to one bad row or segment', () => {
  const bad: unknown[] = [
    { type: 'cases', start: 0, total: 1, rows: [{ ...row, baseline: 'great' }] },
    { type: 'cases', start: 0, total: 1, rows: [{ ...row, search: undefined }] },
    { type: 'cases', start: '0', total: 1, rows: [] },
    { type: 'detail', detail: { ...detail, rows: [{ kind: 'changed', before: 1, after: 1, left: [{ text: 1, mark: true }], right: [] }] } },
    { type: 'detail', detail: { ...detail, rows: [{ kind: 'html', html: '<b>' }] } },
    { type: 'detail', detail: { ...detail, baseline: { ...detail.baseline, schemaErrors: [{ path: '/a' }] } } },
    { type: 'init', header: { runId: 'r' }, sites: [], total: 0 },
    { type: 'cases', start: 0, total: Infinity, rows: [] },
  ];
  for (const m of bad) assert.equal(isHostMessage(m), false, JSON.stringify(m));
});

test('a rejected message is described by its type, never its content', () => {
  assert.equal(describeRejected({ type: 'decide', comment: 'secret text' }), 'a malformed "decide" message');
  assert.equal(describeRejected('x'), 'a string instead of a message');
  assert.equal(describeRejected(null), 'a null instead of a message');
  assert.equal(describeRejected({}), 'a message without a type');
});
