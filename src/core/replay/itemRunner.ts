// One work item, from the slot the scheduler's pump acquired for it to its record: the cache, the
// budget reservation, then attempts until an answer, a failure to record, or a stop. This is the
// retry path: between attempts the item holds no concurrency slot, and takes one again (ahead of
// fresh items) once its backoff is over.
import type { Clock, LlmClient, LlmError, Logger } from '../ports';
import { validateOutput } from '../validate/output';
import type { Validator } from '../validate/types';
import type { AbortFlag } from './abortFlag';
import { cacheKey, requestHasher } from './cacheKey';
import type { EndpointPace } from './endpointPace';
import { costOf } from './estimate';
import type { CacheStore, CachedResponse, PriceOf, Sha256Hex } from './ports';
import type { WorkItem } from './plan';
import { cachePut, msg, type RecordWriter } from './recordWriter';
import { resultRecord, type RecordIds, type ResultRecord } from './records';
import { afterFailure, gotNoAnswer, sendOnce, type RetryPolicy } from './retry';
import type { RunControl } from './runControl';
import type { Reservation, SpendGuard } from './spendGuard';

export interface ItemRunnerDeps {
  client: LlmClient;
  cache: CacheStore | null;
  clock: Clock;
  log: Logger;
  policy: RetryPolicy;
  timeoutMs: number;
  pace: EndpointPace;
  spend: SpendGuard;
  writer: RecordWriter;
  control: RunControl;
  priceOf: PriceOf;
  validatorFor: (callSiteId: string) => Validator | null;
  sha256: Sha256Hex;
}

/** Whether the item holds a concurrency slot right now. */
interface Slot { held: boolean }

export class ItemRunner {
  /** Attempts sent. */
  sent = 0;
  private readonly requestHash: (request: WorkItem['request']) => string;

  constructor(private readonly d: ItemRunnerDeps) {
    this.requestHash = requestHasher(d.sha256);
  }

  /** Runs `item` from the slot acquired for it; the slot is given back however it ends. */
  async run(item: WorkItem): Promise<void> {
    const { cache, control, spend, writer, pace } = this.d;
    const slot: Slot = { held: true };
    try {
      const hash = this.requestHash(item.request);
      const ids: RecordIds = { callSiteId: item.callSiteId, caseId: item.caseId, arm: item.arm, repeat: item.repeat, model: item.model, requestHash: hash };
      const validator = this.d.validatorFor(item.callSiteId);
      const key = cache ? cacheKey(hash, { endpoint: item.endpoint, repeat: item.repeat }, this.d.sha256) : '';
      if (cache && await this.fromCache(cache, key, ids, validator, item.model)) return;
      if (control.stopped) return;
      const r = spend.reserve(item, writer.progress.spentUsd);
      if (!r.ok) { control.stop('budget', r.detail); return; }
      try {
        await this.attempts(item, ids, r.reservation, validator, key, slot);
      } finally {
        spend.release(r.reservation);
      }
    } finally {
      if (slot.held) pace.release(item.endpoint);
    }
  }

  /** A cache hit is recorded as such, with no request sent; false when there is none. */
  private async fromCache(cache: CacheStore, key: string, ids: RecordIds, validator: Validator | null, model: string): Promise<boolean> {
    const { clock } = this.d;
    const t0 = clock.now();
    let hit: CachedResponse | null = null;
    try { hit = await cache.get(key); } catch (e) { this.d.log.warn(`cache read failed: ${msg(e)}`); }
    if (!hit) return false;
    const v = validateOutput(hit.output, validator);
    this.d.writer.record(resultRecord(ids, { status: 'ok', error: null, output: hit.output, json: v.json, schema: v.schema, latencyMs: Math.round(clock.now() - t0), usage: hit.usage, costUsd: costOf(hit.usage, this.d.priceOf(model)), cached: true, attempts: 0, cachedLatencyMs: hit.latencyMs }));
    return true;
  }

