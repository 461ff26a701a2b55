// One replay session over a run directory: read what is already finished (resume), run the rest,
// write the summary. Pure orchestration over the ports; the CLI and the extension both call this.
import type { Clock, LlmClient, Logger } from '../ports';
import type { Validator } from '../validate/index';
import { estimateRun, type RunEstimate, type TokenEstimator } from './estimate';
import { countWorkItems, identityAdapt, workItems, type AdaptParams } from './plan';
import type { CacheStore, PriceOf, RunStore, Sha256Hex } from './ports';
import type { RateLimits } from './rateLimit';
import { readResultRecords, workKey, type RunPlanFile, type RunSummary } from './records';
import { runScheduler, type Progress } from './scheduler';

export interface FinishedState {
  finished: Set<string>;
  errors: number;
  cached: number;
  spentUsd: number;
  /** Line numbers that did not parse (a torn last line after a crash). */
  badLines: number[];
}

/** Streams results.jsonl once, keeping only the work keys and running totals. */
export async function readFinished(store: RunStore): Promise<FinishedState> {
  const s: FinishedState = { finished: new Set(), errors: 0, cached: 0, spentUsd: 0, badLines: [] };
  for await (const r of readResultRecords(store.readResultLines(), (n) => s.badLines.push(n))) {
    const k = workKey(r);
    if (s.finished.has(k)) continue;
    s.finished.add(k);
    if (r.status === 'error') s.errors++;
    if (r.cached) s.cached++;
    else if (typeof r.costUsd === 'number') s.spentUsd += r.costUsd;
  }
  return s;
}

export interface ExecuteOptions {
  client: LlmClient;
  store: RunStore;
  cache: CacheStore | null;
  clock: Clock;
  /** Request hashes and cache keys (src/node/sha256.ts). */
  sha256: Sha256Hex;
  logger?: Logger;
  random?: () => number;
  adapt?: AdaptParams;
  priceOf: PriceOf;
  /** Token estimates of requests not yet sent (default: charEstimator). */
  estimator?: TokenEstimator;
  validatorFor: (callSiteId: string) => Validator | null;
  concurrency: number;
  maxAttempts?: number;
  timeoutMs?: number;
  rateLimits?: (endpoint: string | null) => RateLimits | null;
  budgetUsd?: number | null;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Called with the estimate before anything is sent; return false to stop (confirmation). */
  confirm?: (estimate: RunEstimate) => boolean | Promise<boolean>;
  /** Already-written plan (resume): not rewritten. */
  resume?: boolean;
  /**
   * Stop before sending anything and write the summary with this reason (an earlier phase, such as
   * the batch phase of `replay --batch`, was cancelled or hit the budget).
   */
  stopBefore?: { reason: RunSummary['stopReason']; detail: string } | null;
}

export async function executeRun(plan: RunPlanFile, o: ExecuteOptions): Promise<RunSummary & { estimateDetail: RunEstimate }> {
  if (!o.resume) await o.store.writePlan(plan);
  const prev = o.resume ? await readFinished(o.store) : { finished: new Set<string>(), errors: 0, cached: 0, spentUsd: 0, badLines: [] };
  if (prev.badLines.length) o.logger?.warn(`results.jsonl: ignored ${prev.badLines.length} unreadable line(s) (${prev.badLines.join(', ')}), most likely torn by a crash`);
  const adapt = o.adapt ?? identityAdapt;
  const estimate = estimateRun(plan, o.priceOf, { adapt, estimator: o.estimator, finished: prev.finished });
  const total = countWorkItems(plan);
  const summaryOf = (reason: RunSummary['stopReason'], detail: string | null, p: Progress, resumed: number) => ({
    runId: plan.runId, stopReason: reason, stopDetail: detail, total, done: p.done, ok: p.done - p.errors,
    errors: p.errors, cached: p.cached, resumed, spentUsd: round6(p.spentUsd),
    estimate: { requests: estimate.requests, inputTokens: estimate.inputTokens, outputTokens: estimate.outputTokens, costUsd: estimate.costUsd === null ? null : round6(estimate.costUsd) },
    updatedAt: new Date(o.clock.now()).toISOString(), estimateDetail: estimate,
    // Against the local stand-in "spent" is catalog prices on fake answers: say so in the file too.
    ...(plan.endpoint.simulated ? { costSimulated: true } : {}),
  });
  const stopBefore = o.stopBefore ?? (o.confirm && !(await o.confirm(estimate)) ? { reason: 'cancelled' as const, detail: 'not confirmed after the estimate' } : null);
  if (stopBefore) {
    const s = summaryOf(stopBefore.reason, stopBefore.detail, { total, done: prev.finished.size, errors: prev.errors, cached: prev.cached, inFlight: 0, spentUsd: prev.spentUsd }, prev.finished.size);
    await o.store.writeSummary(strip(s));
    return s;
  }
  const outcome = await runScheduler(workItems(plan, adapt), { client: o.client, store: o.store, cache: o.cache, clock: o.clock, sha256: o.sha256, random: o.random, logger: o.logger }, {
    total, concurrency: o.concurrency, maxAttempts: o.maxAttempts, timeoutMs: o.timeoutMs, rateLimits: o.rateLimits,
    budgetUsd: o.budgetUsd, priceOf: o.priceOf, validatorFor: o.validatorFor, finished: prev.finished,
    previous: { errors: prev.errors, cached: prev.cached, spentUsd: prev.spentUsd }, signal: o.signal, onProgress: o.onProgress,
  });
  const s = summaryOf(outcome.stopReason, outcome.stopDetail, outcome, outcome.resumed);
  await o.store.writeSummary(strip(s));
  return s;
}

function strip(s: RunSummary & { estimateDetail: RunEstimate }): RunSummary {
  const { estimateDetail: _e, ...rest } = s;
  return rest;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
