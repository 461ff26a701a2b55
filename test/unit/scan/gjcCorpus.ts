// The corpus and robustness checks the Go, Java and C# scanner tests share: score the labelled
// fixtures, then feed the scanner truncated, mangled and deeply nested sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths';
import { describeScore } from './score';
import { scannerFor, scoreCorpus } from './gjcSupport';
import { budget } from '../support/budget';

type Lang = 'go' | 'java' | 'csharp';

export function corpusTests(lang: Lang, dir: string, ext: string, minSites: number): void {
  test(`${lang} corpus: precision ≥ 0.95, recall ≥ 0.90, model-ID accuracy ≥ 0.97`, async () => {
    const { score, labels, errors } = await scoreCorpus(lang, dir, ext);
    const detail = describeScore(score);
    assert.ok(labels.length >= minSites, `corpus has ${labels.length} labelled sites`);
    assert.ok(score.precision >= 0.95, detail);
    assert.ok(score.recall >= 0.9, detail);
    assert.ok(score.modelAccuracy >= 0.97, detail);
    assert.ok(score.apiAccuracy >= 0.97, detail);
    assert.deepEqual(errors, []);
  });
}

/** Deterministic pseudo-random numbers, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function fuzzTests(lang: Lang, sample: string, nest: (depth: number) => string): void {
  const path = join(FIXTURES, 'scan', sample);
  test(`${lang} fuzz: truncated and mangled sources never throw, in bounded time`, async () => {
    const scanner = await scannerFor(lang);
    const text = readFileSync(path, 'utf8');
    const random = rng(42);
    const t0 = Date.now();
    for (let i = 0; i < 120; i++) {
      const cut = Math.floor(random() * text.length);
      let mutated = text.slice(0, cut);
      if (i % 3 === 1) {
        const chars = [...text];
        for (let k = 0; k < 20; k++) chars[Math.floor(random() * chars.length)] = String.fromCharCode(Math.floor(random() * 0x3000));
        mutated = chars.join('');
      } else if (i % 3 === 2) {
        mutated = text.slice(0, cut) + text.slice(Math.floor(random() * text.length));
      }
      const t = Date.now();
      const result = scanner.scan('fuzz', mutated);
      assert.ok(Array.isArray(result.callSites));
      assert.ok(Date.now() - t < budget(2000), `case ${i} took ${Date.now() - t} ms`);
    }
    assert.ok(Date.now() - t0 < budget(20000));
  });

  test(`${lang} fuzz: random bytes and deep nesting are errors at worst`, async () => {
    const scanner = await scannerFor(lang);
    const random = rng(7);
    for (let i = 0; i < 30; i++) {
      let s = '';
      for (let k = 0; k < 2000; k++) s += String.fromCharCode(Math.floor(random() * 256));
      assert.doesNotThrow(() => scanner.scan('bytes', s));
    }
    const t = Date.now();
    const deep = scanner.scan('deep', nest(5000));
    assert.ok(Array.isArray(deep.callSites));
    // A runaway (exponential) walk takes minutes; ~2–4 s is normal on a loaded 2-core machine, and the
    // load factor is sampled before the scan, so a spike during it needs headroom (seen: 5.4 s vs 5 s).
    assert.ok(Date.now() - t < budget(15_000), `deep nesting took ${Date.now() - t} ms (budget ${budget(15_000).toFixed(0)})`);
  });
}
