// Turns whatever the SDK (or fetch underneath it) throws into an LlmError value. The replay scheduler
// decides on retries from `type`/`retryable`/`retryAfterMs` alone, so the mapping must be exact, and
// the message ends up in results.jsonl and in the editor, so it must never carry a key.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import type { LlmError, LlmErrorType } from '../core/ports';

/** What a message needs to name the request without exposing anything secret. */
export interface RequestLabel {
  method: string;
  /** URL path without the query string (the query may hold an api-version, never a key, but keep it short). */
  path: string;
  model: string;
}

const RETRYABLE: ReadonlySet<LlmErrorType> = new Set(['rate_limit', 'server', 'timeout', 'connection', 'invalid_response']);

export function isRetryable(type: LlmErrorType): boolean {
  return RETRYABLE.has(type);
}

/**
 * Milliseconds to wait from `retry-after-ms` (OpenAI's own, more precise) or `retry-after`
 * (delta-seconds or an HTTP date). Null when absent or unparseable; never negative.
 */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.round(n);
  }
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return null;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return secs >= 0 ? Math.round(secs * 1000) : null;
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/**
 * Removes the key and anything that looks like one. The SDK does not echo keys, but endpoints do
 * ("Incorrect API key provided: sk-…"), and gateways paste request headers into error bodies.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    out = out.split(s).join('***');
    // Endpoints often print a key's prefix and suffix around a mask; a long prefix alone is still a leak.
    if (s.length >= 16) {
      out = out.split(s.slice(0, 12)).join('***');
      out = out.split(s.slice(-8)).join('***');
    }
  }
  // Generic shapes: OpenAI-style keys and bearer tokens.
  out = out.replace(/\bsk-[A-Za-z0-9_*.-]{6,}/g, 'sk-***');
  out = out.replace(/(bearer\s+)[A-Za-z0-9_\-.~+/=]{8,}/gi, '$1***');
  return out;
}

function describeLabel(label: RequestLabel): string {
  return `${label.method} ${label.path} (model ${label.model})`;
}

function errorCode(err: unknown): string | undefined {
  // undici nests the socket error: TypeError('fetch failed', { cause: SocketError{code} }).
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function causeText(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    if (e instanceof Error) parts.push(e.message);
    else parts.push(String(e));
    e = e && typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  }
  return parts.filter(Boolean).join(': ');
}

function typeForStatus(status: number): LlmErrorType {
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 422 || status === 413) return 'bad_request';
  if (status >= 500) return 'server';
  return 'other';
}

export interface MapErrorContext {
  label: RequestLabel;
  secrets: readonly string[];
  timeoutMs: number | undefined;
  callerAborted: boolean;
}

function make(type: LlmErrorType, detail: string, ctx: MapErrorContext, status: number | null = null, retryAfterMs: number | null = null): LlmError {
  const message = scrubSecrets(`${describeLabel(ctx.label)}: ${detail}`, ctx.secrets);
  return { type, message, status, retryAfterMs, retryable: isRetryable(type) };
}

/** An LlmError for a response that arrived but is not what the API promises. */
export function invalidResponse(detail: string, ctx: MapErrorContext): LlmError {
  return make('invalid_response', `invalid response: ${detail}`, ctx);
}

export function toLlmError(err: unknown, ctx: MapErrorContext): LlmError {
  // Order matters: the SDK's own deadline also aborts, but reports APIConnectionTimeoutError unless
  // the caller's signal was aborted too.
  if (ctx.callerAborted) return make('aborted', 'request aborted by the caller', ctx);
  if (err instanceof APIConnectionTimeoutError) {
    return make('timeout', `request timed out${ctx.timeoutMs !== undefined ? ` after ${ctx.timeoutMs} ms` : ''}`, ctx);
  }
  if (err instanceof APIUserAbortError) return make('aborted', 'request aborted', ctx);
  if (err instanceof APIConnectionError) {
    const code = errorCode(err.cause);
    const why = causeText(err.cause) || err.message;
    if (/timed? ?out/i.test(why)) return make('timeout', `connection timed out (${why})`, ctx);
    return make('connection', `connection failed${code ? ` [${code}]` : ''}: ${why}`, ctx);
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status;
    const type = typeForStatus(status);
    const retryAfterMs = type === 'rate_limit' || type === 'server' ? parseRetryAfter(err.headers) : null;
    return make(type, `HTTP ${err.message}`, ctx, status, retryAfterMs);
  }
  // Anything after the headers arrived: a body cut short ("terminated"), or JSON that does not parse.
  if (err instanceof SyntaxError) return make('invalid_response', `response body is not valid JSON (${err.message})`, ctx);
  const text = causeText(err);
  const code = errorCode(err);
  if (/terminated|other side closed|premature close|aborted/i.test(text) || code === 'UND_ERR_SOCKET') {
    return make('invalid_response', `response body ended early (${text})`, ctx);
  }
  if (code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/.test(code)) {
    return make(code === 'ETIMEDOUT' ? 'timeout' : 'connection', `connection failed [${code}]: ${text}`, ctx);
  }
  if (/socket hang up/i.test(text)) return make('connection', `connection failed: ${text}`, ctx);
  return make('other', text || 'unknown error', ctx);
}
