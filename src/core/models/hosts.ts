// Hosts that serve open-weight models behind an OpenAI-compatible API, as data: where requests go,
// which environment variable holds the key, and which request features the host refuses (so a
// request it cannot serve is refused here, before anything is sent, not as a 400 mid-run).
// Pure: data in, data out. Prices live in the catalog (catalog.json `hosts`), per model; a workspace's
// own prices for an endpoint ("models" in its `.promptshift/config.json` entry) are laid over them.
import { BUILTIN_CATALOG, loadCatalog, lookupModel, userHostOffer, type Catalog, type HostOffer, type ModelOverride } from './catalog';

export type RefusedFeature =
  /** A request field the host rejects whatever its value. */
  | { kind: 'param'; param: string; source: string }
  /** `n` other than 1. */
  | { kind: 'n-not-1'; source: string }
  /** A message carrying `name`. */
  | { kind: 'message-name'; source: string }
  /** `response_format: {type: "json_schema"}` (structured outputs). */
  | { kind: 'json-schema'; source: string };

export interface HostProfile {
  id: string;
  label: string;
  /** Null for a self-hosted server: its URL is the user's (config "endpoints"). */
  baseURL: string | null;
  /** Environment variable with the key; a self-hosted server may need none. */
  apiKeyEnv: string;
  keyOptional: boolean;
  refuses: RefusedFeature[];
  /** Where the base URL and refusals were read, and when. */
  source: string;
  retrievedOn: string;
  /** What was not confirmed on the host's own page. */
  note?: string;
  /** Only model ids matching this (a RegExp source) are served, with why; others are refused before sending. */
  serves?: { pattern: string; what: string };
}

const GROQ_COMPAT = 'https://console.groq.com/docs/openai';

export const BUILTIN_HOSTS: readonly HostProfile[] = Object.freeze([
  {
    id: 'groq', label: 'Groq', baseURL: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', keyOptional: false,
    // "The following fields are currently not supported and will result in a 400 error if they are
    // supplied: logprobs, logit_bias, top_logprobs, messages[].name; if N is supplied, it must be 1."
    refuses: [
      { kind: 'param', param: 'logprobs', source: GROQ_COMPAT },
      { kind: 'param', param: 'logit_bias', source: GROQ_COMPAT },
      { kind: 'param', param: 'top_logprobs', source: GROQ_COMPAT },
      { kind: 'message-name', source: GROQ_COMPAT },
      { kind: 'n-not-1', source: GROQ_COMPAT },
    ],
    source: GROQ_COMPAT, retrievedOn: '2026-12-05',
  },
  {
    id: 'together', label: 'Together AI', baseURL: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_API_KEY', keyOptional: false,
    refuses: [], source: 'https://docs.together.ai/reference/batch-cancel', retrievedOn: '2026-12-05',
    note: "Base URL from Together's OpenAPI servers entry. No refusals found documented.",
  },
  {
    id: 'fireworks', label: 'Fireworks AI', baseURL: 'https://api.fireworks.ai/inference/v1', apiKeyEnv: 'FIREWORKS_API_KEY', keyOptional: false,
    refuses: [], source: 'https://docs.fireworks.ai/serverless/overview', retrievedOn: '2026-12-05',
    note: 'The page names api.fireworks.ai; the /inference/v1 path is as gateways use it. No refusals found documented.',
  },
  {
    id: 'cerebras', label: 'Cerebras Inference', baseURL: 'https://api.cerebras.ai/v1', apiKeyEnv: 'CEREBRAS_API_KEY', keyOptional: false,
    refuses: [], source: 'https://inference-docs.cerebras.ai/models/llama-4-scout', retrievedOn: '2026-12-05',
    note: 'Model ids and prices read on the model pages; the base URL was not on them.',
  },
  {
    // Bedrock's OpenAI-compatible endpoint (a Bedrock API key as bearer token) serves OpenAI's models
    // on Bedrock (gpt-oss), not Llama: those need Bedrock's own Converse API, which Promptshift does not speak.
    id: 'bedrock', label: 'Amazon Bedrock (OpenAI-compatible)', baseURL: 'https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1', apiKeyEnv: 'AWS_BEARER_TOKEN_BEDROCK', keyOptional: false,
    refuses: [], source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html', retrievedOn: '2026-12-05',
    serves: { pattern: '^(?:[a-z-]+\\.)?openai\\.', what: "OpenAI's models on Bedrock (ids like openai.gpt-oss-20b-1:0)" },
    note: 'The region is in the URL (us-west-2 in the page\'s example): set yours in .promptshift/config.json "endpoints". No price: Bedrock\'s pricing page renders its prices client-side.',
  },
  {
    // Self-hosted: the URL is the user's (vLLM's own default is http://localhost:8000/v1); a key only
    // when the server was started with --api-key. No price: the hardware is the user's.
    id: 'vllm', label: 'vLLM (self-hosted)', baseURL: 'http://localhost:8000/v1', apiKeyEnv: 'VLLM_API_KEY', keyOptional: true,
    refuses: [], source: 'https://docs.vllm.ai', retrievedOn: '2026-12-05',
    note: "vLLM's default port; set the real URL in .promptshift/config.json \"endpoints\".",
  },
]);

