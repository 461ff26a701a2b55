// Run metrics for `compare`: per call site and arm, the M object of CLI.md, the delta candidate −
// baseline, how many cases changed, and a per-case list. Records are consumed as a stream; what is
// kept is per case (status, verdict, an output fingerprint, repeat 0's output), not the records.
import type { Arm } from '../replay/cases';
import { canonicalJson } from '../replay/cacheKey';
import type { ResultRecord, RunPlanFile } from '../replay/records';
import { workKey } from '../replay/records';

export interface ArmMetrics {
  n: number;
  errors: number;
  errorRate: number | null;
  schemaPass: number;
  /** Null when nothing was validated (no schema); errors count as failures. */
  schemaPassRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Null when no result of the arm has a known price. */
  costUsd: number | null;
  /** Mean cost of one case run (per case and repeat). */
  costPerCaseUsd: number | null;
}

export type MetricsDelta = { [K in keyof ArmMetrics]: number | null };

export interface CaseArmOutcome {
  status: 'ok' | 'error' | 'missing';
  /** Null when not validated. */
  schemaOk: boolean | null;
  latencyMs: number | null;
  output: string | null;
  /** The parsed JSON of the same record as `output` (null when it is not JSON). */
  json: unknown;
  /** Schema errors of that record (empty when it passed or was not validated). */
  schemaErrors: Array<{ path: string; message: string }>;
  error: string | null;
  repeats: number;
}

export interface CaseComparison {
  caseId: string;
  changed: boolean;
  baseline: CaseArmOutcome;
  candidate: CaseArmOutcome;
}

export interface CallSiteComparison {
  callSiteId: string;
  models: { baseline: string | null; candidate: string | null };
  arms: { baseline: ArmMetrics; candidate: ArmMetrics };
  delta: MetricsDelta;
  changed: number;
  cases: CaseComparison[];
}

interface ArmAcc {
  n: number; errors: number; schemaPass: number; validated: number; latencies: number[];
  input: number; output: number; cost: number; priced: number; model: string | null;
}

interface CaseAcc {
  caseId: string;
  arms: Record<Arm, { outcome: CaseArmOutcome; prints: Map<number, string> }>;
}

const newArm = (): ArmAcc => ({ n: 0, errors: 0, schemaPass: 0, validated: 0, latencies: [], input: 0, output: 0, cost: 0, priced: 0, model: null });
const newOutcome = (): CaseArmOutcome => ({ status: 'missing', schemaOk: null, latencyMs: null, output: null, json: null, schemaErrors: [], error: null, repeats: 0 });

/** The latency to report: a cache hit's original latency, not the cache's read time. */
export const effectiveLatency = (r: ResultRecord): number => (r.cached && typeof r.cachedLatencyMs === 'number' ? r.cachedLatencyMs : r.latencyMs);

/** What "same output" means: equal JSON when both parse, else equal trimmed text; errors by type. */
function fingerprint(r: ResultRecord): string {
  if (r.status === 'error') return `error:${r.error?.type ?? 'other'}`;
  if (r.json !== null && r.json !== undefined) return `json:${canonicalJson(r.json)}`;
  return `text:${r.output.trim()}`;
}

