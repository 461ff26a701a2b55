// The rollout plan from a run's evidence: stages sized from the baseline's failure rates, gates from
// the run, and a go / no-go. A run of several call sites (`replay --all`) is one plan: its gates are
// on the aggregate of all call sites (production metrics are per model, not per call site), each call
// site's evidence is listed, and any call site that is no-go makes the plan no-go.
import { runSignificance, type RunSignificance } from '../compare/significance';
import type { Catalog } from '../models/catalog';
import { lookupModel, offerByHostId } from '../models/catalog';
import { reviewSummary, type ReviewFile } from '../review/decisions';
import { err, ok, type Result } from '../result';
import { APP_METRICS } from './appMetrics';
import type { Arms, RunEvidence } from './evidence';
import { buildGates } from './gates';
import { sizeStages, stageSeconds } from './sampleSize';
import { assignmentNotes, breachActions, COVERAGE, rollbackSteps, signOffChecklist } from './texts';
import {
  DEFAULT_COST_TOLERANCE, DEFAULT_LATENCY_TOLERANCE, DEFAULT_MIN_STAGE_SECONDS, DEFAULT_REGRESSION_FACTOR,
  DEFAULT_REGRESSION_MIN_POINTS, DEFAULT_RPS, DEFAULT_STAGES,
  type CallSiteEvidence, type PlanOptions, type RolloutPlan, type Route,
} from './types';

export interface PlanInput {
  runId: string;
  run: { createdAt: string | null; repeats: number; complete: boolean };
  evidence: RunEvidence;
  /** Where each call site is, from plan.json. */
  sites: ReadonlyMap<string, { path: string; line: number }>;
  review: ReviewFile;
  catalog: Catalog | null;
}

/** Stage weights: whole percents, strictly increasing, ending at 100. */
export function checkStages(stages: readonly number[]): Result<number[]> {
  if (stages.length === 0) return err('no stages given');
  for (const s of stages) if (!Number.isInteger(s) || s < 1 || s > 100) return err(`stage weight ${s} is not a whole percent from 1 to 100`);
  for (let i = 1; i < stages.length; i++) if (stages[i] <= stages[i - 1]) return err(`stages must increase: ${stages.join(', ')}`);
  if (stages[stages.length - 1] !== 100) return err(`stages must end at 100 (the last stage is the full rollout): ${stages.join(', ')}`);
  return ok([...stages]);
}

export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

/** runSignificance's sentences for a significant change for the worse. */
const isRegression = (r: string) => r.startsWith('error rate rose') || r.startsWith('schema pass rate fell');

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function significanceOf(arms: Arms, schemaArms: Arms | null): { regressed: boolean; reasons: string[]; method: string } {
  // With a schema on only some call sites, the schema test runs over those call sites alone.
  if (!schemaArms || schemaArms === arms) { const s = runSignificance(arms); return { regressed: s.regressed, reasons: s.reasons, method: s.method }; }
  const e: RunSignificance = runSignificance({ baseline: { ...arms.baseline, schemaPassRate: null }, candidate: { ...arms.candidate, schemaPassRate: null } });
  const s = runSignificance(schemaArms);
  const reasons = [...e.reasons.filter((r) => r.startsWith('error')), ...s.reasons.filter((r) => r.startsWith('schema'))];
  return { regressed: e.errorRate.regressed || !!s.schemaPassRate?.regressed, reasons: reasons.length ? reasons : e.reasons, method: e.method };
}

function routesOf(sites: CallSiteEvidence[], flagKey: string | undefined, catalog: Catalog | null): Route[] {
  const provider = (m: string) => (catalog && lookupModel(catalog, m, { snapshotFallback: true })?.provider) || 'openai';
  const byPair = new Map<string, Route>();
  for (const s of sites) {
    const baseline = s.models.baseline ?? 'unknown', candidate = s.models.candidate ?? 'unknown';
    const k = `${baseline}\u0000${candidate}`;
    const r = byPair.get(k) ?? byPair.set(k, { flagKey: '', baseline, candidate, providers: { baseline: provider(baseline), candidate: provider(candidate) }, callSites: [] }).get(k)!;
    r.callSites.push(s.callSiteId);
  }
  const routes = [...byPair.values()];
  for (const r of routes) {
    const own = `promptshift-${slug(r.baseline)}-to-${slug(r.candidate)}`;
    r.flagKey = flagKey ? (routes.length === 1 ? flagKey : `${flagKey}-${slug(r.baseline)}`) : own;
  }
  return routes;
}

