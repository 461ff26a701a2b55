// Other request parameters with statically known values (temperature, max_tokens, top_p, tools,
// stream, ...). Client options, credentials and the arguments reported elsewhere are left out.
import type { Scope } from './fileIndex';
import type { Evaluator } from './values';
import { toPlain } from './valueModel';
import { argValue, type EffectiveArgs } from './args';

const REPORTED_ELSEWHERE = new Set([
  'model', 'model_name', 'engine', 'deployment_id', 'azure_deployment', 'deployment_name', 'model_provider',
  'messages', 'input', 'system', 'prompt', 'instructions', 'contents', 'modelId',
  'response_format', 'text_format', 'response_model', 'output_format', 'text', 'output_config', 'response_id',
]);
const CLIENT_OPTIONS = new Set([
  'api_key', 'openai_api_key', 'anthropic_api_key', 'base_url', 'openai_api_base', 'azure_endpoint', 'api_base',
  'api_version', 'openai_api_version', 'organization', 'openai_organization', 'timeout', 'request_timeout',
  'max_retries', 'extra_headers', 'extra_query', 'http_client', 'http_async_client', 'default_headers',
  'client', 'async_client', 'callbacks', 'azure_ad_token', 'azure_ad_token_provider', 'verbose',
]);

export function resolveParams(ev: Evaluator, args: EffectiveArgs, scope: Scope, at: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of args.keys()) {
    if (REPORTED_ELSEWHERE.has(key) || CLIENT_OPTIONS.has(key)) continue;
    const entry = args.get(key);
    if (!entry) continue;
    const plain = toPlain(argValue(ev, entry, scope, at));
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}
