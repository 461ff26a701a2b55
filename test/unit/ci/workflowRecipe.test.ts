// The CI recipe (examples/ci/promptshift.yml) cannot rot: its shell steps run, in order, across its
// matrix shards, on a copy of the sample workspace, against the local stand-in endpoint — with the
// built CLI as the `promptshift` on PATH, GitHub simulated by actionsSim.ts (step files, artifacts as
// directories, `if:` rules) and every `${{ … }}` mapped below, explicitly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { scanDirectory } from '../../../src/cli/commands/scan';
import type { CallSite } from '../../../src/core/callsite';
import { REPO_ROOT } from '../support/paths';
import { runWorkflow, SKIP_MARKER, type ExprContext, type Expressions, type JobRun } from './actionsSim';
import { cliEnv, copySampleWorkspace, ensureBuiltCli, readJUnit, regularFiles, removeTempDirs, sampleCases, tempDir, testcaseNames } from './builtCli';

const WORKFLOW = join(REPO_ROOT, 'examples', 'ci', 'promptshift.yml');
const KEY = 'sk-recipe-test-3b1f9c27d4e8';
const CANDIDATE = 'gpt-4.1';
/** Every model the sample workspace's call sites use as their baseline. */
const BASELINES = ['gpt-4.5-preview', 'claude-3-5-sonnet-20240620', 'gpt-4o', 'gpt-4o-mini', 'gpt-4o-2024-08-06'];

function need(v: string | undefined, what: string): string {
  if (v === undefined) throw new Error(`${what} is not set at this point of the workflow`);
  return v;
}

/** The only expressions the recipe may use; anything else fails the run (actionsSim checks up front). */
function expressionsFor(baseUrl: string, apiKey: string, jobTotal?: number): Expressions {
  return {
    'github.ref': () => 'refs/pull/1/merge',
    "vars.PROMPTSHIFT_BASE_URL || 'https://api.openai.com/v1'": () => baseUrl,
    'vars.PROMPTSHIFT_REPOSITORY': () => 'the-promptshift-checkout-under-test',
    'vars.PROMPTSHIFT_REF': () => 'HEAD',
    'secrets.OPENAI_API_KEY': () => apiKey,
    'matrix.shard': (c: ExprContext) => need(c.matrix.shard, 'matrix.shard'),
    'strategy.job-total': (c: ExprContext) => String(jobTotal ?? c.jobTotal),
    'runner.temp': (c: ExprContext) => c.runnerTemp,
    'steps.merge.outputs.run-dir': (c: ExprContext) => need(c.steps.merge?.outputs['run-dir'], 'steps.merge.outputs.run-dir'),
    false: () => 'false',
  };
}

/** `jobTotal` overrides strategy.job-total, so the shards leave part of the work undone. */
async function runRecipe(endpoint: LocalEndpoint, { apiKey = KEY, jobTotal }: { apiKey?: string; jobTotal?: number } = {}) {
  const tmp = tempDir('ps-ci-recipe-');
  const run = await runWorkflow(readFileSync(WORKFLOW, 'utf8'), {
    expressions: expressionsFor(endpoint.url, apiKey, jobTotal),
    checkoutSelf: (ws) => { copySampleWorkspace(ws); },
    // The recipe builds Promptshift from a checkout of its source; here that checkout is this one.
    checkoutOther: (target, inputs) => {
      assert.equal(inputs.path, '.promptshift-tool');
      symlinkSync(REPO_ROOT, target);
    },
    env: cliEnv({ LANG: 'C.UTF-8' }),
    tmp,
    stepTimeoutMs: 5 * 60_000,
  });
  const job = (name: string) => run.jobs.find((j) => j.name === name) ?? assert.fail(`no job "${name}" in ${run.jobs.map((j) => j.name).join(', ')}`);
  const step = (j: JobRun, name: string) => j.steps.find((s) => s.name === name) ?? assert.fail(`no step "${name}" in ${j.name}`);
  const log = (j: JobRun) => j.steps.map((s) => `--- ${s.name}: ${s.outcome}${s.skipped ? ` (${s.skipped})` : ''} exit ${s.exitCode}\n${s.stdout}${s.stderr}`).join('\n');
  return { ...run, tmp, job, step, log };
}

