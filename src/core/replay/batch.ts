// The pure half of `replay --batch` (OpenAI Batch API): which work items go into which batch, the
// batch state persisted in the run directory (batch.json), and how one batch result becomes a
// ResultRecord of exactly the live shape. The I/O (upload, create, poll, download) is in
// src/cli/batchRun.ts over src/llm/batchClient.ts.
//
// Decisions, documented in one place:
// - custom_id is the work key made readable and reversible: its four parts URI-encoded, joined by
//   '|' ("summarize-ab12|c7|baseline|0"); the raw work key holds NUL separators.
// - A batch result costs half the catalog price (BATCH_PRICE_FACTOR); the record says so in
//   `batch: {id, priceFactor}`. The API reports no per-request time: latencyMs is 0.
// - Items a batch does not answer (expired, cancelled or failed batch) or answers with a retryable
//   error (429, 5xx, unreadable body) are sent live afterwards, through the normal scheduler with its
//   retries and budget — a predictable finish rather than another wait of up to 24 h.
import type { LlmApi, LlmResponse, LlmUsage } from '../ports';
import { validateOutput } from '../validate/output';
import type { Validator } from '../validate/types';
import { costOf, type TokenEstimator } from './estimate';
import type { WorkItem } from './plan';
import type { Price } from './ports';
import { resultRecord, type ResultRecord } from './records';

/** The Batch API's discount on the catalog (live) price. */
export const BATCH_PRICE_FACTOR = 0.5;
/** OpenAI's limit of requests in one batch. */
export const MAX_BATCH_REQUESTS = 50_000;
export const BATCH_FILE = 'batch.json';

/** A ResultRecord that came back from a batch. */
export interface BatchResultRecord extends ResultRecord {
  batch: { id: string; priceFactor: number };
  responseModel?: string;
}

export interface BatchEntry {
  batchId: string;
  inputFileId: string;
  api: LlmApi;
  /** The custom_ids submitted in this batch (work keys, see customIdOf). */
  customIds: string[];
  submittedAt: string;
  /** Last status seen; 'collected' once every answer it gave is in results.jsonl. */
  status: string;
}

/** batch.json: written atomically as soon as a batch is created, so a resumed run polls it again. */
export interface BatchState {
  version: 1;
  priceFactor: number;
  batches: BatchEntry[];
}

export const emptyBatchState = (): BatchState => ({ version: 1, priceFactor: BATCH_PRICE_FACTOR, batches: [] });

export function customIdOf(item: Pick<WorkItem, 'callSiteId' | 'caseId' | 'arm' | 'repeat'>): string {
  return [item.callSiteId, item.caseId, item.arm, String(item.repeat)].map(encodeURIComponent).join('|');
}

/** Parses batch.json text; null when it is not a batch state (the caller reports it). */
export function parseBatchState(text: string): BatchState | null {
  try {
    const v = JSON.parse(text) as Partial<BatchState>;
    if (v?.version !== 1 || !Array.isArray(v.batches)) return null;
    for (const b of v.batches) {
      if (typeof b?.batchId !== 'string' || !Array.isArray(b.customIds) || (b.api !== 'chat' && b.api !== 'responses')) return null;
    }
    return { version: 1, priceFactor: typeof v.priceFactor === 'number' ? v.priceFactor : BATCH_PRICE_FACTOR, batches: v.batches };
  } catch {
    return null;
  }
}

/** custom_ids already handed to some batch (collected or not). */
export function submittedIds(state: BatchState): Set<string> {
  const s = new Set<string>();
  for (const b of state.batches) for (const id of b.customIds) s.add(id);
  return s;
}

/**
 * Splits items into batches: one api per batch (the Batch API's rule), at most `max` requests each,
 * in work order.
 */
export function planBatches(items: Iterable<WorkItem>, max = MAX_BATCH_REQUESTS): { api: LlmApi; items: WorkItem[] }[] {
  const open = new Map<LlmApi, WorkItem[]>();
  const out: { api: LlmApi; items: WorkItem[] }[] = [];
  for (const it of items) {
    const api = it.request.api;
    let cur = open.get(api);
    if (!cur || cur.length >= max) {
      cur = [];
      open.set(api, cur);
      out.push({ api, items: cur });
    }
    cur.push(it);
  }
  return out;
}

/**
 * The prefix of `items` whose estimated cost at the batch price fits the budget (after `spentUsd`);
 * items with no known price always fit (the live scheduler warns the same way). Null budget: all.
 */
export function withinBudget(items: WorkItem[], budgetUsd: number | null, spentUsd: number, priceOf: (model: string) => Price | null, estimator: TokenEstimator): { fit: WorkItem[]; estimatedUsd: number } {
  let total = 0;
  let n = 0;
  for (; n < items.length; n++) {
    const c = costOf(estimator(items[n].request), priceOf(items[n].model));
    const add = c === null ? 0 : c * BATCH_PRICE_FACTOR;
    if (budgetUsd !== null && spentUsd + total + add > budgetUsd) break;
    total += add;
  }
  return { fit: n === items.length ? items : items.slice(0, n), estimatedUsd: total };
}

/** Whether a batch answer should be left for the live phase instead of recorded as an error. */
export function isRetryableBatchError(res: LlmResponse): boolean {
  return !res.ok && (res.error.retryable || ['rate_limit', 'server', 'timeout', 'connection', 'invalid_response'].includes(res.error.type));
}

/**
 * One batch answer as a results.jsonl record: the live record's fields and validators, `attempts: 1`,
 * `latencyMs: 0` (no per-request time in a batch), `cached: false`, cost at the batch price.
 */
export function batchRecordOf(item: WorkItem, requestHashHex: string, res: LlmResponse, batchId: string, validator: Validator | null, price: Price | null): BatchResultRecord {
  const ids = { callSiteId: item.callSiteId, caseId: item.caseId, arm: item.arm, repeat: item.repeat, model: item.model, requestHash: requestHashHex };
  const batch = { id: batchId, priceFactor: BATCH_PRICE_FACTOR };
  // resultRecord, not `{ ...ids, … }`: see there.
  if (!res.ok) {
    const e = resultRecord(ids, { status: 'error', error: { type: res.error.type, message: res.error.message, status: res.error.status }, output: '', json: null, schema: null, latencyMs: 0, usage: { input: 0, output: 0 }, costUsd: null, cached: false, attempts: 1 }) as BatchResultRecord;
    e.batch = batch;
    return e;
  }
  const v = validateOutput(res.output, validator);
  const r = resultRecord(ids, { status: 'ok', error: null, output: res.output, json: v.json, schema: v.schema, latencyMs: 0, usage: res.usage, costUsd: batchCost(res.usage, price), cached: false, attempts: 1 }) as BatchResultRecord;
  r.batch = batch;
  if (res.model && res.model !== item.model) r.responseModel = res.model;
  return r;
}

export function batchCost(usage: LlmUsage, price: Price | null): number | null {
  const c = costOf(usage, price);
  return c === null ? null : c * BATCH_PRICE_FACTOR;
}
