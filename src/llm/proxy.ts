// Proxies for model endpoints. The CLI reads them from the environment (HTTPS_PROXY, HTTP_PROXY,
// ALL_PROXY, NO_PROXY, lower case first, as curl does); the editor from VS Code's http.proxy and
// http.noProxy settings (src/host passes them in). Whether an endpoint goes through the proxy is
// decided once per client, from its base URL: a proxied endpoint is reached through undici's
// ProxyAgent (CONNECT tunnels), everything else keeps the node:http transport of nodeFetch.ts,
// which needs half the CPU a request (bench/replay, same process: ~1.0 against ~2.0 ms/request
// for undici's fetch with a keep-alive Agent).
//
// Why not undici's EnvHttpProxyAgent: it reads process.env (the CLI's verbs take their environment
// as a value, and the editor's settings are not in it) and warns on every process that it is
// experimental; proxy-from-env reads process.env too. The NO_PROXY rules below are curl's.
import type { AbortSignalLike } from '../core/ports';
import { buffered, CALLER_SIGNAL } from './nodeFetch';

export interface ProxyConfig {
  /** For http: endpoints; null: none. */
  httpProxy: string | null;
  /** For https: endpoints; null: none. */
  httpsProxy: string | null;
  /** NO_PROXY: comma- or space-separated hosts, `.suffix` / `*.suffix` domains, `host:port`, or `*`. */
  noProxy: string;
}

/** The proxy settings of an environment (the CLI's), or null when it names no proxy. */
export function proxyConfigFromEnv(env: Record<string, string | undefined>): ProxyConfig | null {
  const get = (name: string) => env[name.toLowerCase()] || env[name.toUpperCase()] || '';
  const all = get('all_proxy');
  const httpProxy = get('http_proxy') || all || null;
  const httpsProxy = get('https_proxy') || all || null;
  if (!httpProxy && !httpsProxy) return null;
  return { httpProxy, httpsProxy, noProxy: get('no_proxy') };
}

/**
 * The proxy of VS Code's settings (`http.proxy` serves both schemes, `http.noProxy` lists hosts),
 * falling back to the environment as VS Code itself does when http.proxy is empty.
 */
export function proxyConfigFromEditor(httpProxy: string, noProxy: readonly string[], env: Record<string, string | undefined>): ProxyConfig | null {
  if (!httpProxy.trim()) return proxyConfigFromEnv(env);
  return { httpProxy: httpProxy.trim(), httpsProxy: httpProxy.trim(), noProxy: noProxy.join(',') };
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The proxy URL for requests to `target`, or null to connect directly. */
export function proxyFor(target: string | URL, config: ProxyConfig | null | undefined): string | null {
  if (!config) return null;
  let url: URL;
  try { url = typeof target === 'string' ? new URL(target) : target; } catch { return null; }
  const proxy = url.protocol === 'https:' ? config.httpsProxy : url.protocol === 'http:' ? config.httpProxy : null;
  if (!proxy || bypassed(url, config.noProxy)) return null;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0;
  for (const raw of noProxy.toLowerCase().split(/[,\s]+/)) {
    if (!raw) continue;
    if (raw === '*') return true;
    const m = /^(.+):(\d+)$/.exec(raw);
    if (m && !m[1].includes(':') && Number(m[2]) !== port) continue;
    const entry = (m && !m[1].includes(':') ? m[1] : raw).replace(/^\[|\]$/g, '');
    if (entry.startsWith('*.') || entry.startsWith('.')) {
      const suffix = entry.slice(entry.indexOf('.'));
      if (host.endsWith(suffix) || host === suffix.slice(1)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) {
      return true;
    }
  }
  return false;
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A fetch for the openai SDK that goes through `proxyUrl` (credentials in it become
 * Proxy-Authorization). Like nodeFetch it reads the whole body before resolving, so the SDK's
 * deadline covers it, and honours the caller's cancellation passed under CALLER_SIGNAL.
 */
export function proxiedFetch(proxyUrl: string): Fetch {
  let dispatcher: unknown;
  return async (input, init = {}) => {
    // Loaded on first use: only a proxied endpoint needs undici.
    const undici = await import('undici');
    dispatcher ??= new undici.ProxyAgent({ uri: proxyUrl, keepAliveTimeout: 30_000 });
    const caller = (init as { [CALLER_SIGNAL]?: AbortSignalLike })[CALLER_SIGNAL] ?? null;
    const linked = caller ? linkSignals(init.signal ?? null, caller) : null;
    try {
      const options = { ...init, signal: linked?.signal ?? init.signal, dispatcher } as unknown as Parameters<typeof undici.fetch>[1];
      const res = await undici.fetch(input as Parameters<typeof undici.fetch>[0], options);
      return await buffered(res as unknown as Response);
    } finally {
      linked?.unlink();
    }
  };
}

/** One AbortSignal aborted by either of two: the SDK's (its deadline) and the caller's. */
function linkSignals(a: AbortSignal | null, b: AbortSignalLike): { signal: AbortSignal; unlink: () => void } {
  const c = new AbortController();
  const onA = () => c.abort(a?.reason);
  const onB = () => c.abort();
  if (a?.aborted || b.aborted) c.abort();
  a?.addEventListener('abort', onA, { once: true });
  b.addEventListener('abort', onB, { once: true });
  return { signal: c.signal, unlink: () => { a?.removeEventListener('abort', onA); b.removeEventListener('abort', onB); } };
}
