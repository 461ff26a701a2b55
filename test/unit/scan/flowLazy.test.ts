// The cross-file model pass loads the scanner (and the TypeScript compiler) only when a call site's
// model is not a literal: a replay of a workspace the scan index already knows then starts without
// them (measured: ~0.6 s of CPU and ~40 MB of RSS of a 40-request `promptshift replay`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOURCE } from '../replay/workspace';

/** Scans `root` in a fresh process; returns the models found and what it loaded of the scanner. */
function scanLoading(root: string): { models: (string | string[] | null)[]; scanModules: string[] } {
  const scanModule = require.resolve('../../../src/cli/commands/scan');
  const script = `
    const { scanDirectory } = require(${JSON.stringify(scanModule)});
    scanDirectory(process.argv[1]).then((r) => {
      const scanModules = Object.keys(require.cache).filter((k) => /[\\\\/](core[\\\\/]scan[\\\\/](index|flow[\\\\/])|typescript[\\\\/])/.test(k));
      process.stdout.write(JSON.stringify({ models: r.callSites.map((s) => s.model ?? s.modelResolved), scanModules }));
    }).catch((e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, root], { encoding: 'utf8' })) as { models: (string | string[] | null)[]; scanModules: string[] };
}

/** An hour ago: outside the index's racy window, as files of a checkout are. */
const OLD = new Date(Date.now() - 3_600_000);

/** The first scan (writes the index), then a second one in a process of its own. */
function scanTwiceLoading(root: string, files: string[]): { models: (string | string[] | null)[]; scanModules: string[] } {
  for (const rel of [...files, 'src', '.']) utimesSync(join(root, rel), OLD, OLD);
  const first = scanLoading(root);
  assert.ok(first.scanModules.length > 0, 'the first scan parses, so it loads the scanner');
  return scanLoading(root);
}

test('a rescan answered from the index with literal models loads neither the scanner nor the model pass', () => {
  const root = mkdtempSync(join(tmpdir(), 'ps-flow-lazy-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'summarize.ts'), SOURCE);
  const r = scanTwiceLoading(root, ['src/summarize.ts']);
  assert.deepEqual(r.models, ['gpt-4o']);
  assert.deepEqual(r.scanModules, []);
});

test('a model that is not a literal is still followed across files from the index', () => {
  const root = mkdtempSync(join(tmpdir(), 'ps-flow-lazy-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'config.ts'), "export const MODEL = 'gpt-4.1-mini';\n");
  writeFileSync(join(root, 'src', 'summarize.ts'), SOURCE.replace("import OpenAI from 'openai';", "import OpenAI from 'openai';\nimport { MODEL } from './config';").replace("model: 'gpt-4o'", 'model: MODEL'));
  const r = scanTwiceLoading(root, ['src/config.ts', 'src/summarize.ts']);
  // Followed by the pass, or answered from its cache (flowCache.ts) while nothing it read changed.
  assert.deepEqual(r.models, ['gpt-4.1-mini']);
});
