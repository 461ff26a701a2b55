// Context fit: from the call site's template filled with each case's variables, its prompt tokens
// (p50 / p95 / max, by the same ~4-characters-a-token estimate the pre-run cost uses), and for each
// model whether the largest prompt plus the output the call site asks for exceeds the model's context
// window, or the output asked for exceeds the model's output limit. A candidate that cannot take the
// call site's prompts is not one to recommend, whatever its sample answers looked like.
import type { ArmHost, Catalog } from '../models/catalog';
import { armOffer, lookupModel, offerByHostId } from '../models/catalog';
import { messagesOf } from '../replay/cases';
import { estimateTextTokens, maxOutputTokens } from '../replay/estimate';
import type { PlannedCallSite, RunPlanFile } from '../replay/records';

/** Chat framing per message (role, separators), as the cost estimate counts it. */
const PER_MESSAGE = 4;

export interface PromptTokens { cases: number; p50: number; p95: number; max: number }

export interface ContextFit {
  model: string;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  /** Why the call site would not fit; null when it fits or the model's limits are unknown. */
  problem: string | null;
}

/** Estimated prompt tokens of each case of a call site, as p50 / p95 / max (nearest rank). */
export function promptTokens(pc: Pick<PlannedCallSite, 'cases' | 'callSite'>): PromptTokens {
  const sizes = pc.cases.map((c) => messagesOf(c, pc.callSite.prompt).reduce((n, m) => n + estimateTextTokens(m.content) + PER_MESSAGE, 0)).sort((a, b) => a - b);
  const rank = (q: number) => (sizes.length ? sizes[Math.min(sizes.length - 1, Math.max(0, Math.ceil(q * sizes.length) - 1))] : 0);
  return { cases: sizes.length, p50: rank(0.5), p95: rank(0.95), max: sizes.length ? sizes[sizes.length - 1] : 0 };
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * Whether a call site's prompts and requested output fit `model`'s limits in the catalog; `to` names
 * the host an arm is sent to (`llama-4-scout@groq`), whose limits are the ones that count.
 */
export function contextFit(tokens: PromptTokens, params: Record<string, unknown>, model: string, catalog: Catalog, to?: ArmHost): ContextFit {
  const info = lookupModel(catalog, model, { snapshotFallback: true });
  // A host serving less than the vendor's window (Llama 4 Scout: 10M, 32k on some hosts) limits the call site.
  const offer = to ? armOffer(catalog, model, to) : offerByHostId(catalog, model)?.offer;
  const window = offer?.contextWindow ?? info?.contextWindow ?? null;
  const outLimit = offer?.maxOutputTokens ?? info?.maxOutputTokens ?? null;
  const asked = maxOutputTokens(params);
  const problems: string[] = [];
  if (asked !== null && outLimit !== null && asked > outLimit) problems.push(`the call site asks for ${n(asked)} output tokens; ${model} gives at most ${n(outLimit)}`);
  if (window !== null && tokens.max + (asked ?? 0) > window) {
    problems.push(`the largest prompt (~${n(tokens.max)} tokens${asked ? ` + ${n(asked)} output` : ''}) exceeds ${model}'s ${n(window)}-token context window`);
  }
  return { model, contextWindow: window, maxOutputTokens: outLimit, problem: problems.length ? problems.join('; ') : null };
}

export interface SiteContextFit {
  promptTokens: PromptTokens;
  /** Requested output tokens (max_tokens and the like), or null when the call site sets none. */
  outputTokens: number | null;
  /** Per arm (the baseline and each candidate). */
  arms: Record<string, ContextFit>;
}

/** Context fit of every arm of each of a plan's call sites, by call site ID; `armSpecs` (the plan's `arms`) says which arm goes to which host. */
export function planContextFit(callSites: readonly PlannedCallSite[], catalog: Catalog, armSpecs?: RunPlanFile['arms']): Map<string, SiteContextFit> {
  const out = new Map<string, SiteContextFit>();
  for (const pc of callSites) {
    const tokens = promptTokens(pc);
    const arms: Record<string, ContextFit> = {};
    for (const [arm, spec] of Object.entries(pc.arms)) arms[arm] = contextFit(tokens, pc.callSite.params, spec.model, catalog, armSpecs?.[arm]?.endpoint);
    out.set(pc.callSite.id, { promptTokens: tokens, outputTokens: maxOutputTokens(pc.callSite.params), arms });
  }
  return out;
}
