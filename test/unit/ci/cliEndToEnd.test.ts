// The built CLI as a whole program (`node dist/cli.js`, a child process per verb) on the sample
// workspace: replay in two shards against the local stand-in endpoint (with retried faults), merge,
// then compare with a passing and a failing --fail-on — exit codes, the JUnit file (parsed) and the
// GitHub annotations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { scanDirectory } from '../../../src/cli/commands/scan';
import type { CallSite } from '../../../src/core/callsite';
import type { ResultRecord } from '../../../src/core/replay/records';
import { parseWorkflowCommands } from './runnerFiles';
import { cliEnv, copySampleWorkspace, ensureBuiltCli, readJUnit, removeTempDirs, runProcess, sampleCases, testcaseNames } from './builtCli';

const KEY = 'sk-e2e-test-5d0a8c61f2b4';
const CANDIDATE = 'gpt-4.1';
const cases = sampleCases();
const totalCases = [...cases.values()].reduce((n, c) => n + c.length, 0);
let cli = '';

before(async () => { cli = await ensureBuiltCli(); });
after(removeTempDirs);

test('two shards, merge, and compare gates through the built CLI: exit codes, JUnit and annotations', { timeout: 10 * 60_000 }, async () => {
  const root = copySampleWorkspace();
  const sites = new Map<string, CallSite>((await scanDirectory(root)).callSites.filter((s) => cases.has(s.id)).map((s) => [s.id, s]));
  assert.equal(sites.size, cases.size);
  // A fifth of first attempts fail (429 or 500) and are retried: the results must not show it.
  const endpoint = await startLocalEndpoint({ latencyMs: 5, faults: { rate: 0.2, kinds: ['429', '500'], firstAttemptOnly: true, retryAfterSeconds: 0.05, seed: 'e2e-cli' } });
  const promptshift = (...args: string[]) => runProcess(process.execPath, [cli, ...args], { cwd: root, env: cliEnv({ OPENAI_API_KEY: KEY }) });
  try {
    const shards: string[] = [];
    for (const shard of ['1/2', '2/2']) {
      const r = await promptshift('replay', '--all', '--candidate', CANDIDATE, '--base-url', endpoint.url, '--shard', shard, '--run-dir', `shard-${shard[0]}`, '--json');
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { runDir: string; summary: { done: number; errors: number; stopReason: string } };
      assert.deepEqual([out.runDir, out.summary.stopReason, out.summary.errors], [join(root, `shard-${shard[0]}`), 'completed', 0]);
      assert.ok(out.summary.done > 0 && out.summary.done < totalCases * 2, `shard ${shard} did a part: ${out.summary.done}`);
      shards.push(out.runDir);
    }
    assert.ok(endpoint.stats().faultsInjected > 0, 'faults were injected and retried');

    const merged = await promptshift('merge', ...shards, '--out', 'merged', '--json');
    assert.equal(merged.code, 0, merged.stderr);
    assert.deepEqual(JSON.parse(merged.stdout), { runDir: join(root, 'merged') });
    const records = readFileSync(join(root, 'merged', 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ResultRecord);
    assert.equal(records.length, totalCases * 2);
    assert.equal(new Set(records.map((x) => `${x.callSiteId}/${x.caseId}/${x.arm}/${x.repeat}`)).size, totalCases * 2);
    assert.ok(records.every((x) => x.status === 'ok'));

    // What the gates are judged on: the run's own numbers.
    const json = await promptshift('compare', 'merged', '--json');
    assert.equal(json.code, 0, json.stderr);
    const report = (JSON.parse(json.stdout) as { callSites: { callSiteId: string; changed: number; cases: unknown[] }[] }).callSites;
    assert.deepEqual(report.map((c) => c.callSiteId).sort(), [...cases.keys()].sort());

    // Passing gate: exit 0, a notice per call site on its line, a JUnit file without failures.
    const pass = await promptshift('compare', 'merged', '--fail-on', 'candidate.errorRate > 0.05 || delta.schemaPassRate < -0.02', '--junit', 'junit-pass.xml', '--format', 'github');
    assert.equal(pass.code, 0, pass.stderr);
    const notices = parseWorkflowCommands(pass.stdout);
    assert.equal(pass.stdout.trim().split('\n').length, notices.length, 'with --format github stdout holds annotations only');
    assert.deepEqual(notices.map((n) => n.command), report.map(() => 'notice'));
    for (const n of notices) {
      const site = sites.get(n.properties.title.replace(/^promptshift /, '')) ?? assert.fail(`annotation for an unknown call site: ${n.raw}`);
      assert.deepEqual([n.properties.file, n.properties.line], [site.path, String(site.line)]);
    }
    const junit = readJUnit(join(root, 'junit-pass.xml'));
    assert.deepEqual([junit.tests, junit.failures], [totalCases * 2, 0]);
    for (const suite of junit.suites) {
      const site = sites.get(suite.name) ?? assert.fail(`suite for an unknown call site ${suite.name}`);
      const expected = testcaseNames(site, cases.get(site.id)!, CANDIDATE);
      assert.deepEqual(suite.testcase.map((t) => t.name).sort(), expected);
      assert.equal(Number(suite.tests), expected.length);
      assert.ok(suite.testcase.every((t) => t.classname === site.id && t.failure === undefined));
    }

    // Failing gate (every output of a call site changed): exit 1, an error on each such call site's
    // line, a notice on the others, and the same JUnit file.
    const expr = 'changedRate >= 1';
    const failingIds = report.filter((c) => c.changed === c.cases.length).map((c) => c.callSiteId);
    assert.ok(failingIds.length > 0, 'the stand-in answers each model differently');
    const fail = await promptshift('compare', 'merged', '--fail-on', expr, '--junit', 'junit-fail.xml', '--format', 'github');
    assert.equal(fail.code, 1, fail.stderr);
    assert.equal(fail.stderr.trim(), `--fail-on "${expr}" holds for ${failingIds.join(', ')}`);
    const annotations = parseWorkflowCommands(fail.stdout);
    assert.deepEqual(annotations.filter((a) => a.command === 'error').map((a) => a.properties.title).sort(), failingIds.map((id) => `promptshift ${id}`).sort());
    for (const a of annotations.filter((x) => x.command === 'error')) {
      const site = sites.get(a.properties.title.replace(/^promptshift /, ''))!;
      assert.match(a.raw, /^::error file=[^,:]+,line=\d+,title=promptshift [^,:]+::.+ → gpt-4\.1: [^;]+; errors \d+\.\d%25 → \d+\.\d%25, /);
      assert.deepEqual([a.properties.file, a.properties.line], [site.path, String(site.line)]);
    }
    assert.deepEqual(annotations.filter((a) => a.command === 'notice').map((a) => a.properties.title).sort(),
      report.map((c) => c.callSiteId).filter((id) => !failingIds.includes(id)).map((id) => `promptshift ${id}`).sort());
    assert.equal(annotations.length, report.length, 'no case regressed, so no warnings');
    assert.deepEqual(readJUnit(join(root, 'junit-fail.xml')), junit, 'the JUnit file does not depend on the gate');

    // A gate naming no metric is bad usage.
    const bad = await promptshift('compare', 'merged', '--fail-on', 'candidate.errRate > 1');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown name "candidate\.errRate"/);
  } finally {
    await endpoint.close();
  }
});
