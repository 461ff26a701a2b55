// Cache keys are canonical JSON of the request — {api, model, messages, params} with object keys
// sorted — hashed with SHA-256 (the Sha256Hex port: core has no crypto of its own). Only the request
// body goes in: no API key, no header, no endpoint credential can reach a key, because the
// LlmRequest type holds none (the client adds them).
import type { LlmRequest } from '../ports';
import type { Sha256Hex } from './ports';

/** JSON with object keys sorted at every depth; undefined members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] === undefined || typeof obj[k] === 'function') continue;
    parts.push(`${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  }
  return `{${parts.join(',')}}`;
}

/** The identity of a request: what the model sees. Recorded as `requestHash` in results.jsonl. */
export function requestHash(request: LlmRequest, sha256Hex: Sha256Hex): string {
  return sha256Hex(canonicalJson({ api: request.api, model: request.model, messages: request.messages, params: request.params }));
}

/**
 * `requestHash` for the work items of one run, which share their parts: a case's messages are the
 * same array for both arms and every repeat, and an arm's params the same object for every case.
 * Their canonical JSON is computed once per object instead of once per request, so the parts must
 * not be mutated after they are hashed (work items never are). Same hashes as `requestHash`.
 */
export function requestHasher(sha256Hex: Sha256Hex): (request: LlmRequest) => string {
  const params = new WeakMap<object, string>();
  // Items come case by case, so the last messages array seen is the one to remember.
  let lastMessages: unknown = null;
  let lastMessagesJson = '';
  return (request) => {
    const { api, model, messages, params: p } = request;
    if (typeof api !== 'string' || typeof model !== 'string' || !Array.isArray(messages) || typeof p !== 'object' || p === null) return requestHash(request, sha256Hex);
    if (messages !== lastMessages) {
      lastMessagesJson = canonicalJson(messages);
      lastMessages = messages;
    }
    let pj = params.get(p);
    if (pj === undefined) {
      pj = canonicalJson(p);
      params.set(p, pj);
    }
    // canonicalJson of {api, messages, model, params}: keys in sorted order.
    return sha256Hex(`{"api":${JSON.stringify(api)},"messages":${lastMessagesJson},"model":${JSON.stringify(model)},"params":${pj}}`);
  };
}

export interface CacheScope {
  /**
   * Which server answers: a base URL with any userinfo and query string removed (see
   * `endpointScope`). "gpt-4o" on a local gateway is not "gpt-4o" on api.openai.com.
   */
  endpoint: string | null;
  /** Repeats exist to sample variance, so repeat n must not be served repeat 0's answer. */
  repeat: number;
}

/** The cache's content address: the request hash within its endpoint and repeat. */
export function cacheKey(requestHashHex: string, scope: CacheScope, sha256Hex: Sha256Hex): string {
  return sha256Hex(canonicalJson({ request: requestHashHex, endpoint: scope.endpoint, repeat: scope.repeat }));
}

/**
 * A base URL reduced to scheme, host, port and path: credentials a user pasted into the URL
 * (`https://user:key@host/?api-key=…`) never reach a key, a plan or a log.
 */
export function endpointScope(baseURL: string | null | undefined): string | null {
  if (!baseURL) return null;
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?([^/?#]*)([^?#]*)/i.exec(baseURL.trim());
  if (!m) return null;
  return `${m[1].toLowerCase()}${m[2].toLowerCase()}${m[3].replace(/\/+$/, '')}`;
}
