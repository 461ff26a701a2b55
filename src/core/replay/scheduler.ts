// The replay scheduler: runs work items against one LlmClient (one attempt per send) with a
// concurrency limit, per-endpoint RPM/TPM limits, retries with exponential backoff and full jitter
// (at least Retry-After), a per-attempt timeout, cancellation, and a budget stop. Every finished
// request is appended to the RunStore before it counts as done, so a run killed at any moment
// resumes without losing, duplicating or re-sending a finished request. Work items are pulled
// lazily and records are not kept: memory stays flat however long the run.
import type { AbortSignalLike, Clock, LlmClient, LlmError, LlmErrorType, LlmResponse, Logger } from '../ports';
import { AbortFlag } from './abortFlag';
import { silentLogger } from '../ports';
import { validateOutput, type Validator } from '../validate/index';
import { cacheKey, requestHasher } from './cacheKey';
import { charEstimator, costOf, type TokenEstimate, type TokenEstimator } from './estimate';
import type { CacheStore, CachedResponse, PriceOf, RunStore } from './ports';
import { EndpointLimiter, type RateLimits } from './rateLimit';
import { resultRecord, type RecordIds, type ResultRecord, type StopReason } from './records';
import type { WorkItem } from './plan';

export interface SchedulerDeps {
  client: LlmClient;
  store: RunStore;
  /** Null with --no-cache. */
  cache: CacheStore | null;
  clock: Clock;
  /** [0, 1): jitter source, injectable so tests are deterministic. */
  random?: () => number;
  logger?: Logger;
}

export interface Progress {
  total: number;
  /** Finished in this session or earlier ones (resume). */
  done: number;
  errors: number;
  cached: number;
  inFlight: number;
  spentUsd: number;
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
  /** Finished in this session. */
  sent: number;
  resumed: number;
}


export const DEFAULTS = { maxAttempts: 6, timeoutMs: 120_000, backoffBaseMs: 500, backoffMaxMs: 30_000 } as const;

/** Retried whatever the client says: the 429/5xx/timeout/connection list. */
const RETRYABLE = new Set<LlmErrorType>(['rate_limit', 'server', 'timeout', 'connection']);

/** Full jitter (AWS architecture blog): uniform in [0, min(max, base·2^(attempt-1))], never below Retry-After. */
export function backoffMs(attempt: number, retryAfterMs: number | null, base: number, max: number, random: () => number): number {
  const jitter = random() * Math.min(max, base * 2 ** (attempt - 1));
  return Math.max(retryAfterMs ?? 0, jitter);
}

async function sleep(clock: Clock, ms: number, signal?: AbortSignalLike): Promise<void> {
  if (ms <= 0) return;
  try { await clock.sleep(ms, signal); } catch { /* aborted: the caller checks the signal */ }
}

