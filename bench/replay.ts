// bench/replay: the replay client side under the load, the local endpoint in its own process
// (src/llm/localEndpoint/process.ts) so its CPU is not billed to the client.
//  1. http: ONE measured run of 2,000 requests at concurrency 16 through the real openai SDK to the
//     endpoint at 20 ms latency, results fsync'd to a real results.jsonl. Prints wall time, its ratio
//     to the ideal (requests × 20 ms / concurrency; target ≤ 1.15), the whole client's CPU ms per
//     request (engine + our client + the SDK + node's HTTP) and peak RSS; then, as diagnostics only, that CPU split by
//     thread and the same run repeated in the JIT-warm process (how much of the cost is warm-up).
//     Then the engine's own CPU: the same run with an in-process stand-in for the endpoint client
//     (answers after the same 20 ms, no SDK, no HTTP), so what is left is the engine itself:
//     scheduling, request hashing, validation, cost, fsync'd records. The issue's "engine CPU per
//     request" (target ≤ 0.5) is printed from both: the whole client and the engine alone.
//  2. faults: the same 2,000 requests fault-free and with 20% of attempts faulted (429 with a
//     fractional Retry-After, 500, connection reset, truncated JSON), in the same process: the
//     faulted run's ratio to the fault-free one (target ≤ 1.5) and its errors (target 0).
//  3. rss: a separate process replays 20,000 requests the same way (2 ms latency, to keep it short) and
//     prints its peak RSS (target ≤ 150 MB: results are streamed, never held) and CPU per request.
//  4. sweep (its own mode): 1,000 cases against the baseline and four candidates (5,000 requests), the
//     ratio to ideal and peak RSS as in 1 and 3.
// Run: node esbuild.mjs --tests --outdir=out-bench && node out-bench/bench/replay.js [http|faults|rss|both|sweep]
// Profile the client: node --cpu-prof --cpu-prof-dir=/tmp/prof out-bench/bench/replay.js http
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LlmClient } from '../src/core/ports';
import { buildPlan, countWorkItems } from '../src/core/replay/plan';
import { executeRun } from '../src/core/replay/engine';
import type { ReplayCase } from '../src/core/replay/cases';
import type { CallSite } from '../src/core/callsite';
import { NodeRunStore } from '../src/node/runStore';
import { systemClock } from '../src/node/clock';
import { nodeSha256 } from '../src/node/sha256';
import { compileSchema } from '../src/core/validate/index';
import { createOpenAiClient } from '../src/llm/openaiClient';
import { startLocalEndpointProcess } from '../src/llm/localEndpoint/process';
import type { FaultOptions } from '../src/llm/localEndpoint/faults';

const site: CallSite = {
  id: 'bench-0000000000', path: 'src/bench.ts', line: 1, column: 1, endLine: 5, language: 'ts', api: 'openai.chat',
  model: 'gpt-4o', modelExpr: "'gpt-4o'", modelResolved: null, modelSource: [], modelSpan: null, hasSchema: true,
  schema: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] },
  prompt: { messages: [{ role: 'system', content: 'You summarize documents into one JSON object with a "summary" field.' }, { role: 'user', content: 'Summarize: {{doc}}' }], holes: ['doc'] },
  params: { temperature: 0, max_tokens: 200 },
};

/** `requests` over the baseline and the candidates: one candidate is a run of two arms, several a sweep. */
function plan(requests: number, baseURL: string, candidates: readonly string[] = ['gpt-4.1-mini']) {
  const cases = Array.from({ length: requests / (1 + candidates.length) }, (_, i): ReplayCase => ({ id: `c${i}`, vars: { doc: `Document ${i}: ${'lorem ipsum dolor sit amet '.repeat(20)}` } }));
  const r = buildPlan({ runId: 'bench', createdAt: new Date().toISOString(), targets: [{ callSite: site, cases, schema: site.schema }], baseline: null, candidate: candidates.length === 1 ? candidates[0] : candidates, repeats: 1, baseURL, shard: null });
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

/**
 * CPU ms of the main thread and of all other threads (V8's compiler and GC helpers, libuv's pool),
 * from /proc (Linux only; null elsewhere). Breaks the process CPU down, it does not replace it.
 */
function threadCpuMs(): { main: number; other: number } | null {
  try {
    const out = { main: 0, other: 0 };
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(f[11]) + Number(f[12])) * 10; // utime + stime in clock ticks of 10 ms
      if (Number(tid) === process.pid) out.main += ms;
      else out.other += ms;
    }
    return out;
  } catch {
    return null;
  }
}

