// The comparison of one call site as `compare` reports it: the metrics of metrics.ts, extended with
// what a reviewer needs — per case the diff and the reviewer's decision; per run the exact-match
// rate, the JSON paths that changed and how often, schema counts, the significance verdict (with
// the baseline's noise when there were repeats), the review counts, and whether costs are real.
import { caseDiff, type CaseDiff } from './caseDiff';
import type { CallSiteComparison, CaseComparison } from './metrics';
import { noiseBands, repeatNoise, type RepeatNoise } from './noise';
import { runSignificance, type RunSignificance } from './significance';
import { decisionLookup, emptyReview, reviewSummary, type ReviewDecision, type ReviewFile, type ReviewSummary } from '../review/decisions';
import type { RunPlanFile } from '../replay/records';

export interface CaseReport extends CaseComparison {
  /** Repeat 0's outputs compared (caseDiff.ts); null when unchanged or an arm has no answer. */
  diff: CaseDiff | null;
  /** The reviewer's decision on this case, from review.json; null when none. */
  review: Pick<ReviewDecision, 'decision' | 'comment' | 'by' | 'at'> | null;
  /** Changed, but the baseline disagreed with itself across repeats on this case (noise.ts). */
  withinNoise: boolean;
}

export interface ChangedPath {
  /** A JSON path with array indexes as [*]: one field across the items of a list. */
  path: string;
  /** Cases in which some path of this pattern was added, removed or changed. */
  cases: number;
  /** cases / the cases whose outputs were both JSON. */
  rate: number | null;
}

export interface CallSiteReport extends CallSiteComparison {
  cases: CaseReport[];
  /** (compared − changed) / compared: outputs identical in every repeat; null with nothing compared. */
  exactMatchRate: number | null;
  /** Most often changed first; at most MAX_CHANGED_PATHS. */
  changedPaths: ChangedPath[];
  changedPathsOmitted: number;
  significance: RunSignificance;
  /** The baseline's own run-to-run disagreement; null without repeats. */
  noise: RepeatNoise | null;
  review: ReviewSummary;
  /**
   * True when the answers came from the local stand-in endpoint: costs are catalog prices applied
   * to fake answers — no money was spent.
   */
  costSimulated: boolean;
  /** Present when costSimulated: the sentence to show beside any cost. */
  costNote?: string;
}

export const MAX_CHANGED_PATHS = 200;
export const SIMULATED_COST_NOTE = 'Costs are simulated: catalog prices applied to answers of the local stand-in endpoint (not a real model); no money was spent';

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export interface ReportInputs {
  plan?: RunPlanFile | null;
  review?: ReviewFile | null;
  /** The sweep arm this comparison is of (its reviewer decisions name it); absent for a run of one candidate. */
  arm?: string;
}

/** The endpoint of the plan was the local stand-in (the replay recorded it in plan.json). */
export const isSimulated = (plan: RunPlanFile | null | undefined): boolean => plan?.endpoint?.simulated === true;

export function buildReport(c: CallSiteComparison, inputs: ReportInputs = {}): CallSiteReport {
  const review = inputs.review ?? emptyReview();
  const noise = repeatNoise(c);
  const paths = new Map<string, number>();
  const decisionOf = decisionLookup(review, c.callSiteId, inputs.arm);
  const cases: CaseReport[] = c.cases.map((x) => {
    const diff = x.changed ? caseDiff(x) : null;
    if (diff?.kind === 'json') for (const p of diff.fields) paths.set(p, (paths.get(p) ?? 0) + 1);
    const d = decisionOf(x.caseId);
    // Field by field, not `{ ...x, diff, … }`: in V8 a literal that starts with a spread and goes on is
    // far costlier (records.ts says the same) — it was most of buildReport for 10,000 cases.
    const out: CaseReport = {
      caseId: x.caseId, changed: x.changed, compared: x.compared, baselineStable: x.baselineStable, baseline: x.baseline, candidate: x.candidate,
      diff, review: d ? { decision: d.decision, comment: d.comment, by: d.by, at: d.at } : null, withinNoise: x.changed && x.baselineStable === false,
    };
    return out;
  });
  const ranked = [...paths].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const simulated = isSimulated(inputs.plan);
  return {
    ...c,
    cases,
    exactMatchRate: c.compared ? round((c.compared - c.changed) / c.compared) : null,
    changedPaths: ranked.slice(0, MAX_CHANGED_PATHS).map(([path, n]) => ({ path, cases: n, rate: c.jsonCases ? round(n / c.jsonCases) : null })),
    changedPathsOmitted: Math.max(0, ranked.length - MAX_CHANGED_PATHS),
    significance: runSignificance(c.arms, noiseBands(noise)),
    noise,
    review: reviewSummary(review, c.callSiteId, c.cases.map((x) => x.caseId), inputs.arm),
    costSimulated: simulated,
    ...(simulated ? { costNote: SIMULATED_COST_NOTE } : {}),
  };
}

/** The changed cases with a diff, most changed first (ties in plan order): what a reviewer reads first. */
export function mostChanged(r: CallSiteReport, limit: number): CaseReport[] {
  const withDiff = r.cases.map((x, i) => ({ x, i })).filter((e) => e.x.diff !== null);
  withDiff.sort((a, b) => (b.x.diff?.size ?? 0) - (a.x.diff?.size ?? 0) || a.i - b.i);
  return withDiff.slice(0, limit).map((e) => e.x);
}

/** A candidate case that fails (error or schema) where the baseline passed. */
export function caseRegressed(x: CaseComparison): boolean {
  const failed = (o: CaseComparison['baseline']) => o.status === 'error' || o.schemaOk === false;
  return failed(x.candidate) && !failed(x.baseline) && x.baseline.status !== 'missing';
}
