import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSchema, draftOf, parseJsonOutput, validateOutput } from '../../../src/core/validate/index';

const person = {
  type: 'object',
  properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' }, born: { type: 'string', format: 'date' }, tags: { type: 'array', items: { type: 'string' } } },
  required: ['name', 'email'],
  additionalProperties: false,
};

function compiled(schema: unknown) {
  const c = compileSchema(schema);
  assert.ok(c.ok, c.ok ? '' : c.error);
  return c.validate;
}

test('draft 2020-12 by default and by $schema; draft-07 by $schema', () => {
  assert.equal(draftOf(person), '2020-12');
  assert.equal(compiled({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...person }).draft, '2020-12');
  assert.equal(compiled({ $schema: 'http://json-schema.org/draft-07/schema#', ...person }).draft, '07');
});

test('2020-12 keywords work (prefixItems), and draft-07 tuple items work', () => {
  const v2020 = compiled({ type: 'array', prefixItems: [{ type: 'number' }, { type: 'string' }], items: false });
  assert.equal(v2020.check([1, 'a']).ok, true);
  assert.equal(v2020.check([1, 'a', 3]).ok, false);
  const v07 = compiled({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: [{ type: 'number' }, { type: 'string' }], additionalItems: false });
  assert.equal(v07.check([1, 'a']).ok, true);
  assert.equal(v07.check(['a', 1]).ok, false);
});

test('formats are checked (ajv-formats)', () => {
  const v = compiled(person);
  assert.equal(v.check({ name: 'A', email: 'a@example.com', born: '1990-02-01' }).ok, true);
  const bad = v.check({ name: 'A', email: 'not-an-email', born: '1990-13-45' });
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.errors.map((e) => e.path).sort(), ['/born', '/email']);
});

test('errors carry JSON pointers: missing, extra and nested properties', () => {
  const v = compiled(person);
  const r = v.check({ email: 'a@example.com', extra: 1, tags: ['x', 2] });
  assert.equal(r.ok, false);
  const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
  assert.equal(byPath['/name'], 'is required');
  assert.match(byPath['/extra'], /not allowed/);
  assert.match(byPath['/tags/1'], /string/);
});

test('an invalid schema is an error value with a clear message, never a throw', () => {
  const c = compileSchema({ type: 'object', properties: { a: { type: 'strin' } } });
  assert.equal(c.ok, false);
  assert.match(!c.ok ? c.error : '', /invalid JSON Schema.*(type|strin)/);
  const d = compileSchema({ $schema: 'http://json-schema.org/draft-07/schema#', minLength: -1 });
  assert.equal(d.ok, false);
  const e = compileSchema('not a schema');
  assert.equal(e.ok, false);
  assert.match(!e.ok ? e.error : '', /expected an object or a boolean/);
});

test('the same $id compiled twice takes the newest schema', () => {
  const a = compiled({ $id: 'https://x.test/s', type: 'string' });
  const b = compiled({ $id: 'https://x.test/s', type: 'number' });
  assert.equal(a.check('x').ok, true);
  assert.equal(b.check(1).ok, true);
  assert.equal(b.check('x').ok, false);
});

test('fenced JSON blocks are tolerated; parse failure is data with path ""', () => {
  assert.deepEqual(parseJsonOutput('```json\n{"a": 1}\n```'), { ok: true, value: { a: 1 } });
  assert.deepEqual(parseJsonOutput('Here you go:\n```\n[1,2]\n```\nThanks'), { ok: true, value: [1, 2] });
  const v = compiled(person);
  const ok = validateOutput('```json\n{"name":"A","email":"a@example.com"}\n```', v);
  assert.deepEqual(ok, { json: { name: 'A', email: 'a@example.com' }, schema: { ok: true, errors: [] } });
  const bad = validateOutput('Sorry, I cannot help with that.', v);
  assert.equal(bad.json, null);
  assert.equal(bad.schema?.ok, false);
  assert.equal(bad.schema?.errors[0].path, '');
  assert.match(bad.schema?.errors[0].message ?? '', /not valid JSON/);
  assert.equal(validateOutput('', v).schema?.ok, false);
});

test('without a schema: JSON-looking output is parsed, schema is null', () => {
  assert.deepEqual(validateOutput('{"a":1}', null), { json: { a: 1 }, schema: null });
  assert.deepEqual(validateOutput('plain text', null), { json: null, schema: null });
  // Prose that opens with a bracket is not JSON; JSON with space after the bracket still is, and so
  // is a fenced block later in the text.
  for (const prose of ['[note] the summary', '{name} is a placeholder', '[', '{ ', '[\u00a01]']) assert.deepEqual(validateOutput(prose, null), { json: null, schema: null }, prose);
  for (const [text, json] of [['[ 1, 2 ]', [1, 2]], ['[]', []], ['{ }', {}], ['{\n  "a": true }', { a: true }], ['[-1]', [-1]], ['[null]', [null]], ['[note]\n```json\n{"a":1}\n```', { a: 1 }]] as const) {
    assert.deepEqual(validateOutput(text, null), { json, schema: null }, text);
  }
});
