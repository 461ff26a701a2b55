// The README ships in the VSIX and the CLI's --help points at it: what it names must exist. Every
// image and relative link resolves to a file of the repository, every repository path it quotes
// exists, and its CLI table has a row for each verb the CLI has (and no other).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VERBS } from '../../src/cli/verbs';
import { REPO_ROOT } from './support/paths';

const READMES = ['README.md', 'examples/sample-workspace/README.md'];
/** Top-level folders whose quoted paths must exist; paths under a run or a user's workspace are examples. */
const CHECKED_ROOTS = /^(src|test|docs|examples|media|scripts|bench)\//;
/** A dot-folder in a path is made by a tool or a run (bench/.tmp), not part of the repository. */
const GENERATED = /\/\./;

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

test('every image and relative link in the READMEs points at a file that exists', () => {
  for (const file of READMES) {
    for (const [, target] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
      const path = join(REPO_ROOT, dirname(file), target.split('#')[0]);
      assert.ok(existsSync(path), `${file} links ${target}, which does not exist`);
    }
  }
});

test('every repository path the README quotes exists', () => {
  for (const [, quoted] of read('README.md').matchAll(/`([^`\s]+)`/g)) {
    if (!CHECKED_ROOTS.test(quoted) || GENERATED.test(quoted) || /[<*]/.test(quoted)) continue;
    assert.ok(existsSync(join(REPO_ROOT, quoted)), `README.md names ${quoted}, which does not exist`);
  }
});

test("the README's CLI table has one row per verb of the CLI", () => {
  const rows = [...read('README.md').matchAll(/^\| `(\w+)[ `]/gm)].map((m) => m[1]);
  assert.deepEqual([...rows].sort(), Object.keys(VERBS).sort());
});
