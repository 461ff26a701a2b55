// Whether a run's endpoint is local to the machine (the built-in stand-in, or a local server such
// as Ollama or vLLM). Costs of such runs come from catalog list prices, not from a bill: everything
// that shows them labels them as simulated rather than money spent.

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\]|::1|0\.0\.0\.0)$/i;

/** True for a base URL on a loopback host (127.x.x.x, localhost, [::1]). */
export function isLocalEndpoint(baseURL: string | null | undefined): boolean {
  if (!baseURL) return false;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(baseURL.trim());
  return !!m && LOOPBACK.test(m[1]);
}
