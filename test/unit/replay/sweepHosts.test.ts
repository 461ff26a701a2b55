// Sweeps that mix vendors: arms named MODEL@HOST go to the host's endpoint with the host's own model
// id, at the host's catalog price; requests a host refuses are refused before anything is sent.
// Two local stand-ins play the hosts: one "OpenAI" (the run's --base-url), one an open-weight host
// (named in .promptshift/config.json "endpoints", as a user points a built-in host elsewhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { run as compare } from '../../../src/cli/commands/compare';
import type { RunPlanFile } from '../../../src/core/replay/records';
import { capture, readRecords, scanId } from './workspace';
import { makeClassifyWorkspace, writeTickets } from './sweepWorkspace';

const CASES = 40;
const FW_120B = 'accounts/fireworks/models/gpt-oss-120b';
const FW_20B = 'accounts/fireworks/models/gpt-oss-20b';
/** Fireworks' prices in the catalog (docs.fireworks.ai/serverless/pricing, read 2026-12-05). */
const FW_PRICE: Record<string, { input: number; output: number }> = { [FW_120B]: { input: 0.15, output: 0.6 }, [FW_20B]: { input: 0.07, output: 0.3 } };

function configure(root: string, endpoints: Record<string, unknown>): void {
  writeFileSync(join(root, '.promptshift', 'config.json'), JSON.stringify({ endpoints }));
}

async function twoHosts(): Promise<{ openai: LocalEndpoint; host: LocalEndpoint; close: () => Promise<void> }> {
  const openai = await startLocalEndpoint({ latencyMs: 1, models: ['gpt-4.1', 'gpt-4.1-mini'], tiers: { 'gpt-4.1': {}, 'gpt-4.1-mini': { disagreeRate: 0.02 } } });
  const host = await startLocalEndpoint({ latencyMs: 1, models: [FW_120B, FW_20B], tiers: { [FW_120B]: {}, [FW_20B]: { schemaBreakRate: 0.3 } } });
  return { openai, host, close: async () => { await openai.close(); await host.close(); } };
}

test('one run sweeps OpenAI tiers and an open-weight family on another host: each arm goes to its own endpoint and costs its host\'s price', async () => {
  const { root } = makeClassifyWorkspace(CASES);
  const id = await scanId(root);
  writeTickets(root, id, CASES);
  const { openai, host, close } = await twoHosts();
  try {
    configure(root, { fireworks: { baseURL: host.url } });
    // No FIREWORKS_API_KEY: the host is on this machine, as a self-hosted server would be.
    const io = capture(root, { OPENAI_API_KEY: 'sk-test', PROMPTSHIFT_TODAY: '2026-11-15' });
    const code = await replay(['--callsite', id, '--candidate', 'gpt-4.1-mini', '--sweep', 'gpt-oss@fireworks', '--base-url', openai.url, '--run-dir', 'mix', '--json'], io.io);
    assert.equal(code, 0, io.err());
    const plan = JSON.parse(readFileSync(join(root, 'mix', 'plan.json'), 'utf8')) as RunPlanFile;
    assert.deepEqual(Object.keys(plan.arms), ['baseline', 'gpt-4.1-mini', 'gpt-oss-20b@fireworks', 'gpt-oss-120b@fireworks'], 'host tiers cheapest first by the host\'s prices');
    assert.deepEqual(plan.arms['gpt-oss-120b@fireworks'], { model: FW_120B, endpoint: { host: 'fireworks', baseURL: host.url } });
    assert.equal(plan.callSites[0].arms['gpt-oss-20b@fireworks'].model, FW_20B, 'the request carries the host\'s own model id');

    // Each stand-in saw only its own arms' models, every case once.
    assert.deepEqual(openai.stats().byModel, { 'gpt-4.1': CASES, 'gpt-4.1-mini': CASES });
    assert.deepEqual(host.stats().byModel, { [FW_20B]: CASES, [FW_120B]: CASES });

    // Costs follow the host's catalog prices, per record.
    const records = readRecords(join(root, 'mix'));
    for (const r of records.filter((x) => x.arm.endsWith('@fireworks'))) {
      const p = FW_PRICE[r.model];
      assert.ok(r.costUsd !== null && Math.abs(r.costUsd - (r.usage.input * p.input + r.usage.output * p.output) / 1e6) < 1e-12, `${r.arm} ${r.caseId}`);
    }

    // compare prices the arms the same way, and recommends the cheapest arm whose gates hold:
    // gpt-oss-20b breaks the schema on ~30% of tickets, gpt-oss-120b agrees, both are cheaper than gpt-4.1-mini.
    const cmp = capture(root);
    assert.equal(await compare(['mix', '--json'], cmp.io), 0, cmp.err());
    const report = JSON.parse(cmp.out()) as { arms: Record<string, { costUsd: number; inputTokens: number; outputTokens: number }>; recommendation: { model: string; rejected: { model: string; reasons: string[] }[] } };
    const fw = report.arms['gpt-oss-120b@fireworks'];
    assert.ok(Math.abs(fw.costUsd - (fw.inputTokens * 0.15 + fw.outputTokens * 0.6) / 1e6) < 1e-9);
    assert.match(report.recommendation.model, /gpt-oss-120b/);
    assert.ok(report.recommendation.rejected.some((r) => /gpt-oss-20b/.test(r.model) && r.reasons.some((x) => /schema/i.test(x))), JSON.stringify(report.recommendation.rejected));

    // Resume sends nothing twice; the hosted arms keep their endpoint from plan.json.
    const before = openai.stats().requests + host.stats().requests;
    const again = capture(root, { OPENAI_API_KEY: 'sk-test' });
    assert.equal(await replay(['--resume', 'mix', '--base-url', openai.url], again.io), 0, again.err());
    assert.equal(openai.stats().requests + host.stats().requests, before);

    // A new run of the same arms is served from the cache, scoped per endpoint.
    const cached = capture(root, { OPENAI_API_KEY: 'sk-test', PROMPTSHIFT_TODAY: '2026-11-15' });
    assert.equal(await replay(['--callsite', id, '--candidate', 'gpt-4.1-mini', '--sweep', 'gpt-oss@fireworks', '--base-url', openai.url, '--run-dir', 'mix2', '--json'], cached.io), 0, cached.err());
    assert.equal(JSON.parse(cached.out()).summary.cached, CASES * 4);
    assert.equal(openai.stats().requests + host.stats().requests, before);
  } finally {
    await close();
  }
});

