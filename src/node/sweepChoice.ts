// Which candidate of a sweep a rollout plans, per call site: the recommended one (the cheapest whose
// gates hold, with the workspace's "recommend" settings), unless the user names a model. Shared by the
// CLI's `canary` and the editor's export, so both plan the same model.
import { pairPlanBySite } from '../core/compare/sweep';
import type { ArmName } from '../core/replay/cases';
import { candidateArms, type ResultRecord, type RunPlanFile } from '../core/replay/records';
import type { ReviewFile } from '../core/review/decisions';
import { err, ok, type Result } from '../core/result';
import { sweepReportsOf } from './sweepReports';

export interface SweepChoice {
  /** Per call site, the arm planned. */
  armOf: (callSiteId: string) => ArmName | null;
  /** The plan as a run of the baseline and each call site's chosen arm. */
  plan: RunPlanFile;
  /** The reviewer decisions on the chosen arms, as decisions on 'candidate' (what the canary reads). */
  review: ReviewFile;
  /** One line per call site: what was chosen and why (shown as a warning, so the choice is never silent). */
  notes: string[];
}

export async function chooseSweepArms(runDir: string, plan: RunPlanFile, records: () => AsyncIterable<ResultRecord>, review: ReviewFile, candidate?: string, catalogOverrides: readonly unknown[] = []): Promise<Result<SweepChoice>> {
  const arms = candidateArms(plan.arms);
  const chosen = new Map<string, ArmName>();
  const notes: string[] = [];
  if (candidate !== undefined) {
    const arm = arms.find((a) => plan.arms[a].model === candidate || a === candidate);
    if (!arm) return err(`${runDir}: the sweep has no candidate "${candidate}" (its candidates: ${arms.map((a) => plan.arms[a].model).join(', ')})`);
    for (const pc of plan.callSites) chosen.set(pc.callSite.id, arm);
    notes.push(`sweep: planning the candidate ${candidate} for every call site, as asked`);
  } else {
    // The same reports the editor shows (sweepReports), so the rollout plans the model it recommends.
    const reports = await sweepReportsOf(runDir, plan, records, review, { catalogOverrides });
    if (!reports.ok) return err(reports.error);
    for (const report of reports.value) {
      const r = report.recommendation;
      const candidates = candidateArms(report.models);
      if (r.arm) {
        chosen.set(report.callSiteId, r.arm);
        notes.push(`sweep: ${report.callSiteId}: planning the recommended candidate ${r.model} (${r.summary})`);
      } else if (candidates.length) {
        // Nothing passed: plan the cheapest candidate so its gates (and the no-go they give) are shown.
        const fallback = r.rejected[0]?.arm ?? candidates[0];
        chosen.set(report.callSiteId, fallback);
        notes.push(`sweep: ${report.callSiteId}: no candidate's gates hold (${r.summary}); planning ${plan.arms[fallback]?.model ?? fallback} — pass --candidate MODEL to choose`);
      }
    }
  }
  const armOf = (id: string) => chosen.get(id) ?? null;
  return ok({ armOf, plan: pairPlanBySite(plan, armOf), review: reviewOfChosen(review, armOf, new Set(chosen.values())), notes });
}

/** Decisions on each call site's chosen arm, without their arm; decisions on other arms are not this plan's. */
function reviewOfChosen(review: ReviewFile, armOf: (callSiteId: string) => ArmName | null, chosen: ReadonlySet<ArmName>): ReviewFile {
  const decisions = review.decisions.filter((d) => d.arm !== undefined && (d.callSiteId !== undefined ? armOf(d.callSiteId) === d.arm : chosen.has(d.arm)))
    .map(({ arm: _arm, ...d }) => d);
  return { ...review, decisions };
}
