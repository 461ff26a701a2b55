// Runs read for review: plan, summary, the comparison of every call site and its significance,
// computed once per state of results.jsonl and shared by the CodeLens, the trees, the review panel
// and the diff documents. A run that cannot be read is an error value, never an exception.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareRun, type CallSiteComparison, type CaseComparison } from '../../core/compare/metrics';
import { runSignificance, type RunSignificance } from '../../core/compare/significance';
import { isLocalEndpoint } from '../../core/replay/endpointKind';
import { readResultRecords, type PlannedCallSite, type RunPlanFile, type RunSummary } from '../../core/replay/records';
import type { SweepReport } from '../../core/compare/sweepReport';
import { candidateArms, isSweep } from '../../core/replay/records';
import { pairPlanBySite, pairRecords } from '../../core/compare/sweep';
import { emptyReview } from '../../core/review/decisions';
import { readReview } from '../../node/reviewStore';
import { NodeRunStore, PLAN_FILE, RESULTS_FILE, SUMMARY_FILE } from '../../node/runStore';
import { sweepReportsOf } from '../../node/sweepReports';

export interface LoadedSite {
  comparison: CallSiteComparison;
  significance: RunSignificance;
  /** `src/summarize.ts:12`, or the id when the plan does not name the call site. */
  label: string;
  planned: PlannedCallSite | undefined;
  /** In a sweep, the candidate arm paired with the baseline here: reviewer decisions are on that arm. */
  arm?: string;
}

export interface LoadedRun {
  runDir: string;
  plan: RunPlanFile;
  summary: RunSummary | null;
  sites: LoadedSite[];
  /** A local endpoint (the stand-in): costs are list prices, not money spent. */
  simulated: boolean;
  /** Records read from results.jsonl. */
  records: number;
  /**
   * A sweep (several candidates): per call site, each candidate against the baseline and the
   * recommendation. Reviewer decisions are those of loading time (the recommendation does not read them).
   */
  sweeps: SweepReport[] | null;
  /** Why a sweep's reports could not be built (a bad "recommend" section in .promptshift/config.json). */
  sweepProblem?: string;
}

export type LoadResult = { ok: true; run: LoadedRun } | { ok: false; error: string };

const MAX_CACHED = 16;

async function stampOf(runDir: string): Promise<string> {
  const parts: string[] = [];
  for (const f of [PLAN_FILE, RESULTS_FILE, SUMMARY_FILE]) {
    try {
      const s = await stat(join(runDir, f));
      parts.push(`${s.size}:${s.mtimeMs}`);
    } catch {
      parts.push('-');
    }
  }
  return parts.join('|');
}

/** `catalogOverrides`: the promptshift.models.catalog setting, whose prices a sweep's recommendation uses. */
export async function loadRun(runDir: string, catalogOverrides: readonly unknown[] = []): Promise<LoadResult> {
  const store = new NodeRunStore(runDir);
  let plan: RunPlanFile;
  try {
    plan = await store.readPlan();
  } catch (e) {
    return { ok: false, error: `${join(runDir, PLAN_FILE)}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!plan || !Array.isArray(plan.callSites)) return { ok: false, error: `${join(runDir, PLAN_FILE)}: not a run plan (no callSites)` };
  let records = 0;
  const counted = async function* () {
    for await (const r of readResultRecords(store.readResultLines())) { records++; yield r; }
  };
  let sweeps: SweepReport[] | null = null, sweepProblem: string | undefined;
  let comparisons: CallSiteComparison[];
  let sweepArmOf: ((id: string) => string | null) | null = null;
  if (isSweep(plan)) {
    const review = await readReview(runDir);
    const built = await sweepReportsOf(runDir, plan, () => readResultRecords(store.readResultLines()), review.ok ? review.review : emptyReview(), { catalogOverrides });
    if (built.ok) sweeps = built.value; else sweepProblem = built.error;
    // The case list, the diffs and the migrate evidence of a sweep pair the baseline with one candidate
    // per call site: the recommended one, else the cheapest (the one whose rejection a reviewer checks),
    // as the canary export plans it (node/sweepChoice.ts).
    const chosen = new Map((sweeps ?? []).map((r) => [r.callSiteId, r.recommendation.arm ?? r.recommendation.rejected[0]?.arm ?? r.candidates[0]?.arm ?? null]));
    const armOf = (id: string) => chosen.get(id) ?? candidateArms(plan.arms)[0] ?? null;
    sweepArmOf = armOf;
    comparisons = await compareRun(pairRecords(counted(), armOf), pairPlanBySite(plan, armOf));
  } else {
    comparisons = await compareRun(counted(), plan);
  }
  const sites = comparisons.map((comparison): LoadedSite => {
    const planned = plan.callSites.find((pc) => pc.callSite.id === comparison.callSiteId);
    const label = planned ? `${planned.callSite.path}:${planned.callSite.line}` : comparison.callSiteId;
    const arm = sweepArmOf?.(comparison.callSiteId) ?? undefined;
    return { comparison, significance: runSignificance(comparison.arms), label, planned, ...(arm ? { arm } : {}) };
  });
  return {
    ok: true,
    run: { runDir, plan, summary: await store.readSummary(), sites, simulated: isLocalEndpoint(plan.endpoint?.baseURL), records, sweeps, ...(sweepProblem ? { sweepProblem } : {}) },
  };
}

export function findCase(run: LoadedRun, callSiteId: string, caseId: string): { site: LoadedSite; x: CaseComparison } | undefined {
  const site = run.sites.find((s) => s.comparison.callSiteId === callSiteId);
  const x = site?.comparison.cases.find((c) => c.caseId === caseId);
  return site && x ? { site, x } : undefined;
}

/** Loaded runs by directory, reloaded when plan, results or summary change on disk, or the catalog overrides. */
export class RunCache {
  private readonly entries = new Map<string, { stamp: string; result: Promise<LoadResult> }>();

  constructor(private readonly catalogOverrides: () => readonly unknown[] = () => []) {}

  async get(runDir: string): Promise<LoadResult> {
    const overrides = this.catalogOverrides();
    // New prices change a sweep's recommendation: they are part of what a loaded run was computed from.
    const stamp = `${await stampOf(runDir)}|${overrides.length ? JSON.stringify(overrides) : ''}`;
    const hit = this.entries.get(runDir);
    if (hit && hit.stamp === stamp) {
      // Most recently used last, so the oldest is dropped first.
      this.entries.delete(runDir);
      this.entries.set(runDir, hit);
      return hit.result;
    }
    const result = loadRun(runDir, overrides).catch((e: unknown): LoadResult => ({ ok: false, error: `${runDir}: ${e instanceof Error ? e.message : String(e)}` }));
    this.entries.set(runDir, { stamp, result });
    while (this.entries.size > MAX_CACHED) this.entries.delete(this.entries.keys().next().value as string);
    return result;
  }

  forget(runDir: string): void {
    this.entries.delete(runDir);
  }
}