const LOGPROBS_SOURCE = `import OpenAI from 'openai';
const client = new OpenAI();
export async function label(text: string) {
  const r = await client.chat.completions.create({
    model: 'gpt-4.1',
    temperature: 0,
    logprobs: true,
    messages: [{ role: 'user', content: \`Label: \${text}\` }],
  });
  return r.choices[0].message.content;
}
`;

test('a request the host refuses (Groq: logprobs) is refused before any request reaches either endpoint', async () => {
  const { root } = makeClassifyWorkspace(3);
  writeFileSync(join(root, 'src', 'classify.ts'), LOGPROBS_SOURCE);
  const id = await scanId(root);
  writeFileSync(join(root, '.promptshift', 'cases', `${id}.jsonl`), ['a', 'b', 'c'].map((t, i) => JSON.stringify({ id: `c${i}`, vars: { text: t } })).join('\n') + '\n');
  const openai = await startLocalEndpoint({ latencyMs: 1 });
  const groq = await startLocalEndpoint({ latencyMs: 1 });
  try {
    configure(root, { groq: { baseURL: groq.url } });
    const io = capture(root, { OPENAI_API_KEY: 'sk-test' });
    const code = await replay(['--callsite', id, '--candidate', 'gpt-4.1-mini', '--candidate', 'openai/gpt-oss-120b@groq', '--base-url', openai.url, '--run-dir', 'r'], io.io);
    assert.equal(code, 2, io.err());
    assert.match(io.err(), /arm openai\/gpt-oss-120b@groq \(case c0\): Groq refuses "logprobs" \(https:\/\/console\.groq\.com\/docs\/openai\)/);
    assert.equal(groq.stats().requests, 0, 'the host saw nothing');
    assert.equal(openai.stats().requests, 0, 'nor did the run\'s endpoint: the run was refused whole');

    // A refusal the user declares for an endpoint of their own works the same way.
    configure(root, { 'gpu-box': { host: 'vllm', baseURL: groq.url, refuses: ['temperature'] } });
    const own = capture(root, { OPENAI_API_KEY: 'sk-test' });
    assert.equal(await replay(['--callsite', id, '--candidate', 'llama-4-scout@gpu-box', '--base-url', openai.url, '--run-dir', 'r2'], own.io), 2, own.err());
    assert.match(own.err(), /gpu-box refuses "temperature"/);
    assert.equal(groq.stats().requests + openai.stats().requests, 0);
  } finally {
    await openai.close();
    await groq.close();
  }
});

test('a hosted arm without its key is refused before anything is sent, naming the environment variable', async () => {
  const { root } = makeClassifyWorkspace(2);
  const id = await scanId(root);
  writeTickets(root, id, 2);
  const openai = await startLocalEndpoint({ latencyMs: 1 });
  try {
    const io = capture(root, { OPENAI_API_KEY: 'sk-test' });
    assert.equal(await replay(['--callsite', id, '--candidate', 'gpt-oss-120b@fireworks', '--base-url', openai.url, '--run-dir', 'k'], io.io), 2);
    assert.match(io.err(), /no API key for Fireworks AI: set the environment variable FIREWORKS_API_KEY/);
    assert.equal(openai.stats().requests, 0);
    const bad = capture(root, { OPENAI_API_KEY: 'sk-test' });
    configure(root, { fireworks: { baseURL: 'ftp://x' } });
    assert.equal(await replay(['--callsite', id, '--candidate', 'gpt-oss-120b@fireworks', '--base-url', openai.url, '--run-dir', 'k2'], bad.io), 2);
    assert.match(bad.err(), /config\.json: endpoints\["fireworks"\]: "baseURL" must be an http\(s\) URL/);
  } finally {
    await openai.close();
  }
});
