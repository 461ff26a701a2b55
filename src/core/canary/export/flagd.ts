// flagd (OpenFeature): one flag per route whose variants are the model ids, split by `fractional`.
// The candidate is the first bucket and the flag key never changes, and fractional buckets by
// flag key + targetingKey, so a key on the candidate at 10% stays on it at every later stage.
import type { RolloutPlan } from '../types';
import { json, provenance, stageLabel, stagesToWrite, stageSuffix, type ExportFile, type ExportOptions } from './common';
import type { Result } from '../../result';
import { ok } from '../../result';

export const FLAGD_SCHEMA = 'https://flagd.dev/schema/v0/flags.json';

export function flagdFlags(plan: RolloutPlan, weight: number): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const r of plan.routes) {
    flags[r.flagKey] = {
      state: 'ENABLED',
      variants: { [r.candidate]: r.candidate, [r.baseline]: r.baseline },
      defaultVariant: r.baseline,
      // Without a targetingKey fractional yields null and flagd serves the default: the baseline.
      targeting: { fractional: [[r.candidate, weight], [r.baseline, 100 - weight]] },
      metadata: { callSites: r.callSites.join(', ') },
    };
  }
  return flags;
}

export function exportFlagd(plan: RolloutPlan, options: ExportOptions = {}): Result<ExportFile[]> {
  const stages = stagesToWrite(plan, options.stage);
  if (!stages.ok) return stages;
  return ok(stages.value.map((s) => ({
    name: `${plan.flagKey}.${stageSuffix(s)}.flagd.json`,
    content: json({
      $schema: FLAGD_SCHEMA,
      metadata: { flagSetId: plan.flagKey, version: `${plan.runId}/${stageSuffix(s)}`, description: `${provenance(plan)}; ${stageLabel(plan, s)}. Sticky: evaluate with a stable targetingKey.` },
      flags: flagdFlags(plan, s.weight),
    }),
  })));
}
