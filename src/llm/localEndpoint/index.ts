// A local OpenAI-compatible HTTP server that stands in for a model endpoint in tests, benchmarks and
// `promptshift demo`: real wire format (so the real openai SDK is exercised), deterministic answers
// per (model, prompt), per-model latency, injectable faults, and counts of what it was sent.
// It is a test double and says so in every response (system_fingerprint, owned_by, a header).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { answerChat, answerResponses, apiError, LOCAL_FINGERPRINT, LOCAL_OWNER, type Answer } from './answers';
import { BatchStore, parseMultipart } from './batch';
import { chooseFault, type FaultKind, type FaultOptions } from './faults';
import { hashRequestBody } from './hash';
import type { TierBehaviour } from './tiers';

export { FAULT_KINDS, chooseFault, type FaultKind, type FaultOptions } from './faults';
export { hashRequestBody, canonicalJson } from './hash';
export { LOCAL_FINGERPRINT, LOCAL_OWNER, TEXT_PREFIX } from './answers';
export { REFERENCE_MODEL, type TierBehaviour } from './tiers';

export interface LocalEndpointOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the stand-in is never reachable from another machine. */
  host?: string;
  /** Latency of a successful answer, for all models or per model; models not listed get defaultLatencyMs. */
  latencyMs?: number | Record<string, number>;
  /** Default 20 ms. */
  defaultLatencyMs?: number;
  faults?: FaultOptions | null;
  /** When set, requests need `Authorization: Bearer <key>` (or Azure's `api-key: <key>`); 401 otherwise. */
  authKey?: string;
  /** When set, only these models exist (others get 404 model_not_found) and /v1/models lists them. */
  models?: string[];
  /**
   * Models that answer like tiers of one family (tiers.ts): the same reference answer, except on a set
   * share of prompts where they disagree, break the schema or fail. Models not listed answer as usual.
   */
  tiers?: Record<string, TierBehaviour>;
}

export interface LocalEndpointStats {
  /** Model requests received (chat + responses, every attempt, faulted or not). */
  requests: number;
  /** Model requests answered 200. */
  ok: number;
  faultsInjected: number;
  faultsByKind: Partial<Record<FaultKind, number>>;
  byModel: Record<string, number>;
  /** Per request hash (hashRequestBody of the wire body): attempts received and answers given. */
  byHash: Record<string, { requests: number; ok: number }>;
  /** "METHOD /path?query" → count, for every HTTP request (model, files, batches, models). */
  byPath: Record<string, number>;
  /** Highest number of model requests in flight at once. */
  maxInFlight: number;
}

export interface LocalEndpoint {
  /** Base URL ending in /v1, e.g. http://127.0.0.1:41234/v1. */
  url: string;
  /** Origin without /v1, for an Azure-style client (it appends /openai itself). */
  origin: string;
  port: number;
  stats(): LocalEndpointStats;
  resetStats(): void;
  setFaults(faults: FaultOptions | null): void;
  setLatency(latencyMs: number | Record<string, number>): void;
  close(): Promise<void>;
}

const DEFAULT_MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o4-mini'];
const MAX_BODY = 64 * 1024 * 1024;

