// The other literal request parameters of a call (temperature, max_tokens, top_p, ...): what a replay
// must send unchanged. The prompt, the model and the schema have their own fields; secrets and client
// plumbing never belong here.
import ts from './compiler';
import type { Candidate } from './classify';
import { Ctx, literalJson } from './values';

/** Keys carried elsewhere in the call site (model, prompt, schema) or not request parameters at all. */
const NOT_PARAMS = new Set([
  'model', 'messages', 'input', 'instructions', 'system', 'prompt', 'response_format', 'text', 'output_config', 'output_format',
  'contents', 'modelId',
  'schema', 'output', 'experimental_output', 'tools', 'functions', 'enum', 'modelName', 'model_name',
  'azureOpenAIApiDeploymentName', 'deploymentName', 'configuration', 'clientOptions', 'callbacks', 'signal', 'abortSignal',
  'headers', 'fetch', 'client', 'modelProvider', 'responseFormat', 'maxRetries', 'timeout', 'maxConcurrency', 'baseURL', 'apiVersion',
  'azureOpenAIApiVersion', 'azureOpenAIApiInstanceName', 'azureOpenAIEndpoint', 'azureOpenAIBasePath',
]);
const SECRET = /key|secret|password|token$|authorization|credential/i;
const TOKEN_COUNTS = /^(max_?(completion_|output_)?tokens|maxTokens|maxOutputTokens|max_tokens_to_sample)$/i;

export function paramsOf(c: Candidate, props: Map<string, ts.Expression> | undefined, ctx: Ctx): Record<string, unknown> {
  if (!props) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of props) {
    if (NOT_PARAMS.has(k) || (SECRET.test(k) && !TOKEN_COUNTS.test(k))) continue;
    if (c.shape === 'vercel' && k === 'mode') continue;
    const value = literalJson(v, ctx);
    if (value !== undefined) out[k] = value;
  }
  return out;
}
