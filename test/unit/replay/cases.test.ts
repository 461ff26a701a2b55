import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillTemplate, parseCases } from '../../../src/core/replay/cases';
import { site } from './fakes';

const prompt = site().prompt;

test('vars and messages cases parse; blank lines and CRLF are fine', () => {
  const text = '\n{"id":"c1","vars":{"doc":"hello","lang":"en"}}\r\n\n  \n{"id":"c2","messages":[{"role":"user","content":"hi"}]}\n';
  const r = parseCases(text, prompt);
  assert.ok(r.ok);
  assert.deepEqual(r.cases.map((c) => c.id), ['c1', 'c2']);
});

test('every bad line is reported with its 1-based line number', () => {
  const text = [
    '{"id":"ok","vars":{"doc":"a","lang":"b"}}',
    '{"id":"c2","vars":{"doc":"a"}',            // 2: broken JSON
    '',
    '{"id":"c4","vars":{"doc":"a","language":"x"}}', // 4: unknown hole + missing var
    '["not", "an", "object"]',                  // 5
    '{"vars":{"doc":"a","lang":"b"}}',          // 6: no id
    '{"id":"ok","vars":{"doc":"a","lang":"b"}}', // 7: duplicate
    '{"id":"c8","vars":{},"messages":[]}',      // 8: both
    '{"id":"c9","messages":[{"role":"user"}]}', // 9: no content
  ].join('\n');
  const r = parseCases(text, prompt);
  assert.equal(r.ok, false);
  const errs = !r.ok ? r.errors : [];
  assert.deepEqual(errs.map((e) => e.line), [2, 4, 5, 6, 7, 8, 9]);
  assert.match(errs[0].message, /not valid JSON/);
  assert.match(errs[1].message, /unknown hole "language".*missing var "lang"/);
  assert.match(errs[4].message, /duplicate case id "ok" \(first on line 1\)/);
});

test('vars need a known template; messages do not', () => {
  const r = parseCases('{"id":"a","vars":{"x":1}}\n{"id":"b","messages":[{"role":"user","content":"x"}]}', null);
  assert.equal(r.ok, false);
  assert.deepEqual(!r.ok && r.errors.map((e) => e.line), [1]);
  assert.match(!r.ok ? r.errors[0].message : '', /not statically known/);
});

test('fillTemplate fills holes, with spaces inside braces, non-strings as JSON', () => {
  const m = fillTemplate(prompt!, { doc: { a: 1 }, lang: 'fr' });
  assert.equal(m[1].content, 'Summarize: {"a":1} in fr');
  assert.equal(m[0].content, 'You summarize.');
});
