// The batch phase of `promptshift replay --batch`: the run's pending work items go through the OpenAI
// Batch API (upload JSONL, create, poll, download, map back by custom_id) at half the price. Pure
// decisions live in src/core/replay/batch.ts; this file is the I/O around them.
//
// Durability: batch.json (the batch ids and the custom_ids each holds) is written atomically the
// moment a batch is created, before it is polled, so `--resume RUN_DIR` after a kill polls the same
// batch instead of submitting again. A batch is marked 'collected' only after its records are
// durable in results.jsonl. (A kill in the milliseconds between the create call returning and
// batch.json landing would submit again on resume; the provider has no idempotency key for batches.)
// What a batch does not answer, or answers with a retryable error, is left to the live phase that
// follows (see the decision notes in core/replay/batch.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Validator } from '../core/validate/index';
import { validateOutput } from '../core/validate/output';
import {
  BATCH_FILE, BATCH_PRICE_FACTOR, batchRecordOf, customIdOf, emptyBatchState, isRetryableBatchError, parseBatchState, planBatches, submittedIds, withinBudget,
  type BatchEntry, type BatchResultRecord, type BatchState,
} from '../core/replay/batch';
import { cacheKey, requestHash } from '../core/replay/cacheKey';
import { readFinished } from '../core/replay/engine';
import { costOf, type TokenEstimator } from '../core/replay/estimate';
import { workItems, type AdaptParams, type WorkItem } from '../core/replay/plan';
import type { CacheStore, PriceOf } from '../core/replay/ports';
import { readResultRecords, type ResultRecord, type RunPlanFile, type RunSummary, type StopReason } from '../core/replay/records';
import { createBatchClient, type BatchClient, type BatchProgress } from '../llm/batchClient';
import type { EndpointOptions } from '../llm/openaiClient';
import { writeAtomic, type NodeRunStore } from '../node/runStore';
import { nodeSha256 } from '../node/sha256';

export interface BatchPhaseOptions {
  plan: RunPlanFile;
  store: NodeRunStore;
  endpoint: EndpointOptions;
  adapt: AdaptParams;
  priceOf: PriceOf;
  validatorFor: (callSiteId: string) => Validator | null;
  estimator: TokenEstimator;
  cache: CacheStore | null;
  budgetUsd: number | null;
  /** Submit pending items not yet in a batch (--batch); false only polls batches already in batch.json. */
  submitNew: boolean;
  pollIntervalMs?: number;
  signal?: AbortSignal;
  stderr: (text: string) => void;
  /** Tests inject one; defaults to createBatchClient(endpoint). */
  client?: BatchClient;
}

export interface BatchPhaseOutcome {
  /** Set when the run must stop here instead of continuing live. */
  stop: { reason: StopReason; detail: string } | null;
  batchIds: string[];
  /** Records written by this phase (batch answers and cache hits). */
  recorded: number;
  /** Items answered by no batch or with a retryable error: sent live next. */
  leftForLive: number;
}

export async function readBatchState(dir: string): Promise<BatchState | null> {
  let text: string;
  try {
    text = await readFile(join(dir, BATCH_FILE), 'utf8');
  } catch {
    return null;
  }
  const s = parseBatchState(text);
  if (!s) throw new Error(`${join(dir, BATCH_FILE)}: not a batch state file`);
  return s;
}

const writeState = (dir: string, s: BatchState) => writeAtomic(join(dir, BATCH_FILE), JSON.stringify(s, null, 1) + '\n');

