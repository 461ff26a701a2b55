// promptshift replay (--callsite ID [--cases FILE] | --all) [--baseline MODEL] (--candidate MODEL... | --sweep FAMILY)
//   [--base-url URL] [--shard I/N] [--api-key-env NAME] [--concurrency N] [--repeats N]
//   [--budget-usd X] [--schema FILE] [--run-dir DIR] [--no-cache] [--resume RUN_DIR] [--batch] [--json]
//   [--root DIR] [--rpm N] [--tpm N] [--timeout-ms N] [--max-attempts N] [--batch-poll-ms N]
// --batch sends the pending requests through the OpenAI Batch API at half the price (src/cli/batchRun.ts);
// a resumed run polls the batches recorded in batch.json whether or not --batch is given again.
// Exit codes: 0 the run completed (failed requests are results, not failures); 1 it stopped early
// (budget, Ctrl-C, the endpoint unreachable for every request); 2 bad usage or input — a malformed cases file or schema is reported as
// `file:line: message` before any request is sent — or the endpoint refused the key.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { noPriceText } from '../../core/models/catalog';
import { workspaceCatalog } from '../../core/models/hosts';
import { candidateSpec, planCandidates } from '../../core/replay/sweepArms';
import { resolveToday, TODAY_ENV } from '../../core/models/today';
import { effectiveModel } from '../../core/callsite';
import { buildPlan, type ReplayTarget, type AdaptParams } from '../../core/replay/plan';
import { CANDIDATE_ARM } from '../../core/replay/cases';
import { charEstimator } from '../../core/replay/estimate';
import { executeRun } from '../../core/replay/engine';
import type { PriceOf } from '../../core/replay/ports';
import { candidateArms, type RunPlanFile } from '../../core/replay/records';
import { catalogAdapt, catalogPriceOf } from '../../core/replay/catalogAdapters';
import { endpointProblems, hostArmProblems } from '../../core/replay/endpointFit';
import { hostClients, routingClashes, routingClient } from '../hostArms';
import { readHostEndpoints } from '../../node/endpointConfig';
import { createOpenAiClient, type EndpointOptions } from '../../llm/openaiClient';
import { proxyConfigFromEnv } from '../../llm/proxy';
import { parseFlags } from '../args';
import { NodeCacheStore, cacheDir } from '../../node/cacheStore';
import { systemClock } from '../../node/clock';
import { nodeSha256 } from '../../node/sha256';
import { EXIT_BAD_INPUT, EXIT_GATE_FAILED, EXIT_OK, UsageError, type CliIo } from '../io';
import { casesFileFor, loadSchemaFile, loadTarget, orphanedCasesFiles, readCaseLinks, type InputProblem } from '../../node/replayInputs';
import { warnOrphans } from '../format/orphans';
import { NodeRunStore, PLAN_FILE, runsDir } from '../../node/runStore';
import { newRunId } from '../../node/runId';
import type { BatchPhaseOutcome } from '../batchRun';
import { BATCH_FILE } from '../../core/replay/batch';
import { endpointScope } from '../../core/replay/cacheKey';

export const FLAGS = {
  callsite: { type: 'string' }, cases: { type: 'string' }, all: { type: 'boolean' },
  baseline: { type: 'string' }, candidate: { type: 'string', multiple: true }, sweep: { type: 'string', multiple: true }, 'base-url': { type: 'string' },
  shard: { type: 'string' }, 'api-key-env': { type: 'string' }, concurrency: { type: 'string' },
  repeats: { type: 'string' }, 'budget-usd': { type: 'string' }, schema: { type: 'string' },
  'run-dir': { type: 'string' }, 'no-cache': { type: 'boolean' }, resume: { type: 'string' },
  batch: { type: 'boolean' }, json: { type: 'boolean' }, root: { type: 'string' },
  rpm: { type: 'string' }, tpm: { type: 'string' }, 'timeout-ms': { type: 'string' }, 'max-attempts': { type: 'string' },
  'confirm-above-usd': { type: 'string' }, yes: { type: 'boolean', short: 'y' },
  'batch-poll-ms': { type: 'string' },
} as const;

function num(name: string, v: string | undefined, opts: { int?: boolean; min?: number } = {}): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (opts.int && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min)) {
    throw new UsageError(`--${name} must be ${opts.int ? 'an integer' : 'a number'}${opts.min !== undefined ? ` ≥ ${opts.min}` : ''}, got "${v}"`);
  }
  return n;
}

