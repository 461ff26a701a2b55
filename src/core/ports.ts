// What the outside world implements for the pure core. The CLI implements these with node's fs and
// the llm/ client; the extension with vscode.workspace.fs and the same client.

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * What a sleep or a send is cancelled through. An AbortSignal is one; so is the scheduler's
 * AbortFlag (core/replay/abortFlag.ts), which it hands out instead of an AbortController a request.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignalLike): Promise<void>;
  /**
   * Calls `fire` after `ms` unless the returned function is called first. For deadlines that are
   * nearly always cancelled (one a request): no promise and no AbortController to build.
   */
  timer(ms: number, fire: () => void): () => void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

// ---- Model endpoints (implemented in src/llm over the official openai SDK) ----

export type LlmApi = 'chat' | 'responses';

export interface LlmMessage {
  role: string;
  content: string;
}

/** One request, already adapted to its target model; the client only translates it to the wire. */
export interface LlmRequest {
  api: LlmApi;
  model: string;
  messages: LlmMessage[];
  /** Other request fields as the chat.completions API names them (temperature, max_tokens, response_format, tools…). */
  params: Record<string, unknown>;
}

export interface LlmUsage {
  input: number;
  output: number;
}

export type LlmErrorType =
  | 'rate_limit' | 'server' | 'timeout' | 'connection' | 'bad_request' | 'auth'
  | 'not_found' | 'invalid_response' | 'aborted' | 'other';

export interface LlmError {
  type: LlmErrorType;
  /** Human-readable, never containing a key. */
  message: string;
  status: number | null;
  /** From Retry-After / retry-after-ms when the endpoint sent one. */
  retryAfterMs: number | null;
  retryable: boolean;
}

export type LlmResponse =
  | { ok: true; output: string; usage: LlmUsage; latencyMs: number; model: string }
  | { ok: false; error: LlmError; latencyMs: number };

export interface LlmSendOptions {
  signal?: AbortSignalLike;
  timeoutMs?: number;
}

/** Sends exactly one attempt: retries, backoff and rate limits belong to the replay scheduler. */
export interface LlmClient {
  send(request: LlmRequest, options?: LlmSendOptions): Promise<LlmResponse>;
}
