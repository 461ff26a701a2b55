// The plan itself, as JSON: `*.rollout.json` files get validation from media/schemas/rollout.schema.json.
import type { RolloutPlan } from '../types';
import { json, type ExportFile } from './common';

export function exportJson(plan: RolloutPlan): ExportFile[] {
  return [{ name: `${plan.flagKey}.rollout.json`, content: json(plan) }];
}
