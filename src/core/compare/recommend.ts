// The recommendation of a sweep for one call site: the cheapest candidate whose gates hold against the
// baseline, its projected monthly cost at the user's volume beside the baseline's, and for every
// cheaper candidate the gate that rejected it. Costs are projected from what each arm actually used
// (mean input and output tokens of its answered requests) at the model catalog's prices, so they
// follow the catalog whatever the endpoint charged (or did not: the local stand-in).
import { noPriceText } from '../models/catalog';
import type { Price, PriceOf } from '../replay/ports';
import type { AgreementCounts } from './agreement';
import type { ArmMetrics } from './metrics';

export type GateName = 'results' | 'price' | 'errorRate' | 'schemaPassRate' | 'agreement' | 'contextFit';

export interface RecommendGates {
  /** The candidate's error rate may exceed the baseline's by at most this (0..1). */
  maxErrorRateIncrease: number;
  /** The candidate's schema pass rate may fall below the baseline's by at most this (0..1). */
  maxSchemaPassDrop: number;
  /** Share of paired answers that must agree with the baseline's (agreement.ts). */
  minAgreement: number;
  /** Word-overlap similarity at which free text agrees (agreement.ts). */
  textSimilarity: number;
}

export const DEFAULT_GATES: RecommendGates = { maxErrorRateIncrease: 0.02, maxSchemaPassDrop: 0.02, minAgreement: 0.9, textSimilarity: 0.6 };

/** Calls a month the projection assumes when the user gives none. */
export const DEFAULT_MONTHLY_CALLS = 100_000;

export interface Volume {
  callsPerMonth: number;
  source: 'flag' | 'config' | 'default';
}

export interface GateCheck {
  gate: GateName;
  ok: boolean;
  /** The sentence a reader sees: the value, the threshold, what it is compared with. */
  detail: string;
}

export interface CandidateInput {
  arm: string;
  model: string;
  metrics: ArmMetrics;
  agreement: AgreementCounts | null;
  /** A window or output limit the call site would exceed (contextFit.ts); null when it fits or is unknown. */
  contextProblem?: string | null;
}

export interface CandidateAssessment {
  arm: string;
  model: string;
  /** Mean cost of one call at catalog prices; null when the model has no price or no answer. */
  costPerCallUsd: number | null;
  costPer1kCallsUsd: number | null;
  monthlyCostUsd: number | null;
  gates: GateCheck[];
  passed: boolean;
}

