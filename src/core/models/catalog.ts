// Model catalog: the built-in data file merged with the user's `promptshift.models.catalog` entries.
// Pure: data in, data out. Lookups never guess (no Azure deployment names, no fuzzy matching).
import catalogJson from './catalog.json';

export type Provider = 'openai' | 'anthropic' | 'google' | 'meta' | (string & {});

/**
 * One host's offer of an open-weight model: its own id for it, its price and, when the host serves
 * less than the model's window, its context window and output limit. Read from the host's own page
 * (source, date); an offer whose page gave no price is kept unpriced (null), never guessed.
 */
export interface HostOffer {
  modelId: string;
  /** USD per 1M tokens; null when the host's page gave no price (a self-hosted server has none). */
  inputPerMTok: number | null;
  outputPerMTok: number | null;
  cachedInputPerMTok?: number;
  contextWindow?: number;
  maxOutputTokens?: number;
  source: string;
  retrievedOn: string;
  note?: string;
}

export interface ModelInfo {
  id: string;
  provider: Provider;
  /** Tokens; null when not published or not captured. */
  contextWindow: number | null;
  maxOutputTokens?: number;
  /** USD per 1M tokens; null when unknown. */
  inputPerMTok: number | null;
  outputPerMTok: number | null;
  cachedInputPerMTok?: number;
  /** OpenAI-style reasoning model: takes max_completion_tokens and rejects temperature/top_p. */
  reasoning: boolean;
  /** Rejects non-default temperature/top_p/top_k (e.g. Claude Opus 4.7+), independent of `reasoning`. */
  rejectsSamplingParams?: boolean;
  /** ISO dates (YYYY-MM-DD). */
  deprecationDate?: string;
  retirementDate?: string;
  replacement?: string;
  /** Other IDs that resolve to this entry with identical facts (undated alias or dated snapshot). */
  aliases?: string[];
  source: string;
  note?: string;
  /** Open weights with no vendor API of its own for them: served by hosts (hosts.ts) or self-hosted. */
  openWeight?: boolean;
  /** Per-host offers by host id (`together`, `fireworks`, …): the price of an arm served by that host. */
  hosts?: Record<string, HostOffer>;
}

export interface CatalogSource { url: string; title: string; retrievedOn: string }

export interface CatalogData {
  version: number;
  retrievedOn: string;
  sources: CatalogSource[];
  models: ModelInfo[];
}

/** A user entry from settings: `id` plus any fields to set. `null` clears an optional field. */
export interface ModelOverride {
  id: string;
  provider?: string;
  contextWindow?: number | null;
  maxOutputTokens?: number | null;
  inputPerMTok?: number | null;
  outputPerMTok?: number | null;
  cachedInputPerMTok?: number | null;
  reasoning?: boolean;
  deprecationDate?: string | null;
  retirementDate?: string | null;
  replacement?: string | null;
  aliases?: string[];
  source?: string;
  /** Host offers by host id, laid over the built-in ones (`{"groq": {"inputPerMTok": 0.11, "outputPerMTok": 0.34}}`). */
  hosts?: Record<string, unknown>;
}

export interface Catalog {
  retrievedOn: string;
  sources: CatalogSource[];
  models: readonly ModelInfo[];
  /** Lower-cased id or alias → entry. */
  index: ReadonlyMap<string, ModelInfo>;
  /** Problems with user overrides; each names the entry and the field. */
  warnings: string[];
}

/** The data file shipped with the extension (sources and retrieval date inside). */
export const BUILTIN_CATALOG: CatalogData = catalogJson as CatalogData;

export const USER_SOURCE = 'user settings (promptshift.models.catalog)';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

type Field = keyof Omit<ModelOverride, 'id'>;
const NUMBER_FIELDS: Field[] = ['contextWindow', 'maxOutputTokens', 'inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok'];
const DATE_FIELDS: Field[] = ['deprecationDate', 'retirementDate'];
const STRING_FIELDS: Field[] = ['provider', 'replacement', 'source'];
/** Fields that are `T | null` on ModelInfo (null = unknown); the rest are optional and deleted on null. */
const NULLABLE_FIELDS: Field[] = ['contextWindow', 'inputPerMTok', 'outputPerMTok'];

