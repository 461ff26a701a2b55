// fnv1a64 keeps call-site IDs stable across releases: its output must stay that of textbook 64-bit
// FNV-1a over UTF-16 code units, whatever arithmetic computes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fnv1a64 } from '../../../src/core/scan/stableId';

/** The definition, in BigInt. */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

test('fnv1a64 is 64-bit FNV-1a: published vectors', () => {
  // Vectors for ASCII input (one byte per code unit), from the FNV reference test suite.
  assert.equal(fnv1a64(''), 'cbf29ce484222325');
  assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
  assert.equal(fnv1a64('foobar'), '85944171f73967e8');
});

test('fnv1a64 equals the BigInt definition on random and edge-case text', () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const samples = ['\uffff'.repeat(50), '\u0000', '\ud83d\ude00 emoji', 'src/a.ts\nclient.chat.completions.create({model:"gpt-4o"})'];
  for (let n = 0; n < 300; n++) {
    let s = '';
    const len = Math.floor(rand() * 200);
    for (let i = 0; i < len; i++) s += String.fromCharCode(rand() < 0.8 ? 32 + Math.floor(rand() * 95) : Math.floor(rand() * 0x10000));
    samples.push(s);
  }
  for (const s of samples) assert.equal(fnv1a64(s), reference(s), JSON.stringify(s.slice(0, 40)));
});
