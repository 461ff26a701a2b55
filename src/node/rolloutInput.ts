// Reads what a rollout plan needs from a run directory — plan.json, results.jsonl (one pass per
// evidence view), summary.json and review.json — for the CLI's `canary` and the editor's export.
import { workspaceCatalog } from '../core/models/hosts';
import { gatherEvidence, type RunEvidence } from '../core/canary/evidence';
import { buildRolloutPlan, type PlanInput } from '../core/canary/plan';
import type { PlanOptions, RolloutPlan } from '../core/canary/types';
import { isSweep, readResultRecords, type ResultRecord, type RunPlanFile } from '../core/replay/records';
import { pairRecords } from '../core/compare/sweep';
import { err, ok, type Result } from '../core/result';
import { readHostEndpoints } from './endpointConfig';
import { workspaceOfRun } from './recommendConfig';
import { readReview } from './reviewStore';
import { NodeRunStore } from './runStore';
import { chooseSweepArms } from './sweepChoice';

export interface LoadedInput { input: PlanInput; warnings: string[] }

/**
 * `candidate`: in a sweep, the candidate model to plan for every call site; by default each call
 * site's recommended candidate (sweepChoice.ts). A run of one candidate plans its candidate.
 */
export async function loadPlanInput(runDir: string, catalogOverrides: readonly unknown[] = [], candidate?: string): Promise<Result<LoadedInput>> {
  const store = new NodeRunStore(runDir);
  let plan: RunPlanFile;
  try {
    plan = await store.readPlan();
  } catch (e) {
    return err(`${runDir}: cannot read plan.json (${e instanceof Error ? e.message : String(e)}) — is this a run directory?`);
  }
  const review = await readReview(runDir);
  if (!review.ok) return err(review.error);
  let bad = 0, pass = 0;
  // Unreadable lines are counted on the first pass only: later passes read the same file.
  const records = (): AsyncIterable<ResultRecord> => { const first = pass++ === 0; return readResultRecords(store.readResultLines(), () => { if (first) bad++; }); };
  const warnings = [...review.warnings];
  let evidence: RunEvidence, decisions = review.review;
  if (isSweep(plan)) {
    const choice = await chooseSweepArms(runDir, plan, records, review.review, candidate, catalogOverrides);
    if (!choice.ok) return choice;
    warnings.push(...choice.value.notes);
    decisions = choice.value.review;
    evidence = await gatherEvidence(() => pairRecords(records(), choice.value.armOf), choice.value.plan);
  } else {
    if (candidate !== undefined && candidate !== plan.arms.candidate?.model) return err(`${runDir}: the run's candidate is ${plan.arms.candidate?.model ?? '?'}, not ${candidate}`);
    evidence = await gatherEvidence(records, plan);
  }
  if (bad) warnings.push(`${runDir}: ${bad} unreadable line(s) in results.jsonl ignored`);
  const summary = await store.readSummary();
  const sites = new Map((plan.callSites ?? []).map((pc) => [pc.callSite.id, { path: pc.callSite.path, line: pc.callSite.line }]));
  // The workspace's own host prices (config "endpoints" … "models") price a hosted candidate, as in compare.
  const hosts = await readHostEndpoints(workspaceOfRun(runDir, runDir));
  warnings.push(...hosts.problems);
  return ok({
    input: {
      runId: plan.runId,
      run: { createdAt: plan.createdAt ?? null, repeats: plan.repeats ?? 1, complete: !!summary && summary.stopReason === 'completed' && summary.done >= summary.total },
      evidence, sites, review: decisions, catalog: workspaceCatalog(hosts.endpoints, catalogOverrides),
    },
    warnings,
  });
}

/** The plan of a run directory: its input read from disk, then the pure derivation. */
export async function planForRun(runDir: string, options: PlanOptions, catalogOverrides: readonly unknown[] = [], candidate?: string): Promise<Result<{ plan: RolloutPlan; warnings: string[] }>> {
  const loaded = await loadPlanInput(runDir, catalogOverrides, candidate);
  if (!loaded.ok) return loaded;
  const plan = buildRolloutPlan(loaded.value.input, options);
  if (!plan.ok) return err(`${runDir}: ${plan.error}`);
  return ok({ plan: plan.value, warnings: loaded.value.warnings });
}
