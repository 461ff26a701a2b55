// The Batch API through the openai SDK: upload the requests as JSONL, create a batch, poll it, and
// map the output file back to requests by custom_id. Half the price of live calls for large runs.
// Resumable: the caller stores the batch id returned by submit() and calls collect() later, in the
// same process or a new one.
import type { LlmApi, LlmError, LlmRequest, LlmResponse } from '../core/ports';
import type { MapErrorContext, RequestLabel } from './errors';
import { buildChatBody, buildResponsesBody, extractChat, extractResponses } from './requestMapping';
// The SDK's helpers and its error mapping through openaiClient, not from 'openai' or './errors': in
// dist/ openaiClient is the endpoint client bundle, so the CLI's replay bundle carries no second
// copy of the SDK (~150 KB parsed at every start), and the errors the batch client's SDK throws are
// mapped with that same SDK's classes (with two copies `instanceof APIError` would never match).
import { buildSdkClient, scrubSecrets, secretsOf, toFile, toLlmError, validateEndpointOptions, wireModelFor, type EndpointOptions } from './openaiClient';

export interface BatchItem {
  /** Unique within the batch; results are keyed by it. */
  customId: string;
  request: LlmRequest;
}

export type BatchStatus = 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'failed' | 'expired' | 'cancelling' | 'cancelled';

export interface BatchProgress {
  batchId: string;
  status: BatchStatus;
  total: number;
  completed: number;
  failed: number;
}

export interface BatchClientOptions {
  /** Waits between polls; tests pass one that resolves at once. Defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  pollIntervalMs?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: LlmError };

export interface BatchClient {
  /** Uploads the items and creates one batch. All items must use the same api. */
  submit(items: BatchItem[], metadata?: Record<string, string>): Promise<Result<{ batchId: string; inputFileId: string }>>;
  /** One look at the batch. */
  status(batchId: string): Promise<Result<BatchProgress>>;
  /**
   * Polls until the batch ends, then returns one LlmResponse per custom_id found in its output and
   * error files. Items missing from both (an expired or cancelled batch) are absent from the map;
   * the caller sends those again. Batch results carry latencyMs 0: the API reports no per-request time.
   */
  collect(batchId: string, options?: { signal?: AbortSignal; onProgress?: (p: BatchProgress) => void }): Promise<Result<{ progress: BatchProgress; results: Map<string, LlmResponse> }>>;
}

const TERMINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'expired', 'cancelled']);

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function statusError(status: number, message: string): LlmError {
  const type = status === 429 ? 'rate_limit' : status >= 500 ? 'server' : status === 401 || status === 403 ? 'auth' : status === 404 ? 'not_found' : status === 400 || status === 422 ? 'bad_request' : 'other';
  return { type, message, status, retryAfterMs: null, retryable: ['rate_limit', 'server'].includes(type) };
}

