// What `compare` reports for a sweep, per call site: every arm's metrics keyed by arm name (CLI.md),
// per candidate its comparison with the baseline (changes, agreement, significance, review), its
// projected cost and gates, the recommendation, the cost/quality Pareto front, and per case each
// candidate's answer beside the baseline's.
import { CANDIDATE_ARM, type ArmName } from '../replay/cases';
import type { PriceOf } from '../replay/ports';
import type { RunPlanFile } from '../replay/records';
import type { ReviewFile } from '../review/decisions';
import type { AgreementCounts } from './agreement';
import type { SiteContextFit } from './contextFit';
import type { ArmMetrics, CaseArmOutcome, MetricsDelta } from './metrics';
import { recommend, type CandidateAssessment, type Recommendation, type RecommendGates, type Volume } from './recommend';
import { buildReport, isSimulated, SIMULATED_COST_NOTE, type CallSiteReport, type CaseReport } from './report';
import type { RunSignificance } from './significance';
import { pairPlan, type SweepComparison } from './sweep';

export interface SweepCandidate extends CandidateAssessment {
  delta: MetricsDelta;
  changed: number;
  compared: number;
  exactMatchRate: number | null;
  agreement: AgreementCounts | null;
  significance: RunSignificance;
  review: CallSiteReport['review'];
  changedPaths: CallSiteReport['changedPaths'];
  recommended: boolean;
  /** On the cost / quality Pareto front (pareto.ts). */
  pareto: boolean;
}

export interface SweepCase {
  caseId: string;
  baseline: CaseArmOutcome;
  candidates: Record<ArmName, CaseArmOutcome & Pick<CaseReport, 'changed' | 'diff' | 'review'>>;
}

export interface SweepReport {
  callSiteId: string;
  sweep: true;
  models: Record<ArmName, string | null>;
  arms: Record<ArmName, ArmMetrics>;
  candidates: SweepCandidate[];
  recommendation: Recommendation;
  /** The baseline's projected cost, for the chart and tables. */
  baseline: { model: string | null; costPer1kCallsUsd: number | null; monthlyCostUsd: number | null; pareto: boolean };
  cases: SweepCase[];
  /** Estimated prompt tokens and, per arm, whether they fit the model's window and output limit. */
  contextFit?: SiteContextFit;
  costSimulated: boolean;
  costNote?: string;
  /** The pair reports, one per candidate arm: for renderings that reuse the two-arm views. Not in --json. */
  pairs: Record<ArmName, CallSiteReport>;
}

export interface SweepReportInputs {
  plan: RunPlanFile;
  review?: ReviewFile | null;
  priceOf: PriceOf;
  volume: Volume;
  gates?: Partial<RecommendGates>;
  /** Per call site: its prompt tokens and each arm's fit (contextFit.ts); a misfit rejects the candidate. */
  contextFit?: (callSiteId: string) => SiteContextFit | undefined;
}

interface Point { key: string; cost: number | null; schema: number | null; agreement: number | null }

/**
 * Keys of the points no other point beats: none cheaper-or-equal that is at least as good on schema
 * pass rate and on agreement, and better on one of the three. Points without a cost are off the front.
 */
export function paretoFront(points: readonly Point[]): Set<string> {
  const known = points.filter((p) => p.cost !== null);
  const q = (v: number | null) => v ?? 1;
  const front = new Set<string>();
  for (const p of known) {
    const beaten = known.some((o) => o !== p && o.cost! <= p.cost! && q(o.schema) >= q(p.schema) && q(o.agreement) >= q(p.agreement)
      && (o.cost! < p.cost! || q(o.schema) > q(p.schema) || q(o.agreement) > q(p.agreement)));
    if (!beaten) front.add(p.key);
  }
  return front;
}

