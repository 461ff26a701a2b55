// bench/replay: the replay engine's cost. Two measurements:
//  1. engine: 20,000 requests against an instant in-process client, results fsync'd to a real
//     results.jsonl — engine CPU ms per request and peak RSS (targets ≤ 0.5 ms, ≤ 150 MB).
//  2. http: 2,000 requests at concurrency 16 through the real openai SDK to the local endpoint at
//     20 ms latency — wall time and its ratio to the ideal (requests × latency / concurrency, ≤ 1.15).
// Run: node esbuild.mjs --tests --outdir=out-bench && node out-bench/bench/replay.js [engine|http]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlmClient } from '../src/core/ports';
import { buildPlan, countWorkItems } from '../src/core/replay/plan';
import { executeRun } from '../src/core/replay/engine';
import type { ReplayCase } from '../src/core/replay/cases';
import type { CallSite } from '../src/core/callsite';
import { NodeRunStore } from '../src/cli/runStore';
import { systemClock } from '../src/cli/clock';
import { compileSchema } from '../src/core/validate/index';
import { createOpenAiClient } from '../src/llm/openaiClient';
import { startLocalEndpoint } from '../src/llm/localEndpoint/index';

const site: CallSite = {
  id: 'bench-0000000000', path: 'src/bench.ts', line: 1, column: 1, endLine: 5, language: 'ts', api: 'openai.chat',
  model: 'gpt-4o', modelExpr: "'gpt-4o'", modelResolved: null, modelSpan: null, hasSchema: true,
  schema: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] },
  prompt: { messages: [{ role: 'system', content: 'You summarize documents into one JSON object with a "summary" field.' }, { role: 'user', content: 'Summarize: {{doc}}' }], holes: ['doc'] },
  params: { temperature: 0, max_tokens: 200 },
};

function plan(requests: number) {
  const cases = Array.from({ length: requests / 2 }, (_, i): ReplayCase => ({ id: `c${i}`, vars: { doc: `Document ${i}: ${'lorem ipsum dolor sit amet '.repeat(20)}` } }));
  const r = buildPlan({ runId: 'bench', createdAt: new Date().toISOString(), targets: [{ callSite: site, cases, schema: site.schema }], baseline: null, candidate: 'gpt-4.1-mini', repeats: 1, baseURL: 'http://127.0.0.1/v1', shard: null });
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

async function go(client: LlmClient, requests: number, concurrency: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ps-bench-'));
  const p = plan(requests);
  const v = compileSchema(site.schema);
  const store = new NodeRunStore(join(dir, 'run'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const s = await executeRun(p, { client, store, cache: null, clock: systemClock, priceOf: () => ({ inputPerMTok: 2.5, outputPerMTok: 10 }), validatorFor: () => (v.ok ? v.validate : null), concurrency });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (s.done !== countWorkItems(p)) throw new Error(`only ${s.done} done`);
  return { wall, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function engine() {
  const n = 20_000;
  const output = JSON.stringify({ summary: 'A short summary of the document. '.repeat(4) });
  const client: LlmClient = { send: () => new Promise((r) => setImmediate(() => r({ ok: true, output, usage: { input: 120, output: 40 }, latencyMs: 1, model: 'x' }))) };
  const { wall, cpuMs } = await go(client, n, 16);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`engine: ${n} requests in ${wall.toFixed(0)} ms; CPU ${(cpuMs / n).toFixed(3)} ms/request (target ≤ 0.5, includes fsync'd writes); peak RSS ${rssMb.toFixed(0)} MB (target ≤ 150)`);
}

async function http() {
  const n = 2000, c = 16, latency = 20;
  const server = await startLocalEndpoint({ latencyMs: latency });
  try {
    const client = createOpenAiClient({ kind: 'compatible', baseURL: server.url, apiKey: '' });
    const { wall } = await go(client, n, c);
    const ideal = (n * latency) / c;
    console.log(`http: ${n} requests, concurrency ${c}, ${latency} ms latency: ${wall.toFixed(0)} ms wall, ideal ${ideal.toFixed(0)} ms, ratio ${(wall / ideal).toFixed(2)}× (target ≤ 1.15)`);
  } finally {
    await server.close();
  }
}

const mode = process.argv[2] ?? 'both';
(async () => {
  if (mode === 'engine' || mode === 'both') await engine();
  if (mode === 'http' || mode === 'both') await http();
})().catch((e) => { console.error(e); process.exitCode = 1; });