export function builtinHost(id: string): HostProfile | undefined {
  return BUILTIN_HOSTS.find((h) => h.id === id.toLowerCase());
}

/** The parts of a request a host's refusals look at. */
export interface RequestShape {
  params: Record<string, unknown>;
  messages: readonly object[];
}

function describe(r: RefusedFeature): string {
  switch (r.kind) {
    case 'param': return `"${r.param}"`;
    case 'n-not-1': return 'n other than 1';
    case 'message-name': return 'a message "name"';
    case 'json-schema': return 'structured outputs (response_format json_schema)';
  }
}

function refused(r: RefusedFeature, req: RequestShape): boolean {
  switch (r.kind) {
    case 'param': return req.params[r.param] !== undefined && req.params[r.param] !== null && req.params[r.param] !== false;
    case 'n-not-1': return req.params.n !== undefined && req.params.n !== null && req.params.n !== 1;
    case 'message-name': return req.messages.some((m) => { const name = (m as { name?: unknown }).name; return typeof name === 'string' && name !== ''; });
    case 'json-schema': {
      const rf = req.params.response_format;
      return !!rf && typeof rf === 'object' && (rf as { type?: unknown }).type === 'json_schema';
    }
  }
}

/** What of this request the host refuses, each named with the page that says so; empty when it can serve it. */
export function hostRefusals(host: Pick<HostProfile, 'label' | 'refuses' | 'serves' | 'source'>, req: RequestShape & { model?: string }): string[] {
  const out = host.refuses.filter((r) => refused(r, req)).map((r) => `${host.label} refuses ${describe(r)} (${r.source})`);
  if (host.serves && req.model !== undefined && !new RegExp(host.serves.pattern, 'i').test(req.model)) {
    out.unshift(`${host.label} serves only ${host.serves.what}, not ${req.model} (${host.source})`);
  }
  return out;
}

/** A host as the user has it: a built-in, or a `.promptshift/config.json` "endpoints" entry over one. */
export interface HostEndpoint extends HostProfile {
  /** The name `--candidate MODEL@NAME` uses (the built-in's id, or the config entry's key). */
  name: string;
  /** The workspace's own offers at this endpoint by model id (config "models"): prices, window, the host's id. */
  offers?: Record<string, Partial<HostOffer>>;
}

const REFUSAL_NAMES: Record<string, (source: string) => RefusedFeature> = {
  n: (source) => ({ kind: 'n-not-1', source }),
  'messages[].name': (source) => ({ kind: 'message-name', source }),
  json_schema: (source) => ({ kind: 'json-schema', source }),
};

/**
 * The built-in hosts with the config's "endpoints" laid over them: an entry named like a built-in
 * changes its fields (a stand-in's URL in tests, a regional URL); another name is a new endpoint,
 * based on the built-in named by "host" (refusals and catalog prices) or on none. Problems name the
 * file and the key; broken entries are left out.
 */