/** Validates one override field; returns an error text or undefined. */
function checkField(field: Field, value: unknown): string | undefined {
  if (value === null) return field === 'reasoning' || field === 'provider' || field === 'source' || field === 'aliases' ? 'cannot be null' : undefined;
  if (NUMBER_FIELDS.includes(field)) return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'must be a non-negative number';
  if (DATE_FIELDS.includes(field)) return isIsoDate(value) ? undefined : 'must be a date YYYY-MM-DD';
  if (STRING_FIELDS.includes(field)) return typeof value === 'string' && value.trim() !== '' ? undefined : 'must be a non-empty string';
  if (field === 'reasoning') return typeof value === 'boolean' ? undefined : 'must be true or false';
  if (field === 'aliases') return Array.isArray(value) && value.every((a) => typeof a === 'string' && a.trim() !== '') ? undefined : 'must be a list of IDs';
  return 'is not a catalog field';
}

const OFFER_NUMBERS = ['inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok', 'contextWindow', 'maxOutputTokens'];
const OFFER_STRINGS = ['modelId', 'source', 'note'];

/** A host offer the user gives (setting or `.promptshift/config.json`), checked field by field. */
export function userHostOffer(raw: unknown): { offer: Partial<HostOffer> } | { problem: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { problem: `must be an object of ${[...OFFER_STRINGS.slice(0, 1), ...OFFER_NUMBERS].join(', ')}` };
  const offer: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (OFFER_STRINGS.includes(k)) {
      if (typeof v !== 'string' || v.trim() === '') return { problem: `"${k}" must be a non-empty string` };
      offer[k] = v.trim();
    } else if (OFFER_NUMBERS.includes(k)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return { problem: `"${k}" must be a non-negative number` };
      offer[k] = v;
    } else {
      return { problem: `"${k}" is not a host offer field (${[...OFFER_STRINGS, ...OFFER_NUMBERS].join(', ')})` };
    }
  }
  if ((offer.inputPerMTok === undefined) !== (offer.outputPerMTok === undefined)) return { problem: 'give both inputPerMTok and outputPerMTok' };
  return { offer: offer as Partial<HostOffer> };
}

/** The user's offer over the built-in one: a price given replaces the built-in's source, date and note. */
function mergeOffer(prev: HostOffer | undefined, given: Partial<HostOffer>, fallbackId: string): HostOffer {
  const mine = !prev || given.inputPerMTok !== undefined;
  const out: HostOffer = {
    ...prev, ...given, modelId: given.modelId ?? prev?.modelId ?? fallbackId,
    inputPerMTok: given.inputPerMTok ?? prev?.inputPerMTok ?? null, outputPerMTok: given.outputPerMTok ?? prev?.outputPerMTok ?? null,
    source: mine ? given.source ?? USER_SOURCE : prev.source, retrievedOn: mine ? '' : prev.retrievedOn,
  };
  if (mine && given.note === undefined) delete out.note;
  if (mine && prev && given.cachedInputPerMTok === undefined) delete out.cachedInputPerMTok;
  return out;
}

function applyHosts(target: ModelInfo, id: unknown, value: unknown, warnings: string[]): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) { warnings.push(`promptshift.models.catalog: "${id}".hosts must be an object of offers by host; ignored.`); return; }
  for (const [host, raw] of Object.entries(value as Record<string, unknown>)) {
    const h = host.trim().toLowerCase();
    const checked = userHostOffer(raw);
    if ('problem' in checked || !/^[a-z][\w.-]*$/.test(h)) { warnings.push(`promptshift.models.catalog: "${id}".hosts.${host} ${'problem' in checked ? checked.problem : 'is not a host name'}; ignored.`); continue; }
    target.hosts = { ...target.hosts, [h]: mergeOffer(target.hosts?.[h], checked.offer, target.id) };
  }
}

function applyOverride(target: ModelInfo, o: Record<string, unknown>, warnings: string[]): void {
  const t = target as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(o)) {
    if (key === 'id' || value === undefined) continue;
    if (key === 'hosts') { applyHosts(target, o.id, value, warnings); continue; }
    const problem = checkField(key as Field, value);
    if (problem) { warnings.push(`promptshift.models.catalog: "${o.id}".${key} ${problem}; ignored.`); continue; }
    if (value === null) {
      if (NULLABLE_FIELDS.includes(key as Field)) t[key] = null; else delete t[key];
    } else if (key === 'aliases') {
      t[key] = (value as string[]).map((a) => a.trim());
    } else {
      t[key] = typeof value === 'string' ? value.trim() : value;
    }
  }
}

function cloneInfo(m: ModelInfo): ModelInfo {
  return {
    ...m,
    ...(m.aliases ? { aliases: [...m.aliases] } : {}),
    ...(m.hosts ? { hosts: Object.fromEntries(Object.entries(m.hosts).map(([h, o]) => [h, { ...o }])) } : {}),
  };
}

/**
 * Builds the catalog: built-in entries, then user overrides merged by id. An override whose id is an
 * alias of a built-in entry (say a dated snapshot) becomes an entry of its own, copied from that entry,
 * so a snapshot can be given its own retirement date. Unknown ids become new entries.
 */