/** One measured run: wall time, process CPU (user + system) and mean recorded latency. */
async function go(client: LlmClient, requests: number, concurrency: number, baseURL: string, allowErrors = false, candidates?: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ps-bench-'));
  const p = plan(requests, baseURL, candidates);
  const v = compileSchema(site.schema);
  const store = new NodeRunStore(join(dir, 'run'));
  const threads0 = threadCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const s = await executeRun(p, { client, store, cache: null, clock: systemClock, sha256: nodeSha256, priceOf: () => ({ inputPerMTok: 2.5, outputPerMTok: 10 }), validatorFor: () => (v.ok ? v.validate : null), concurrency });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const threads1 = threadCpuMs();
  const threads = threads0 && threads1 ? { main: (threads1.main - threads0.main) / requests, other: (threads1.other - threads0.other) / requests } : null;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  if (s.done !== countWorkItems(p) || (s.errors && !allowErrors)) throw new Error(`${s.done} done, ${s.errors} errors`);
  return { errors: s.errors, wall, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / requests, userMs: cpu.user / 1000 / requests, systemMs: cpu.system / 1000 / requests, threads };
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function measure(requests: number, concurrency: number, latency: number, again = false, candidates?: readonly string[]) {
  const server = await startLocalEndpointProcess({ latencyMs: latency });
  try {
    const client = createOpenAiClient({ kind: 'compatible', baseURL: server.url, apiKey: '' });
    // Warm-up (JIT, connection pool) outside the measurement.
    await go(client, 64, concurrency, server.url);
    const r = await go(client, requests, concurrency, server.url, false, candidates);
    const peakRss = peakRssMb();
    const stats = await server.stats();
    // Diagnostic only, after the measurement: the same run again in the now JIT-warm process.
    const second = again ? await go(client, requests, concurrency, server.url) : null;
    return { ...r, peakRss, serverMaxInFlight: stats.maxInFlight, second };
  } finally {
    await server.close();
  }
}

/** Answers like the endpoint, in process and after the same latency: the engine's CPU is all that is left to measure. */
function standInClient(latencyMs: number): LlmClient {
  const output = JSON.stringify({ summary: 'A short summary of the document.' });
  return {
    send: (request) => new Promise((resolve) => setTimeout(() => resolve({ ok: true, output, usage: { input: 120, output: 12 }, latencyMs, model: request.model }), latencyMs)),
  };
}

async function http() {
  const n = 2000, c = 16, latency = 20;
  const { wall, cpuMsPerRequest, userMs, systemMs, threads, peakRss, serverMaxInFlight, second } = await measure(n, c, latency, true);
  const ideal = (n * latency) / c;
  console.log(`http: ${n} requests, concurrency ${c}, server latency ${latency} ms (endpoint in its own process)`);
  console.log(`  wall ${wall.toFixed(0)} ms, ideal ${ideal.toFixed(0)} ms, ratio ${(wall / ideal).toFixed(2)}× (target ≤ 1.15)`);
  console.log(`  client CPU ${cpuMsPerRequest.toFixed(3)} ms/request (user ${userMs.toFixed(3)}, system ${systemMs.toFixed(3)}) — the whole client: engine + llm client + openai SDK + node's HTTP + fsync'd records`);
  console.log(`  peak RSS ${peakRss.toFixed(0)} MB; server saw at most ${serverMaxInFlight} in flight`);
  if (threads) console.log(`  breakdown: main thread ${threads.main.toFixed(3)} ms/request, other threads (V8 compiler and GC, libuv pool) ${threads.other.toFixed(3)} (10 ms ticks)`);
  if (second) console.log(`  diagnostic, not the measurement: the same ${n} requests again in this now JIT-warm process: client CPU ${second.cpuMsPerRequest.toFixed(3)} ms/request, ratio ${(second.wall / ideal).toFixed(2)}×`);
  const standIn = standInClient(latency);
  await go(standIn, 64, c, 'http://stand-in.invalid/v1');
  const engine = await go(standIn, n, c, 'http://stand-in.invalid/v1');
  console.log(`  engine CPU ${engine.cpuMsPerRequest.toFixed(3)} ms/request (target ≤ 0.5): the same run against an in-process stand-in for the client (no SDK, no HTTP), ratio ${(engine.wall / ideal).toFixed(2)}×`);
}

/** The fault mix: 20% of attempts, whichever attempt it is. */
const FAULTS: FaultOptions = { rate: 0.2, kinds: ['429', '500', 'reset', 'truncated'], retryAfterSeconds: 0.25, seed: 'bench' };

async function faults() {
  const n = 2000, c = 16, latency = 20;
  const server = await startLocalEndpointProcess({ latencyMs: latency });
  try {
    const client = createOpenAiClient({ kind: 'compatible', baseURL: server.url, apiKey: '' });
    await go(client, 64, c, server.url);
    const free = await go(client, n, c, server.url);
    await server.resetStats();
    await server.setFaults(FAULTS);
    const faulty = await go(client, n, c, server.url, true);
    const stats = await server.stats();
    const ideal = (n * latency) / c;
    console.log(`faults: ${n} requests, concurrency ${c}, ${latency} ms; 20% of attempts faulted (429 with Retry-After ${FAULTS.retryAfterSeconds} s, 500, reset, truncated JSON)`);
    console.log(`  fault-free ${free.wall.toFixed(0)} ms (${(free.wall / ideal).toFixed(2)}× ideal); with faults ${faulty.wall.toFixed(0)} ms (${(faulty.wall / ideal).toFixed(2)}× ideal), ${stats.requests} attempts, ${stats.faultsInjected} faults ${JSON.stringify(stats.faultsByKind)}`);
    console.log(`  ratio with faults / fault-free ${(faulty.wall / free.wall).toFixed(2)}× (target ≤ 1.5), ${faulty.errors} errors (target 0)`);
  } finally {
    await server.close();
  }
}

async function rss() {
  const n = 20_000, c = 16, latency = 2;
  const { wall, cpuMsPerRequest, peakRss } = await measure(n, c, latency);
  console.log(`rss: ${n} results over HTTP (concurrency ${c}, ${latency} ms latency) in ${wall.toFixed(0)} ms: peak RSS ${peakRss.toFixed(0)} MB (target ≤ 150), client CPU ${cpuMsPerRequest.toFixed(3)} ms/request`);
}

/** A 5-arm sweep (the baseline and four candidates) of 1,000 cases: the same ratio to ideal and memory bound as a two-arm run. */
async function sweep() {
  const arms = ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4o'];
  const n = 1000 * (1 + arms.length), c = 16, latency = 20;
  const { wall, cpuMsPerRequest, peakRss } = await measure(n, c, latency, false, arms);
  const ideal = (n * latency) / c;
  console.log(`sweep: 1,000 cases × 5 arms = ${n} requests over HTTP (concurrency ${c}, ${latency} ms latency)`);
  console.log(`  wall ${wall.toFixed(0)} ms, ideal ${ideal.toFixed(0)} ms, ratio ${(wall / ideal).toFixed(2)}× (target ≤ 1.15); peak RSS ${peakRss.toFixed(0)} MB (target ≤ 150); client CPU ${cpuMsPerRequest.toFixed(3)} ms/request`);
}

const mode = process.argv[2] ?? 'both';
(async () => {
  if (mode === 'http' || mode === 'both') await http();
  if (mode === 'faults' || mode === 'both') await faults();
  if (mode === 'rss') await rss();
  if (mode === 'sweep') await sweep();
  if (mode === 'both') {
    // Its own process, so its peak RSS is its own.
    const child = fork(__filename, ['rss'], { stdio: 'inherit', execArgv: process.execArgv });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    if (code) process.exitCode = code;
  }
})().catch((e) => { console.error(e); process.exitCode = 1; });
