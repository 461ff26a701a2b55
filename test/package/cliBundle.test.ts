// The CLI as shipped (dist/, built by `npm run package`): every verb bundle reaches the lazy bundles
// it needs, and the scanner works in them — unit tests run the transpiled sources, not the bundles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
