// The CLI as shipped (dist/, built by `npm run package`): every verb bundle reaches the lazy bundles
// it needs, and the scanner works in them — unit tests run the transpiled sources, not the bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, REPO_ROOT } from '../unit/support/paths';

const cli = join(REPO_ROOT, 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, PROMPTSHIFT_TODAY: '2026-11-15' } });

test('the bundled CLI scans every language of the fixture workspace, tree-sitter ones included', () => {
  const r = run('scan', join(FIXTURES, 'workspace'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { callSites: { language: string }[]; errors: unknown[] };
  assert.deepEqual(out.errors, []);
  const languages = new Set(out.callSites.map((s) => s.language));
  for (const l of ['ts', 'py', 'go']) assert.ok(languages.has(l), `${l} call sites found: ${[...languages].join(', ')}`);
});

test('the bundled CLI answers --help, <verb> --help and --version', () => {
  for (const args of [['--help'], ['replay', '--help'], ['--version']]) {
    const r = run(...args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stdout.length > 0);
  }
});

test('the bundled CLI answers a verb\'s unknown flag with a usage line, not a stack trace', () => {
  // Each verb is a bundle of its own: its usage errors must still be recognised by cli.js.
  const r = run('replay', '--no-such-flag');
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^promptshift replay: Unknown option '--no-such-flag'/);
  assert.match(r.stderr, /see promptshift replay --help/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('the bundled CLI scans the same with its code cache cold, warm, and off (tree-sitter languages included)', () => {
  // Code run from a V8 code cache on node 20 cannot import(): a scanner that still did would lose
  // the Python and Go call sites only once the cache is warm.
  const dir = mkdtempSync(join(tmpdir(), 'ps-cli-code-cache-'));
  const ws = mkdtempSync(join(tmpdir(), 'ps-cli-code-cache-ws-'));
  cpSync(join(FIXTURES, 'workspace'), ws, { recursive: true, filter: (src) => !src.includes(join('.promptshift', 'cache')) });
  try {
    const scan = (mode: string) => {
      // Without the scan index: a scan answered from it would load no scanner.
      rmSync(join(ws, '.promptshift', 'cache'), { recursive: true, force: true });
      const r = spawnSync(process.execPath, [cli, 'scan', ws, '--json'], { encoding: 'utf8', env: { ...process.env, PROMPTSHIFT_TODAY: '2026-11-15', PROMPTSHIFT_CODE_CACHE: mode, PROMPTSHIFT_CODE_CACHE_DIR: dir } });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { callSites: unknown[]; errors: unknown[] };
      return JSON.stringify({ callSites: out.callSites, errors: out.errors });
    };
    const off = scan('off');
    assert.deepEqual(readdirSync(dir), [], 'off writes no cache');
    const cold = scan('on');
    const written = readdirSync(dir);
    // Node 22.1+ keeps its own compile cache instead (src/cli/main.ts).
    // The scan verb's bundle and the scanner's. Node 22.1+ keeps its own compile cache instead (src/cli/main.ts).
    if (!('enableCompileCache' in nodeModule)) assert.deepEqual(written.map((f) => f.replace(/-\w+\.v8cache$/, '')).sort(), ['cli-scan', 'scanner'], written.join(', '));
    const warm = scan('on');
    assert.equal(cold, off);
    assert.equal(warm, off);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
});
