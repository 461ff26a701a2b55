// The `fetch` the openai SDK is given (its documented `fetch` client option): JSON requests go over
// node:http(s) with one keep-alive agent per protocol; anything else (multipart file uploads, streams)
// goes to the global fetch. Node's global fetch (undici) spends ~0.3 ms of CPU a request on WHATWG
// streams and per-request machinery — measured with bench/replay.ts at 2,000 requests, concurrency 16,
// it was the largest single cost of a replay — while node:http needs ~0.05 ms for the same exchange.
//
// Semantics kept: the request's AbortSignal aborts the exchange (rejecting with an AbortError, as
// fetch does, which the SDK maps to a user abort or its timeout); a socket error before the body is
// complete rejects (the SDK reports a connection error; the scheduler retries); the whole body is read
// before the Response resolves, which is what a non-streaming JSON call needs anyway — and because it
// is, the Response is a BufferedResponse over the bytes (bufferedResponse.ts), not an undici one.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import type * as Https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { AbortSignalLike } from '../core/ports';
import { BufferedResponse, ResponseHeaders, type BufferedResponseInit } from './bufferedResponse';

type FetchInput = string | URL | Request;
const httpAgent = new HttpAgent({ keepAlive: true });

/**
 * node:https (and node:tls beneath it) is loaded by the first https request: a replay against a
 * local http endpoint (Ollama, vLLM, the stand-in) never pays for loading TLS at start-up.
 */
let https: { request: typeof Https.request; agent: Https.Agent } | null = null;
async function loadHttps(): Promise<void> {
  const m = await import('node:https');
  https ??= { request: m.request, agent: new m.Agent({ keepAlive: true }) };
}

/**
 * A second, caller-side cancellation for one request, passed in the RequestInit under this key
 * (openaiClient puts it there through the SDK's `fetchOptions`). It lets a caller cancel a request
 * without handing the SDK its signal, on which the SDK would leave a listener for good; anything
 * with `aborted` and 'abort' listeners will do (the scheduler's AbortFlag, an AbortSignal). Honoured
 * on the node:http path only, which is the path of every chat and responses call.
 */
export const CALLER_SIGNAL: unique symbol = Symbol('promptshift.callerSignal');

function abortError(signal: AbortSignalLike): unknown {
  const reason = (signal as { reason?: unknown }).reason;
  if (reason !== undefined && !(reason instanceof Error && reason.name !== 'AbortError')) return reason;
  const e = new Error('This operation was aborted');
  e.name = 'AbortError';
  return e;
}

function plainHeaders(h: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers) { h.forEach((v, k) => { out[k] = v; }); return out; }
  if (Array.isArray(h)) { for (const [k, v] of h) out[k.toLowerCase()] = v; return out; }
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  return out;
}

/** The body is handed over decoded, so its encoding and length headers are dropped, as fetch does. */
const DROPPED_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['content-encoding', 'content-length']);

const responseInit = (res: IncomingMessage, url: string): BufferedResponseInit => ({
  status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: new ResponseHeaders(res.rawHeaders, DROPPED_RESPONSE_HEADERS), url,
});

/** Where a request goes, as node:http takes it. */
interface Target {
  protocol: string;
  hostname: string;
  port: string | number | undefined;
  path: string;
  auth: string | undefined;
}

/**
 * node:http request options per URL: every request of a replay goes to the same one or two URLs,
 * and parsing a URL (and converting it to options) a request is measurable. Bounded, so a caller
 * with ever-changing query strings cannot grow it without limit.
 */
const targets = new Map<string, Target | null>();

function targetOf(input: string | URL): Target | null {
  const key = typeof input === 'string' ? input : input.href;
  let t = targets.get(key);
  if (t === undefined) {
    const url = typeof input === 'string' ? safeUrl(input) : input;
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
      const o = urlToHttpOptions(url);
      t = { protocol: url.protocol, hostname: o.hostname ?? '', port: o.port ?? undefined, path: o.path ?? '/', auth: o.auth ?? undefined };
    } else {
      t = null;
    }
    if (targets.size >= 64) targets.clear();
    targets.set(key, t);
  }
  return t;
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

