// The gates every stage must hold, their thresholds derived from the run's evidence, what a breach
// does, and the PromQL that measures each in production. Failure-rate gates use the same regression
// size the stages were sized to detect, so "the stage saw enough requests" and "the gate held" speak
// of the same difference.
import type { ArmMetrics } from '../compare/metrics';
import { noPriceText } from '../models/catalog';
import { candidateSelector, queries } from './appMetrics';
import type { Gate, RateSizing, SampleSizing } from './types';

export interface GateInput {
  runId: string;
  /** Aggregate arms over every call site of the run. */
  arms: { baseline: ArmMetrics; candidate: ArmMetrics };
  /** Aggregate arms over the call sites whose outputs were validated; null when none were. */
  schemaArms: { baseline: ArmMetrics; candidate: ArmMetrics } | null;
  sizing: SampleSizing;
  candidates: string[];
  /** USD per token of the candidate, when the catalog knows its prices. */
  candidatePrice: { input: number; output: number } | null;
  latencyTolerance: number;
  costTolerance: number;
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (x: number | null) => (x === null ? 'n/a' : `${round(x * 100, 3)}%`);
const holds = (value: number | null, comparator: '<=' | '>=', threshold: number) =>
  value === null ? null : comparator === '<=' ? value <= threshold : value >= threshold;

function rateOf(sizing: SampleSizing, metric: RateSizing['metric']): RateSizing | undefined {
  return sizing.rates.find((r) => r.metric === metric);
}

export function buildGates(i: GateInput): { gates: Gate[]; warnings: string[] } {
  const sel = candidateSelector(i.candidates);
  const gates: Gate[] = [];
  const warnings: string[] = [];
  const { baseline: b, candidate: c } = i.arms;

  const err = rateOf(i.sizing, 'errorRate')!;
  gates.push({
    id: 'error-rate', title: 'Error rate', comparator: '<=', threshold: err.detectRate, unit: 'ratio',
    rule: `at most the regression the stages are sized to detect: ${i.sizing.regression.rule} with p0 = the baseline's error rate`,
    evidence: { runId: i.runId, baseline: b.errorRate, candidateOffline: c.errorRate, detail: `baseline ${b.errors}/${b.n} (${pct(b.errorRate)}), candidate ${c.errors}/${c.n} (${pct(c.errorRate)}) in run ${i.runId}` },
    holdsOffline: holds(c.errorRate, '<=', err.detectRate), onBreach: 'rollback', query: queries.errorRate(sel),
  });

  const schema = rateOf(i.sizing, 'schemaFailureRate');
  if (schema && i.schemaArms) {
    const sb = i.schemaArms.baseline, sc = i.schemaArms.candidate;
    const threshold = round(1 - schema.detectRate);
    gates.push({
      id: 'schema-pass-rate', title: 'Schema pass rate', comparator: '>=', threshold, unit: 'ratio',
      rule: `at least the baseline's schema pass rate minus the tolerance ${pct(round(schema.detectRate - schema.baselineRate))} (the schema failure rate's regression size: ${i.sizing.regression.rule})`,
      evidence: { runId: i.runId, baseline: sb.schemaPassRate, candidateOffline: sc.schemaPassRate, detail: `baseline ${sb.schemaPass}/${sb.n} (${pct(sb.schemaPassRate)}), candidate ${sc.schemaPass}/${sc.n} (${pct(sc.schemaPassRate)}) in run ${i.runId}` },
      holdsOffline: holds(sc.schemaPassRate, '>=', threshold), onBreach: 'rollback', query: queries.schemaPassRate(sel),
    });
  } else {
    warnings.push('No output of the run was validated against a JSON Schema: the plan has no schema pass rate gate.');
  }

  if (b.latencyP95Ms !== null) {
    const threshold = Math.round(b.latencyP95Ms * (1 + i.latencyTolerance));
    gates.push({
      id: 'latency-p95', title: 'Latency p95', comparator: '<=', threshold, unit: 'ms',
      rule: `at most the baseline's p95 × (1 + ${i.latencyTolerance}) = ${b.latencyP95Ms} ms × ${1 + i.latencyTolerance}`,
      evidence: { runId: i.runId, baseline: b.latencyP95Ms, candidateOffline: c.latencyP95Ms, detail: `p95 of successful requests: baseline ${b.latencyP95Ms} ms, candidate ${c.latencyP95Ms ?? 'n/a'} ms in run ${i.runId} (replay latencies; production latencies differ, the ratio is what the gate keeps)` },
      holdsOffline: holds(c.latencyP95Ms, '<=', threshold), onBreach: 'pause', query: queries.latencyP95Ms(sel),
    });
  } else {
    warnings.push('The baseline has no successful request with a latency: the plan has no p95 latency gate.');
  }

  if (c.costPerCaseUsd !== null) {
    const threshold = round(c.costPerCaseUsd * (1 + i.costTolerance), 8);
    gates.push({
      id: 'cost-per-request', title: 'Cost per request', comparator: '<=', threshold, unit: 'usd',
      rule: `at most the candidate's cost per request in the replay × (1 + ${i.costTolerance}): production should cost what the replay measured`,
      evidence: { runId: i.runId, baseline: b.costPerCaseUsd, candidateOffline: c.costPerCaseUsd, detail: `mean cost per request: baseline ${b.costPerCaseUsd === null ? 'unpriced' : `$${b.costPerCaseUsd}`}, candidate $${c.costPerCaseUsd} in run ${i.runId}` },
      holdsOffline: holds(c.costPerCaseUsd, '<=', threshold), onBreach: 'pause',
      query: i.candidatePrice ? queries.costPerRequest(sel, i.candidatePrice.input, i.candidatePrice.output) : null,
      ...(i.candidatePrice ? {} : { note: `${noPriceText(i.candidates.join(', '))}: watch cost per request from your billing data.` }),
    });
  } else {
    warnings.push(`The candidate's requests have no known price (${noPriceText(i.candidates.join(', '))}): the plan has no cost per request gate.`);
  }

  gates.push({
    id: 'sample-size', title: 'Candidate requests in the stage', comparator: '>=', threshold: i.sizing.minCandidateRequests, unit: 'requests',
    rule: 'a stage may not advance before the candidate served this many requests (see the sample size)',
    evidence: { runId: i.runId, baseline: null, candidateOffline: null, detail: i.sizing.rates.map((r) => `${r.metric}: ${r.working}`).join('; ') },
    holdsOffline: null, onBreach: 'pause', query: queries.requests(sel),
  });
  for (const g of gates) {
    if (g.holdsOffline === false) warnings.push(`In the replay the candidate already misses the ${g.title.toLowerCase()} gate (${g.evidence.detail}).`);
  }
  return { gates, warnings };
}