export async function runScheduler(items: Iterable<WorkItem>, deps: SchedulerDeps, options: SchedulerOptions): Promise<SchedulerOutcome> {
  const { client, store, cache, clock } = deps;
  const random = deps.random ?? Math.random;
  const log = deps.logger ?? silentLogger;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts);
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const base = options.backoffBaseMs ?? DEFAULTS.backoffBaseMs;
  const maxBackoff = options.backoffMaxMs ?? DEFAULTS.backoffMaxMs;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const estimator = options.estimator ?? charEstimator;
  const finished = options.finished ?? new Set<string>();
  const budget = options.budgetUsd ?? null;

  // Aborting this stops scheduling and aborts every in-flight attempt; the caller's signal feeds it.
  const run = new AbortController();
  const onOuterAbort = () => stop('cancelled', 'cancelled by the user');
  // Each running item has its own abort flag, aborted with the run: one listener per item instead
  // of a listener per sleep and attempt on a shared signal.
  const itemControllers = new Set<AbortFlag>();
  run.signal.addEventListener('abort', () => { for (const c of itemControllers) c.abort(); }, { once: true });
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const progress: Progress = {
    total: options.total, done: finished.size, errors: options.previous?.errors ?? 0,
    cached: options.previous?.cached ?? 0, inFlight: 0, spentUsd: options.previous?.spentUsd ?? 0,
  };
  let sent = 0;
  let resumed = 0;
  let stopReason: StopReason | null = null;
  let stopDetail: string | null = null;
  let fatal: unknown = null;
  let inFlightCostUsd = 0;
  const warnedUnpriced = new Set<string>();
  const limiters = new Map<string, EndpointLimiter>();
  // Learned per model: the static estimate (chars/4 input, max tokens output) can be far off either
  // way, and the budget's in-flight reserve should track real usage once some is known. Actual input
  // over estimated input gives a correction factor; output uses the mean seen, with headroom.
  const learned = new Map<string, { n: number; estIn: number; actIn: number; actOut: number }>();

  function stop(reason: StopReason, detail: string | null): void {
    if (stopReason && stopReason !== 'budget') return;
    if (stopReason === 'budget' && reason !== 'cancelled') return;
    stopReason = reason;
    stopDetail = detail;
    if (reason === 'cancelled') run.abort();
  }

  const limiterFor = (endpoint: string | null): EndpointLimiter => {
    const k = endpoint ?? '';
    let l = limiters.get(k);
    if (!l) { l = new EndpointLimiter(options.rateLimits?.(endpoint) ?? null, clock.now()); limiters.set(k, l); }
    return l;
  };

  /** The raw estimate corrected by what this model's responses have shown so far. */
  const estimateTokens = (item: WorkItem, raw: TokenEstimate): TokenEstimate => {
    const t = { input: raw.input, output: raw.output };
    const l = learned.get(item.model);
    if (l && l.n >= 3) {
      if (l.estIn > 0) t.input = Math.ceil(t.input * (l.actIn / l.estIn));
      t.output = Math.ceil((l.actOut / l.n) * 1.25);
    }
    return t;
  };

  const learn = (item: WorkItem, rawInput: number, actual: { input: number; output: number }) => {
    let l = learned.get(item.model);
    if (!l) { l = { n: 0, estIn: 0, actIn: 0, actOut: 0 }; learned.set(item.model, l); }
    l.n++; l.estIn += rawInput; l.actIn += actual.input; l.actOut += actual.output;
  };

  const emit = () => { progress.inFlight = active; options.onProgress?.({ ...progress }); };

  // Appends in progress. A finished request gives its concurrency slot back as soon as its record is
  // handed to the store, not when the fsync returns: durability costs milliseconds a batch and
  // would otherwise add them to every request's turnaround. It counts as done only once durable.
  const writes = new Set<Promise<void>>();
  const maxWrites = concurrency * 8;
  const writeFailed = (e: unknown) => { fatal ??= e; stop('cancelled', `stopped: cannot write results: ${msg(e)}`); };

  function record(r: ResultRecord, after?: () => Promise<void>): void {
    // Money is spent when the response arrives, whether or not its record is durable yet.
    if (!r.cached && r.costUsd !== null) progress.spentUsd += r.costUsd;
    // Until the record is durable (an fsync, milliseconds away) only two flags are kept, not the
    // record and its parsed output.
    const isError = r.status === 'error';
    const cached = r.cached;
    // One reaction a record, not a then/catch/finally chain: thousands of records a second.
    const p: Promise<void> = store.appendResult(r).then(() => {
      try {
        progress.done++;
        if (isError) progress.errors++;
        if (cached) progress.cached++;
        emit();
      } catch (e) {
        fatal ??= e;
        stop('cancelled', `stopped: ${msg(e)}`);
      }
      if (!after) { writes.delete(p); return; }
      return after().finally(() => { writes.delete(p); });
    }, (e) => { writes.delete(p); writeFailed(e); });
    writes.add(p);
  }

  const requestHash = requestHasher();

  async function runItem(item: WorkItem): Promise<void> {
    const hash = requestHash(item.request);
    const validator = options.validatorFor(item.callSiteId);
    const price = options.priceOf(item.model);
    const ids = { callSiteId: item.callSiteId, caseId: item.caseId, arm: item.arm, repeat: item.repeat, model: item.model, requestHash: hash };
    const key = cache ? cacheKey(hash, { endpoint: item.endpoint, repeat: item.repeat }) : '';
    if (cache) {
      const t0 = clock.now();
      let hit: CachedResponse | null = null;
      try { hit = await cache.get(key); } catch (e) { log.warn(`cache read failed: ${msg(e)}`); }
      if (hit) {
        const v = validateOutput(hit.output, validator);
        record(resultRecord(ids, { status: 'ok', error: null, output: hit.output, json: v.json, schema: v.schema, latencyMs: Math.round(clock.now() - t0), usage: hit.usage, costUsd: costOf(hit.usage, price), cached: true, attempts: 0, cachedLatencyMs: hit.latencyMs }));
        return;
      }
    }
    if (run.signal.aborted || stopReason) return;
    const raw = estimator(item.request);
    const est = estimateTokens(item, raw);
    const estCost = costOf(est, price);
    if (estCost === null && budget !== null && !warnedUnpriced.has(item.model)) {
      warnedUnpriced.add(item.model);
      log.warn(`no price known for ${item.model}: --budget-usd cannot count its requests`);
    }
    // The budget check and the reservation happen with no await between them, so concurrent
    // items cannot both squeeze under the limit.
    if (budget !== null && estCost !== null && progress.spentUsd + inFlightCostUsd + estCost > budget) {
      stop('budget', `budget of $${budget} reached: $${progress.spentUsd.toFixed(4)} spent, $${inFlightCostUsd.toFixed(4)} in flight, next request ~$${estCost.toFixed(4)}`);
      return;
    }
    inFlightCostUsd += estCost ?? 0;
    try {
      await attempts(item, ids, est, raw.input, price, validator, key);
    } finally {
      inFlightCostUsd -= estCost ?? 0;
    }
  }

  /** Attempts until a result to record, or until the run is cancelled (then nothing is recorded). */
  async function attempts(item: WorkItem, ids: RecordIds, est: TokenEstimate, rawInput: number, price: ReturnType<PriceOf>, validator: Validator | null, key: string): Promise<void> {
    const limiter = limiterFor(item.endpoint);
    // One flag for all of the item's attempts (they run one after another), aborted with the run or
    // by an attempt's deadline and only then replaced; an AbortFlag, not an AbortController (see
    // abortFlag.ts). Not one shared by items: a client may leave a listener on what it is given.
    let ctl = new AbortFlag();
    itemControllers.add(ctl);
    if (run.signal.aborted) ctl.abort();
    try {
      for (let attempt = 1; ; attempt++) {
        const wait = limiter.reserve(est.input + est.output, clock.now());
        if (wait > 0) await sleep(clock, wait, ctl);
        if (run.signal.aborted) return;
        sent++;
        const res = await sendOnce(item, ctl);
        if (run.signal.aborted) return; // cancelled mid-flight: not finished, resume sends it again
        if (ctl.aborted) {
          // Its deadline aborted this attempt; the next one (and the backoff before it) needs a live signal.
          itemControllers.delete(ctl);
          ctl = new AbortFlag();
          itemControllers.add(ctl);
        }
        if (res.ok) {
          limiter.adjustTokens(res.usage.input + res.usage.output - est.input - est.output, clock.now());
          learn(item, rawInput, res.usage);
          const v = validateOutput(res.output, validator);
          const r = resultRecord(ids, { status: 'ok', error: null, output: res.output, json: v.json, schema: v.schema, latencyMs: Math.round(res.latencyMs), usage: res.usage, costUsd: costOf(res.usage, price), cached: false, attempts: attempt });
          if (res.model && res.model !== item.model) (r as ResultRecord & { responseModel?: string }).responseModel = res.model;
          // The cache entry is written after the record is durable: a result is never cached but lost.
          record(r, cache ? async () => {
            try { await cache.put(key, { output: res.output, usage: res.usage, latencyMs: Math.round(res.latencyMs), model: res.model }); } catch (e) { log.warn(`cache write failed: ${msg(e)}`); }
          } : undefined);
          return;
        }
        const e = res.error;
        if (e.type === 'auth') {
          // Every request would fail the same way; recording them would make resume skip them
          // after the key is fixed. Stop, record nothing.
          stop('auth', `authentication failed (${e.status ?? 'no status'}): ${e.message}`);
          return;
        }
        if ((e.retryable || RETRYABLE.has(e.type)) && attempt < maxAttempts) {
          if (e.retryAfterMs !== null && e.retryAfterMs > 0) limiter.pauseUntil(clock.now() + e.retryAfterMs);
          await sleep(clock, backoffMs(attempt, e.retryAfterMs, base, maxBackoff, random), ctl);
          if (run.signal.aborted) return;
          continue;
        }
        record(resultRecord(ids, { status: 'error', error: { type: e.type, message: e.message, status: e.status }, output: '', json: null, schema: null, latencyMs: Math.round(res.latencyMs), usage: { input: 0, output: 0 }, costUsd: null, cached: false, attempts: attempt }));
        return;
      }
    } finally {
      itemControllers.delete(ctl);
    }
  }

  /**
   * One attempt, bounded by the timeout whatever the client does: the deadline aborts `ctl` and
   * answers a timeout even if the client never settles. A plain timer, cancelled when the client
   * answers, rather than a promise race: this runs for every request.
   */
  function sendOnce(item: WorkItem, ctl: AbortFlag): Promise<LlmResponse> {
    const started = clock.now();
    return new Promise<LlmResponse>((resolve) => {
      let settled = false;
      const cancelDeadline = clock.timer(timeoutMs, () => {
        if (settled) return;
        settled = true;
        ctl.abort();
        resolve({ ok: false, error: errorOf('timeout', `no response within ${timeoutMs} ms`, true), latencyMs: clock.now() - started });
      });
      const done = (r: LlmResponse) => {
        if (settled) return;
        settled = true;
        cancelDeadline();
        resolve(r);
      };
      const failed = (e: unknown) => done({ ok: false, error: errorOf(run.signal.aborted ? 'aborted' : 'other', msg(e), false), latencyMs: clock.now() - started });
      try {
        client.send(item.request, { signal: ctl, timeoutMs }).then(done, failed);
      } catch (e) {
        failed(e);
      }
    });
  }

  // The pump: pull the next item whenever a slot is free. `wake` is resolved by a finishing item.
  let active = 0;
  let wake: (() => void) | null = null;
  const iterator = items[Symbol.iterator]();
  try {
    for (;;) {
      if (stopReason || run.signal.aborted || fatal) break;
      if (writes.size >= maxWrites) {
        // The store is slower than the endpoint: wait rather than queue records without bound.
        await Promise.race(writes);
        continue;
      }
      if (active >= concurrency) {
        await new Promise<void>((r) => { wake = r; });
        continue;
      }
      const next = iterator.next();
      if (next.done) break;
      const item = next.value;
      if (finished.has(item.key)) { resumed++; continue; }
      active++;
      emit();
      runItem(item).catch((e) => { fatal ??= e; stop('cancelled', `stopped: ${msg(e)}`); }).finally(() => {
        active--;
        const w = wake; wake = null; w?.();
      });
    }
    while (active > 0) await new Promise<void>((r) => { wake = r; });
    while (writes.size) await Promise.all(writes);
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (fatal) throw fatal;
  emit();
  return { ...progress, inFlight: 0, stopReason: stopReason ?? 'completed', stopDetail, sent, resumed };
}

function errorOf(type: LlmErrorType, message: string, retryable: boolean): LlmError {
  return { type, message, status: null, retryAfterMs: null, retryable };
}

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));
