// The shapes written to a run directory (CLI.md is the contract) and the streaming reader that
// tolerates a crash: a line torn by a kill mid-write is ignored, never fatal.
import type { CallSite, JsonSchema } from '../callsite';
import type { LlmApi, LlmErrorType } from '../ports';
import type { SchemaVerdict } from '../validate/index';
import { BASELINE_ARM, CANDIDATE_ARM, type ArmName, type ReplayCase } from './cases';

export interface ResultRecord {
  callSiteId: string;
  caseId: string;
  arm: ArmName;
  repeat: number;
  model: string;
  /** cacheKey of the request (api, model, messages, params; never a secret). */
  requestHash: string;
  status: 'ok' | 'error';
  error: { type: LlmErrorType | 'budget'; message: string; status: number | null } | null;
  output: string;
  json: unknown;
  schema: SchemaVerdict | null;
  /** Measured for this record: near zero for a cache hit (see cachedLatencyMs). */
  latencyMs: number;
  usage: { input: number; output: number };
  costUsd: number | null;
  cached: boolean;
  attempts: number;
  /** Only on cache hits: the latency measured when the response was first received. */
  cachedLatencyMs?: number;
}

/** The fields of a record that name its work item and request. */
export type RecordIds = Pick<ResultRecord, 'callSiteId' | 'caseId' | 'arm' | 'repeat' | 'model' | 'requestHash'>;

/**
 * A record: the item's identity, then the outcome, in the order results.jsonl has always had.
 * Written out field by field rather than as `{ ...ids, status, … }`: in V8 (node 20) an object
 * literal that starts with a spread and goes on with more properties is far costlier — measured
 * in bench/replay, ~2 KB a record promoted to the old generation, most of the replay's RSS growth.
 */
export function resultRecord(ids: RecordIds, o: Omit<ResultRecord, keyof RecordIds>): ResultRecord {
  const r: ResultRecord = {
    callSiteId: ids.callSiteId, caseId: ids.caseId, arm: ids.arm, repeat: ids.repeat, model: ids.model, requestHash: ids.requestHash,
    status: o.status, error: o.error, output: o.output, json: o.json, schema: o.schema, latencyMs: o.latencyMs,
    usage: o.usage, costUsd: o.costUsd, cached: o.cached, attempts: o.attempts,
  };
  if (o.cachedLatencyMs !== undefined) r.cachedLatencyMs = o.cachedLatencyMs;
  return r;
}

/** The identity of a work item, and of its record: resume skips records by this key. */
export function workKey(r: { callSiteId: string; caseId: string; arm: ArmName; repeat: number }): string {
  return `${r.callSiteId}\u0000${r.caseId}\u0000${r.arm}\u0000${r.repeat}`;
}

export interface PlannedCallSite {
  callSite: CallSite;
  cases: ReplayCase[];
  /** The resolved models of this call site's arms, the baseline first (see ArmName). */
  arms: Record<ArmName, { model: string }>;
  api: LlmApi;
  /** The schema outputs are validated against (--schema, else the call site's), or null. */
  schema: JsonSchema | null;
}

export interface ArmSpec {
  model: string | null;
  /**
   * A sweep arm served by a host other than the run's endpoint (a catalog host such as Groq): its base
   * URL (no key) is the arm's endpoint, for requests, rate limits and the cache.
   */
  endpoint?: { host: string; baseURL: string | null; catalogHost?: string };
}

/** The candidate arms of a plan or planned call site, in plan order. */
export function candidateArms(arms: Record<ArmName, unknown>): ArmName[] {
  return Object.keys(arms).filter((a) => a !== BASELINE_ARM);
}

/** The baseline first, then the candidates. */
export function armNames(arms: Record<ArmName, unknown>): ArmName[] {
  return [BASELINE_ARM, ...candidateArms(arms)];
}

/**
 * A sweep: several candidates, or candidates named by model. A run of one candidate named
 * 'candidate' (every run written before sweeps existed) is not one.
 */
export function isSweep(plan: Pick<RunPlanFile, 'arms'>): boolean {
  const c = candidateArms(plan.arms);
  return !(c.length === 1 && c[0] === CANDIDATE_ARM);
}

/** plan.json. Everything needed to resume without rescanning; never a key or a header. */
export interface RunPlanFile {
  version: 1;
  runId: string;
  createdAt: string;
  /**
   * As given, keyed by arm name, the baseline first: `{"baseline": {"model"}, "candidate": {"model"}}`
   * for one candidate; a sweep names one arm per candidate. The baseline's model is null when each
   * call site's own model is used.
   */
  arms: Record<ArmName, ArmSpec>;
  repeats: number;
  /**
   * Base URL only. `simulated: true` when the replay went to the local stand-in endpoint (fake
   * answers): its costs are then simulated, never money spent; `label` says what it was.
   */
  endpoint: { baseURL: string | null; simulated?: boolean; label?: string };
  shard: { index: number; count: number } | null;
  callSites: PlannedCallSite[];
  /** CLI.md's single-call-site shape, kept for readers that expect it (= callSites[0]). */
  callSite?: CallSite;
  cases?: ReplayCase[];
}

/**
 * Why a session ended. 'unreachable': the endpoint answered nothing (connection refused, reset or
 * unresolvable) while a request went through all its attempts; nothing of that was recorded, so
 * resume sends it once the endpoint is back.
 */
export type StopReason = 'completed' | 'cancelled' | 'budget' | 'auth' | 'unreachable';

export interface RunSummary {
  runId: string;
  stopReason: StopReason;
  /** Human-readable detail for a stop other than 'completed'. */
  stopDetail: string | null;
  total: number;
  done: number;
  ok: number;
  errors: number;
  cached: number;
  /** Requests skipped because results.jsonl already held them (resume). */
  resumed: number;
  /** Money actually spent in this and earlier sessions of the run (cache hits cost nothing). */
  spentUsd: number;
  /** Present (true) when the endpoint was the local stand-in: spentUsd is simulated, no money was spent. */
  costSimulated?: boolean;
  estimate: { requests: number; inputTokens: number; outputTokens: number; costUsd: number | null } | null;
  updatedAt: string;
  /**
   * Runs sent (partly) through the Batch API: its batch ids, the price factor applied to the costUsd
   * of records that came from a batch (they carry `batch: {id, priceFactor}` and latencyMs 0).
   */
  batch?: { priceFactor: number; batchIds: string[]; viaBatch: number; note: string };
}

/**
 * Parses results.jsonl lines into records. A line that does not parse is a line torn by a crash;
 * only the last line can be torn (records are appended whole and fsync'd in order), but any bad
 * line is skipped rather than fatal so a damaged file still yields what it holds. `onBad` lets the
 * caller report them.
 */
export async function* readResultRecords(lines: AsyncIterable<string> | Iterable<string>, onBad?: (lineNo: number) => void): AsyncGenerator<ResultRecord> {
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      onBad?.(n);
      continue;
    }
    if (isRecord(rec)) yield rec;
    else onBad?.(n);
  }
}

function isRecord(x: unknown): x is ResultRecord {
  if (!x || typeof x !== 'object') return false;
  const r = x as Record<string, unknown>;
  return typeof r.callSiteId === 'string' && typeof r.caseId === 'string'
    && typeof r.arm === 'string' && r.arm !== '' && typeof r.repeat === 'number'
    && (r.status === 'ok' || r.status === 'error');
}