let sites: CallSite[] = [];
const cases = sampleCases();
const totalCases = [...cases.values()].reduce((n, c) => n + c.length, 0);

before(async () => {
  await ensureBuiltCli();
  sites = (await scanDirectory(copySampleWorkspace())).callSites.filter((s) => cases.has(s.id));
  assert.equal(sites.length, cases.size, 'every cases file of the sample workspace belongs to a call site');
});
after(removeTempDirs);

/** One testcase per case and arm, named "<case> [<arm>: <model>]", classed by call site. */
function assertJUnitCases(junit: ReturnType<typeof readJUnit>): void {
  assert.equal(junit.tests, totalCases * 2);
  assert.deepEqual(junit.suites.map((s) => s.name).sort(), [...cases.keys()].sort());
  for (const site of sites) {
    const suite = junit.suites.find((s) => s.name === site.id)!;
    const expected = testcaseNames(site, cases.get(site.id)!, CANDIDATE);
    assert.deepEqual(suite.testcase.map((t) => t.name).sort(), expected, site.id);
    assert.ok(suite.testcase.every((t) => t.classname === site.id));
  }
}

test('the workflow asks for what the guide says: the real default endpoint, the key from secrets, shards, merge, gate', () => {
  const wf = parse(readFileSync(WORKFLOW, 'utf8')) as { env: Record<string, string>; jobs: Record<string, { steps: { name?: string; run?: string; env?: Record<string, string> }[] }> };
  assert.match(wf.env.PROMPTSHIFT_BASE_URL, /\|\| 'https:\/\/api\.openai\.com\/v1' \}\}$/);
  const runs = Object.values(wf.jobs).flatMap((j) => j.steps);
  const replay = runs.find((s) => s.run?.includes('promptshift replay'))!;
  assert.equal(replay.env?.OPENAI_API_KEY, '${{ secrets.OPENAI_API_KEY }}', 'the key reaches replay through its environment only');
  assert.match(replay.run!, /--all\b/);
  assert.match(replay.run!, /--shard "\$\{\{ matrix\.shard \}\}\/\$\{\{ strategy\.job-total \}\}"/);
  const skipped = runs.filter((s) => s.env?.[SKIP_MARKER]).map((s) => s.name);
  assert.deepEqual(skipped, ['Build Promptshift', 'Build Promptshift'], 'only the build is skipped by the test (Promptshift is already built here)');
  assert.match(runs.find((s) => s.name === 'Rollout plan')!.run!, /promptshift canary "\$RUN_DIR" --format markdown --out promptshift-rollout\.md/);
});

