// The `fetch` the openai SDK is given (its documented `fetch` client option): JSON requests go over
// node:http(s) with one keep-alive agent per protocol; anything else (multipart file uploads, streams)
// goes to the global fetch. Node's global fetch (undici) spends ~0.3 ms of CPU a request on WHATWG
// streams and per-request machinery — measured with bench/replay.ts at 2,000 requests, concurrency 16,
// it was the largest single cost of a replay — while node:http needs ~0.05 ms for the same exchange.
//
// Semantics kept: the request's AbortSignal aborts the exchange (rejecting with an AbortError, as
// fetch does, which the SDK maps to a user abort or its timeout); a socket error before the body is
// complete rejects (the SDK reports a connection error; the scheduler retries); the whole body is read
// before the Response resolves, which is what a non-streaming JSON call needs anyway.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

type FetchInput = string | URL | Request;
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

function abortError(signal: AbortSignal): unknown {
  if (signal.reason !== undefined && !(signal.reason instanceof Error && signal.reason.name !== 'AbortError')) return signal.reason;
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

function responseHeaders(res: IncomingMessage): Headers {
  const h = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === 'content-encoding' || name === 'content-length') continue; // the body is handed over decoded
    h.append(raw[i], raw[i + 1]);
  }
  return h;
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
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : null;
  if (!url || (body !== undefined && body !== null && typeof body !== 'string') || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return fetch(input, init);
  }
  const signal = init.signal ?? null;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const headers = plainHeaders(init.headers);
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    const isHttps = url.protocol === 'https:';
    const req = (isHttps ? httpsRequest : httpRequest)(url, { method: init.method ?? 'GET', headers, agent: isHttps ? agents.https : agents.http });
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(e);
    };
    const onAbort = () => {
      fail(abortError(signal!));
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      // The headers arrived, the body did not: a Response whose body fails when read, as with fetch
      // ("terminated"), so the caller sees a broken response rather than a failed connection.
      const cut = () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) return reject(abortError(signal));
        const err = Object.assign(new TypeError('terminated: the connection closed before the response body was complete'), { code: 'UND_ERR_SOCKET' });
        resolve(new Response(new ReadableStream({ start: (c) => c.error(err) }), { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: responseHeaders(res) }));
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', cut);
      res.on('aborted', cut);
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) return cut();
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        const status = res.statusCode ?? 0;
        // Redirects are rare on model APIs but a gateway may send one: the global fetch follows it.
        if (status >= 300 && status < 400 && res.headers.location) {
          signal?.removeEventListener('abort', onAbort);
          fetch(input, init).then(resolve, reject);
          return;
        }
        let buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        try {
          buf = decoded(buf, res.headers['content-encoding']);
        } catch (e) {
          return fail(Object.assign(new TypeError(`terminated: undecodable ${res.headers['content-encoding']} body: ${e instanceof Error ? e.message : e}`), { code: 'UND_ERR_SOCKET' }));
        }
        const noBody = status === 204 || status === 205 || status === 304 || init.method === 'HEAD';
        try {
          resolve(new Response(noBody ? null : new Uint8Array(buf.buffer as ArrayBuffer, buf.byteOffset, buf.length), { status, statusText: res.statusMessage ?? '', headers: responseHeaders(res) }));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.end(typeof body === 'string' ? body : undefined);
  });
}
