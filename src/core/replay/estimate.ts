// Token and cost estimates. Core has no tokenizer: ~4 characters a token is the usual rule of thumb
// for English text and is what budget checks use in flight; the CLI may pass a better estimator
// (js-tiktoken) for the pre-run estimate.
import type { LlmRequest, LlmUsage } from '../ports';
import type { RunPlanFile } from './records';
import type { PriceOf, Price } from './ports';
import { workItems, type AdaptParams } from './plan';

export interface TokenEstimate {
  input: number;
  output: number;
}

export type TokenEstimator = (request: LlmRequest) => TokenEstimate;

/** Output tokens assumed when the request sets no limit. */
export const DEFAULT_OUTPUT_TOKENS = 256;

export function maxOutputTokens(params: Record<string, unknown>): number | null {
  for (const k of ['max_completion_tokens', 'max_tokens', 'max_output_tokens']) {
    const v = params[k];
    if (typeof v === 'number' && v > 0) return v;
  }
  return null;
}

export const charEstimator: TokenEstimator = (request) => {
  let chars = 0;
  for (const m of request.messages) chars += m.content.length + 16; // + role and message framing
  return { input: Math.ceil(chars / 4), output: maxOutputTokens(request.params) ?? DEFAULT_OUTPUT_TOKENS };
};

export function costOf(usage: LlmUsage, price: Price | null): number | null {
  if (!price) return null;
  return (usage.input * price.inputPerMTok + usage.output * price.outputPerMTok) / 1_000_000;
}

export interface RunEstimate {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Null when a model has no known price (listed in unpricedModels). */
  costUsd: number | null;
  unpricedModels: string[];
}

/** The pre-run estimate over the plan's work items (skipping those already finished on resume). */
export function estimateRun(plan: RunPlanFile, priceOf: PriceOf, options: { adapt?: AdaptParams; estimator?: TokenEstimator; finished?: ReadonlySet<string> } = {}): RunEstimate {
  const estimator = options.estimator ?? charEstimator;
  const out: RunEstimate = { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedModels: [] };
  const unpriced = new Set<string>();
  for (const item of workItems(plan, options.adapt)) {
    if (options.finished?.has(item.key)) continue;
    const t = estimator(item.request);
    out.requests++;
    out.inputTokens += t.input;
    out.outputTokens += t.output;
    const c = costOf(t, priceOf(item.model));
    if (c === null) unpriced.add(item.model);
    else out.costUsd! += c;
  }
  out.unpricedModels = [...unpriced].sort();
  if (unpriced.size) out.costUsd = null;
  return out;
}
