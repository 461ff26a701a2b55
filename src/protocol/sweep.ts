// The review panel's sweep view (a run of several candidates): per call site one point per model —
// cost per 1,000 calls, schema pass rate, agreement with the baseline, latency — with the texts the
// table shows, the recommendation and the Pareto front. Numbers for the chart, texts for the table;
// model names are plain strings the webview renders as text nodes.
import { arrayOf, isBool, isNum, isStr, nullable, obj } from './guards';

export interface SweepPoint {
  arm: string;
  model: string;
  baseline: boolean;
  /** Null when the model has no catalog price: it is listed, not plotted. */
  costPer1k: number | null;
  schemaRate: number | null;
  /** Share of paired answers agreeing with the baseline's; the baseline itself is 1. */
  agreement: number | null;
  /** On the cost / schema / agreement Pareto front of the whole sweep. */
  pareto: boolean;
  recommended: boolean;
  texts: { per1k: string; monthly: string; schema: string; agreement: string; p95: string; errors: string; verdict: string };
  /** Why a candidate was rejected, one sentence per failed gate. */
  reasons: string[];
}

export interface SweepView {
  callSiteId: string;
  /** `src/classify.ts:4` */
  label: string;
  /** The recommended model, or null when no candidate's gates hold. */
  recommended: string | null;
  /** One sentence: what is recommended and what it saves, or why nothing is. */
  summary: string;
  /** How monthly costs are projected (volume, where it comes from). */
  volume: string;
  /** Set when costs come from list prices on a local endpoint. */
  costNote: string | null;
  /** The baseline first, then the candidates cheapest first. */
  points: SweepPoint[];
}

const texts = obj<SweepPoint['texts']>({ per1k: isStr, monthly: isStr, schema: isStr, agreement: isStr, p95: isStr, errors: isStr, verdict: isStr });

export const isSweepPoint = obj<SweepPoint>({
  arm: isStr, model: isStr, baseline: isBool, costPer1k: nullable(isNum), schemaRate: nullable(isNum), agreement: nullable(isNum),
  pareto: isBool, recommended: isBool, texts, reasons: arrayOf(isStr),
});

export const isSweepView = obj<SweepView>({
  callSiteId: isStr, label: isStr, recommended: nullable(isStr), summary: isStr, volume: isStr, costNote: nullable(isStr), points: arrayOf(isSweepPoint),
});
