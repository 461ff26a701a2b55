// `--help` and `--version` answer from the verb table alone: no verb module, no parser, no SDK is
// loaded (each is a bundle of its own in dist/, so what is not required here is not read there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { VERBS } from '../../../src/cli/verbs';
import type { CliIo } from '../../../src/cli/io';
import { REPO_ROOT } from '../support/paths';

function capture(cwd: string) {
  const out: string[] = [], err: string[] = [];
  const io: CliIo = { stdout: (s) => { out.push(s); }, stderr: (s) => { err.push(s); }, cwd, env: {} };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

const loaded = (pattern: RegExp) => Object.keys(require.cache).filter((k) => pattern.test(k));
const HEAVY = /[\\/](cli[\\/]commands[\\/]|core[\\/]scan[\\/]|typescript[\\/]|openai[\\/]|ajv[\\/]|llm[\\/])/;

test('--help, <verb> --help, help <verb> and --version load no verb, parser or SDK', async () => {
  assert.deepEqual(loaded(HEAVY), [], 'nothing heavy is loaded by importing the CLI');
  const top = capture(REPO_ROOT);
  assert.equal(await main(['--help'], top.io), 0);
  for (const name of Object.keys(VERBS)) assert.match(top.out(), new RegExp(`^  ${name} `, 'm'), `${name} is listed`);
  for (const name of Object.keys(VERBS)) {
    for (const argv of [[name, '--help'], [name, '-h'], ['help', name], [name, '--json', '--help']]) {
      const c = capture(REPO_ROOT);
      assert.equal(await main(argv, c.io), 0, argv.join(' '));
      assert.equal(c.out(), VERBS[name].help, argv.join(' '));
      assert.match(c.out(), new RegExp(`^Usage: promptshift ${name}`));
    }
  }
  const v = capture(REPO_ROOT);
  assert.equal(await main(['--version'], v.io), 0);
  assert.equal(v.out().trim(), JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  assert.deepEqual(loaded(HEAVY), []);
});

test('no arguments prints the usage and exits 2; an unknown verb is named', async () => {
  const none = capture(REPO_ROOT);
  assert.equal(await main([], none.io), 2);
  assert.match(none.out(), /^Usage: promptshift <command>/);
  const bad = capture(REPO_ROOT);
  assert.equal(await main(['frobnicate'], bad.io), 2);
  assert.match(bad.err(), /unknown command 'frobnicate'/);
  const proto = capture(REPO_ROOT);
  assert.equal(await main(['toString'], proto.io), 2, 'only the table\'s own verbs');
});

test('every flag a verb accepts is in its --help, and help names no URL', async () => {
  for (const name of Object.keys(VERBS)) {
    const mod = (await VERBS[name].load()) as { FLAGS?: Record<string, { short?: string }> };
    for (const [flag, spec] of Object.entries(mod.FLAGS ?? {})) {
      assert.match(VERBS[name].help, new RegExp(`--${flag}\\b`), `${name} --help documents --${flag}`);
      if (spec.short) assert.match(VERBS[name].help, new RegExp(`-${spec.short}, --${flag}`));
    }
    assert.doesNotMatch(VERBS[name].help, /https?:\/\//, `${name} --help points to no URL`);
  }
});

test('a usage error points to the verb\'s --help', async () => {
  const c = capture(REPO_ROOT);
  assert.equal(await main(['compare'], c.io), 2);
  assert.match(c.err(), /promptshift compare: give one RUN_DIR\n\(see promptshift compare --help\)/);
});