export function loadCatalog(builtin: CatalogData, overrides: readonly unknown[] = []): Catalog {
  const warnings: string[] = [];
  const models: ModelInfo[] = builtin.models.map(cloneInfo);
  const byId = new Map(models.map((m) => [m.id.toLowerCase(), m]));

  for (const raw of overrides) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) { warnings.push('promptshift.models.catalog: an entry is not an object; ignored.'); continue; }
    const o = raw as Record<string, unknown>;
    if (typeof o.id !== 'string' || o.id.trim() === '') { warnings.push('promptshift.models.catalog: an entry has no "id"; ignored.'); continue; }
    const id = o.id.trim();
    const key = id.toLowerCase();
    let target = byId.get(key);
    if (!target) {
      const owner = models.find((m) => m.aliases?.some((a) => a.toLowerCase() === key));
      if (owner) {
        owner.aliases = owner.aliases?.filter((a) => a.toLowerCase() !== key);
        target = { ...cloneInfo(owner), id, aliases: undefined, source: USER_SOURCE, note: `Split from ${owner.id} by user settings.` };
        delete target.aliases;
      } else {
        target = { id, provider: 'custom', contextWindow: null, inputPerMTok: null, outputPerMTok: null, reasoning: false, source: USER_SOURCE };
      }
      models.push(target);
      byId.set(key, target);
    }
    applyOverride(target, { ...o, id }, warnings);
  }

  const index = new Map<string, ModelInfo>();
  for (const m of models) index.set(m.id.toLowerCase(), m);
  for (const m of models) {
    for (const a of m.aliases ?? []) {
      const k = a.toLowerCase();
      if (!index.has(k)) index.set(k, m);
      else if (index.get(k) !== m) warnings.push(`Model catalog: alias "${a}" of ${m.id} is already taken by ${index.get(k)?.id}.`);
    }
  }
  // A host's own id for a model (`accounts/fireworks/models/gpt-oss-120b`) names the same model.
  for (const m of models) {
    for (const offer of Object.values(m.hosts ?? {})) {
      const k = offer.modelId.toLowerCase();
      if (!index.has(k)) index.set(k, m);
    }
  }
  return { retrievedOn: builtin.retrievedOn, sources: builtin.sources, models, index, warnings };
}

/** Provider prefixes seen in SDKs and gateways: `openai/gpt-5-mini`, `openai:gpt-4o`, `models/gemini-2.5-pro`. */
const PREFIXES: Record<string, Provider | undefined> = {
  openai: 'openai', azure: undefined, anthropic: 'anthropic', google: 'google', gemini: 'google',
  'google-genai': 'google', google_genai: 'google', vertex: 'google', vertex_ai: 'google', 'google-vertex': 'google', models: undefined,
  bedrock: undefined, openrouter: undefined,
};

const BEDROCK_ID = /^(?:(?:us|eu|apac|jp|au|ca|us-gov|global)\.)?(anthropic|openai|meta|mistral|amazon|cohere|deepseek)\.(.+?)(?:-v\d+(?::\d+)?)?$/;
const VERTEX_ID = /^(.+?)(?:-v\d+)?@(\d{8}|latest|\d{3})$/;

/**
 * The vendor's own id inside a cloud host's name for it: Bedrock's `[us.]anthropic.claude-…-v1:0`
 * and Vertex AI's `claude-3-5-sonnet-v2@20241022`. Hosts publish their own retirement dates, which
 * can differ from the vendor's; `host` says which form it was.
 */
export function hostedModelId(id: string): { id: string; host: 'bedrock' | 'vertex'; provider?: Provider } | undefined {
  const b = BEDROCK_ID.exec(id);
  if (b) return { id: b[2], host: 'bedrock', provider: b[1] === 'anthropic' ? 'anthropic' : b[1] === 'openai' ? 'openai' : undefined };
  const v = VERTEX_ID.exec(id);
  if (v) return { id: `${v[1]}-${v[2]}`, host: 'vertex' };
  return undefined;
}

/** Splits a recognised provider prefix off an id. Unrecognised prefixes are left alone. */
export function splitProviderPrefix(raw: string): { provider?: Provider; id: string; prefixed: boolean } {
  const s = raw.trim();
  const m = /^([A-Za-z][\w-]*)[/:](.+)$/.exec(s);
  if (!m || !(m[1].toLowerCase() in PREFIXES)) return { id: s, prefixed: false };
  const inner = splitProviderPrefix(m[2]);
  return { provider: PREFIXES[m[1].toLowerCase()] ?? inner.provider, id: inner.id, prefixed: true };
}