export function createBatchClient(endpoint: EndpointOptions, options: BatchClientOptions = {}): BatchClient {
  const problem = validateEndpointOptions(endpoint);
  if (problem) throw new Error(`Invalid endpoint options: ${problem}`);
  const sdk = buildSdkClient(endpoint);
  const secrets = secretsOf(endpoint);
  const basePath = new URL(sdk.baseURL).pathname.replace(/\/+$/, '');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pollIntervalMs = options.pollIntervalMs ?? 10_000;
  // Azure names batch endpoints without the /v1 prefix.
  const urlFor = (api: LlmApi): string => `${endpoint.kind === 'azure' ? '' : '/v1'}${api === 'chat' ? '/chat/completions' : '/responses'}`;

  const ctx = (label: RequestLabel): MapErrorContext => ({ label, secrets, timeoutMs: undefined, callerAborted: false });
  const fail = (err: unknown, method: string, path: string, model = '-'): { ok: false; error: LlmError } => ({ ok: false, error: toLlmError(err, ctx({ method, path: `${basePath}${path}`, model })) });

  const progressOf = (b: Json): BatchProgress => {
    const c = isObj(b.request_counts) ? b.request_counts : {};
    return { batchId: String(b.id), status: b.status as BatchStatus, total: Number(c.total ?? 0), completed: Number(c.completed ?? 0), failed: Number(c.failed ?? 0) };
  };

  const readFile = async (fileId: string): Promise<string> => (await sdk.files.content(fileId)).text();

  return {
    async submit(items, metadata) {
      const apis = new Set(items.map((i) => i.request.api));
      if (items.length === 0 || apis.size !== 1) {
        return { ok: false, error: { type: 'bad_request', message: items.length === 0 ? 'a batch needs at least one request' : 'a batch holds requests of one api; split chat and responses', status: null, retryAfterMs: null, retryable: false } };
      }
      const api = items[0].request.api;
      const url = urlFor(api);
      const lines = items.map(({ customId, request: r }) => {
        const model = wireModelFor(endpoint, r.model);
        const body = api === 'chat' ? buildChatBody(model, r.messages, r.params) : buildResponsesBody(model, r.messages, r.params);
        return JSON.stringify({ custom_id: customId, method: 'POST', url, body });
      });
      let inputFileId: string;
      try {
        // toFile, not the File global: Node 18 (engines allows it) has no global File.
        const file = await toFile(Buffer.from(lines.join('\n') + '\n'), 'promptshift-batch.jsonl', { type: 'application/jsonl' });
        inputFileId = (await sdk.files.create({ file, purpose: 'batch' })).id;
      } catch (err) {
        return fail(err, 'POST', '/files');
      }
      try {
        const b = await sdk.batches.create({ input_file_id: inputFileId, endpoint: url as '/v1/chat/completions', completion_window: '24h', ...(metadata ? { metadata } : {}) });
        return { ok: true, value: { batchId: b.id, inputFileId } };
      } catch (err) {
        return fail(err, 'POST', '/batches');
      }
    },

    async status(batchId) {
      try {
        return { ok: true, value: progressOf((await sdk.batches.retrieve(batchId)) as unknown as Json) };
      } catch (err) {
        return fail(err, 'GET', `/batches/${batchId}`);
      }
    },

    async collect(batchId, opts = {}) {
      let batch: Json;
      for (;;) {
        if (opts.signal?.aborted) return { ok: false, error: { type: 'aborted', message: `polling batch ${batchId} aborted`, status: null, retryAfterMs: null, retryable: false } };
        try {
          batch = (await sdk.batches.retrieve(batchId)) as unknown as Json;
        } catch (err) {
          return fail(err, 'GET', `/batches/${batchId}`);
        }
        opts.onProgress?.(progressOf(batch));
        if (TERMINAL.has(String(batch.status))) break;
        await sleep(pollIntervalMs);
      }
      const results = new Map<string, LlmResponse>();
      const api: LlmApi = String(batch.endpoint).endsWith('/responses') ? 'responses' : 'chat';
      for (const fileId of [batch.output_file_id, batch.error_file_id]) {
        if (typeof fileId !== 'string' || !fileId) continue;
        let text: string;
        try {
          text = await readFile(fileId);
        } catch (err) {
          return fail(err, 'GET', `/files/${fileId}/content`);
        }
        for (const line of text.split('\n')) {
          if (!line.trim()) continue;
          let row: Json;
          try {
            row = JSON.parse(line) as Json;
          } catch {
            continue; // a torn line in the provider's file: the item counts as missing and is resent
          }
          if (typeof row.custom_id !== 'string') continue;
          results.set(row.custom_id, responseOf(row, api));
        }
      }
      return { ok: true, value: { progress: progressOf(batch), results } };
    },
  };

  function responseOf(row: Json, api: LlmApi): LlmResponse {
    const r = responseOfRaw(row, api);
    if (!r.ok) r.error.message = scrubSecrets(r.error.message, secrets);
    return r;
  }

  function responseOfRaw(row: Json, api: LlmApi): LlmResponse {
    const resp = isObj(row.response) ? row.response : null;
    const where = `batch ${api === 'chat' ? 'chat/completions' : 'responses'} item ${String(row.custom_id)}`;
    if (resp && resp.status_code === 200) {
      const got = api === 'chat' ? extractChat(resp.body) : extractResponses(resp.body);
      if (got.ok) return { ok: true, output: got.output, usage: got.usage, latencyMs: 0, model: got.model ?? '' };
      return { ok: false, error: { type: 'invalid_response', message: `${where}: ${got.detail}`, status: 200, retryAfterMs: null, retryable: true }, latencyMs: 0 };
    }
    if (resp && typeof resp.status_code === 'number') {
      const body = isObj(resp.body) && isObj(resp.body.error) ? resp.body.error : {};
      return { ok: false, error: statusError(resp.status_code, `${where}: HTTP ${resp.status_code} ${String(body.message ?? '')}`.trim()), latencyMs: 0 };
    }
    const e = isObj(row.error) ? row.error : {};
    return { ok: false, error: { type: 'bad_request', message: `${where}: ${String(e.code ?? 'error')} ${String(e.message ?? '')}`.trim(), status: null, retryAfterMs: null, retryable: false }, latencyMs: 0 };
  }
}