/**
 * We send no Accept-Encoding, so a compliant server answers uncompressed; a proxy that compresses
 * anyway is decoded here as fetch would (and the header dropped, as fetch does).
 */
function decoded(buf: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? 'identity').trim().toLowerCase()) {
    case 'gzip': case 'x-gzip': return gunzipSync(buf);
    case 'deflate': return inflateSync(buf);
    case 'br': return brotliDecompressSync(buf);
    default: return buf;
  }
}

export function nodeFetch(input: FetchInput, init: RequestInit = {}): Promise<Response> {
  const body = init.body;
  const target = typeof input === 'string' || input instanceof URL ? targetOf(input) : null;
  if (!target || (body !== undefined && body !== null && typeof body !== 'string')) return fetch(input, init);
  const isHttps = target.protocol === 'https:';
  if (isHttps && !https) return loadHttps().then(() => nodeFetch(input, init));
  const href = typeof input === 'string' ? input : (input as URL).href;
  const signal = init.signal ?? null;
  const caller = (init as { [CALLER_SIGNAL]?: AbortSignalLike })[CALLER_SIGNAL] ?? null;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    if (caller?.aborted) return reject(abortError(caller));
    const headers = plainHeaders(init.headers);
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    // Field by field, not `{ ...target, … }`: V8 makes a leading spread followed by more
    // properties far costlier (see resultRecord in core/replay/records.ts).
    const req = (isHttps ? https!.request : httpRequest)({
      protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path, auth: target.auth,
      method: init.method ?? 'GET', headers, agent: isHttps ? https!.agent : httpAgent,
    });
    let settled = false;
    const unlisten = () => {
      signal?.removeEventListener('abort', onAbort);
      caller?.removeEventListener('abort', onCallerAbort);
    };
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      unlisten();
      reject(e);
    };
    const onAbort = () => {
      fail(abortError(signal!));
      req.destroy();
    };
    const onCallerAbort = () => {
      fail(abortError(caller!));
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    caller?.addEventListener('abort', onCallerAbort, { once: true });
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      // The headers arrived, the body did not: a Response whose body fails when read, as with fetch
      // ("terminated"), so the caller sees a broken response rather than a failed connection.
      const cut = () => {
        if (settled) return;
        settled = true;
        unlisten();
        if (signal?.aborted) return reject(abortError(signal));
        if (caller?.aborted) return reject(abortError(caller));
        const err = Object.assign(new TypeError('terminated: the connection closed before the response body was complete'), { code: 'UND_ERR_SOCKET' });
        resolve(asResponse(new BufferedResponse(null, responseInit(res, href), err)));
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', cut);
      res.on('aborted', cut);
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) return cut();
        settled = true;
        unlisten();
        const status = res.statusCode ?? 0;
        // Redirects are rare on model APIs but a gateway may send one: the global fetch follows it,
        // and its body is read here too, so a caller's deadline on this call still covers the body.
        if (status >= 300 && status < 400 && res.headers.location) {
          fetch(input, init).then(buffered).then(resolve, reject);
          return;
        }
        let buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        try {
          buf = decoded(buf, res.headers['content-encoding']);
        } catch (e) {
          return fail(Object.assign(new TypeError(`terminated: undecodable ${res.headers['content-encoding']} body: ${e instanceof Error ? e.message : e}`), { code: 'UND_ERR_SOCKET' }));
        }
        const noBody = status === 204 || status === 205 || status === 304 || init.method === 'HEAD';
        resolve(asResponse(new BufferedResponse(noBody ? null : buf, responseInit(res, href))));
      });
    });
    req.end(typeof body === 'string' ? body : undefined);
  });
}

/** The SDK's `fetch` option is typed with the DOM Response; BufferedResponse implements what it reads. */
const asResponse = (r: BufferedResponse): Response => r as unknown as Response;

/** A fetch Response read to the end, as nodeFetch hands its own over (also proxy.ts's). */
export async function buffered(r: Response): Promise<Response> {
  const raw: string[] = [];
  r.headers.forEach((v, k) => { raw.push(k, v); });
  const bytes = r.body === null ? null : Buffer.from(await r.arrayBuffer());
  return asResponse(new BufferedResponse(bytes, { status: r.status, statusText: r.statusText, headers: new ResponseHeaders(raw), url: r.url }));
}
