// The scanner never throws and never hangs: mutated and truncated real-looking sources, random
// bytes, pathological nesting and exponential constant chains, each under a per-file time cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths';
import { scanTypeScriptSource, type ScriptLanguage } from '../../../src/core/scan/ts/scanTs';
import { listFiles } from './tsSupport';
import { budget } from '../support/budget';

const CAP_MS = 2000;

/** Small deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scanWithin(text: string, language: ScriptLanguage = 'ts', label = ''): void {
  const t0 = performance.now();
  let result;
  assert.doesNotThrow(() => { result = scanTypeScriptSource('fuzz.ts', text, language); }, label);
  const ms = performance.now() - t0;
  assert.ok(ms < budget(CAP_MS), `${label}: ${ms.toFixed(0)} ms`);
  assert.ok(result && Array.isArray((result as { callSites: unknown[] }).callSites), label);
}

const TOKENS = ['(', ')', '{', '}', '[', ']', '`', '${', "'", '"', ';', ',', '.', '=>', 'await ', '/*', '*/', '//', '\n', 'new ', 'class ', '<div>', '</', '...'];

test('mutated and truncated fixture sources never throw or hang', () => {
  const sources = listFiles(join(FIXTURES, 'scan', 'ts')).filter((f) => /\.(ts|tsx|js|jsx|mjs|cjs)$/.test(f)).map((f) => readFileSync(f, 'utf8'));
  const rand = rng(42);
  for (let round = 0; round < 400; round++) {
    const src = sources[Math.floor(rand() * sources.length)];
    let text = src;
    const op = round % 4;
    if (op === 0) text = src.slice(0, Math.floor(rand() * src.length));
    else if (op === 1) {
      const at = Math.floor(rand() * src.length);
      text = src.slice(0, at) + src.slice(at + Math.floor(rand() * 200));
    } else if (op === 2) {
      for (let i = 0; i < 10; i++) {
        const at = Math.floor(rand() * text.length);
        text = text.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)] + text.slice(at);
      }
    } else {
      const lines = src.split('\n');
      for (let i = lines.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      text = lines.join('\n');
    }
    scanWithin(text, round % 3 === 0 ? 'tsx' : 'ts', `round ${round}`);
  }
});

test('random bytes and random code points never throw', () => {
  const rand = rng(7);
  for (let i = 0; i < 100; i++) {
    let s = '';
    const n = Math.floor(rand() * 4000);
    for (let k = 0; k < n; k++) s += String.fromCharCode(Math.floor(rand() * (i % 2 ? 0xffff : 128)));
    scanWithin(`import OpenAI from 'openai';\n${s}`, i % 2 ? 'js' : 'ts', `random ${i}`);
  }
});

test('pathological nesting and chains stay bounded', () => {
  const call = (inner: string) => `import OpenAI from 'openai';\nconst c = new OpenAI();\nc.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: ${inner} }] });`;
  const cases: [string, string][] = [
    ['parens', call('('.repeat(20_000) + 'x' + ')'.repeat(20_000))],
    ['arrays', call('['.repeat(50_000))],
    ['braces', 'function f() {'.repeat(20_000)],
    ['member chain', call('a' + '.b'.repeat(50_000))],
    ['concatenation', call(Array.from({ length: 20_000 }, (_, i) => `'p${i}'`).join(' + '))],
    ['templates', call('`${'.repeat(5_000) + 'x' + '}`'.repeat(5_000))],
  ];
  // Each constant doubles the previous one: naive inlining would be exponential.
  const chain = ['const a0 = "x";', ...Array.from({ length: 40 }, (_, i) => `const a${i + 1} = a${i} + a${i};`)].join('\n');
  cases.push(['exponential constants', `${chain}\n${call('a40')}`]);
  const aliasLoop = `import OpenAI from 'openai';\nconst a = b; const b = a;\nconst M = M2 ?? M; const M2 = M;\na.chat.completions.create({ model: M, messages: [{ role: 'user', content: a }] });`;
  cases.push(['cycles', aliasLoop]);
  for (const [label, text] of cases) scanWithin(text, 'ts', label);
});

test('a tree deeper than the walk recurses is still walked whole, in order', () => {
  // A left-deep chain of 50,000 `+` is built by the parser without recursion; the walk switches to
  // its explicit stack below 1,000 levels and must still find the call at the very bottom.
  const text = "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport const x = client.chat.completions.create({ model: 'gpt-4o', messages: [] })"
    + ' +\n  1'.repeat(50_000) + ";\nclient.chat.completions.create({ model: 'gpt-4.1', messages: [] });\n";
  const { callSites, error } = scanTypeScriptSource('deep.ts', text, 'ts');
  assert.equal(error, null);
  assert.deepEqual(callSites.map((s) => s.model), ['gpt-4o', 'gpt-4.1']);
});
