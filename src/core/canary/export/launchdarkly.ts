// LaunchDarkly: (1) the flags as the server SDKs load them from a file data source — variations are
// the model ids with the candidate first, the fallthrough a percentage rollout in thousandths of a
// percent summing to 100000, the salt the flag key — and (2) per flag the REST API semantic-patch
// body (`updateFallthroughVariationOrRollout` with `rolloutWeights`) that sets the same rollout on an
// existing flag. LaunchDarkly assigns variation ids itself: the body names them as placeholders to
// fill from GET /api/v2/flags/{projectKey}/{flagKey} (variations[]._id by value).
import type { RolloutPlan, Route } from '../types';
import { json, provenance, stageLabel, stagesToWrite, stageSuffix, type ExportFile, type ExportOptions, type StageChoice } from './common';
import { ok, type Result } from '../../result';

export const LD_TOTAL_WEIGHT = 100_000;
export const variationIdPlaceholder = (model: string) => `<variation id of ${model}>`;
export const LD_ENVIRONMENT_PLACEHOLDER = 'production';

/** Thousandths of a percent; the baseline takes the remainder so the two always sum to 100000. */
export function ldWeights(weight: number): { candidate: number; baseline: number } {
  const candidate = Math.round(weight * 1000);
  return { candidate, baseline: LD_TOTAL_WEIGHT - candidate };
}

export function ldFlag(r: Route, weight: number, version: number): Record<string, unknown> {
  const w = ldWeights(weight);
  return {
    key: r.flagKey,
    version,
    on: true,
    variations: [r.candidate, r.baseline],
    offVariation: 1,
    fallthrough: { rollout: { kind: 'rollout', contextKind: 'user', bucketBy: 'key', variations: [{ variation: 0, weight: w.candidate }, { variation: 1, weight: w.baseline }] } },
    salt: r.flagKey,
    targets: [], contextTargets: [], rules: [], prerequisites: [],
    clientSide: false, trackEvents: false, trackEventsFallthrough: false, deleted: false,
  };
}

export function ldSemanticPatch(plan: RolloutPlan, r: Route, s: StageChoice): Record<string, unknown> {
  const w = ldWeights(s.weight);
  return {
    comment: `${provenance(plan)}; ${stageLabel(plan, s)}. Replace the variation id placeholders with the flag's variations[]._id, and the environment key with yours. The candidate must be the flag's first variation for assignment to stay monotone.`,
    environmentKey: LD_ENVIRONMENT_PLACEHOLDER,
    instructions: [{
      kind: 'updateFallthroughVariationOrRollout',
      rolloutContextKind: 'user',
      rolloutWeights: { [variationIdPlaceholder(r.candidate)]: w.candidate, [variationIdPlaceholder(r.baseline)]: w.baseline },
    }],
  };
}

export function exportLaunchDarkly(plan: RolloutPlan, options: ExportOptions = {}): Result<ExportFile[]> {
  const stages = stagesToWrite(plan, options.stage);
  if (!stages.ok) return stages;
  const files: ExportFile[] = [];
  for (const s of stages.value) {
    const flags = Object.fromEntries(plan.routes.map((r) => [r.flagKey, ldFlag(r, s.weight, s.index + 1)]));
    files.push({ name: `${plan.flagKey}.${stageSuffix(s)}.launchdarkly.json`, content: json({ flags }) });
    for (const r of plan.routes) files.push({ name: `${r.flagKey}.${stageSuffix(s)}.semantic-patch.json`, content: json(ldSemanticPatch(plan, r, s)) });
  }
  return ok(files);
}