export async function compareRun(records: AsyncIterable<ResultRecord> | Iterable<ResultRecord>, plan?: RunPlanFile | null): Promise<CallSiteComparison[]> {
  const sites = new Map<string, { arms: Record<Arm, ArmAcc>; cases: Map<string, CaseAcc> }>();
  const site = (id: string) => {
    let s = sites.get(id);
    if (!s) { s = { arms: { baseline: newArm(), candidate: newArm() }, cases: new Map() }; sites.set(id, s); }
    return s;
  };
  // Plan order first, so the report lists call sites and cases as the plan does, missing ones included.
  for (const pc of plan?.callSites ?? []) {
    const s = site(pc.callSite.id);
    s.arms.baseline.model = pc.arms.baseline.model;
    s.arms.candidate.model = pc.arms.candidate.model;
    for (const c of pc.cases) caseOf(s.cases, c.id);
  }
  const seen = new Set<string>();
  for await (const r of records) {
    const k = workKey(r);
    if (seen.has(k)) continue; // merged shards that overlap: the first record wins
    seen.add(k);
    const s = site(r.callSiteId);
    const a = s.arms[r.arm];
    a.model ??= r.model;
    a.n++;
    if (r.status === 'error') a.errors++;
    if (r.schema) { a.validated++; if (r.schema.ok) a.schemaPass++; }
    // A Batch API answer has no per-request latency (recorded as 0): leave it out of p50/p95.
    if (r.status === 'ok' && !('batch' in r && r.batch)) a.latencies.push(effectiveLatency(r));
    a.input += r.usage?.input ?? 0;
    a.output += r.usage?.output ?? 0;
    if (typeof r.costUsd === 'number') { a.cost += r.costUsd; a.priced++; }
    const c = caseOf(s.cases, r.caseId).arms[r.arm];
    c.prints.set(r.repeat, fingerprint(r));
    const o = c.outcome;
    o.repeats++;
    // The case's outcome per arm: worst over repeats (an error or a schema failure in any repeat shows).
    if (r.status === 'error') { o.status = 'error'; o.error ??= `${r.error?.type ?? 'error'}: ${r.error?.message ?? ''}`; }
    else if (o.status === 'missing') o.status = 'ok';
    if (r.schema) o.schemaOk = (o.schemaOk ?? true) && r.schema.ok;
    if (r.repeat === 0 || o.output === null) {
      o.output = r.output;
      o.json = r.json ?? null;
      o.schemaErrors = r.schema && !r.schema.ok ? r.schema.errors : [];
      o.latencyMs = effectiveLatency(r);
    }
  }
  const out: CallSiteComparison[] = [];
  for (const [callSiteId, s] of sites) {
    // With no schema recorded for either arm, schemaPassRate is null on both sides.
    const validated = s.arms.baseline.validated + s.arms.candidate.validated > 0;
    const baseline = metricsOf(s.arms.baseline, validated);
    const candidate = metricsOf(s.arms.candidate, validated);
    const cases: CaseComparison[] = [];
    let changed = 0;
    for (const c of s.cases.values()) {
      const b = c.arms.baseline.prints, d = c.arms.candidate.prints;
      let isChanged = false;
      for (const [rep, fp] of b) { const other = d.get(rep); if (other !== undefined && other !== fp) { isChanged = true; break; } }
      if (isChanged) changed++;
      cases.push({ caseId: c.caseId, changed: isChanged, baseline: c.arms.baseline.outcome, candidate: c.arms.candidate.outcome });
    }
    out.push({ callSiteId, models: { baseline: s.arms.baseline.model, candidate: s.arms.candidate.model }, arms: { baseline, candidate }, delta: deltaOf(baseline, candidate), changed, cases });
  }
  return out;
}

function caseOf(cases: Map<string, CaseAcc>, caseId: string): CaseAcc {
  let c = cases.get(caseId);
  if (!c) {
    c = { caseId, arms: { baseline: { outcome: newOutcome(), prints: new Map() }, candidate: { outcome: newOutcome(), prints: new Map() } } };
    cases.set(caseId, c);
  }
  return c;
}

/** Nearest-rank percentile over a sorted array. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

function metricsOf(a: ArmAcc, validated: boolean): ArmMetrics {
  const sorted = a.latencies.slice().sort((x, y) => x - y);
  const cost = a.priced > 0 ? round(a.cost, 8) : null;
  return {
    n: a.n,
    errors: a.errors,
    errorRate: a.n ? round(a.errors / a.n, 6) : null,
    schemaPass: a.schemaPass,
    schemaPassRate: validated && a.n ? round(a.schemaPass / a.n, 6) : null,
    latencyP50Ms: percentile(sorted, 0.5),
    latencyP95Ms: percentile(sorted, 0.95),
    inputTokens: a.input,
    outputTokens: a.output,
    costUsd: cost,
    costPerCaseUsd: cost !== null && a.n ? round(cost / a.n, 8) : null,
  };
}

function deltaOf(b: ArmMetrics, c: ArmMetrics): MetricsDelta {
  const d = {} as MetricsDelta;
  for (const k of Object.keys(b) as (keyof ArmMetrics)[]) {
    const x = b[k], y = c[k];
    d[k] = x === null || y === null ? null : round(y - x, 8);
  }
  return d;
}

const round = (x: number, digits: number) => { const f = 10 ** digits; return Math.round(x * f) / f; };