test('go: the shards replay, merge, pass the gate, annotate, write JUnit and the job summary, and upload the run', { timeout: 10 * 60_000 }, async () => {
  const endpoint = await startLocalEndpoint({ latencyMs: 5 });
  try {
    const r = await runRecipe(endpoint);
    const report = r.job('report');
    for (const j of r.jobs) assert.equal(j.outcome, 'success', r.log(j));
    assert.deepEqual(r.jobs.map((j) => j.name), ['replay (shard 1)', 'replay (shard 2)', 'report']);
    for (const j of r.jobs) {
      for (const s of j.steps.filter((x) => x.outcome === 'skipped')) assert.ok(s.name === 'Build Promptshift', `${j.name}: ${s.name} skipped (${s.skipped})`);
    }

    // Each shard replayed a part; together every case once per arm.
    const stats = endpoint.stats();
    assert.equal(stats.requests, totalCases * 2);
    assert.equal(stats.byModel[CANDIDATE], totalCases);
    const lines = (name: string) => readFileSync(join(r.artifacts.dir(name), 'results.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    assert.ok(lines('promptshift-shard-1') > 0 && lines('promptshift-shard-2') > 0);
    assert.equal(lines('promptshift-shard-1') + lines('promptshift-shard-2'), totalCases * 2);
    assert.match(r.step(r.job('replay (shard 2)'), 'Replay shard 2 of 2').stderr, /done \(0 errors/);

    // The gate passes, with one notice per call site on its line.
    const gate = r.step(report, 'Gate');
    assert.equal(gate.exitCode, 0, r.log(report));
    assert.deepEqual(gate.commands.map((c) => c.command), sites.map(() => 'notice'));
    for (const site of sites) {
      const a = gate.commands.find((c) => c.properties.title === `promptshift ${site.id}`) ?? assert.fail(`no annotation for ${site.id}`);
      assert.deepEqual([a.properties.file, a.properties.line], [site.path, String(site.line)]);
      assert.match(a.raw, new RegExp(`^::notice file=${site.path.replace(/[./]/g, '\\$&')},line=${site.line},title=promptshift ${site.id}::.+ → ${CANDIDATE}: [^;]+; errors `));
    }

    // The uploaded run: the merged run directory, the JUnit file, the report and the rollout plan.
    const run = r.artifacts.dir('promptshift-run');
    for (const f of ['promptshift-run/plan.json', 'promptshift-run/results.jsonl', 'promptshift-run/summary.json', 'promptshift-junit.xml', 'promptshift-report.md', 'promptshift-inventory.txt']) {
      assert.ok(existsSync(join(run, f)), f);
    }
    const summaryJson = JSON.parse(readFileSync(join(run, 'promptshift-run', 'summary.json'), 'utf8')) as { mergedFrom: unknown[]; done: number };
    assert.equal(summaryJson.mergedFrom.length, 2);
    assert.equal(summaryJson.done, totalCases * 2);
    const junit = readJUnit(join(run, 'promptshift-junit.xml'));
    assertJUnitCases(junit);
    assert.equal(junit.failures, 0);

    // The job summary: the inventory, a Markdown report per call site, and the gate's verdict.
    assert.match(report.summary, /<details><summary>Prompt call sites \(promptshift scan\)<\/summary>/);
    for (const site of sites) {
      assert.match(report.summary, new RegExp(`^#+ \`?${site.id}\`?: .+ → \`?${CANDIDATE.replace('.', '\\.')}\`?( \\(.+\\))?$`, 'm'));
      assert.ok(report.summary.includes(`id ${site.id}`), `the inventory lists ${site.id}`);
    }
    assert.match(report.summary, /^\| *metric *\| *baseline *\| *candidate *\| *delta *\|$/m);
    assert.match(report.summary, /^\*\*Gate passed:\*\* `candidate\.errorRate > 0\.05 \|\| delta\.schemaPassRate < -0\.02` holds for no call site\.$/m);
    assert.ok(report.summary.includes(readFileSync(join(run, 'promptshift-report.md'), 'utf8')), 'the summary is the report that was uploaded');

    // The canary plan of a go run: written, uploaded and in the job summary.
    const rollout = r.step(report, 'Rollout plan');
    assert.equal(rollout.exitCode, 0, r.log(report));
    const plan = readFileSync(join(run, 'promptshift-rollout.md'), 'utf8');
    assert.match(plan, /10%.+25%.+50%.+100%/s);
    assert.ok(report.summary.includes(plan), 'the summary carries the plan that was uploaded');

    // The key went to the endpoint only: not on disk, not in any log.
    for (const f of regularFiles(r.tmp)) assert.ok(!readFileSync(f, 'utf8').includes(KEY), f);
    for (const j of r.jobs) assert.ok(!r.log(j).includes(KEY), j.name);
  } finally {
    await endpoint.close();
  }
});

test('no-go: a candidate every request of which fails fails the gate, with error annotations, failing testcases, and the run uploaded', { timeout: 10 * 60_000 }, async () => {
  // The endpoint serves the baselines only, as an account without access to the candidate would.
  const endpoint = await startLocalEndpoint({ latencyMs: 5, models: BASELINES });
  try {
    const r = await runRecipe(endpoint);
    const report = r.job('report');
    assert.equal(r.job('replay (shard 1)').outcome, 'success', r.log(r.job('replay (shard 1)')));
    assert.equal(report.outcome, 'failure');
    const gate = r.step(report, 'Gate');
    assert.equal(gate.exitCode, 1, r.log(report));
    assert.match(gate.stderr, /--fail-on ".+" holds for /);

    const errors = gate.commands.filter((c) => c.command === 'error');
    assert.equal(errors.length, sites.length);
    for (const e of errors) assert.match(e.raw, /^::error file=[^,:]+,line=\d+,title=promptshift [^:]+::.+: [^;]+; errors 0\.0%25 → 100\.0%25, /);
    for (const site of sites) {
      const e = errors.find((c) => c.properties.title === `promptshift ${site.id}`) ?? assert.fail(`no error for ${site.id}`);
      assert.deepEqual([e.properties.file, e.properties.line], [site.path, String(site.line)]);
      assert.equal(gate.commands.filter((c) => c.command === 'warning' && c.properties.file === site.path && c.properties.line === String(site.line)).length, cases.get(site.id)!.length, `a regressed-case warning per case of ${site.id}`);
    }

    assert.equal(r.step(report, 'Rollout plan').outcome, 'skipped');
    assert.equal(r.step(report, 'Upload the run').outcome, 'success', 'the evidence is uploaded when the gate fails');
    const junit = readJUnit(join(r.artifacts.dir('promptshift-run'), 'promptshift-junit.xml'));
    assertJUnitCases(junit);
    assert.equal(junit.failures, totalCases);
    for (const t of junit.suites.flatMap((s) => s.testcase)) {
      assert.equal(t.failure !== undefined, t.name.includes('[candidate:'), t.name);
    }
    assert.match(report.summary, /^\*\*Gate failed:\*\* `.+` holds for at least one call site; see the annotations\.$/m);
  } finally {
    await endpoint.close();
  }
});

test('without the key secret the shards stop before sending anything, saying why, and no report is made', { timeout: 5 * 60_000 }, async () => {
  const endpoint = await startLocalEndpoint({ latencyMs: 5 });
  try {
    const r = await runRecipe(endpoint, { apiKey: '' });
    for (const shard of ['replay (shard 1)', 'replay (shard 2)']) {
      const replay = r.step(r.job(shard), `Replay ${shard.replace('replay (shard ', 'shard ').replace(')', '')} of 2`);
      assert.equal(replay.exitCode, 2);
      assert.deepEqual(replay.commands.map((c) => [c.command, c.message]), [['error', 'the secret OPENAI_API_KEY is not set (pull requests from forks get no secrets)']]);
    }
    assert.equal(r.job('report').outcome, 'skipped');
    assert.equal(endpoint.stats().requests, 0);
  } finally {
    await endpoint.close();
  }
});

test('a shard that went missing stops the report at the merge: no gate is judged on part of the evidence', { timeout: 10 * 60_000 }, async () => {
  const endpoint = await startLocalEndpoint({ latencyMs: 5 });
  try {
    // Two shards run, each believing there are three: a third of the work is never sent.
    const r = await runRecipe(endpoint, { jobTotal: 3 });
    const report = r.job('report');
    assert.equal(report.outcome, 'failure', r.log(report));
    const merge = r.step(report, 'Merge the shards');
    assert.equal(merge.exitCode, 1);
    assert.equal(merge.commands.length, 1);
    assert.match(merge.commands[0].raw, /^::error title=promptshift::the merged run is incomplete: merged \d+ of \d+ results; resume the merged run to send the rest$/);
    assert.equal(r.step(report, 'Gate').outcome, 'skipped');
    assert.equal(r.step(report, 'Upload the run').outcome, 'success');
    assert.ok(existsSync(join(r.artifacts.dir('promptshift-run'), 'promptshift-run', 'plan.json')), 'the partial run is kept, to be resumed');
  } finally {
    await endpoint.close();
  }
});