export async function runBatchPhase(o: BatchPhaseOptions): Promise<BatchPhaseOutcome> {
  const { plan, store } = o;
  const state = (await readBatchState(store.dir)) ?? emptyBatchState();
  const client = o.client ?? createBatchClient(o.endpoint, o.pollIntervalMs !== undefined ? { pollIntervalMs: o.pollIntervalMs } : {});
  const prev = await readFinished(store);
  const pending = new Map<string, WorkItem>();
  for (const w of workItems(plan, o.adapt)) if (!prev.finished.has(w.key)) pending.set(customIdOf(w), w);
  let recorded = 0;
  const out: BatchPhaseOutcome = { stop: null, batchIds: state.batches.map((b) => b.batchId), recorded: 0, leftForLive: 0 };
  const finish = (stop: BatchPhaseOutcome['stop']) => {
    out.stop = stop;
    out.recorded = recorded;
    out.leftForLive = pending.size;
    return out;
  };
  const append = async (records: ResultRecord[]) => {
    await Promise.all(records.map((r) => store.appendResult(r)));
    recorded += records.length;
  };

  if (o.submitNew) {
    const already = submittedIds(state);
    let fresh = [...pending.values()].filter((w) => !already.has(customIdOf(w)));
    if (o.cache && fresh.length) fresh = await serveFromCache(fresh, o, pending, append);
    const { fit, estimatedUsd } = withinBudget(fresh, o.budgetUsd, prev.spentUsd, o.priceOf, o.estimator);
    if (fit.length) {
      const groups = planBatches(fit);
      o.stderr(`Batch: submitting ${fit.length} request(s) in ${groups.length} batch(es), ~$${estimatedUsd.toFixed(4)} at the batch price (half the live price) → ${store.dir}\n`);
      for (const [i, g] of groups.entries()) {
        if (o.signal?.aborted) return finish({ reason: 'cancelled', detail: 'cancelled by the user' });
        const customIds = g.items.map(customIdOf);
        const sub = await client.submit(g.items.map((w, j) => ({ customId: customIds[j], request: w.request })), { promptshift_run: plan.runId, promptshift_part: String(state.batches.length + 1) });
        if (!sub.ok) {
          return finish({ reason: sub.error.type === 'auth' ? 'auth' : 'cancelled', detail: `batch ${i + 1}/${groups.length} could not be submitted: ${sub.error.message}` });
        }
        state.batches.push({ batchId: sub.value.batchId, inputFileId: sub.value.inputFileId, api: g.api, customIds, submittedAt: new Date().toISOString(), status: 'submitted' });
        await writeState(store.dir, state);
        out.batchIds.push(sub.value.batchId);
        o.stderr(`  batch ${sub.value.batchId}: ${g.items.length} ${g.api} request(s) submitted (id kept in ${BATCH_FILE})\n`);
      }
    }
    if (fit.length < fresh.length) {
      await pollAll(state, client, o, pending, append);
      return finish({ reason: 'budget', detail: `budget of $${o.budgetUsd} reached: ${fresh.length - fit.length} request(s) not submitted` });
    }
  }
  const polled = await pollAll(state, client, o, pending, append);
  return finish(polled);
}

/** Cache hits are recorded like the live scheduler's (cached: true, attempts: 0); the rest is returned. */
async function serveFromCache(items: WorkItem[], o: BatchPhaseOptions, pending: Map<string, WorkItem>, append: (r: ResultRecord[]) => Promise<void>): Promise<WorkItem[]> {
  const cache = o.cache!;
  const misses: WorkItem[] = [];
  const hits: ResultRecord[] = [];
  for (let i = 0; i < items.length; i += 64) {
    await Promise.all(items.slice(i, i + 64).map(async (w) => {
      const t0 = performance.now();
      const hash = requestHash(w.request, nodeSha256);
      const hit = await cache.get(cacheKey(hash, { endpoint: w.endpoint, repeat: w.repeat }, nodeSha256)).catch(() => null);
      if (!hit) { misses.push(w); return; }
      const v = validateOutput(hit.output, o.validatorFor(w.callSiteId));
      hits.push({ callSiteId: w.callSiteId, caseId: w.caseId, arm: w.arm, repeat: w.repeat, model: w.model, requestHash: hash, status: 'ok', error: null, output: hit.output, json: v.json, schema: v.schema, latencyMs: Math.round(performance.now() - t0), usage: hit.usage, costUsd: costOf(hit.usage, o.priceOf(w.model)), cached: true, attempts: 0, cachedLatencyMs: hit.latencyMs });
      pending.delete(customIdOf(w));
    }));
  }
  if (hits.length) {
    await append(hits);
    o.stderr(`  ${hits.length} request(s) served from the cache\n`);
  }
  // Work order, so batches and budget prefixes follow the plan.
  const order = new Map(items.map((w, i) => [w.key, i]));
  return misses.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
}