export interface Recommendation {
  /** The recommended candidate, or null when no candidate's gates hold. */
  model: string | null;
  arm: string | null;
  monthlyCostUsd: number | null;
  baselineMonthlyCostUsd: number | null;
  /** Every candidate cheaper than the recommendation (all of them when there is none), with why it failed. */
  rejected: Array<{ model: string; arm: string; reasons: string[]; gates: GateName[] }>;
  volume: Volume;
  gates: RecommendGates;
  /** One sentence: what is recommended and what it saves, or why nothing is. */
  summary: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;
const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;
export const usdText = (v: number) => `$${v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(2)}`;

/** Mean cost of one call from the arm's token usage at `price`; null without a price or an answer. */
export function costPerCall(m: ArmMetrics, price: Price | null): number | null {
  const answered = m.n - m.errors;
  if (!price || answered <= 0) return null;
  return (m.inputTokens * price.inputPerMTok + m.outputTokens * price.outputPerMTok) / answered / 1_000_000;
}

function checks(c: CandidateInput, base: ArmMetrics, cost: number | null, g: RecommendGates): GateCheck[] {
  const m = c.metrics;
  const out: GateCheck[] = [];
  if (m.n === 0) return [{ gate: 'results', ok: false, detail: 'no results for this candidate in the run' }];
  // Never free: an arm the catalog cannot price fails the price gate, naming the host it was sent to.
  if (cost === null) {
    const hosted = c.arm !== c.model && c.arm.includes('@'); // `llama-4-scout@groq`, sent as Groq's own id
    out.push({ gate: 'price', ok: false, detail: `${noPriceText(hosted ? c.arm : c.model, hosted)}: its monthly cost cannot be projected` });
  }
  const er = m.errorRate ?? 0, ber = base.errorRate ?? 0;
  out.push({ gate: 'errorRate', ok: er <= ber + g.maxErrorRateIncrease + 1e-9, detail: `error rate ${pct(er)} (${m.errors}/${m.n}) against the baseline's ${pct(ber)} + ${pts(g.maxErrorRateIncrease)} allowed` });
  if (m.schemaPassRate !== null && base.schemaPassRate !== null) {
    out.push({ gate: 'schemaPassRate', ok: m.schemaPassRate >= base.schemaPassRate - g.maxSchemaPassDrop - 1e-9, detail: `schema pass rate ${pct(m.schemaPassRate)} (${m.schemaPass}/${m.n}) against the baseline's ${pct(base.schemaPassRate)} − ${pts(g.maxSchemaPassDrop)} allowed` });
  }
  const a = c.agreement;
  if (a && a.rate !== null) {
    const kinds = (['json', 'label', 'text'] as const).filter((k) => a.byKind[k].pairs > 0).map((k) => (k === 'text' ? `text at similarity ≥ ${a.textSimilarity}` : k === 'json' ? 'JSON fields exact' : 'labels exact'));
    out.push({ gate: 'agreement', ok: a.rate >= g.minAgreement - 1e-9, detail: `agreement with the baseline ${pct(a.rate)} (${a.agreed}/${a.pairs}; ${kinds.join(', ')}) against ${pct(g.minAgreement)} required` });
  }
  if (c.contextProblem) out.push({ gate: 'contextFit', ok: false, detail: c.contextProblem });
  return out;
}

export interface RecommendInput {
  baseline: { model: string | null; metrics: ArmMetrics };
  candidates: CandidateInput[];
  priceOf: PriceOf;
  volume: Volume;
  gates?: Partial<RecommendGates>;
}

export function recommend(input: RecommendInput): { recommendation: Recommendation; assessments: CandidateAssessment[] } {
  const g: RecommendGates = { ...DEFAULT_GATES, ...input.gates };
  const calls = input.volume.callsPerMonth;
  const monthly = (perCall: number | null) => (perCall === null ? null : round(perCall * calls, 4));
  const assessments = input.candidates.map((c, i): CandidateAssessment & { order: number } => {
    const cost = costPerCall(c.metrics, input.priceOf(c.model));
    const gates = checks(c, input.baseline.metrics, cost, g);
    return {
      arm: c.arm, model: c.model, costPerCallUsd: cost === null ? null : round(cost, 9), costPer1kCallsUsd: cost === null ? null : round(cost * 1000, 6),
      monthlyCostUsd: monthly(cost), gates, passed: gates.every((x) => x.ok), order: i,
    };
  });
  // Cheapest first; no price last; ties in the order the candidates were given.
  const ranked = [...assessments].sort((a, b) => (a.costPerCallUsd ?? Infinity) - (b.costPerCallUsd ?? Infinity) || a.order - b.order);
  const best = ranked.find((a) => a.passed) ?? null;
  const cheaper = best ? ranked.slice(0, ranked.indexOf(best)) : ranked;
  const baselineCost = costPerCall(input.baseline.metrics, input.baseline.model ? input.priceOf(input.baseline.model) : null);
  const baselineMonthly = monthly(baselineCost);
  const rejected = cheaper.filter((a) => !a.passed).map((a) => {
    const failed = a.gates.filter((x) => !x.ok);
    return { model: a.model, arm: a.arm, reasons: failed.map((x) => x.detail), gates: failed.map((x) => x.gate) };
  });
  const summary = best
    ? `${best.model} is the cheapest candidate whose gates hold: ${best.monthlyCostUsd !== null ? `${usdText(best.monthlyCostUsd)}/month` : 'cost unknown'}${baselineMonthly !== null ? ` against ${usdText(baselineMonthly)}/month for the baseline` : ''} at ${calls.toLocaleString('en-US')} calls/month${rejected.length ? `; ${rejected.length} cheaper candidate${rejected.length === 1 ? '' : 's'} rejected` : ''}`
    : `no candidate's gates hold${rejected.length ? ` (${rejected.length} rejected)` : ''}: keep the baseline or widen the sweep`;
  return {
    recommendation: {
      model: best?.model ?? null, arm: best?.arm ?? null, monthlyCostUsd: best?.monthlyCostUsd ?? null, baselineMonthlyCostUsd: baselineMonthly,
      rejected, volume: input.volume, gates: g, summary,
    },
    assessments: assessments.map(({ order: _o, ...a }) => a),
  };
}
