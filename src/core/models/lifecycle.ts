// Lifecycle of a model ID on a given day: retired (Error), retiring soon (Warning), deprecated, active.
import { type Catalog, type ModelInfo, hostedModelId, isIsoDate, lookupModel, splitProviderPrefix } from './catalog';

export type StatusKind = 'retired' | 'retiring' | 'deprecated' | 'active' | 'unknown';

export interface ModelStatus {
  kind: StatusKind;
  retirementDate?: string;
  replacement?: string;
  /** Days from `today` to the shutdown date (negative once retired). */
  daysLeft?: number;
  message: string;
}

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

/** A listed replacement that the recommendation went past, because it too is retired or retiring. */
export interface PassedOver {
  id: string;
  retirementDate: string;
}

function replaceTextFor(replacement: string | undefined, passedOver: readonly PassedOver[] = []): string {
  if (!replacement) return 'no replacement is listed.';
  if (!passedOver.length) return `replace it with ${replacement}.`;
  const past = passedOver.map((p) => `${p.id} shuts down on ${p.retirementDate}`).join('; ');
  return `replace it with ${replacement} (the listed replacement ${past}).`;
}

export interface StatusOptions {
  /** The id as the code writes it (an alias, a provider-prefixed or hosted form), for the message. */
  asWritten?: string;
  /** Replacements passed over on the way to `replacement` (see replacementFor). */
  passedOver?: readonly PassedOver[];
}

/**
 * Status of `info` on `today` (YYYY-MM-DD). A shutdown date before today is `retired`; one from today
 * to `retiringWithinDays` ahead is `retiring`; a later shutdown date or a past deprecation date is
 * `deprecated`. `replacement` lets the caller pass a chained replacement (see replacementFor).
 */
export function modelStatus(
  info: ModelInfo | undefined,
  today: string,
  retiringWithinDays = 90,
  replacement: string | undefined = info?.replacement,
  options: StatusOptions = {},
): ModelStatus {
  if (!info) return { kind: 'unknown', message: 'This model ID is not in the model catalog.' };
  if (!isIsoDate(today)) return { kind: 'unknown', message: `Cannot date the status of ${info.id}: "${today}" is not a date (YYYY-MM-DD).` };
  const id = options.asWritten?.trim() || info.id;
  const replaceText = (r: string | undefined) => replaceTextFor(r, options.passedOver);
  const base = replacement ? { replacement } : {};
  const ret = info.retirementDate;
  if (ret !== undefined) {
    if (!isIsoDate(ret)) return { kind: 'unknown', ...base, message: `${id} has an unreadable retirement date "${ret}".` };
    const daysLeft = Math.round(dayNumber(ret) - dayNumber(today));
    const facts = { retirementDate: ret, daysLeft, ...base };
    if (daysLeft < 0) return { kind: 'retired', ...facts, message: `${id} was retired on ${ret}; ${replaceText(replacement)}` };
    if (daysLeft <= retiringWithinDays) {
      const when = daysLeft === 0 ? 'today' : daysLeft === 1 ? 'in 1 day' : `in ${daysLeft} days`;
      return { kind: 'retiring', ...facts, message: `${id} will be retired on ${ret} (${when}); ${replaceText(replacement)}` };
    }
    return { kind: 'deprecated', ...facts, message: `${id} is deprecated and will be retired on ${ret}; ${replaceText(replacement)}` };
  }
  const dep = info.deprecationDate;
  if (dep !== undefined && isIsoDate(dep) && dep <= today) {
    return { kind: 'deprecated', ...base, message: `${id} has been deprecated since ${dep} (no shutdown date announced); ${replaceText(replacement)}` };
  }
  return { kind: 'active', ...base, message: `${id} is active; no retirement has been announced.` };
}

export interface ReplacementResult {
  /** The first replacement in the chain that is not itself retired (or the last one reached). */
  id: string;
  /** Every hop from the first replacement to `id`. */
  chain: string[];
  /** True when the chain ends in a model that is itself retired and names no further replacement. */
  exhausted: boolean;
}

/**
 * Recommended replacement for `id`, following chains: a replacement that has itself retired (shutdown
 * before `today`) — or, given `retiringWithinDays`, retires within that window — is replaced in turn.
 * Without `today`, any replacement with a shutdown date is followed. Cycles and missing entries stop
 * the walk; a chain that ends in a retiring model with no further replacement returns that model.
 */
