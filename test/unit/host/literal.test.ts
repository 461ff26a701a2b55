import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { literalHolds, literalValue, replaceModelInLiteral } from '../../../src/host/diagnostics/literal';

test('keeps the quote style and prefixes', () => {
  assert.equal(replaceModelInLiteral("'gpt-4.5-preview'", 'gpt-4.5-preview', 'gpt-4.1'), "'gpt-4.1'");
  assert.equal(replaceModelInLiteral('"gpt-4.5-preview"', 'gpt-4.5-preview', 'gpt-4.1'), '"gpt-4.1"');
  assert.equal(replaceModelInLiteral('`gpt-4.5-preview`', 'gpt-4.5-preview', 'gpt-4.1'), '`gpt-4.1`');
  assert.equal(replaceModelInLiteral('"""gpt-4.5-preview"""', 'gpt-4.5-preview', 'gpt-4.1'), '"""gpt-4.1"""');
  assert.equal(replaceModelInLiteral("r'gpt-4.5-preview'", 'gpt-4.5-preview', 'gpt-4.1'), "r'gpt-4.1'");
  assert.equal(replaceModelInLiteral("u'gpt-4.5-preview'", 'gpt-4.5-preview', 'gpt-4.1'), "u'gpt-4.1'");
});

test('keeps a provider prefix in gateway strings', () => {
  assert.equal(replaceModelInLiteral("'openai/gpt-4.5-preview'", 'gpt-4.5-preview', 'gpt-4.1'), "'openai/gpt-4.1'");
  assert.equal(replaceModelInLiteral("'openai:gpt-4.5-preview'", 'gpt-4.5-preview', 'gpt-4.1'), "'openai:gpt-4.1'");
  assert.equal(replaceModelInLiteral("'openai/gpt-4.5-preview'", 'openai/gpt-4.5-preview', 'openai/gpt-4.1'), "'openai/gpt-4.1'");
});

test('refuses literals that do not hold the id, or are not plain literals', () => {
  assert.equal(replaceModelInLiteral("'gpt-4o'", 'gpt-4.5-preview', 'gpt-4.1'), null);
  assert.equal(replaceModelInLiteral('MODEL', 'MODEL', 'x'), null);
  assert.equal(replaceModelInLiteral('`${p}-4o`', 'gpt-4o', 'x'), null);
  assert.equal(replaceModelInLiteral('f"{m}"', '{m}', 'x'), null);
  assert.equal(replaceModelInLiteral("'gpt-4o\"", 'gpt-4o', 'x'), null);
  assert.ok(literalHolds("'gpt-4o'", 'gpt-4o'));
  assert.ok(!literalHolds("'gpt-4o-mini'", 'gpt-4o'));
});

test('escapes a replacement that contains the quote', () => {
  assert.equal(replaceModelInLiteral("'a'", 'a', "it's"), "'it\\'s'");
  assert.equal(literalValue("'it\\'s'"), "it's");
  assert.equal(replaceModelInLiteral('`a`', 'a', '${x}'), '`\\${x}`');
});

test('C# verbatim, interpolated and UTF-8 literals', () => {
  assert.equal(replaceModelInLiteral('@"gpt-4.5-preview"', 'gpt-4.5-preview', 'gpt-4.1'), '@"gpt-4.1"');
  assert.equal(replaceModelInLiteral('"gpt-4.5-preview"u8', 'gpt-4.5-preview', 'gpt-4.1'), '"gpt-4.1"u8');
  assert.equal(replaceModelInLiteral('$"gpt-4.5-preview"', 'gpt-4.5-preview', 'gpt-4.1'), '$"gpt-4.1"');
  assert.equal(replaceModelInLiteral('$"{family}-4o"', 'gpt-4o', 'x'), null, 'a hole makes it no plain id');
  // Verbatim: backslashes are literal and a quote is doubled, both ways.
  assert.equal(literalValue('@"a\\b""c"'), 'a\\b"c');
  assert.equal(replaceModelInLiteral('@"x"', 'x', 'say "hi"\\'), '@"say ""hi""\\"');
  assert.equal(literalValue('@"a"b"'), null, 'a lone quote cannot be inside a verbatim string');
});
