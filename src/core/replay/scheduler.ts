// The replay scheduler: runs work items against one LlmClient (one attempt per send) with a
// concurrency limit. Its parts, one responsibility each:
//   endpointPace.ts  concurrency slots, RPM/TPM limits and 429s, per endpoint
//   itemRunner.ts    one item: cache, budget, attempts and the retry path (retry.ts: backoff, deadline)
//   spendGuard.ts    estimates corrected by actual usage, and the budget stop
//   recordWriter.ts  durable records and progress
//   runControl.ts    stopping: cancellation, budget, a refused key, an endpoint that answers nothing
// Every finished request is appended to the RunStore before it counts as done, so a run killed at
// any moment resumes without losing, duplicating or re-sending a finished request. Work items are
// pulled lazily and records are not kept: memory stays flat however long the run. A request holds a
// concurrency slot only while it is being sent, never while it waits out a backoff.
import type { Clock, LlmClient, Logger } from '../ports';
import { silentLogger } from '../ports';
import type { Validator } from '../validate/index';
import { EndpointPace } from './endpointPace';
import { charEstimator, type TokenEstimator } from './estimate';
import { ItemRunner } from './itemRunner';
import type { CacheStore, PriceOf, RunStore, Sha256Hex } from './ports';
import type { WorkItem } from './plan';
import type { RateLimits } from './rateLimit';
import { msg, RecordWriter, type Progress } from './recordWriter';
import type { StopReason } from './records';
import { RunControl } from './runControl';
import { SpendGuard } from './spendGuard';

export { backoffMs } from './retry';
export type { Progress } from './recordWriter';

export interface SchedulerDeps {
  client: LlmClient;
  store: RunStore;
  /** Null with --no-cache. */
  cache: CacheStore | null;
  clock: Clock;
  /** Request hashes and cache keys (node:crypto in the CLI and the editor). */
  sha256: Sha256Hex;
  /** [0, 1): jitter source, injectable so tests are deterministic. */
  random?: () => number;
  logger?: Logger;
}

export interface SchedulerOptions {
  /** All work items of the plan, finished ones included (for progress). */
  total: number;
  concurrency: number;
  maxAttempts?: number;
  timeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  rateLimits?: (endpoint: string | null) => RateLimits | null;
  budgetUsd?: number | null;
  priceOf: PriceOf;
  estimator?: TokenEstimator;
  validatorFor: (callSiteId: string) => Validator | null;
  /** Work keys already in results.jsonl: never sent again. */
  finished?: ReadonlySet<string>;
  /** Errors among the finished records and money they spent, so progress and budget carry over. */
  previous?: { errors: number; cached: number; spentUsd: number };
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface SchedulerOutcome extends Progress {
  stopReason: StopReason;
  stopDetail: string | null;
  /** Attempts sent in this session. */
  sent: number;
  resumed: number;
}

export const DEFAULTS = { maxAttempts: 6, timeoutMs: 120_000, backoffBaseMs: 500, backoffMaxMs: 30_000 } as const;

export async function runScheduler(items: Iterable<WorkItem>, deps: SchedulerDeps, options: SchedulerOptions): Promise<SchedulerOutcome> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const finished = options.finished ?? new Set<string>();
  const log = deps.logger ?? silentLogger;
  const pace = new EndpointPace(concurrency, deps.clock, (endpoint) => options.rateLimits?.(endpoint) ?? null);
  const control = new RunControl(() => pace.close());
  const onOuterAbort = () => control.stop('cancelled', 'cancelled by the user');
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const progress: Progress = {
    total: options.total, done: finished.size, errors: options.previous?.errors ?? 0,
    cached: options.previous?.cached ?? 0, inFlight: 0, spentUsd: options.previous?.spentUsd ?? 0,
  };
  const emit = () => { progress.inFlight = pace.inFlight; options.onProgress?.({ ...progress }); };
  const writer = new RecordWriter(deps.store, progress, concurrency * 8, emit, (e, detail) => control.failed(e, detail));
  const runner = new ItemRunner({
    client: deps.client, cache: deps.cache, clock: deps.clock, log, pace, writer, control,
    spend: new SpendGuard(options.budgetUsd ?? null, options.priceOf, options.estimator ?? charEstimator, log),
    policy: {
      maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts), random: deps.random ?? Math.random,
      backoffBaseMs: options.backoffBaseMs ?? DEFAULTS.backoffBaseMs, backoffMaxMs: options.backoffMaxMs ?? DEFAULTS.backoffMaxMs,
    },
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs, priceOf: options.priceOf, validatorFor: options.validatorFor, sha256: deps.sha256,
  });

  // The pump: takes the next item and a slot for it. Items waiting out a backoff hold no slot, so
  // the items alive are capped apart, keeping memory flat however many requests fail.
  const maxLive = concurrency * 4;
  let live = 0;
  let resumed = 0;
  let wake: (() => void) | null = null;
  const itemEnded = () => new Promise<void>((r) => { wake = r; });
  const iterator = items[Symbol.iterator]();
  try {
    for (;;) {
      if (control.stopped) break;
      if (writer.congested) { await writer.someWriteDone(); continue; } // the store is slower than the endpoint
      if (live >= maxLive) { await itemEnded(); continue; }
      const next = iterator.next();
      if (next.done) break;
      const item = next.value;
      if (finished.has(item.key)) { resumed++; continue; }
      if (!await pace.acquire(item.endpoint, 'fresh')) break;
      live++;
      emit();
      runner.run(item).catch((e) => control.failed(e, `stopped: ${msg(e)}`)).finally(() => {
        live--;
        const w = wake; wake = null; w?.();
      });
    }
    while (live > 0) await itemEnded();
    await writer.drain();
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    pace.close();
  }
  if (control.fatal) throw control.fatal;
  emit();
  return { ...progress, inFlight: 0, stopReason: control.reason ?? 'completed', stopDetail: control.detail, sent: runner.sent, resumed };
}
