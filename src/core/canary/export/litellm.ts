// LiteLLM proxy: per route one `model_name` group holding both deployments, `weight` inside
// litellm_params (LiteLLM reads the weights only when the group's first deployment has one, so both
// have one, candidate first). The app calls the group name as its model. Not sticky: the router
// picks a deployment per request.
import { stringify } from 'yaml';
import type { RolloutPlan } from '../types';
import { provenance, stageLabel, stagesToWrite, stageSuffix, yamlHeader, type ExportFile, type ExportOptions } from './common';
import { ok, type Result } from '../../result';

const KEY_ENV: Record<string, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', google: 'GEMINI_API_KEY' };
const litellmProvider = (p: string) => (p === 'google' ? 'gemini' : p);

function deployment(group: string, model: string, provider: string, weight: number) {
  return {
    model_name: group,
    litellm_params: { model: `${litellmProvider(provider)}/${model}`, api_key: `os.environ/${KEY_ENV[provider] ?? `${provider.toUpperCase()}_API_KEY`}`, weight },
  };
}

export function exportLitellm(plan: RolloutPlan, options: ExportOptions = {}): Result<ExportFile[]> {
  const stages = stagesToWrite(plan, options.stage);
  if (!stages.ok) return stages;
  return ok(stages.value.map((s) => {
    const model_list = plan.routes.flatMap((r) => [
      deployment(r.flagKey, r.candidate, r.providers.candidate, s.weight),
      deployment(r.flagKey, r.baseline, r.providers.baseline, 100 - s.weight),
    ]);
    const header = yamlHeader([
      `${provenance(plan)}; ${stageLabel(plan, s)}.`,
      'LiteLLM proxy config: the app sends model=<model_name> below; weights are relative (candidate first).',
      'NOT STICKY: LiteLLM picks a deployment per request by weight, so one user can see both models within a stage.',
    ]);
    return { name: `${plan.flagKey}.${stageSuffix(s)}.litellm.yaml`, content: header + stringify({ model_list, router_settings: { routing_strategy: 'simple-shuffle' } }, { lineWidth: 0 }) };
  }));
}
