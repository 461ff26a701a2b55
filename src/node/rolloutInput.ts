// Reads what a rollout plan needs from a run directory — plan.json, results.jsonl (one pass per
// evidence view), summary.json and review.json — for the CLI's `canary` and the editor's export.
import { BUILTIN_CATALOG, loadCatalog } from '../core/models/catalog';
import { gatherEvidence } from '../core/canary/evidence';
import { buildRolloutPlan, type PlanInput } from '../core/canary/plan';
import type { PlanOptions, RolloutPlan } from '../core/canary/types';
import { readResultRecords, type RunPlanFile } from '../core/replay/records';
import { err, ok, type Result } from '../core/result';
import { readReview } from './reviewStore';
import { NodeRunStore } from './runStore';

export interface LoadedInput { input: PlanInput; warnings: string[] }

export async function loadPlanInput(runDir: string, catalogOverrides: readonly unknown[] = []): Promise<Result<LoadedInput>> {
  const store = new NodeRunStore(runDir);
  let plan: RunPlanFile;
  try {
    plan = await store.readPlan();
  } catch (e) {
    return err(`${runDir}: cannot read plan.json (${e instanceof Error ? e.message : String(e)}) — is this a run directory?`);
  }
  const review = await readReview(runDir);
  if (!review.ok) return err(review.error);
  let bad = 0;
  const evidence = await gatherEvidence(() => readResultRecords(store.readResultLines(), () => { bad++; }), plan);
  const warnings = [...review.warnings];
  if (bad) warnings.push(`${runDir}: ${bad} unreadable line(s) in results.jsonl ignored`);
  const summary = await store.readSummary();
  const sites = new Map((plan.callSites ?? []).map((pc) => [pc.callSite.id, { path: pc.callSite.path, line: pc.callSite.line }]));
  return ok({
    input: {
      runId: plan.runId,
      run: { createdAt: plan.createdAt ?? null, repeats: plan.repeats ?? 1, complete: !!summary && summary.stopReason === 'completed' && summary.done >= summary.total },
      evidence, sites, review: review.review, catalog: loadCatalog(BUILTIN_CATALOG, catalogOverrides),
    },
    warnings,
  });
}

/** The plan of a run directory: its input read from disk, then the pure derivation. */
export async function planForRun(runDir: string, options: PlanOptions, catalogOverrides: readonly unknown[] = []): Promise<Result<{ plan: RolloutPlan; warnings: string[] }>> {
  const loaded = await loadPlanInput(runDir, catalogOverrides);
  if (!loaded.ok) return loaded;
  const plan = buildRolloutPlan(loaded.value.input, options);
  if (!plan.ok) return err(`${runDir}: ${plan.error}`);
  return ok({ plan: plan.value, warnings: loaded.value.warnings });
}
