// Portkey gateway: per route a `loadbalance` config with weighted targets, each pinning its model in
// `override_params.model`. The open-source gateway requires `provider` with `api_key` on every target
// (checked against @portkey-ai/gateway in the tests): the key is a placeholder to replace — or swap
// the pair for a provider slug / virtual key in hosted Portkey. JSON has no comments, so the
// not-sticky note travels in a `_promptshift` field, which the gateway's config parser ignores.
import type { RolloutPlan, Route } from '../types';
import { json, provenance, stageLabel, stagesToWrite, stageSuffix, type ExportFile, type ExportOptions, type StageChoice } from './common';
import { ok, type Result } from '../../result';

export const PORTKEY_NOTE = 'Not sticky: Portkey picks a target per request by weight, so one user can see both models within a stage.';
export const apiKeyPlaceholder = (provider: string) => `<${provider.toUpperCase()}_API_KEY>`;

export function portkeyConfig(plan: RolloutPlan, r: Route, s: StageChoice): Record<string, unknown> {
  return {
    _promptshift: { note: PORTKEY_NOTE, plan: `${provenance(plan)}; ${stageLabel(plan, s)}`, credentials: 'Replace api_key (or use a provider slug / virtual key in hosted Portkey); never commit a real key.' },
    strategy: { mode: 'loadbalance' },
    targets: [
      { provider: r.providers.candidate, api_key: apiKeyPlaceholder(r.providers.candidate), override_params: { model: r.candidate }, weight: s.weight / 100 },
      { provider: r.providers.baseline, api_key: apiKeyPlaceholder(r.providers.baseline), override_params: { model: r.baseline }, weight: (100 - s.weight) / 100 },
    ],
  };
}

export function exportPortkey(plan: RolloutPlan, options: ExportOptions = {}): Result<ExportFile[]> {
  const stages = stagesToWrite(plan, options.stage);
  if (!stages.ok) return stages;
  return ok(stages.value.flatMap((s) => plan.routes.map((r) => ({ name: `${r.flagKey}.${stageSuffix(s)}.portkey.json`, content: json(portkeyConfig(plan, r, s)) }))));
}