export function replacementFor(catalog: Catalog, id: string, today?: string, retiringWithinDays?: number): ReplacementResult | undefined {
  const start = lookupModel(catalog, id);
  if (!start?.replacement) return undefined;
  const retired = (m: ModelInfo) => m.retirementDate !== undefined && (today === undefined || (isIsoDate(m.retirementDate) && m.retirementDate < today));
  const retiring = (m: ModelInfo) => today !== undefined && retiringWithinDays !== undefined && isIsoDate(today) && isIsoDate(m.retirementDate)
    && dayNumber(m.retirementDate) - dayNumber(today) <= retiringWithinDays;
  const gone = (m: ModelInfo) => retired(m) || retiring(m);
  const seen = new Set([start.id.toLowerCase()]);
  const chain: string[] = [];
  let next: string | undefined = start.replacement;
  while (next !== undefined) {
    const info = lookupModel(catalog, next);
    const name = info?.id ?? next;
    if (seen.has(name.toLowerCase())) break;
    seen.add(name.toLowerCase());
    chain.push(name);
    if (!info || !gone(info)) return { id: name, chain, exhausted: false };
    next = info.replacement;
  }
  const last = chain[chain.length - 1];
  const lastInfo = lookupModel(catalog, last);
  return { id: last, chain, exhausted: lastInfo !== undefined && retired(lastInfo) };
}

export interface Lifecycle {
  info: ModelInfo | undefined;
  status: ModelStatus;
  /** The recommended replacement: past retired and retiring ones, as far as the catalog's chain goes. */
  replacement: string | undefined;
}

/** What the editor and the CLI say about a model id on `today`: status, message and recommended replacement. */
export function lifecycleOf(catalog: Catalog, id: string, today: string, retiringWithinDays = 90): Lifecycle {
  const info = lookupModel(catalog, id);
  const chain = replacementFor(catalog, id, today, retiringWithinDays);
  const replacement = chain?.id ?? info?.replacement;
  const passedOver: PassedOver[] = [];
  for (const hop of chain?.chain.slice(0, -1) ?? []) {
    const date = lookupModel(catalog, hop)?.retirementDate;
    if (date) passedOver.push({ id: hop, retirementDate: date });
  }
  const status = modelStatus(info, today, retiringWithinDays, replacement, { asWritten: id, passedOver });
  const host = info ? hostedModelId(splitProviderPrefix(id).id)?.host : undefined;
  if (host && status.kind !== 'active' && status.kind !== 'unknown') {
    status.message += ` (Dates are ${info!.provider}'s own; ${host === 'bedrock' ? 'Amazon Bedrock' : 'Vertex AI'} publishes its own and they can differ.)`;
  }
  // A host names models its own way (`anthropic.…-v1:0`, `…@date`): the vendor's id would not run
  // there, so no replacement is offered for an edit; the message still names the vendor's.
  return { info, replacement: host ? undefined : replacement, status };
}

export interface HoverFacts {
  id: string;
  provider: string;
  /** Label/value rows in display order; values are escaped for Markdown. */
  rows: Array<{ label: string; value: string }>;
  source: string;
}

/** Escapes characters that Markdown would interpret, so catalog text renders as plain text. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

function tokens(n: number): string {
  return `${n.toLocaleString('en-US')} tokens`;
}

function usd(n: number): string {
  return `$${Number(n.toFixed(4)).toString()}`;
}

/** Plain facts for an editor hover: context window, prices per 1M, retirement, replacement, source. */
export function hoverFacts(info: ModelInfo): HoverFacts {
  const rows: Array<{ label: string; value: string }> = [];
  const add = (label: string, value: string) => rows.push({ label, value: escapeMarkdown(value) });
  add('Context window', info.contextWindow === null ? 'unknown' : tokens(info.contextWindow));
  if (info.maxOutputTokens !== undefined) add('Max output', tokens(info.maxOutputTokens));
  const price = (n: number | null) => (n === null ? 'unknown' : usd(n));
  let pricing = `${price(info.inputPerMTok)} input / ${price(info.outputPerMTok)} output per 1M tokens`;
  if (info.cachedInputPerMTok !== undefined) pricing += ` (cached input ${usd(info.cachedInputPerMTok)})`;
  add('Price', pricing);
  if (info.reasoning) add('Parameters', 'reasoning model: max_completion_tokens, no temperature/top_p');
  if (info.deprecationDate) add('Deprecated', info.deprecationDate);
  add('Retirement', info.retirementDate ?? 'none announced');
  if (info.replacement) add('Replacement', info.replacement);
  if (info.note) add('Note', info.note);
  return { id: escapeMarkdown(info.id), provider: escapeMarkdown(info.provider), rows, source: info.source };
}
