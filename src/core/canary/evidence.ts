// The run's evidence for a rollout plan: the comparison per call site and the aggregate over all of
// them. p95 latency cannot be combined from per-call-site p95s, so the aggregate is a second pass of
// compareRun over the records with every call site folded into one; the schema pass rate is
// aggregated over the call sites whose outputs were validated only (a call site without a schema
// has no schema failures to count). `records` is called once per pass.
import { compareRun, type ArmMetrics, type CallSiteComparison } from '../compare/metrics';
import type { ResultRecord, RunPlanFile } from '../replay/records';

export interface Arms { baseline: ArmMetrics; candidate: ArmMetrics }

export interface RunEvidence {
  callSites: CallSiteComparison[];
  aggregate: Arms;
  /** Aggregate over the validated call sites; null when none were validated. */
  schemaAggregate: Arms | null;
}

const AGGREGATE_ID = '*';

async function* folded(records: AsyncIterable<ResultRecord>, keep: (r: ResultRecord) => boolean): AsyncIterable<ResultRecord> {
  for await (const r of records) {
    // The case id keeps its call site so compareRun's de-duplication still tells work items apart.
    if (keep(r)) yield { ...r, callSiteId: AGGREGATE_ID, caseId: `${r.callSiteId}\u0000${r.caseId}` };
  }
}

const validated = (c: CallSiteComparison) => c.arms.baseline.schemaPassRate !== null || c.arms.candidate.schemaPassRate !== null;

export async function gatherEvidence(records: () => AsyncIterable<ResultRecord>, plan: RunPlanFile | null): Promise<RunEvidence> {
  const callSites = (await compareRun(records(), plan)).filter((c) => c.arms.baseline.n + c.arms.candidate.n > 0);
  const [all] = await compareRun(folded(records(), () => true));
  const empty = (): Arms => ({ baseline: emptyArm(), candidate: emptyArm() });
  const aggregate = all ? all.arms : empty();
  const withSchema = new Set(callSites.filter(validated).map((c) => c.callSiteId));
  let schemaAggregate: Arms | null = null;
  if (withSchema.size === callSites.length && withSchema.size > 0) schemaAggregate = aggregate;
  else if (withSchema.size > 0) schemaAggregate = (await compareRun(folded(records(), (r) => withSchema.has(r.callSiteId))))[0]?.arms ?? null;
  return { callSites, aggregate, schemaAggregate };
}

function emptyArm(): ArmMetrics {
  return { n: 0, errors: 0, errorRate: null, schemaPass: 0, schemaPassRate: null, latencyP50Ms: null, latencyP95Ms: null, inputTokens: 0, outputTokens: 0, costUsd: null, costPerCaseUsd: null };
}