export function buildSweepReport(s: SweepComparison, inputs: SweepReportInputs): SweepReport {
  const pairs: Record<ArmName, CallSiteReport> = {};
  for (const arm of s.arms) {
    pairs[arm] = buildReport(s.pairs[arm], { plan: pairPlan(inputs.plan, arm), review: inputs.review, arm: arm === CANDIDATE_ARM ? undefined : arm });
  }
  const first = pairs[s.arms[0]];
  const baseMetrics = first.arms.baseline;
  const baseModel = first.models.baseline;
  const fit = inputs.contextFit?.(s.callSiteId);
  const { recommendation, assessments } = recommend({
    baseline: { model: baseModel, metrics: baseMetrics },
    candidates: s.arms.map((arm) => ({
      arm, model: pairs[arm].models.candidate ?? arm, metrics: pairs[arm].arms.candidate, agreement: pairs[arm].agreement ?? null,
      contextProblem: fit?.arms[arm]?.problem ?? null,
    })),
    priceOf: inputs.priceOf, volume: inputs.volume, gates: inputs.gates,
  });
  const baseCost = baseModel ? inputs.priceOf(baseModel) : null;
  const baseAnswered = baseMetrics.n - baseMetrics.errors;
  const basePerCall = baseCost && baseAnswered > 0 ? (baseMetrics.inputTokens * baseCost.inputPerMTok + baseMetrics.outputTokens * baseCost.outputPerMTok) / baseAnswered / 1e6 : null;
  const front = paretoFront([
    { key: '\u0000baseline', cost: basePerCall, schema: baseMetrics.schemaPassRate, agreement: 1 },
    ...assessments.map((a) => ({ key: a.arm, cost: a.costPerCallUsd, schema: pairs[a.arm].arms.candidate.schemaPassRate, agreement: pairs[a.arm].agreement?.rate ?? null })),
  ]);
  const candidates: SweepCandidate[] = assessments.map((a) => {
    const p = pairs[a.arm];
    return {
      ...a, delta: p.delta, changed: p.changed, compared: p.compared, exactMatchRate: p.exactMatchRate, agreement: p.agreement ?? null,
      significance: p.significance, review: p.review, changedPaths: p.changedPaths.slice(0, 20),
      recommended: recommendation.arm === a.arm, pareto: front.has(a.arm),
    };
  });
  const models: Record<ArmName, string | null> = { baseline: baseModel };
  const arms: Record<ArmName, ArmMetrics> = { baseline: baseMetrics };
  for (const arm of s.arms) { models[arm] = pairs[arm].models.candidate; arms[arm] = pairs[arm].arms.candidate; }
  const simulated = isSimulated(inputs.plan);
  return {
    callSiteId: s.callSiteId, sweep: true, models, arms, candidates, recommendation,
    baseline: { model: baseModel, costPer1kCallsUsd: basePerCall === null ? null : Math.round(basePerCall * 1e9) / 1e6, monthlyCostUsd: recommendation.baselineMonthlyCostUsd, pareto: front.has('\u0000baseline') },
    cases: sweepCases(s.arms, pairs),
    ...(fit ? { contextFit: fit } : {}),
    costSimulated: simulated,
    ...(simulated ? { costNote: SIMULATED_COST_NOTE } : {}),
    pairs,
  };
}

function sweepCases(arms: ArmName[], pairs: Record<ArmName, CallSiteReport>): SweepCase[] {
  const first = pairs[arms[0]];
  const byArm = arms.map((arm) => new Map(pairs[arm].cases.map((x) => [x.caseId, x])));
  return first.cases.map((x) => {
    const candidates: SweepCase['candidates'] = {};
    arms.forEach((arm, i) => {
      const y = byArm[i].get(x.caseId);
      if (y) candidates[arm] = { ...y.candidate, changed: y.changed, diff: y.diff, review: y.review };
    });
    return { caseId: x.caseId, baseline: x.baseline, candidates };
  });
}

/** The report as `compare --json` prints it: everything but the pair reports. */
export function sweepJson(r: SweepReport): Omit<SweepReport, 'pairs'> {
  const { pairs: _p, ...rest } = r;
  return rest;
}
