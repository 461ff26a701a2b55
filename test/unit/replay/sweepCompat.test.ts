// Runs written before sweeps existed (one candidate, arms "baseline" and "candidate") must load and
// behave exactly as they did: the fixture was recorded, and its reports printed, by the code before
// the change (test/fixtures/runs/two-arm-before-sweeps/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as compare } from '../../../src/cli/commands/compare';
import { run as canary } from '../../../src/cli/commands/canary';
import { isSweep, type RunPlanFile } from '../../../src/core/replay/records';
import { FIXTURES } from '../support/paths';
import { capture } from './workspace';

const FIXTURE = join(FIXTURES, 'runs', 'two-arm-before-sweeps');

function copyOfFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-old-run-'));
  cpSync(FIXTURE, join(root, 'run'), { recursive: true });
  return root;
}

test('a run written before sweeps is not a sweep, and compare and canary print what they printed then', async () => {
  const root = copyOfFixture();
  const plan = JSON.parse(readFileSync(join(root, 'run', 'plan.json'), 'utf8')) as RunPlanFile;
  assert.equal(isSweep(plan), false);
  for (const [name, verb, args] of [
    ['compare.json', compare, ['run', '--json']],
    ['compare.md', compare, ['run', '--markdown']],
    ['compare.txt', compare, ['run']],
    ['canary.json', canary, ['run', '--format', 'json', '--force']],
  ] as const) {
    const io = capture(root);
    // As on a terminal: the expected JSON was printed indented (piped, --json is compact now).
    await verb([...args], { ...io.io, stdoutIsTerminal: true });
    assert.equal(io.out(), readFileSync(join(FIXTURE, `expected-${name}`), 'utf8'), `${name} differs from what the code before sweeps printed`);
  }
});
