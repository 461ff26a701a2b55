// A sweep compared: the baseline against each candidate arm, one two-arm comparison per candidate
// (the pair view: the baseline's records and that arm's, renamed 'candidate'), so everything built
// for a run of one candidate — metrics, diffs, significance, review, canary — applies to each pair
// unchanged. Each pass streams results.jsonl once; `records` is called once per candidate.
import { BASELINE_ARM, CANDIDATE_ARM, type ArmName } from '../replay/cases';
import { candidateArms, type ResultRecord, type RunPlanFile } from '../replay/records';
import { DEFAULT_TEXT_SIMILARITY } from './agreement';
import { compareRun, type CallSiteComparison, type CompareOptions } from './metrics';

/** The plan as a run of the baseline and one candidate arm: what compareRun and the canary read. */
export function pairPlan(plan: RunPlanFile, arm: ArmName): RunPlanFile {
  const spec = plan.arms[arm];
  if (!spec) throw new Error(`the run has no arm "${arm}"`);
  const armsOf = <T>(arms: Record<ArmName, T>) => ({ [BASELINE_ARM]: arms[BASELINE_ARM], [CANDIDATE_ARM]: arms[arm] });
  return { ...plan, arms: armsOf(plan.arms), callSites: plan.callSites.map((pc) => ({ ...pc, arms: armsOf(pc.arms) })) };
}

/**
 * The plan as a run of the baseline and, per call site, the arm `armOf` chooses (the canary plans each
 * call site's recommended candidate). A call site with no arm chosen keeps no candidate.
 */
export function pairPlanBySite(plan: RunPlanFile, armOf: (callSiteId: string) => ArmName | null): RunPlanFile {
  const sites = plan.callSites.filter((pc) => armOf(pc.callSite.id) !== null);
  const models = [...new Set(sites.map((pc) => pc.arms[armOf(pc.callSite.id)!]?.model).filter((m): m is string => !!m))];
  return {
    ...plan,
    // The run-wide candidate: the one model every call site plans, else the models joined.
    arms: { [BASELINE_ARM]: plan.arms[BASELINE_ARM], [CANDIDATE_ARM]: { model: models.join(', ') || null } },
    callSites: sites.map((pc) => ({ ...pc, arms: { [BASELINE_ARM]: pc.arms[BASELINE_ARM], [CANDIDATE_ARM]: pc.arms[armOf(pc.callSite.id)!] } })),
  };
}

/** The baseline's records and `arm`'s, the latter as 'candidate'; a call site's arm can be chosen per call site. */
export async function* pairRecords(records: AsyncIterable<ResultRecord> | Iterable<ResultRecord>, arm: ArmName | ((callSiteId: string) => ArmName | null)): AsyncGenerator<ResultRecord> {
  const armOf = typeof arm === 'string' ? () => arm : arm;
  for await (const r of records) {
    if (r.arm === BASELINE_ARM) { yield r; continue; }
    const wanted = armOf(r.callSiteId);
    if (wanted !== null && r.arm === wanted) yield wanted === CANDIDATE_ARM ? r : { ...r, arm: CANDIDATE_ARM };
  }
}

export interface SweepComparison {
  callSiteId: string;
  /** Candidate arms in plan order. */
  arms: ArmName[];
  /** Per candidate arm: the baseline against it. */
  pairs: Record<ArmName, CallSiteComparison>;
}

/**
 * Every candidate of the plan against the baseline, per call site. Agreement is counted in each
 * pair (default text similarity unless given). A run of one candidate gives one pair, 'candidate'.
 */
export async function compareSweep(records: () => AsyncIterable<ResultRecord> | Iterable<ResultRecord>, plan: RunPlanFile, options: CompareOptions = {}): Promise<SweepComparison[]> {
  const arms = candidateArms(plan.arms);
  const bySite = new Map<string, SweepComparison>();
  const opts: CompareOptions = { ...options, agreement: options.agreement ?? { textSimilarity: DEFAULT_TEXT_SIMILARITY } };
  for (const arm of arms) {
    for (const c of await compareRun(pairRecords(records(), arm), pairPlan(plan, arm), opts)) {
      let s = bySite.get(c.callSiteId);
      if (!s) { s = { callSiteId: c.callSiteId, arms: [], pairs: {} }; bySite.set(c.callSiteId, s); }
      s.arms.push(arm);
      s.pairs[arm] = c;
    }
  }
  return [...bySite.values()];
}
