// Portkey gateway: per route a `loadbalance` config with weighted targets, each pinning its model in
// `override_params.model`. JSON has no comments: the not-sticky note travels in the file name's
// companion, the plan, and the Markdown. Provider credentials are not written: attach them in
// Portkey (provider slug / virtual key) or send them with the request.
import type { RolloutPlan } from '../types';
import { json, stagesToWrite, stageSuffix, type ExportFile, type ExportOptions } from './common';
import { ok, type Result } from '../../result';

export function portkeyConfig(provider: { candidate: string; baseline: string }, models: { candidate: string; baseline: string }, weight: number): Record<string, unknown> {
  return {
    strategy: { mode: 'loadbalance' },
    targets: [
      { provider: provider.candidate, override_params: { model: models.candidate }, weight: weight / 100 },
      { provider: provider.baseline, override_params: { model: models.baseline }, weight: (100 - weight) / 100 },
    ],
  };
}

export function exportPortkey(plan: RolloutPlan, options: ExportOptions = {}): Result<ExportFile[]> {
  const stages = stagesToWrite(plan, options.stage);
  if (!stages.ok) return stages;
  return ok(stages.value.flatMap((s) => plan.routes.map((r) => ({
    name: `${r.flagKey}.${stageSuffix(s)}.portkey.json`,
    content: json(portkeyConfig(r.providers, r, s.weight)),
  }))));
}