export function buildRolloutPlan(input: PlanInput, options: PlanOptions = {}): Result<RolloutPlan> {
  const stagesChecked = checkStages(options.stages ?? DEFAULT_STAGES);
  if (!stagesChecked.ok) return stagesChecked;
  const rps = options.rps ?? DEFAULT_RPS;
  if (!(rps > 0) || !Number.isFinite(rps)) return err(`the request rate must be a positive number of requests per second (got ${rps})`);
  const { evidence, runId } = input;
  const agg = evidence.aggregate;
  if (agg.baseline.n + agg.candidate.n === 0) return err(`run ${runId} has no results (results.jsonl is empty or missing)`);
  if (agg.baseline.n === 0 || agg.candidate.n === 0) return err(`run ${runId} has results for one arm only (${agg.baseline.n ? 'baseline' : 'candidate'}): a plan compares baseline and candidate`);

  const factor = options.regressionFactor ?? DEFAULT_REGRESSION_FACTOR;
  const minPoints = options.regressionMinPoints ?? DEFAULT_REGRESSION_MIN_POINTS;
  const sb = evidence.schemaAggregate?.baseline;
  const sizing = sizeStages({ errors: agg.baseline.errors, requests: agg.baseline.n, schemaFailures: sb ? sb.n - sb.schemaPass : null, schemaRequests: sb?.n ?? 0, factor, minPoints });
  const floor = options.minStageSeconds ?? DEFAULT_MIN_STAGE_SECONDS;
  const stages = stagesChecked.value.map((weight, i) => ({ index: i + 1, weight, minCandidateRequests: sizing.minCandidateRequests, minDurationSeconds: stageSeconds(sizing.minCandidateRequests, rps, weight, floor) }));

  const callSites: CallSiteEvidence[] = evidence.callSites.map((c) => {
    const where = input.sites.get(c.callSiteId);
    const reasons: string[] = [];
    const oneArm = c.arms.baseline.n === 0 || c.arms.candidate.n === 0;
    const significance = oneArm ? { regressed: false, reasons: ['not tested: one arm has no results'], method: '' } : significanceOf(c.arms, null);
    if (oneArm) reasons.push(`${c.callSiteId}: no ${c.arms.baseline.n === 0 ? 'baseline' : 'candidate'} results in the run`);
    if (significance.regressed) reasons.push(...significance.reasons.filter(isRegression).map((r) => `${c.callSiteId}: ${r}`));
    const review = reviewSummary(input.review, c.callSiteId, c.cases.map((x) => x.caseId));
    if (review.flagged) reasons.push(`${c.callSiteId}: reviewers flagged ${plural(review.flagged, 'case')}: ${review.flaggedCases.map((f) => f.comment ? `${f.caseId} (${f.comment})` : f.caseId).join(', ')}`);
    return { callSiteId: c.callSiteId, path: where?.path ?? null, line: where?.line ?? null, models: c.models, arms: c.arms, significance, review, verdict: reasons.length ? 'no-go' : 'go', reasons };
  });

  const aggregateSignificance = significanceOf(agg, evidence.schemaAggregate);
  const reasons: string[] = [];
  if (aggregateSignificance.regressed && callSites.length > 1) reasons.push(...aggregateSignificance.reasons.filter(isRegression).map((r) => `all call sites together: ${r}`));
  for (const s of callSites) reasons.push(...s.reasons);

  const routes = routesOf(callSites, options.flagKey, input.catalog);
  const candidates = routes.map((r) => r.candidate);
  // A candidate sent to a host carries the host's own id and costs what the host charges, not the vendor.
  const model = input.catalog ? offerByHostId(input.catalog, candidates[0])?.offer ?? lookupModel(input.catalog, candidates[0], { snapshotFallback: true }) : undefined;
  const price = new Set(candidates).size === 1 && model && model.inputPerMTok !== null && model.outputPerMTok !== null
    ? { input: model.inputPerMTok / 1e6, output: model.outputPerMTok / 1e6 } : null;
  const { gates, warnings } = buildGates({
    runId, arms: agg, schemaArms: evidence.schemaAggregate, sizing, candidates, candidatePrice: price,
    latencyTolerance: options.latencyTolerance ?? DEFAULT_LATENCY_TOLERANCE, costTolerance: options.costTolerance ?? DEFAULT_COST_TOLERANCE,
  });
  if (!input.run.complete) warnings.unshift('The run did not complete: the plan rests on partial evidence.');
  const covered = new Set(callSites.map((c) => c.callSiteId));
  for (const id of input.sites.keys()) if (!covered.has(id)) warnings.push(`Call site ${id} is in the run's plan but has no results: the rollout plan does not cover it.`);
  if (options.rps === undefined) warnings.push(`No request rate given: stage durations assume ${DEFAULT_RPS} request/s (pass --rps with the expected rate).`);

  return ok({
    kind: 'promptshift.rollout', version: 1, runId, run: input.run,
    flagKey: options.flagKey ?? (routes.length === 1 ? routes[0].flagKey : `promptshift-to-${slug(candidates[0])}`),
    routes,
    decision: { verdict: reasons.length ? 'no-go' : 'go', reasons },
    coverage: COVERAGE,
    traffic: { rps, rpsSource: options.rps === undefined ? 'default' : 'given', minStageSeconds: floor, durationFormula: `minimum duration = max(${floor} s, ⌈n / (rps × weight)⌉), rps = ${rps} request/s${options.rps === undefined ? ' (the default)' : ''}` },
    sampleSize: sizing,
    stages,
    gates,
    onBreach: breachActions(),
    assignment: assignmentNotes(),
    metrics: APP_METRICS,
    evidence: { aggregate: { arms: agg, significance: aggregateSignificance }, callSites },
    rollback: rollbackSteps(routes),
    signOff: signOffChecklist(runId),
    warnings,
  });
}