function parseShard(v: string | undefined): { index: number; count: number } | null {
  if (v === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  if (!m || +m[1] < 1 || +m[2] < 1 || +m[1] > +m[2]) throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N, got "${v}"`);
  return { index: +m[1], count: +m[2] };
}

export { newRunId };

/** Above this estimate the CLI asks before spending (--confirm-above-usd, --yes to skip). */
const DEFAULT_CONFIRM_ABOVE_USD = 5;

/** Asks on a terminal; without one there is nobody to ask, so the run stops with how to proceed. */
async function confirmSpend(io: CliIo, costUsd: number, threshold: number): Promise<boolean> {
  const question = `The estimate (~$${costUsd.toFixed(2)}) is above $${threshold}. Send the requests? [y/N] `;
  if (!process.stdin.isTTY) {
    io.stderr(`The estimate (~$${costUsd.toFixed(2)}) is above $${threshold} and there is no terminal to confirm on: pass --yes, raise --confirm-above-usd, or cap spend with --budget-usd.\n`);
    return false;
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** The endpoint kind a base URL implies: Azure resources by host name, otherwise OpenAI-compatible. */
export function endpointFor(baseURL: string | undefined, apiKey: string): EndpointOptions {
  if (!baseURL) return { kind: 'openai', apiKey };
  const host = (() => { try { return new URL(baseURL).hostname; } catch { return ''; } })();
  if (/\.openai\.azure\.com$|\.cognitiveservices\.azure\.com$/.test(host)) return { kind: 'azure', baseURL, apiKey };
  // OpenAI's own URL given explicitly is still OpenAI: its key is required, as without --base-url.
  if (host === 'api.openai.com') return { kind: 'openai', baseURL, apiKey };
  return { kind: 'compatible', baseURL, apiKey };
}

/** The endpoint answered nothing: which URL, what to check, and how to send the rest. */
function unreachableMessage(endpoint: EndpointOptions, detail: string | null, runDir: string): string {
  const url = endpointScope(endpoint.baseURL) ?? 'https://api.openai.com/v1';
  return `Stopped: cannot reach ${url}. ${detail ?? ''}\n`
    + `Check that the server is running and that --base-url is right, and your network or proxy (HTTPS_PROXY, NO_PROXY).\n`
    + `Nothing was recorded for the requests that failed; send them with: promptshift replay --resume ${runDir}\n`;
}

export interface ReplayOptions {
  /**
   * The endpoint is the local stand-in (the demo starts one): recorded in plan.json so that every
   * report labels its costs as simulated, and said here instead of "spent".
   */
  simulatedEndpoint?: { label: string };
}

export function run(argv: string[], io: CliIo): Promise<number> {
  return runReplay(argv, io);
}

export async function runReplay(argv: string[], io: CliIo, options: ReplayOptions = {}): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  const root = resolve(io.cwd, values.root ?? '.');
  const keyEnv = values['api-key-env'] ?? 'OPENAI_API_KEY';
  const apiKey = io.env[keyEnv] ?? '';
  const concurrency = num('concurrency', values.concurrency, { int: true, min: 1 }) ?? 8;
  const budgetUsd = num('budget-usd', values['budget-usd'], { min: 0 }) ?? null;
  const rpm = num('rpm', values.rpm, { min: 1 }) ?? null;
  const tpm = num('tpm', values.tpm, { min: 1 }) ?? null;
  const timeoutMs = num('timeout-ms', values['timeout-ms'], { int: true, min: 1 });
  const maxAttempts = num('max-attempts', values['max-attempts'], { int: true, min: 1 });
  const batchPollMs = num('batch-poll-ms', values['batch-poll-ms'], { int: true, min: 0 });

  // Built-in hosts and the workspace's "endpoints", for `--candidate MODEL@HOST` arms; an endpoint's
  // "models" (its prices, window, id) are laid over the catalog's offers.
  const hosts = await readHostEndpoints(root);
  if (hosts.problems.length) { for (const p of hosts.problems) io.stderr(`${p}\n`); return EXIT_BAD_INPUT; }
  const catalog = workspaceCatalog(hosts.endpoints);
  const adapt: AdaptParams = catalogAdapt(catalog);

  let plan: RunPlanFile;
  let store: NodeRunStore;
  const resume = values.resume !== undefined;
  if (resume) {
    store = new NodeRunStore(resolve(io.cwd, values.resume!));
    try {
      plan = await store.readPlan();
    } catch (e) {
      io.stderr(`promptshift replay: --resume ${values.resume}: cannot read ${PLAN_FILE}: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_BAD_INPUT;
    }
    const planned = candidateArms(plan.arms).map((a) => plan.arms[a].model);
    if (values.sweep) throw new UsageError('--sweep plans a new run; a resumed run keeps its plan');
    // A hosted arm is given as MODEL@HOST: its arm name, not the host's model id in the plan.
    const armsPlanned = candidateArms(plan.arms);
    const asPlanned = (c: string, i: number) => c === planned[i] || c === armsPlanned[i]
      || (armsPlanned[i] === CANDIDATE_ARM && c.endsWith(`@${plan.arms[CANDIDATE_ARM].endpoint?.host ?? '\u0000'}`));
    if (values.candidate && (values.candidate.length !== planned.length || !values.candidate.every(asPlanned))) {
      throw new UsageError(`--candidate ${values.candidate.join(' --candidate ')} differs from the run's (${planned.join(', ')}); a resumed run keeps its plan`);
    }
  } else {
    if (!values.candidate?.length && !values.sweep?.length) throw new UsageError('--candidate MODEL is required (repeat it to sweep several candidates, or give --sweep FAMILY)');
    if (!!values.callsite === !!values.all) throw new UsageError('give exactly one of --callsite ID or --all');
    if (values.cases && !values.callsite) throw new UsageError('--cases FILE goes with --callsite ID');
    const shard = parseShard(values.shard);
    const repeats = num('repeats', values.repeats, { int: true, min: 1 }) ?? 1;
    io.stderr(`Scanning ${root}…\n`);
    // Loaded here, not at the top: a resumed run needs no scan, and the scanner is the heaviest
    // module of the CLI (it carries the TypeScript compiler). The call sites come from the scan
    // index: only files changed since the last scan are read.
    const { scanDirectory } = await import('./scan.js');
    const scan = await scanDirectory(root);
    const problems: InputProblem[] = [];
    const schemaOverride = values.schema ? await loadSchemaFile(io.cwd, values.schema, problems) : null;
    const { links, problem } = await readCaseLinks(root);
    if (problem) problems.push({ text: problem });
    const targets: ReplayTarget[] = [];
    if (values.callsite) {
      const site = scan.callSites.find((s) => s.id === values.callsite) ?? scan.callSites.find((s) => s.legacyId === values.callsite);
      if (site && site.id !== values.callsite) io.stderr(`note: "${values.callsite}" is the former ID of ${site.path}:${site.line}; its ID is now "${site.id}"\n`);
      if (!site) {
        io.stderr(`promptshift replay: no call site with id "${values.callsite}" in ${root} (run \`promptshift scan\` to list them)\n`);
        return EXIT_BAD_INPUT;
      }
      const note = (m: string) => io.stderr(`note: ${m}\n`);
      const file = values.cases ? resolve(io.cwd, values.cases) : await casesFileFor(root, site, links, note);
      if (!file) problems.push({ text: `no cases for ${site.id}: create .promptshift/cases/${site.id}.jsonl or pass --cases FILE` });
      else {
        const t = await loadTarget(io.cwd, site, file, schemaOverride, problems);
        if (t) targets.push(t);
      }
    } else {
      for (const site of scan.callSites) {
        const file = await casesFileFor(root, site, links, (m) => io.stderr(`note: ${m}\n`));
        if (!file) continue;
        const t = await loadTarget(io.cwd, site, file, schemaOverride, problems);
        if (t) targets.push(t);
      }
      if (!targets.length && !problems.length) problems.push({ text: `no call site in ${root} has a cases file under .promptshift/cases/` });
      warnOrphans(io, await orphanedCasesFiles(root, scan.callSites, links));
    }
    if (problems.length) {
      for (const p of problems) io.stderr(`${p.text}\n`);
      return EXIT_BAD_INPUT;
    }
    const baselines = values.baseline ? [values.baseline] : targets.map((t) => effectiveModel(t.callSite) ?? '');
    const candidates = planCandidates({ models: values.candidate ?? [], families: values.sweep ?? [], baselines, catalog, today: resolveToday([io.env[TODAY_ENV]], new Date()).date, endpoints: hosts.endpoints });
    if (!candidates.ok) { io.stderr(`promptshift replay: ${candidates.error}\n`); return EXIT_BAD_INPUT; }
    for (const n of candidates.notes) io.stderr(`note: ${n}\n`);
    const runId = newRunId();
    // `--baseline MODEL@HOST` is served by that host as a candidate would be: its id, its URL, its price.
    const baseline = values.baseline ? candidateSpec(values.baseline, hosts.endpoints, catalog, (n) => io.stderr(`note: ${values.baseline}: ${n}\n`)) : null;
    const built = buildPlan({ runId, createdAt: new Date().toISOString(), targets, baseline, candidate: candidates.candidate, repeats, baseURL: values['base-url'] ?? null, shard, simulatedEndpoint: options.simulatedEndpoint ?? null });
    if (!built.ok) { io.stderr(`promptshift replay: ${built.error}\n`); return EXIT_BAD_INPUT; }
    plan = built.plan;
    const dir = values['run-dir'] ? resolve(io.cwd, values['run-dir']) : join(runsDir(root), runId);
    if (existsSync(join(dir, PLAN_FILE))) throw new UsageError(`${dir} already holds a run; resume it with --resume ${dir}`);
    store = new NodeRunStore(dir);
  }

  // Validators compile once per call site; a schema stored in a resumed plan is checked again.
  // Only a schema needs ajv: without one no call site loads it (dist/validator.js, ~30 ms of start-up).
  const compiled = plan.callSites.some((pc) => pc.schema !== null)
    ? (await import('../../core/replay/catalogPorts.js')).compileValidators(plan)
    : { ok: true as const, validators: new Map(plan.callSites.map((pc) => [pc.callSite.id, null])) };
  if (!compiled.ok) { io.stderr(`${compiled.callSite.path}:${compiled.callSite.line}: call site ${compiled.callSite.id}: ${compiled.error}\n`); return EXIT_BAD_INPUT; }
  const validators = compiled.validators;

  // On resume the plan's base URL (credentials stripped) is used unless --base-url is given again.
  const endpoint: EndpointOptions = { ...endpointFor(values['base-url'] ?? plan.endpoint.baseURL ?? undefined, apiKey), proxy: proxyConfigFromEnv(io.env) };
  if (endpoint.kind !== 'compatible' && !apiKey) {
    io.stderr(`promptshift replay: no API key: set the environment variable ${keyEnv}${values['api-key-env'] ? '' : ' (or name another with --api-key-env)'}\n`);
    return EXIT_BAD_INPUT;
  }
  // Arms served by a host are checked against that host (its refusals), the rest against the run's endpoint.
  const runEndpointModels = (arms: Record<string, { model: string }>) => Object.entries(arms).filter(([arm]) => !plan.arms[arm]?.endpoint).map(([, a]) => a.model);
  const misfit = [
    ...endpointProblems(plan.callSites.map((pc) => ({ site: pc.callSite, models: runEndpointModels(pc.arms) })), endpoint, catalog),
    ...hostArmProblems(plan, adapt, (name) => hosts.endpoints.find((e) => e.name === name)),
    ...routingClashes(plan),
  ];
  const hosted = Object.values(plan.arms).some((a) => a.endpoint);
  if (hosted && values.batch) misfit.push('--batch sends every arm through one Batch API; a sweep with arms on other hosts (MODEL@HOST) runs live');
  if (misfit.length) {
    for (const m of misfit) io.stderr(`${m}\n`);
    return EXIT_BAD_INPUT;
  }
  // Money a stand-in "spends" is catalog prices on fake answers: never call it spent.
  const spentWord = plan.endpoint.simulated ? 'simulated cost (no money spent)' : 'spent';
  const confirmAboveUsd = num('confirm-above-usd', values['confirm-above-usd'], { min: 0 }) ?? DEFAULT_CONFIRM_ABOVE_USD;
  const priceOf: PriceOf = catalogPriceOf(catalog, plan);
  let client;
  try {
    client = createOpenAiClient({ ...endpoint, timeoutMs });
  } catch (e) {
    io.stderr(`promptshift replay: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_BAD_INPUT;
  }
  const perHost = hostClients(plan, hosts.endpoints, io.env, { proxy: endpoint.proxy, timeoutMs });
  if (!perHost.ok) { io.stderr(`promptshift replay: ${perHost.error}\n`); return EXIT_BAD_INPUT; }
  client = routingClient(perHost.byModel, client);

  const controller = new AbortController();
  const onSigint = () => { io.stderr('\nCancelling: finished results are kept; resume with --resume.\n'); controller.abort(); };
  process.once('SIGINT', onSigint);
  const estimator = charEstimator;
  const cache = values['no-cache'] ? null : new NodeCacheStore(cacheDir(root));
  let lastPrint = 0;
  let summary;
  let batchPhase: BatchPhaseOutcome | null = null;
  try {
    // Batch phase: new submissions with --batch; a resumed run always polls the batches it has.
    // The batch module (and the SDK's file upload) only for a run that has or wants batches.
    const batchRun = values.batch || (resume && existsSync(join(store.dir, BATCH_FILE))) ? await import('../batchRun.js') : null;
    const batchState = resume && batchRun ? await batchRun.readBatchState(store.dir).catch((e: unknown) => { throw new UsageError(e instanceof Error ? e.message : String(e)); }) : null;
    if (batchRun && (values.batch || batchState?.batches.some((b) => b.status !== 'collected'))) {
      if (!resume) await store.writePlan(plan);
      batchPhase = await batchRun.runBatchPhase({
        plan, store, endpoint, adapt, priceOf, validatorFor: (id) => validators.get(id) ?? null, estimator, cache, budgetUsd,
        submitNew: !!values.batch, pollIntervalMs: batchPollMs, signal: controller.signal, stderr: io.stderr,
      });
    }
    summary = await executeRun(plan, {
      client, store, cache, clock: systemClock, sha256: nodeSha256, resume: resume || batchPhase !== null, stopBefore: batchPhase?.stop,
      logger: { info: (m) => io.stderr(`${m}\n`), warn: (m) => io.stderr(`warning: ${m}\n`), error: (m) => io.stderr(`error: ${m}\n`) },
      adapt, priceOf, estimator, validatorFor: (id) => validators.get(id) ?? null,
      concurrency, maxAttempts, timeoutMs, budgetUsd, signal: controller.signal,
      rateLimits: () => (rpm || tpm ? { rpm, tpm } : null),
      confirm: (est) => {
        if (batchPhase && est.requests === 0) return true;
        if (batchPhase) io.stderr('Sending live what no batch answered:\n');
        const cost = est.costUsd === null ? `cost unknown (${noPriceText(est.unpricedModels.join(', '))})` : `~$${est.costUsd.toFixed(4)}${plan.endpoint.simulated ? ' simulated' : ''}`;
        io.stderr(`Replaying ${est.requests} requests (~${est.inputTokens} input, ≤${est.outputTokens} output tokens, ${cost}) → ${store.dir}\n`);
        if (values.yes || est.costUsd === null || est.costUsd <= confirmAboveUsd) return true;
        return confirmSpend(io, est.costUsd, confirmAboveUsd);
      },
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastPrint < 1000 && p.done < p.total) return;
        lastPrint = now;
        io.stderr(`  ${p.done}/${p.total} done, ${p.errors} errors, ${p.cached} cached, $${p.spentUsd.toFixed(4)} ${spentWord}\n`);
      },
    });
    if (batchPhase && batchRun) {
      summary.batch = await batchRun.batchSummaryNote(store, batchPhase);
      const { estimateDetail: _e, ...toWrite } = summary;
      await store.writeSummary(toWrite);
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    await store.close();
  }
  const { estimateDetail: _detail, ...written } = summary;
  if (summary.stopReason === 'unreachable') io.stderr(unreachableMessage(endpoint, summary.stopDetail, store.dir));
  else if (summary.stopReason !== 'completed') io.stderr(`Stopped (${summary.stopReason}): ${summary.stopDetail ?? ''}\n`);
  io.stderr(`${summary.done}/${summary.total} done (${summary.errors} errors, ${summary.cached} cached), $${summary.spentUsd.toFixed(4)} ${spentWord}\n`);
  if (values.json) io.stdout(JSON.stringify({ runDir: store.dir, summary: written }) + '\n');
  else io.stdout(`${store.dir}\n`);
  if (summary.stopReason === 'auth') return EXIT_BAD_INPUT;
  return summary.stopReason === 'completed' ? EXIT_OK : EXIT_GATE_FAILED;
}