  /** Attempts until a result to record, or until the run stops (then nothing is recorded and resume sends the item again). */
  private async attempts(item: WorkItem, ids: RecordIds, reservation: Reservation, validator: Validator | null, key: string, slot: Slot): Promise<void> {
    const { client, clock, control, pace, cache, writer } = this.d;
    const tokens = reservation.tokens.input + reservation.tokens.output;
    // One flag for all of the item's attempts, replaced only after an attempt's deadline aborted it.
    // Not one shared by items: a client may leave a listener on what it is given.
    let flag = control.newFlag();
    let firstAttemptAt = Number.NaN;
    try {
      for (let attempt = 1; ; attempt++) {
        const wait = pace.reserve(item.endpoint, tokens);
        if (wait > 0) await sleep(clock, wait, flag);
        if (control.aborted) return;
        this.sent++;
        const sentAt = clock.now();
        if (attempt === 1) firstAttemptAt = sentAt;
        const res = await sendOnce(client, clock, item.request, flag, this.d.timeoutMs, () => control.aborted);
        if (control.aborted) return; // cancelled mid-flight: not finished, resume sends it again
        if (flag.aborted) {
          control.dropFlag(flag);
          flag = control.newFlag();
        }
        if (res.ok) {
          pace.answered(item.endpoint, sentAt, { ok: true, tokenDelta: res.usage.input + res.usage.output - tokens });
          this.d.spend.learn(item.model, reservation.rawInput, res.usage);
          const v = validateOutput(res.output, validator);
          const r = resultRecord(ids, { status: 'ok', error: null, output: res.output, json: v.json, schema: v.schema, latencyMs: Math.round(res.latencyMs), usage: res.usage, costUsd: costOf(res.usage, reservation.price), cached: false, attempts: attempt });
          if (res.model && res.model !== item.model) (r as ResultRecord & { responseModel?: string }).responseModel = res.model;
          writer.record(r, cache ? cachePut(cache, key, { output: res.output, usage: res.usage, latencyMs: Math.round(res.latencyMs), model: res.model }, (m) => this.d.log.warn(m)) : undefined);
          return;
        }
        const e = res.error;
        pace.answered(item.endpoint, sentAt, { ok: false, rateLimited: e.type === 'rate_limit', retryAfterMs: e.retryAfterMs, noAnswer: gotNoAnswer(e) });
        const next = afterFailure(e, attempt, this.d.policy);
        if (next.kind === 'stop-auth') { control.stop('auth', next.detail); return; }
        if (next.kind === 'retry') {
          if (!await this.backOff(item, next.waitMs, flag, slot)) return;
          continue;
        }
        if (e.type === 'connection' && pace.lastAnsweredSentAt(item.endpoint) < firstAttemptAt) {
          // Not one answer from the endpoint while this request went through all its attempts: it is
          // down or the URL is wrong. Recording errors would make resume skip these items.
          control.stop('unreachable', unreachableDetail(item, e, attempt, clock.now() - firstAttemptAt));
          return;
        }
        writer.record(resultRecord(ids, { status: 'error', error: { type: e.type, message: e.message, status: e.status }, output: '', json: null, schema: null, latencyMs: Math.round(res.latencyMs), usage: { input: 0, output: 0 }, costUsd: null, cached: false, attempts: attempt }));
        return;
      }
    } finally {
      control.dropFlag(flag);
    }
  }

  /** Waits out a backoff without a slot, then takes one again (ahead of fresh items); false if the run stopped. */
  private async backOff(item: WorkItem, waitMs: number, flag: AbortFlag, slot: Slot): Promise<boolean> {
    const { pace, control } = this.d;
    slot.held = false;
    pace.release(item.endpoint);
    await sleep(this.d.clock, waitMs, flag);
    if (control.aborted) return false;
    slot.held = await pace.acquire(item.endpoint, 'retry');
    return slot.held && !control.aborted;
  }
}

async function sleep(clock: Clock, ms: number, flag: AbortFlag): Promise<void> {
  if (ms <= 0) return;
  try { await clock.sleep(ms, flag); } catch { /* aborted: the caller checks */ }
}

function unreachableDetail(item: WorkItem, e: LlmError, attempts: number, ms: number): string {
  return `cannot reach ${item.endpoint ?? 'the endpoint'}: no answer to any request for ${(ms / 1000).toFixed(1)} s (${attempts} attempts of the same request; last error: ${e.message})`;
}
