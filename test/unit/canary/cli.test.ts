// `promptshift canary` in-process: what it prints and writes, and its exit codes (CLI.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { RUNS } from './support';

async function cli(args: string[], cwd = RUNS) {
  let stdout = '', stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd, env: {} };
  const code = await main(['canary', ...args], io);
  return { code, stdout, stderr };
}

test('exit 0: the JSON plan on stdout', async () => {
  const r = await cli(['go', '--format', 'json', '--rps', '2']);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.equal(plan.kind, 'promptshift.rollout');
  assert.equal(plan.traffic.rps, 2);
});

test('several files on stdout are each headed by their name; --stage picks one', async () => {
  const all = await cli(['go', '--format', 'flagd']);
  assert.equal(all.code, 0);
  assert.equal((all.stdout.match(/^==> .*\.flagd\.json <==$/gm) ?? []).length, 5, 'four stages and the rollback');
  const one = await cli(['go', '--format', 'flagd', '--stage', '25']);
  assert.equal(one.code, 0);
  assert.equal(JSON.parse(one.stdout).flags['promptshift-gpt-4o-to-gpt-4-1'].targeting.fractional[0][1], 25);
});

test('--out writes the files (a directory takes them all by name)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promptshift-canary-'));
  try {
    const file = await cli(['go', '--format', 'markdown', '--out', join(dir, 'plan.md')]);
    assert.equal(file.code, 0, file.stderr);
    assert.match(readFileSync(join(dir, 'plan.md'), 'utf8'), /^# Rollout plan/);
    const many = await cli(['go', '--format', 'launchdarkly', '--out', join(dir, 'ld') + '/']);
    assert.equal(many.code, 0, many.stderr);
    assert.equal(readdirSync(join(dir, 'ld')).length, 10, 'flags and semantic patch for each of 4 stages and the rollback');
    assert.match(many.stderr, /wrote .*stage-10\.launchdarkly\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exit 1: a no-go plan prints its reasons and writes nothing without --force', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promptshift-canary-'));
  try {
    const out = join(dir, 'p.json');
    const r = await cli(['flagged', '--format', 'json', '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /NO-GO[\s\S]*reviewers flagged 1 case: c5/);
    assert.ok(!existsSync(out));
    const regressed = await cli(['regressed', '--format', 'argo']);
    assert.equal(regressed.code, 1);
    assert.match(regressed.stderr, /error rate rose significantly/);
    assert.equal(regressed.stdout, '');
    const forced = await cli(['flagged', '--format', 'json', '--out', out, '--force']);
    assert.equal(forced.code, 0);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).decision.verdict, 'no-go', 'the file records the verdict');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('exit 2: unknown format, stage not in the plan, no results, one arm, bad stages or rps', async () => {
  const cases: [string[], RegExp][] = [
    [['go', '--format', 'yaml'], /unknown format "yaml"/],
    [['go'], /--format is required/],
    [['go', '--format', 'flagd', '--stage', '30'], /stage 30 is not in the plan/],
    [['empty', '--format', 'json'], /has no results/],
    [['one-arm', '--format', 'json'], /one arm only/],
    [['go', '--format', 'json', '--stages', '10,50'], /end at 100/],
    [['go', '--format', 'json', '--rps', '0'], /positive number/],
    [['go', '--format', 'json', '--rps', 'fast'], /--rps must be a number/],
    [['nowhere', '--format', 'json'], /cannot read plan\.json/],
    [['go', '--format', 'json', '--flag-key', 'has space'], /--flag-key/],
  ];
  for (const [args, message] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});
