// The baseline may be served by a host too (`--baseline gpt-oss-120b@fireworks`): its requests go to
// that host with its own id and cost its price. A hosted candidate the catalog has no price for is
// named in the recommendation (never free), until the workspace gives one in .promptshift/config.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { run as compare } from '../../../src/cli/commands/compare';
import { run as canary } from '../../../src/cli/commands/canary';
import type { RunPlanFile } from '../../../src/core/replay/records';
import { capture, readRecords, scanId } from './workspace';
import { makeClassifyWorkspace, writeTickets } from './sweepWorkspace';

const CASES = 6;
const FW_120B = 'accounts/fireworks/models/gpt-oss-120b';

type Report = {
  arms: Record<string, { costUsd: number | null; inputTokens: number; outputTokens: number }>;
  candidates: { arm: string; costPerCallUsd: number | null }[];
  recommendation: { model: string | null; baselineMonthlyCostUsd: number | null; rejected: { model: string; reasons: string[] }[] };
};

test('--baseline MODEL@HOST: the baseline goes to the host at its price; an unpriced hosted arm is named, then priced from config', async () => {
  const { root } = makeClassifyWorkspace(CASES);
  const id = await scanId(root);
  writeTickets(root, id, CASES);
  const openai = await startLocalEndpoint({ latencyMs: 1, models: ['gpt-4.1-mini'] });
  const fireworks = await startLocalEndpoint({ latencyMs: 1, models: [FW_120B] });
  const groq = await startLocalEndpoint({ latencyMs: 1, models: ['llama-4-scout'] });
  const configure = (endpoints: Record<string, unknown>) => writeFileSync(join(root, '.promptshift', 'config.json'), JSON.stringify({ endpoints }));
  try {
    configure({ fireworks: { baseURL: fireworks.url }, groq: { baseURL: groq.url } });
    const io = capture(root, { OPENAI_API_KEY: 'sk-test' });
    const code = await replay(['--callsite', id, '--baseline', 'gpt-oss-120b@fireworks', '--candidate', 'gpt-4.1-mini', '--candidate', 'llama-4-scout@groq', '--base-url', openai.url, '--run-dir', 'hb'], io.io);
    assert.equal(code, 0, io.err());
    assert.match(io.err(), /note: llama-4-scout@groq: the model catalog has no Groq id for llama-4-scout; it is sent as given/);
    const plan = JSON.parse(readFileSync(join(root, 'hb', 'plan.json'), 'utf8')) as RunPlanFile;
    assert.deepEqual(plan.arms.baseline, { model: FW_120B, endpoint: { host: 'fireworks', baseURL: fireworks.url } });
    assert.equal(plan.callSites[0].arms.baseline.model, FW_120B, 'the request carries the host\'s own id');
    assert.deepEqual([fireworks.stats().byModel, groq.stats().byModel, openai.stats().byModel], [{ [FW_120B]: CASES }, { 'llama-4-scout': CASES }, { 'gpt-4.1-mini': CASES }]);
    for (const r of readRecords(join(root, 'hb')).filter((x) => x.arm === 'baseline')) {
      assert.ok(r.costUsd !== null && Math.abs(r.costUsd - (r.usage.input * 0.15 + r.usage.output * 0.6) / 1e6) < 1e-12, 'Fireworks\' price for gpt-oss-120b');
    }

    const cmp = capture(root);
    assert.equal(await compare(['hb', '--json'], cmp.io), 0, cmp.err());
    const report = JSON.parse(cmp.out()) as Report;
    assert.equal(report.arms['llama-4-scout@groq'].costUsd, null, 'unpriced, not free');
    assert.ok(report.recommendation.baselineMonthlyCostUsd !== null && report.recommendation.baselineMonthlyCostUsd > 0, 'the hosted baseline is priced');
    const groqRejected = report.recommendation.rejected.find((r) => r.model === 'llama-4-scout');
    assert.ok(groqRejected?.reasons.includes('no price for llama-4-scout@groq in the catalog (add one in .promptshift/config.json or the promptshift.models.catalog setting): its monthly cost cannot be projected'), JSON.stringify(report.recommendation));

    // The canary plan for the unpriced arm: no cost gate, and it says why and where to add a price.
    const plan1 = capture(root);
    assert.equal(await canary(['hb', '--format', 'json', '--candidate', 'llama-4-scout@groq'], plan1.io), 0, plan1.err());
    const rollout = JSON.parse(plan1.out()) as { warnings: string[]; gates: { id: string }[] };
    assert.ok(rollout.warnings.includes('The candidate\'s requests have no known price (no price for llama-4-scout in the catalog (add one in the promptshift.models.catalog setting)): the plan has no cost per request gate.'), JSON.stringify(rollout.warnings));
    assert.ok(!rollout.gates.some((g) => g.id === 'cost-per-request'));

    // The workspace gives Groq's price (from Groq's own page): compare prices the arm at it.
    configure({ fireworks: { baseURL: fireworks.url }, groq: { baseURL: groq.url, models: { 'llama-4-scout': { modelId: 'llama-4-scout', inputPerMTok: 0.2, outputPerMTok: 0.5 } } } });
    const priced = capture(root);
    assert.equal(await compare(['hb', '--json'], priced.io), 0, priced.err());
    // The projection is priced at compare time (the records keep what the replay knew: null).
    const again = JSON.parse(priced.out()) as Report;
    const arm = again.arms['llama-4-scout@groq'];
    const groqCandidate = again.candidates.find((c) => c.arm === 'llama-4-scout@groq')!;
    assert.ok(groqCandidate.costPerCallUsd !== null && Math.abs(groqCandidate.costPerCallUsd - (arm.inputTokens * 0.2 + arm.outputTokens * 0.5) / CASES / 1e6) < 1e-9, JSON.stringify(groqCandidate));
    assert.ok(!again.recommendation.rejected.some((r) => r.reasons.some((x) => x.startsWith('no price'))), JSON.stringify(again.recommendation));
  } finally {
    await openai.close();
    await fireworks.close();
    await groq.close();
  }
});
