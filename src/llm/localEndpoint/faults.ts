// Which request gets which fault. Decided from (seed, request hash, attempt number) so "25% of first
// attempts fail" is reproducible and a retry of the same request can be told apart from the first try.
import { pick, unitFloat } from './hash';

export type FaultKind = '429' | '500' | 'reset' | 'truncated' | 'slow';
export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', 'reset', 'truncated', 'slow'];

export interface FaultOptions {
  /** Share of eligible attempts that get a fault, 0..1. */
  rate: number;
  /** Kinds to choose from (uniformly, deterministically). Defaults to all of FAULT_KINDS. */
  kinds?: FaultKind[];
  /** Only the first attempt of each distinct request may be faulted, so every retry succeeds. */
  firstAttemptOnly?: boolean;
  /** 429: the wait the server asks for. Default 1 s. */
  retryAfterSeconds?: number;
  /** 429: which headers carry it. 'both' (default) sends retry-after and retry-after-ms, as OpenAI does. */
  retryAfterHeader?: 'both' | 'seconds' | 'ms' | 'date' | 'none';
  /** slow: extra delay before the headers. Default 2000 ms. */
  slowMs?: number;
  /** Different seeds fault different requests. Default 'promptshift'. */
  seed?: string | number;
}

/**
 * The fault for this attempt, or null. `attempt` counts from 0: the number of times the server had
 * already seen this request hash when it arrived.
 */
export function chooseFault(faults: FaultOptions | null | undefined, requestHash: string, attempt: number): FaultKind | null {
  if (!faults || !(faults.rate > 0)) return null;
  if (faults.firstAttemptOnly && attempt > 0) return null;
  const seed = String(faults.seed ?? 'promptshift');
  if (unitFloat('fault', seed, requestHash, attempt) >= faults.rate) return null;
  const kinds = faults.kinds && faults.kinds.length > 0 ? faults.kinds : FAULT_KINDS;
  return kinds[pick(kinds.length, 'kind', seed, requestHash, attempt)];
}
