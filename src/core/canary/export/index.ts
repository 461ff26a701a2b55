// The export formats and the one function that dispatches to them.
import { err, ok, type Result } from '../../result';
import type { RolloutPlan } from '../types';
import type { ExportFile, ExportOptions } from './common';
import { exportArgo } from './argo';
import { exportFlagd } from './flagd';
import { exportFlagger } from './flagger';
import { exportJson } from './json';
import { exportLaunchDarkly } from './launchdarkly';
import { exportLitellm } from './litellm';
import { exportMarkdown } from './markdown';
import { exportPortkey } from './portkey';

export type { ExportFile, ExportOptions } from './common';

export const EXPORT_FORMATS = ['json', 'markdown', 'flagd', 'launchdarkly', 'litellm', 'portkey', 'argo', 'flagger'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Formats that hold one weight: a file per stage, or the one `stage` picks. */
export const SINGLE_WEIGHT_FORMATS: readonly ExportFormat[] = ['flagd', 'launchdarkly', 'litellm', 'portkey'];

export const FORMAT_DESCRIPTIONS: Record<ExportFormat, string> = {
  json: 'the plan as JSON (*.rollout.json)',
  markdown: 'the plan for people: stages, gates with evidence, rollback, sign-off',
  flagd: 'OpenFeature flagd flag file, fractional split (one file per stage)',
  launchdarkly: 'LaunchDarkly file-data-source flags and REST semantic patch (per stage)',
  litellm: 'LiteLLM proxy model_list with weights (per stage)',
  portkey: 'Portkey loadbalance config (per stage)',
  argo: 'Argo Rollouts Rollout + AnalysisTemplate',
  flagger: 'Flagger Canary + MetricTemplates',
};

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

export function exportPlan(plan: RolloutPlan, format: ExportFormat, options: ExportOptions = {}): Result<ExportFile[]> {
  if (options.stage !== undefined && !SINGLE_WEIGHT_FORMATS.includes(format)) return err(`--stage applies to ${SINGLE_WEIGHT_FORMATS.join(', ')}; ${format} holds the whole plan`);
  switch (format) {
    case 'json': return ok(exportJson(plan));
    case 'markdown': return ok(exportMarkdown(plan));
    case 'flagd': return exportFlagd(plan, options);
    case 'launchdarkly': return exportLaunchDarkly(plan, options);
    case 'litellm': return exportLitellm(plan, options);
    case 'portkey': return exportPortkey(plan, options);
    case 'argo': return ok(exportArgo(plan));
    case 'flagger': return ok(exportFlagger(plan));
  }
}