/** `gpt-4o-2024-08-06` → `gpt-4o`, `gpt-4-0613` → `gpt-4`, `gemini-1.5-pro-002` → `gemini-1.5-pro`. */
export function stripSnapshotSuffix(id: string): string | undefined {
  const m = /^(.+?)-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|\d{3}|latest)$/.exec(id);
  return m ? m[1] : undefined;
}

export interface LookupOptions {
  /** Resolve an unknown dated snapshot to its base model. Off by default: snapshots can retire on other dates. */
  snapshotFallback?: boolean;
}

/**
 * Finds a model by id, alias or dated snapshot, after removing a provider prefix. A prefix that names
 * a different provider than the entry's is no match. Azure deployment names are not guessed.
 */
export function lookupModel(catalog: Catalog, id: string, options: LookupOptions = {}): ModelInfo | undefined {
  if (typeof id !== 'string' || id.trim() === '') return undefined;
  const { provider, id: bare } = splitProviderPrefix(id);
  const accept = (m: ModelInfo | undefined) => (m && (!provider || m.provider === provider || m.provider === 'custom') ? m : undefined);
  const hosted = hostedModelId(bare);
  const direct = accept(catalog.index.get(bare.toLowerCase())) ?? accept(catalog.index.get(id.trim().toLowerCase()))
    // A cloud host's form names the vendor itself (Bedrock) or is served under the host's prefix
    // (`vertex_ai/claude-…@…`), so the prefix's provider does not apply to it.
    ?? (hosted ? catalog.index.get(hosted.id.toLowerCase()) : undefined);
  if (direct || !options.snapshotFallback) return direct;
  const base = stripSnapshotSuffix(bare.toLowerCase());
  return base ? accept(catalog.index.get(base)) : undefined;
}

export interface TokenCounts { input: number; output: number; cachedInput?: number }

/**
 * USD cost of a request. `input` counts all prompt tokens; `cachedInput` says how many of them were
 * cache hits (billed at the cached rate when published, else at the input rate). Null when a needed
 * price is unknown.
 */
export function costUsd(model: ModelInfo | undefined, tokens: TokenCounts): number | null {
  if (!model || model.inputPerMTok === null || model.outputPerMTok === null) return null;
  const { input, output } = tokens;
  const cached = Math.min(tokens.cachedInput ?? 0, input);
  if (![input, output, cached].every((n) => Number.isFinite(n) && n >= 0)) return null;
  const cachedRate = model.cachedInputPerMTok ?? model.inputPerMTok;
  return ((input - cached) * model.inputPerMTok + cached * cachedRate + output * model.outputPerMTok) / 1_000_000;
}

/** The host's offer for a model given by catalog id, alias or the host's own id; undefined when the catalog has none. */
export function hostOffer(catalog: Catalog, host: string, id: string): HostOffer | undefined {
  const m = lookupModel(catalog, id);
  return m?.hosts?.[host.toLowerCase()];
}

/** Where a run sends an arm: the endpoint's name (`groq`, or a config name such as `gpu-box`) and the built-in host it is based on. */
export interface ArmHost { host: string; catalogHost?: string }

/**
 * The offer an arm sent to `to` is served and priced at: the endpoint's own (a `.promptshift/config.json`
 * entry's "models"), else its built-in host's; undefined when the catalog has none for that model there.
 */
export function armOffer(catalog: Catalog, model: string, to: ArmHost): HostOffer | undefined {
  const hosts = lookupModel(catalog, model, { snapshotFallback: true })?.hosts;
  if (!hosts) return undefined;
  return hosts[to.host.toLowerCase()] ?? (to.catalogHost ? hosts[to.catalogHost.toLowerCase()] : undefined);
}

/**
 * What a report says of a model or arm the catalog has no price for, and where to give one: an arm
 * sent to a host (`llama-4-scout@groq`) takes a price in its endpoint's "models" or in the setting.
 */
export function noPriceText(name: string, hosted = name.includes('@')): string {
  return `no price for ${name} in the catalog (add one in ${hosted ? '.promptshift/config.json or ' : ''}the promptshift.models.catalog setting)`;
}

/** The host whose own id this is (`accounts/fireworks/models/gpt-oss-120b` → fireworks), with its offer. */
export function offerByHostId(catalog: Catalog, id: string): { host: string; offer: HostOffer } | undefined {
  const m = lookupModel(catalog, id);
  const key = id.trim().toLowerCase();
  for (const [host, offer] of Object.entries(m?.hosts ?? {})) if (offer.modelId.toLowerCase() === key) return { host, offer };
  return undefined;
}