export function hostEndpoints(raw: unknown, file: string): { endpoints: HostEndpoint[]; problems: string[] } {
  const endpoints: HostEndpoint[] = BUILTIN_HOSTS.map((h) => ({ ...h, refuses: [...h.refuses], name: h.id }));
  const problems: string[] = [];
  if (raw === undefined) return { endpoints, problems };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { endpoints, problems: [`${file}: "endpoints" must be an object of endpoints by name`] };
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    const where = `${file}: endpoints["${name}"]`;
    if (!/^[A-Za-z][\w.-]*$/.test(name)) { problems.push(`${where}: a name is letters, digits, ".", "-" and "_"`); continue; }
    if (!v || typeof v !== 'object' || Array.isArray(v)) { problems.push(`${where} must be an object`); continue; }
    const o = v as Record<string, unknown>;
    const basedOn = typeof o.host === 'string' ? builtinHost(o.host) : builtinHost(name);
    if (typeof o.host === 'string' && !basedOn) { problems.push(`${where}: "host" must be one of ${BUILTIN_HOSTS.map((h) => h.id).join(', ')}`); continue; }
    const baseURL = typeof o.baseURL === 'string' ? o.baseURL.trim() : basedOn?.baseURL ?? null;
    let urlOk = false;
    try { urlOk = !!baseURL && /^https?:$/.test(new URL(baseURL).protocol); } catch { urlOk = false; }
    if (!urlOk) { problems.push(`${where}: "baseURL" must be an http(s) URL`); continue; }
    if (o.apiKeyEnv !== undefined && (typeof o.apiKeyEnv !== 'string' || !/^[A-Za-z_]\w*$/.test(o.apiKeyEnv))) { problems.push(`${where}: "apiKeyEnv" must name an environment variable (the key itself never goes in this file)`); continue; }
    const extra: RefusedFeature[] = [];
    let bad = false;
    for (const r of Array.isArray(o.refuses) ? o.refuses : o.refuses === undefined ? [] : [null]) {
      if (typeof r !== 'string' || r.trim() === '') { problems.push(`${where}: "refuses" must be a list of request fields (or n, messages[].name, json_schema)`); bad = true; break; }
      extra.push(REFUSAL_NAMES[r]?.(file) ?? { kind: 'param', param: r, source: file });
    }
    if (bad) continue;
    const offers: Record<string, Partial<HostOffer>> = {};
    if (o.models !== undefined && (!o.models || typeof o.models !== 'object' || Array.isArray(o.models))) { problems.push(`${where}: "models" must be an object of offers by model id`); continue; }
    for (const [model, rawOffer] of Object.entries((o.models ?? {}) as Record<string, unknown>)) {
      const checked = userHostOffer(rawOffer);
      if ('problem' in checked) { problems.push(`${where}.models["${model}"]: ${checked.problem}`); bad = true; break; }
      offers[model] = { ...checked.offer, source: checked.offer.source ?? file };
    }
    if (bad) continue;
    const endpoint: HostEndpoint = {
      id: basedOn?.id ?? name, label: basedOn && name === basedOn.id ? basedOn.label : name, name, baseURL, ...(basedOn?.serves ? { serves: basedOn.serves } : {}),
      apiKeyEnv: typeof o.apiKeyEnv === 'string' ? o.apiKeyEnv : basedOn?.apiKeyEnv ?? `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`,
      keyOptional: basedOn?.keyOptional ?? false,
      refuses: [...(basedOn?.refuses ?? []), ...extra],
      source: file, retrievedOn: basedOn?.retrievedOn ?? '',
      ...(Object.keys(offers).length ? { offers } : {}),
    };
    const i = endpoints.findIndex((e) => e.name === name);
    if (i >= 0) endpoints[i] = endpoint; else endpoints.push(endpoint);
  }
  return { endpoints, problems };
}

/**
 * The endpoints' own offers as catalog overrides (`loadCatalog(data, these)`), each under the catalog's
 * id for the model it names (an alias or a host's id resolves), so `MODEL@NAME` is priced at them.
 */
export function endpointOfferOverrides(catalog: Catalog, endpoints: readonly HostEndpoint[]): ModelOverride[] {
  const out: ModelOverride[] = [];
  for (const e of endpoints) {
    for (const [model, offer] of Object.entries(e.offers ?? {})) out.push({ id: lookupModel(catalog, model)?.id ?? model, hosts: { [e.name]: offer } });
  }
  return out;
}

/** The built-in catalog with the user's overrides (the editor's setting) and then the endpoints' own offers laid over it. */
export function workspaceCatalog(endpoints: readonly HostEndpoint[], overrides: readonly unknown[] = []): Catalog {
  return loadCatalog(BUILTIN_CATALOG, [...overrides, ...endpointOfferOverrides(loadCatalog(BUILTIN_CATALOG, overrides), endpoints)]);
}
