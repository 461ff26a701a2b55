// One attempt at a request, and what to do after it: record the answer, try again after a backoff,
// record the failure, or stop the run. The decisions read the LlmError alone (type, retryable,
// retryAfterMs); the scheduler carries them out.
import type { Clock, LlmClient, LlmError, LlmErrorType, LlmRequest, LlmResponse } from '../ports';
import type { AbortFlag } from './abortFlag';

/** Retried whatever the client says: the 429/5xx/timeout/connection family. */
const RETRYABLE = new Set<LlmErrorType>(['rate_limit', 'server', 'timeout', 'connection']);

/** Errors that mean nothing came back from the endpoint at all (no HTTP response). */
const NO_ANSWER = new Set<LlmErrorType>(['connection', 'timeout', 'aborted']);

/** Full jitter (AWS architecture blog): uniform in [0, min(max, base·2^(attempt-1))], never below Retry-After. */
export function backoffMs(attempt: number, retryAfterMs: number | null, base: number, max: number, random: () => number): number {
  const jitter = random() * Math.min(max, base * 2 ** (attempt - 1));
  return Math.max(retryAfterMs ?? 0, jitter);
}

export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  random: () => number;
}

export type AfterFailure =
  | { kind: 'retry'; waitMs: number }
  | { kind: 'record' }
  /** Every request would fail the same way: stop, and record nothing, so resume retries them. */
  | { kind: 'stop-auth'; detail: string };

export function afterFailure(e: LlmError, attempt: number, policy: RetryPolicy): AfterFailure {
  if (e.type === 'auth') return { kind: 'stop-auth', detail: `authentication failed (${e.status ?? 'no status'}): ${e.message}` };
  if ((e.retryable || RETRYABLE.has(e.type)) && attempt < policy.maxAttempts) {
    return { kind: 'retry', waitMs: backoffMs(attempt, e.retryAfterMs, policy.backoffBaseMs, policy.backoffMaxMs, policy.random) };
  }
  return { kind: 'record' };
}

export const gotNoAnswer = (e: LlmError): boolean => NO_ANSWER.has(e.type);

/**
 * One attempt, bounded by the timeout whatever the client does: the deadline aborts `flag` and
 * answers a timeout even if the client never settles. A plain timer, cancelled when the client
 * answers, rather than a promise race: this runs for every request.
 */
export function sendOnce(client: LlmClient, clock: Clock, request: LlmRequest, flag: AbortFlag, timeoutMs: number, runAborted: () => boolean): Promise<LlmResponse> {
  const started = clock.now();
  return new Promise<LlmResponse>((resolve) => {
    let settled = false;
    const cancelDeadline = clock.timer(timeoutMs, () => {
      if (settled) return;
      settled = true;
      flag.abort();
      resolve({ ok: false, error: errorOf('timeout', `no response within ${timeoutMs} ms`, true), latencyMs: clock.now() - started });
    });
    const done = (r: LlmResponse) => {
      if (settled) return;
      settled = true;
      cancelDeadline();
      resolve(r);
    };
    const failed = (e: unknown) => done({ ok: false, error: errorOf(runAborted() ? 'aborted' : 'other', e instanceof Error ? e.message : String(e), false), latencyMs: clock.now() - started });
    try {
      client.send(request, { signal: flag, timeoutMs }).then(done, failed);
    } catch (e) {
      failed(e);
    }
  });
}

function errorOf(type: LlmErrorType, message: string, retryable: boolean): LlmError {
  return { type, message, status: null, retryAfterMs: null, retryable };
}
