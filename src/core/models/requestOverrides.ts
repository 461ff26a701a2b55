// Per-arm request overrides: adapt a call site's parameters to the model an arm targets.
import type { ModelInfo } from './catalog';

export type RequestParams = Record<string, unknown>;

export interface AdaptedParams {
  params: RequestParams;
  /** Human-readable, one per change; empty when nothing changed. */
  notes: string[];
}

/**
 * Parameters OpenAI reasoning models (o-series, GPT-5 and later) reject in Chat Completions. The
 * Responses API's `max_output_tokens` is accepted by every model and left alone.
 */
const REASONING_REJECTS = ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs', 'logit_bias'] as const;

/** Sampling parameters some Claude models (Opus 4.7 and later) reject at non-default values. */
const SAMPLING_PARAMS = ['temperature', 'top_p', 'top_k'] as const;

/** Parameters only reasoning models accept. */
const REASONING_ONLY = ['reasoning_effort'] as const;

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v);
}

/**
 * Returns new params for `info` and the list of changes; the input is not modified. For a reasoning
 * target, `max_tokens` becomes `max_completion_tokens` and rejected sampling parameters are dropped.
 * For a non-reasoning target, `reasoning_effort` is dropped. Unknown models pass through unchanged.
 */
export function adaptParamsForModel(params: RequestParams, info: ModelInfo | undefined): AdaptedParams {
  const out: RequestParams = { ...params };
  const notes: string[] = [];
  if (!info) {
    return { params: out, notes: ['Model not in the catalog: parameters sent unchanged.'] };
  }
  const drop = (key: string, why: string) => {
    if (!(key in out)) return;
    notes.push(`Removed ${key}=${show(out[key])}: ${why}.`);
    delete out[key];
  };

  if (info.reasoning) {
    if ('max_tokens' in out) {
      const value = out.max_tokens;
      if ('max_completion_tokens' in out) {
        notes.push(`Removed max_tokens=${show(value)}: ${info.id} takes max_completion_tokens, which is already set.`);
      } else {
        out.max_completion_tokens = value;
        notes.push(`Renamed max_tokens=${show(value)} to max_completion_tokens: ${info.id} is a reasoning model; reasoning tokens count against this limit, so it may need raising.`);
      }
      delete out.max_tokens;
    }
    for (const key of REASONING_REJECTS) drop(key, `${info.id} is a reasoning model and rejects it`);
  } else {
    for (const key of REASONING_ONLY) drop(key, `${info.id} is not a reasoning model`);
  }

  if (info.rejectsSamplingParams) {
    for (const key of SAMPLING_PARAMS) drop(key, `${info.id} rejects non-default sampling parameters`);
  }
  return { params: out, notes };
}
