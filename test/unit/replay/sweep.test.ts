// Sweeps end to end through the CLI, the real openai SDK and the local stand-in's model tiers (known
// rates of schema breaks and disagreement): the plan and results of several arms, resume, merge, and
// compare's recommendation — the cheapest tier whose gates hold, each cheaper tier rejected with the
// gate that failed, and projected costs that follow from the catalog's prices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { run as compare } from '../../../src/cli/commands/compare';
import { main } from '../../../src/cli/main';
import { BUILTIN_CATALOG, loadCatalog, lookupModel } from '../../../src/core/models/catalog';
import { isSweep, workKey, type RunPlanFile } from '../../../src/core/replay/records';
import { capture, makeWorkspace, readRecords, scanId, writeCases } from './workspace';
import { makeClassifyWorkspace, TIERS, writeTickets } from './sweepWorkspace';

const CANDIDATES = ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4o'];
const ARGS = CANDIDATES.flatMap((c) => ['--candidate', c]);
const CASES = 100;

interface Rec { model: string | null; arm: string | null; monthlyCostUsd: number | null; baselineMonthlyCostUsd: number | null; rejected: Array<{ model: string; reasons: string[]; gates: string[] }>; volume: { callsPerMonth: number; source: string } }
interface Metrics { n: number; errors: number; inputTokens: number; outputTokens: number; schemaPassRate: number | null }
interface Fit { promptTokens: { cases: number; p50: number; p95: number; max: number }; outputTokens: number | null; arms: Record<string, { model: string; contextWindow: number | null; problem: string | null }> }
interface SweepJson { contextFit: Fit; callSiteId: string; sweep: true; arms: Record<string, Metrics>; models: Record<string, string>; recommendation: Rec; candidates: Array<{ arm: string; passed: boolean; pareto: boolean; agreement: { rate: number } }>; cases: unknown[] }

async function sweepWorkspace(): Promise<{ root: string; id: string; server: LocalEndpoint }> {
  const { root } = makeClassifyWorkspace(CASES);
  const id = await scanId(root);
  writeTickets(root, id, CASES);
  const server = await startLocalEndpoint({ latencyMs: 1, tiers: TIERS });
  return { root, id, server };
}

async function compareJson(root: string, args: string[]): Promise<SweepJson> {
  const io = capture(root);
  assert.equal(await compare([...args, '--json'], io.io), 0, io.err());
  return JSON.parse(io.out()) as SweepJson;
}

const catalog = loadCatalog(BUILTIN_CATALOG);
const price = (model: string) => { const m = lookupModel(catalog, model)!; return { input: m.inputPerMTok!, output: m.outputPerMTok! }; };
const projected = (m: Metrics, model: string, calls: number) => (m.inputTokens * price(model).input + m.outputTokens * price(model).output) / (m.n - m.errors) / 1e6 * calls;

