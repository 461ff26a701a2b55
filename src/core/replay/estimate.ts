// Token and cost estimates, without a tokenizer. A real one (o200k's rank table) costs 0.35-1.5 s and
// 70-150 MB to load, more than a small replay takes in all, and the estimate only feeds the pre-run
// cost estimate, the budget's in-flight reserve and the TPM limiter — and the scheduler corrects the
// last two from each model's actual usage after its first responses. So: ~4 characters a token, the
// rule of thumb that holds for o200k on English, code, JSON and most alphabetic scripts, except where
// it fails by 2-3x: Chinese, Japanese and Korean run at ~1.5 characters a token (o200k measured,
// test/unit/replay/estimate.test.ts checks both against the real tokenizer).
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

/** Per-message framing tokens of the chat format (role, separators). */
const PER_MESSAGE = 4;
/** Han, kana, Hangul and CJK punctuation: one token for every ~1.5 characters in o200k. */
const CJK = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/g;
const MAYBE_CJK = /[\u3000-\uffef]/;

/** Estimated o200k tokens of a text. */
export function estimateTextTokens(text: string): number {
  // Most prompts hold no CJK character: one scan for any, then a count only if there are some.
  const cjk = MAYBE_CJK.test(text) ? text.match(CJK)?.length ?? 0 : 0;
  return Math.ceil((text.length - cjk) / 4 + cjk / 1.5);
}

export const charEstimator: TokenEstimator = (request) => {
  let input = 0;
  for (const m of request.messages) input += estimateTextTokens(m.content) + PER_MESSAGE;
  return { input, output: maxOutputTokens(request.params) ?? DEFAULT_OUTPUT_TOKENS };
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