function emptyStats(): LocalEndpointStats {
  return { requests: 0, ok: 0, faultsInjected: 0, faultsByKind: {}, byModel: {}, byHash: {}, byPath: {}, maxInFlight: 0 };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startLocalEndpoint(options: LocalEndpointOptions = {}): Promise<LocalEndpoint> {
  let faults = options.faults ?? null;
  let latency = options.latencyMs ?? options.defaultLatencyMs ?? 20;
  const defaultLatency = options.defaultLatencyMs ?? 20;
  let stats = emptyStats();
  let inFlight = 0;
  let closed = false;
  const store = new BatchStore();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const seenModels = new Set<string>();

  const latencyFor = (model: string): number => (typeof latency === 'number' ? latency : latency[model] ?? defaultLatency);

  const sleep = (ms: number): Promise<void> =>
    ms <= 0 ? Promise.resolve() : new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const send = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void => {
    if (res.destroyed || res.headersSent) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-request-id': `req_local_${Date.now().toString(36)}`,
      'x-promptshift-local': 'test stand-in, not a real model',
      ...extra,
    });
    res.end(text);
  };

  const authorized = (req: IncomingMessage): { ok: true } | { ok: false; presented: string } => {
    if (!options.authKey) return { ok: true };
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const azureKey = req.headers['api-key'];
    const presented = bearer ?? (typeof azureKey === 'string' ? azureKey : '');
    return presented === options.authKey ? { ok: true } : { ok: false, presented };
  };

  /** chat.completions and responses: faults, latency, the answer, and the counts. */
  const handleModel = async (req: IncomingMessage, res: ServerResponse, api: 'chat' | 'responses', raw: Buffer, deployment: string | null): Promise<void> => {
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      send(res, 400, apiError('We could not parse the JSON body of your request.', 'invalid_request_error'));
      return;
    }
    if (deployment && typeof body.model !== 'string') body.model = deployment;
    const model = typeof body.model === 'string' ? body.model : '';
    const hash = hashRequestBody(body);
    const perHash = (stats.byHash[hash] ??= { requests: 0, ok: 0 });
    const attempt = perHash.requests;
    perHash.requests++;
    stats.requests++;
    stats.byModel[model] = (stats.byModel[model] ?? 0) + 1;
    if (model) seenModels.add(model);

    if (options.models && model && !options.models.includes(model)) {
      send(res, 404, apiError(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'));
      return;
    }
    const fault = chooseFault(faults, hash, attempt);
    if (fault) {
      stats.faultsInjected++;
      stats.faultsByKind[fault] = (stats.faultsByKind[fault] ?? 0) + 1;
    }
    if (fault === 'reset') {
      // A TCP RST before any response byte: the client sees ECONNRESET / "other side closed".
      const sock = res.socket;
      if (sock && typeof sock.resetAndDestroy === 'function') sock.resetAndDestroy();
      else sock?.destroy();
      return;
    }
    if (fault === '429') {
      const secs = faults?.retryAfterSeconds ?? 1;
      const style = faults?.retryAfterHeader ?? 'both';
      const h: Record<string, string> = {};
      if (style === 'both' || style === 'seconds') h['retry-after'] = String(secs);
      if (style === 'both' || style === 'ms') h['retry-after-ms'] = String(Math.round(secs * 1000));
      if (style === 'date') h['retry-after'] = new Date(Date.now() + secs * 1000).toUTCString();
      send(res, 429, apiError(`Rate limit reached for ${model} (promptshift-local injected fault). Please try again in ${secs}s.`, 'requests', 'rate_limit_exceeded'), h);
      return;
    }
    if (fault === '500') {
      send(res, 500, apiError('The server had an error while processing your request (promptshift-local injected fault).', 'server_error'));
      return;
    }

    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    try {
      await sleep(latencyFor(model) + (fault === 'slow' ? faults?.slowMs ?? 2000 : 0));
      if (closed || res.destroyed) return;
      const ans: Answer = api === 'chat' ? answerChat(body, hash, options.tiers) : answerResponses(body, hash, options.tiers);
      if (ans.status === 200) {
        if (fault === 'truncated') {
          // Well-framed HTTP whose JSON stops halfway: what a proxy cutting a body produces.
          const text = JSON.stringify(ans.body);
          const half = text.slice(0, Math.floor(text.length / 2));
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(half), 'x-promptshift-local': 'test stand-in, not a real model' });
          res.end(half);
          return;
        }
        stats.ok++;
        perHash.ok++;
      }
      send(res, ans.status, ans.body, { 'openai-processing-ms': String(latencyFor(model)) });
    } finally {
      inFlight--;
    }
  };

  const modelObject = (id: string): Record<string, unknown> => ({ id, object: 'model', created: 1_700_000_000, owned_by: LOCAL_OWNER });

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    const key = `${method} ${url.pathname}${url.search}`;
    stats.byPath[key] = (stats.byPath[key] ?? 0) + 1;
    const auth = authorized(req);
    if (!auth.ok) {
      // Real endpoints echo (part of) the key they were given; this one echoes all of it, so tests
      // prove the client scrubs it from every message.
      send(res, 401, apiError(`Incorrect API key provided: ${auth.presented || '(none)'}. You can find your API key in your account settings.`, 'invalid_request_error', 'invalid_api_key'));
      return;
    }
    // /v1/..., Azure's /openai/... and /openai/v1/... all lead to the same routes.
    const p = url.pathname.replace(/^\/openai(?=\/)/, '').replace(/^\/v1(?=\/)/, '');
    const deployment = /^\/deployments\/([^/]+)(\/.*)$/.exec(p);
    const path = deployment ? deployment[2] : p;
    const raw = method === 'POST' ? await readBody(req) : Buffer.alloc(0);

    if (method === 'POST' && path === '/chat/completions') return handleModel(req, res, 'chat', raw, deployment ? decodeURIComponent(deployment[1]) : null);
    if (method === 'POST' && path === '/responses') return handleModel(req, res, 'responses', raw, null);
    if (method === 'GET' && path === '/models') {
      const ids = options.models ?? [...new Set([...DEFAULT_MODELS, ...seenModels])];
      return send(res, 200, { object: 'list', data: ids.map(modelObject) });
    }
    const model = /^\/models\/(.+)$/.exec(path);
    if (method === 'GET' && model) {
      const id = decodeURIComponent(model[1]);
      if (options.models && !options.models.includes(id)) return send(res, 404, apiError(`The model '${id}' does not exist`, 'invalid_request_error', 'model_not_found'));
      return send(res, 200, modelObject(id));
    }
    if (method === 'POST' && path === '/files') {
      const form = parseMultipart(raw, req.headers['content-type'] ?? '');
      const file = form?.files.file;
      if (!form || !file) return send(res, 400, apiError('expected multipart/form-data with a "file" part', 'invalid_request_error', null, 'file'));
      return send(res, 200, store.addFile(file.filename, form.fields.purpose ?? 'batch', file.data));
    }
    const file = /^\/files\/([^/]+)(\/content)?$/.exec(path);
    if (method === 'GET' && file) {
      const f = store.files.get(decodeURIComponent(file[1]));
      if (!f) return send(res, 404, apiError(`No such File object: ${file[1]}`, 'invalid_request_error', 'not_found'));
      if (!file[2]) return send(res, 200, f.meta);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.content.length });
      res.end(f.content);
      return;
    }
    if (method === 'POST' && path === '/batches') {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(res, 400, apiError('We could not parse the JSON body of your request.'));
      }
      const r = store.createBatch(body);
      return send(res, r.status, r.body);
    }
    const batch = /^\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    if (batch && ((method === 'GET' && !batch[2]) || (method === 'POST' && batch[2]))) {
      const id = decodeURIComponent(batch[1]);
      const b = batch[2]
        ? store.cancel(id)
        : store.retrieve(id, (m, h) => {
          // Batch lines count like requests, so "sent once" can be checked for batch runs too.
          stats.requests++;
          stats.ok++;
          stats.byModel[m] = (stats.byModel[m] ?? 0) + 1;
          const ph = (stats.byHash[h] ??= { requests: 0, ok: 0 });
          ph.requests++;
          ph.ok++;
        });
      return b ? send(res, 200, b) : send(res, 404, apiError(`No such Batch object: ${id}`, 'invalid_request_error', 'not_found'));
    }
    send(res, 404, apiError(`Invalid URL (${method} ${url.pathname})`, 'invalid_request_error', 'unknown_url'));
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, 500, apiError(`promptshift-local: ${err instanceof Error ? err.message : String(err)}`, 'server_error'));
    });
  });
  // The SDK keeps connections alive; close() ends them instead of waiting out keepAliveTimeout.
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('local endpoint: no TCP address');
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const origin = `http://${host}:${addr.port}`;

  return {
    url: `${origin}/v1`,
    origin,
    port: addr.port,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    setFaults: (f) => {
      faults = f;
    },
    setLatency: (l) => {
      latency = l;
    },
    close: () => new Promise<void>((resolve) => {
      if (closed) return resolve();
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
    }),
  };
}

/** The label a caller prints next to anything this endpoint produced. */
export const LOCAL_ENDPOINT_LABEL = `${LOCAL_FINGERPRINT}: a local test stand-in, not a real model`;