test('sweep: one run of five arms, the cheapest tier whose gates hold is recommended, cheaper tiers rejected by the gate that failed', async () => {
  const { root, id, server } = await sweepWorkspace();
  try {
    const io = capture(root);
    assert.equal(await replay(['--callsite', id, ...ARGS, '--base-url', server.url, '--run-dir', 'sweep', '--concurrency', '16', '--json'], io.io), 0, io.err());
    const out = JSON.parse(io.out());
    assert.equal(out.summary.total, CASES * 5);
    assert.equal(out.summary.done, CASES * 5);
    const plan = JSON.parse(readFileSync(join(root, 'sweep', 'plan.json'), 'utf8')) as RunPlanFile;
    assert.ok(isSweep(plan));
    assert.deepEqual(Object.keys(plan.arms), ['baseline', ...CANDIDATES], 'arms are named by model, the baseline first');
    assert.deepEqual(plan.callSites[0].arms, { baseline: { model: 'gpt-4.1' }, ...Object.fromEntries(CANDIDATES.map((c) => [c, { model: c }])) });
    const records = readRecords(join(root, 'sweep'));
    assert.equal(records.length, CASES * 5);
    for (const arm of ['baseline', ...CANDIDATES]) assert.equal(records.filter((r) => r.arm === arm).length, CASES, arm);
    assert.ok(records.every((r) => r.model === (r.arm === 'baseline' ? 'gpt-4.1' : r.arm)));

    const report = await compareJson(root, ['sweep']);
    assert.equal(report.callSiteId, id);
    assert.deepEqual(Object.keys(report.arms), ['baseline', ...CANDIDATES], 'arms keyed by arm name (CLI.md)');
    const rec = report.recommendation;
    assert.equal(rec.model, 'gpt-4.1-mini', JSON.stringify(rec, null, 1));
    assert.deepEqual(rec.rejected.map((r) => [r.model, r.gates]), [['gpt-4.1-nano', ['schemaPassRate']], ['gpt-4o-mini', ['agreement']]], 'cheapest first, each with the one gate it failed');
    assert.match(rec.rejected[0].reasons[0], /^schema pass rate 9\d\.\d% \(\d+\/100\) against the baseline's 100\.0% − 2\.0 pts allowed$/);
    assert.match(rec.rejected[1].reasons[0], /^agreement with the baseline [67]\d\.\d% \(\d+\/100; JSON fields exact\) against 90\.0% required$/);
    assert.ok(report.candidates.find((c) => c.arm === 'gpt-4o')!.passed, 'a dearer candidate that passes is not rejected, just not the cheapest');
    assert.equal(report.candidates.find((c) => c.arm === 'gpt-4o')!.agreement.rate, 1);
    // Context fit: the tickets' prompt sizes, and every tier's window takes them.
    const fit = report.contextFit;
    assert.equal(fit.promptTokens.cases, CASES);
    assert.ok(fit.promptTokens.p50 > 10 && fit.promptTokens.p50 <= fit.promptTokens.p95 && fit.promptTokens.p95 <= fit.promptTokens.max, JSON.stringify(fit.promptTokens));
    assert.deepEqual(Object.keys(fit.arms), ['baseline', ...CANDIDATES]);
    assert.equal(fit.arms['gpt-4o'].contextWindow, 128000);
    assert.ok(Object.values(fit.arms).every((a) => a.problem === null));

    // Projected costs follow from the catalog's prices and each arm's tokens per call.
    assert.equal(rec.volume.source, 'default');
    const calls = rec.volume.callsPerMonth;
    assert.ok(Math.abs(rec.monthlyCostUsd! - projected(report.arms['gpt-4.1-mini'], 'gpt-4.1-mini', calls)) < 1e-3);
    assert.ok(Math.abs(rec.baselineMonthlyCostUsd! - projected(report.arms.baseline, 'gpt-4.1', calls)) < 1e-3);
    assert.ok(rec.monthlyCostUsd! < rec.baselineMonthlyCostUsd! / 3, 'the mini tier costs a fifth of the flagship per token');
    const big = await compareJson(root, ['sweep', '--volume', '2500000']);
    assert.equal(big.recommendation.volume.source, 'flag');
    assert.ok(Math.abs(big.recommendation.monthlyCostUsd! - projected(report.arms['gpt-4.1-mini'], 'gpt-4.1-mini', 2_500_000)) < 1e-2);

    // The gates are the user's: accept more disagreement and the cheaper disagreeing tier wins.
    const loose = await compareJson(root, ['sweep', '--min-agreement', '0.6']);
    assert.equal(loose.recommendation.model, 'gpt-4o-mini');
    assert.deepEqual(loose.recommendation.rejected.map((r) => r.model), ['gpt-4.1-nano']);
    // ...or from .promptshift/config.json, per call site.
    writeFileSync(join(root, '.promptshift', 'config.json'), JSON.stringify({ recommend: { monthlyCalls: { '*': 10, [id]: 1000 }, minAgreement: 0.6 } }));
    const configured = await compareJson(root, ['sweep']);
    assert.equal(configured.recommendation.volume.callsPerMonth, 1000);
    assert.equal(configured.recommendation.model, 'gpt-4o-mini');
    rmSync(join(root, '.promptshift', 'config.json'));

    // Markdown: the table and the reasons; text: the same in the terminal.
    const md = capture(root);
    assert.equal(await compare(['sweep', '--markdown'], md.io), 0, md.err());
    assert.match(md.out(), /\*\*Recommendation:\*\* `gpt-4\.1-mini`/);
    assert.match(md.out(), /\| arm \| model \| errors \| schema pass \| agreement \| latency p95 \| cost \/ 1k calls \| cost \/ month \| verdict \|/);
    assert.match(md.out(), /- `gpt-4\.1-nano`: schema pass rate .* allowed\./);
    assert.match(md.out(), /rejected: agreement/);
    assert.match(md.out(), /- prompt tokens \(estimated over 100 cases\): p50 ≈\d+, p95 ≈\d+, max ≈\d+; output asked: /);
    const txt = capture(root);
    assert.equal(await compare(['sweep'], txt.io), 0, txt.err());
    assert.match(txt.out(), /recommendation: gpt-4\.1-mini — gpt-4\.1-mini is the cheapest candidate whose gates hold/);
    assert.match(txt.out(), /cheaper candidates rejected:\n {4}gpt-4\.1-nano: schema pass rate/);
    // --fail-on reads the recommended candidate, and whether there is one.
    const gate = capture(root);
    assert.equal(await compare(['sweep', '--fail-on', '!recommended || candidate.errorRate > 0'], gate.io), 0, gate.err());
    const strict = capture(root);
    assert.equal(await compare(['sweep', '--min-agreement', '1', '--max-schema-drop', '0', '--fail-on', '!recommended', '--json'], strict.io), 0, strict.err());
    assert.equal((JSON.parse(strict.out()) as SweepJson).recommendation.model, 'gpt-4o', 'only the tier that never differs is left');
  } finally {
    await server.close();
  }
});

test('sweep: a killed run resumes only what is missing; shards of a sweep merge into the same recommendation', async () => {
  const { root, id, server } = await sweepWorkspace();
  try {
    const common = ['--callsite', id, ...ARGS, '--base-url', server.url, '--no-cache', '--concurrency', '8'];
    const full = capture(root);
    assert.equal(await replay([...common, '--run-dir', 'full'], full.io), 0, full.err());
    const all = readFileSync(join(root, 'full', 'results.jsonl'), 'utf8').split('\n').filter(Boolean);
    // A kill: two thirds written, the last line torn, no summary.
    const kept = Math.floor(all.length * 2 / 3);
    writeFileSync(join(root, 'full', 'results.jsonl'), all.slice(0, kept).join('\n') + '\n' + all[kept].slice(0, 20));
    rmSync(join(root, 'full', 'summary.json'));
    const before = server.stats().requests;
    const resumed = capture(root);
    assert.equal(await replay(['--resume', 'full', ...ARGS, '--base-url', server.url, '--no-cache'], resumed.io), 0, resumed.err());
    assert.equal(server.stats().requests - before, all.length - kept, 'only the missing requests are sent');
    const records = readRecords(join(root, 'full'));
    assert.equal(new Set(records.map(workKey)).size, CASES * 5);
    const other = capture(root);
    await assert.rejects(replay(['--resume', 'full', '--candidate', 'gpt-4o', '--base-url', server.url], other.io), /differs from the run's \(gpt-4\.1-nano, gpt-4o-mini, gpt-4\.1-mini, gpt-4o\)/);

    for (const s of ['1/2', '2/2']) {
      const io = capture(root);
      assert.equal(await replay([...common, '--shard', s, '--run-dir', `s${s[0]}`], io.io), 0, io.err());
    }
    const m = capture(root);
    assert.equal(await main(['merge', 's1', 's2', '--out', 'merged'], m.io), 0, m.err());
    const a = await compareJson(root, ['full']);
    const b = await compareJson(root, ['merged']);
    assert.deepEqual(b.recommendation, a.recommendation);
    const counts = (r: SweepJson) => Object.fromEntries(Object.entries(r.arms).map(([k, m]) => [k, { ...m, latencyP50Ms: 0, latencyP95Ms: 0 }]));
    assert.deepEqual(counts(b), counts(a), 'the same counts and tokens (latencies are measured anew)');
  } finally {
    await server.close();
  }
});

test('sweep of a free-text call site: agreement by word overlap at the configured similarity; a tier that fails requests is rejected on its error rate', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 60);
  const server = await startLocalEndpoint({ latencyMs: 1, tiers: { 'gpt-4o': {}, 'gpt-4.1-nano': { errorRate: 0.2 }, 'gpt-4.1-mini': { disagreeRate: 0.02 } } });
  try {
    const io = capture(root);
    assert.equal(await replay(['--callsite', id, '--candidate', 'gpt-4.1-nano', '--candidate', 'gpt-4.1-mini', '--base-url', server.url, '--run-dir', 'text'], io.io), 0, io.err());
    const r = await compareJson(root, ['text']);
    assert.equal(r.recommendation.model, 'gpt-4.1-mini');
    const nano = r.recommendation.rejected.find((x) => x.model === 'gpt-4.1-nano')!;
    assert.ok(nano.gates.includes('errorRate'), JSON.stringify(nano));
    assert.match(nano.reasons[0], /^error rate \d+\.\d% \(\d+\/60\) against the baseline's 0\.0% \+ 2\.0 pts allowed$/);
    const mini = r.candidates.find((c) => c.arm === 'gpt-4.1-mini')!;
    assert.ok(mini.agreement.rate >= 0.9 && mini.agreement.rate < 1, `text agreement ${mini.agreement.rate}`);
    // Demand near-identical text and the few rewritten answers still disagree; nothing else changes.
    const strict = await compareJson(root, ['text', '--text-similarity', '0.99']);
    assert.equal(strict.candidates.find((c) => c.arm === 'gpt-4.1-mini')!.agreement.rate, mini.agreement.rate);
    // With no candidate passing there is no recommendation, and --fail-on can gate on that.
    const none = capture(root);
    assert.equal(await compare(['text', '--min-agreement', '1', '--fail-on', '!recommended'], none.io), 1);
    assert.match(none.out(), /recommendation: none — no candidate's gates hold \(2 rejected\)/);
    assert.match(none.err(), /--fail-on "!recommended" holds for /);
  } finally {
    await server.close();
  }
});
