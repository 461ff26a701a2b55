// The Testing view's report of one case: both arms in the output, and a failed case's Markdown with
// an Open Diff link, model output fenced so it cannot render as markdown, HTML or a link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseFailureMarkdown, caseOutputText } from '../../../src/host/testing/caseReport';
import type { Verdict } from '../../../src/host/testing/verdicts';

const v = (over: Partial<Verdict> = {}): Verdict => ({ passed: true, durationMs: 120, reason: null, schemaErrors: [], output: '{"label":"a"}', model: 'gpt-4o', cached: false, ...over });

test('the output shows both arms, their verdicts, schema errors and outputs, and how to open the diff', () => {
  const text = caseOutputText('angry', v(), v({ passed: false, model: 'gpt-4.1', reason: 'the output does not match the schema (1 error)', schemaErrors: [{ path: '/label', message: 'must be one of' }], output: 'x\u001b[31my' }));
  assert.match(text, /^── angry: baseline pass · candidate FAIL\n/);
  assert.match(text, /baseline · gpt-4o · 120 ms: pass\n  │ \{"label":"a"\}/);
  assert.match(text, /candidate · gpt-4\.1 · 120 ms: FAIL — the output does not match the schema \(1 error\)\n  schema: \/label: must be one of\n  │ x\\u\{1b\}\[31my/);
  assert.match(text, /Open Diff/);
});

test('a failed case\'s message: an Open Diff command link; outputs fenced, text escaped', () => {
  const hostile = '```\n[x](command:evil) <img src=x onerror=alert(1)>';
  const md = caseFailureMarkdown('<b>c1</b>', v({ output: hostile }), v({ passed: false, reason: '*bad* [link](javascript:x)' }), 'command:promptshift.openDiff?%5B%5D');
  assert.match(md, /^\\<b\\>c1\\<\\\/b\\>: baseline pass · candidate FAIL\n\n\[Open Diff\]\(command:promptshift\.openDiff\?%5B%5D\)/);
  assert.ok(md.includes('````text\n```\n[x](command:evil) <img src=x onerror=alert(1)>\n````'), 'the output sits in a fence it cannot close');
  assert.ok(md.includes('\\*bad\\* \\[link\\]\\(javascript\\:x\\)'), 'reasons are escaped');
});