/** Polls every batch not yet collected (concurrently), folding answers into records. */
async function pollAll(state: BatchState, client: BatchClient, o: BatchPhaseOptions, pending: Map<string, WorkItem>, append: (r: ResultRecord[]) => Promise<void>): Promise<BatchPhaseOutcome['stop']> {
  const open = state.batches.filter((b) => b.status !== 'collected');
  if (!open.length) return null;
  const outcomes = await Promise.all(open.map((b) => collectOne(b, client, o, pending, append)));
  // Every collect writes its own status; batch.json is rewritten once they are all durable.
  await writeState(o.store.dir, state);
  return outcomes.find((x) => x !== null) ?? null;
}

async function collectOne(entry: BatchEntry, client: BatchClient, o: BatchPhaseOptions, pending: Map<string, WorkItem>, append: (r: ResultRecord[]) => Promise<void>): Promise<BatchPhaseOutcome['stop']> {
  let last = '';
  const onProgress = (p: BatchProgress) => {
    const line = `  batch ${p.batchId}: ${p.status}, ${p.completed}/${p.total} done, ${p.failed} failed\n`;
    if (line !== last) o.stderr(line);
    last = line;
  };
  const got = await client.collect(entry.batchId, { signal: o.signal, onProgress });
  if (!got.ok) {
    if (got.error.type === 'aborted') return { reason: 'cancelled', detail: `cancelled while polling batch ${entry.batchId}; resume to poll it again` };
    return { reason: got.error.type === 'auth' ? 'auth' : 'cancelled', detail: `polling batch ${entry.batchId} failed: ${got.error.message}; resume to poll it again` };
  }
  const records: ResultRecord[] = [];
  let retryable = 0;
  for (const [customId, res] of got.value.results) {
    const item = pending.get(customId);
    if (!item) continue; // already recorded (resume), or not ours
    if (isRetryableBatchError(res)) { retryable++; continue; }
    records.push(batchRecordOf(item, requestHash(item.request, nodeSha256), res, entry.batchId, o.validatorFor(item.callSiteId), o.priceOf(item.model)));
    pending.delete(customId);
  }
  await append(records);
  entry.status = 'collected';
  const missing = entry.customIds.filter((id) => pending.has(id)).length;
  if (got.value.progress.status !== 'completed' || missing) {
    o.stderr(`warning: batch ${entry.batchId} ended ${got.value.progress.status}: ${missing} request(s) unanswered${retryable ? ` (${retryable} with a retryable error)` : ''} are sent live next\n`);
  }
  return null;
}

/** summary.json's `batch` member: ids, price factor, and how many records of the run came from a batch. */
export async function batchSummaryNote(store: NodeRunStore, phase: BatchPhaseOutcome): Promise<NonNullable<RunSummary['batch']>> {
  let viaBatch = 0;
  for await (const r of readResultRecords(store.readResultLines())) if ((r as Partial<BatchResultRecord>).batch) viaBatch++;
  return {
    priceFactor: BATCH_PRICE_FACTOR, batchIds: phase.batchIds, viaBatch,
    note: `records from a batch cost ${BATCH_PRICE_FACTOR}× the catalog price (costUsd and spentUsd include it) and have latencyMs 0: the Batch API reports no per-request time`,
  };
}
