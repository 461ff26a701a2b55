// What the replay engine needs from the outside, besides the LlmClient and Clock of ../ports.ts.
// The CLI implements these over node's fs (src/node/runStore.ts, src/node/cacheStore.ts); the
// extension over vscode.workspace.fs; tests in memory.
import type { LlmUsage } from '../ports';
import type { ResultRecord, RunPlanFile, RunSummary } from './records';

/** One run directory: plan.json, results.jsonl (append-only), summary.json. */
export interface RunStore {
  writePlan(plan: RunPlanFile): Promise<void>;
  /**
   * Appends one finished request. Resolves only once the record is durable (flushed and fsync'd):
   * the scheduler treats a resolved append as "finished", and resume never re-sends it.
   */
  appendResult(record: ResultRecord): Promise<void>;
  /**
   * The raw lines of results.jsonl in order. Streamed so a 20,000-result run is never held whole;
   * parse them with `readResultRecords` (which ignores a line torn by a crash).
   */
  readResultLines(): AsyncIterable<string>;
  writeSummary(summary: RunSummary): Promise<void>;
}

/** What a cache entry keeps of a successful response. */
export interface CachedResponse {
  output: string;
  usage: LlmUsage;
  /** The latency measured when the response was first received. */
  latencyMs: number;
  /** The model the endpoint reported. */
  model: string;
}

/** Content-addressed by `cacheKey` (see cacheKey.ts): never holds a secret, in the key or the value. */
export interface CacheStore {
  get(key: string): Promise<CachedResponse | null>;
  put(key: string, value: CachedResponse): Promise<void>;
}

export interface Price {
  /** USD per 1M input tokens. */
  inputPerMTok: number;
  /** USD per 1M output tokens. */
  outputPerMTok: number;
}

export type PriceOf = (model: string) => Price | null;

/**
 * SHA-256 of a string's UTF-8 bytes as 64 lowercase hex digits: request hashes and cache keys.
 * Handed in because core has no node:crypto (src/node/sha256.ts is the CLI's and the editor's).
 */
export type Sha256Hex = (text: string) => string;
