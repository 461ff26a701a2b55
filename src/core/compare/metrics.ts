// Run metrics for `compare`: per call site and arm, the M object of CLI.md, the delta candidate −
// baseline, how many cases changed, and a per-case list. Records are consumed as a stream; what is
// kept is per case: its verdict and repeat 0's output (what a reviewer reads and diffs). A record's
// output is held for comparison only until the other arm's record of the same repeat arrives —
// records of a case are written close together, so few wait. Outputs are compared as they are
// (equal text is equal), and JSON values by a walk that ignores key order: no canonical string is
// built per record, which was most of compare's time (bench/compare).
import type { Arm } from '../replay/cases';
import type { ResultRecord, RunPlanFile } from '../replay/records';
import { agrees, countAgreement, kindOf, newAgreementCounts, type AgreementCounts, type AgreementOptions, type AnswerPrint } from './agreement';
import { jsonEqual } from './jsonEqual';

export { jsonEqual } from './jsonEqual';

export interface ArmMetrics {
  n: number;
  errors: number;
  errorRate: number | null;
  schemaPass: number;
  /** Null when nothing was validated (no schema); errors count as failures. */
  schemaPassRate: number | null;
  /**
   * Answers validated against a schema that did not match it (request errors not included). Always
   * set by compareRun; optional so that ArmMetrics written by hand (tests, older callers) still type.
   */
  schemaFail?: number;
  /** schemaFail / n; null when nothing was validated. */
  schemaFailRate?: number | null;
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
  /** Some repeat run on both arms gave different outputs (JSON compared as data, text trimmed). */
  changed: boolean;
  /** Both arms have a result for at least one same repeat, so `changed` means something. */
  compared: boolean;
  /**
   * With two or more baseline repeats: did they all give the same output? Null with fewer. A change
   * on a case whose baseline is unstable is within the baseline's own noise (see noise.ts).
   */
  baselineStable: boolean | null;
  baseline: CaseArmOutcome;
  candidate: CaseArmOutcome;
}

/** One arm's counts on the records of one repeat index: the baseline's run-to-run spread comes from these. */
export interface RepeatCounts {
  n: number;
  errors: number;
  schemaPass: number;
  schemaChecked: number;
}

export interface CallSiteComparison {
  callSiteId: string;
  models: { baseline: string | null; candidate: string | null };
  arms: { baseline: ArmMetrics; candidate: ArmMetrics };
  delta: MetricsDelta;
  changed: number;
  /** Cases with a result on both arms (the denominator of the exact-match rate). */
  compared: number;
  /** Cases whose repeat-0 answers were JSON on both arms (the denominator of changed-field rates). */
  jsonCases: number;
  /** Highest number of repeats any case had on either arm. */
  repeats: number;
  /** Per arm, counts by repeat index (index r = the records with repeat r). */
  byRepeat: Record<Arm, RepeatCounts[]>;
  cases: CaseComparison[];
  /** How often the candidate agreed with the baseline (agreement.ts); only when CompareOptions.agreement is given. */
  agreement?: AgreementCounts;
}

interface ArmAcc {
  n: number; errors: number; schemaPass: number; schemaFail: number; validated: number; latencies: number[];
  input: number; output: number; cost: number; priced: number; model: string | null; byRepeat: RepeatCounts[];
}

interface ArmSlot {
  outcome: CaseArmOutcome;
  /** have[r]: repeat r's record arrived (a second one for the same repeat is a duplicate). */
  have: boolean[];
  /** Outputs waiting for the other arm's record of the same repeat; dropped once compared. */
  waiting: Map<number, Print> | null;
}

interface CaseAcc {
  caseId: string;
  arms: Record<Arm, ArmSlot>;
  changed: boolean;
  compared: boolean;
  /** Both arms answered repeat 0 in JSON. */
  bothJson: boolean;
  /** The first baseline output, kept only when repeats are expected, to tell a stable baseline. */
  baselineRef: Print | undefined;
  baselineSeen: number;
  baselineSame: boolean;
}

const newArm = (): ArmAcc => ({ n: 0, errors: 0, schemaPass: 0, schemaFail: 0, validated: 0, latencies: [], input: 0, output: 0, cost: 0, priced: 0, model: null, byRepeat: [] });
const newOutcome = (): CaseArmOutcome => ({ status: 'missing', schemaOk: null, latencyMs: null, output: null, json: null, schemaErrors: [], error: null, repeats: 0 });

/** Far above any real --repeats; records past it are malformed and ignored. */
const MAX_REPEAT = 10_000;

/** The latency to report: a cache hit's original latency, not the cache's read time. */
export const effectiveLatency = (r: ResultRecord): number => (r.cached && typeof r.cachedLatencyMs === 'number' ? r.cachedLatencyMs : r.latencyMs);

/** What of a record decides "same output": its error type, or its trimmed text and parsed JSON. */
type Print = AnswerPrint;

const printOf = (r: ResultRecord): Print =>
  (r.status === 'error' ? { error: r.error?.type ?? 'other' } : { text: (r.output ?? '').trim(), json: r.json ?? null });

/** Equal JSON values when both parsed (key order and whitespace aside), else equal trimmed text; errors by type. */
export function samePrint(a: Print, b: Print): boolean {
  if ('error' in a || 'error' in b) return 'error' in a && 'error' in b && a.error === b.error;
  if (a.text === b.text) return true; // the same text parses to the same value
  return a.json !== null && b.json !== null && jsonEqual(a.json, b.json);
}

const OTHER: Record<Arm, Arm> = { baseline: 'candidate', candidate: 'baseline' };

export interface CompareOptions {
  /**
   * 'all' (default): every case keeps repeat 0's outputs. 'changed': with one repeat planned, a case
   * whose outputs are the same (and pass their schema) drops them once both arrived — renderings
   * that show only changed and failing cases need no more, and a large run holds far less.
   */
  outputs?: 'all' | 'changed';
  /** Count how often the candidate agrees with the baseline (the sweep's agreement gate). */
  agreement?: AgreementOptions;
}

export async function compareRun(records: AsyncIterable<ResultRecord> | Iterable<ResultRecord>, plan?: RunPlanFile | null, options: CompareOptions = {}): Promise<CallSiteComparison[]> {
  const sites = new Map<string, { arms: Record<Arm, ArmAcc>; cases: Map<string, CaseAcc>; repeats: number; agreement: AgreementCounts | null }>();
  const agreeing = options.agreement;
  const site = (id: string) => {
    let s = sites.get(id);
    if (!s) { s = { arms: { baseline: newArm(), candidate: newArm() }, cases: new Map(), repeats: 0, agreement: agreeing ? newAgreementCounts(agreeing.textSimilarity) : null }; sites.set(id, s); }
    return s;
  };
  // Baseline stability needs one fingerprint per case for the run's life: only kept when repeats are planned.
  const expectRepeats = !plan || plan.repeats > 1;
  // With one repeat, a pair found equal is final: its outputs can go.
  const dropSame = options.outputs === 'changed' && plan?.repeats === 1;
  // Plan order first, so the report lists call sites and cases as the plan does, missing ones included.
  for (const pc of plan?.callSites ?? []) {
    const s = site(pc.callSite.id);
    s.arms.baseline.model = pc.arms.baseline.model;
    s.arms.candidate.model = pc.arms.candidate?.model ?? null;
    for (const c of pc.cases) caseOf(s.cases, c.id);
  }
  for await (const r of records) {
    // A repeat number is an array index below: a malformed one must not allocate or loop for ever.
    if (!Number.isInteger(r.repeat) || r.repeat < 0 || r.repeat > MAX_REPEAT) continue;
    // A comparison has two arms; a sweep's other arms are compared through pairView (sweep.ts).
    if (r.arm !== 'baseline' && r.arm !== 'candidate') continue;
    const arm: Arm = r.arm;
    const s = site(r.callSiteId);
    const k = caseOf(s.cases, r.caseId);
    const c = k.arms[arm];
    if (c.have[r.repeat]) continue; // merged shards that overlap: the first record wins
    c.have[r.repeat] = true;
    s.repeats = Math.max(s.repeats, r.repeat + 1);
    const fp = printOf(r);
    const other = k.arms[OTHER[arm]];
    const counterpart = other.waiting?.get(r.repeat);
    let pairedSame = false;
    if (counterpart !== undefined) {
      k.compared = true;
      pairedSame = samePrint(counterpart, fp);
      if (r.repeat === 0 && 'json' in fp && fp.json !== null && 'json' in counterpart && counterpart.json !== null) k.bothJson = true;
      if (!pairedSame) k.changed = true;
      if (s.agreement) countAgreement(s.agreement, pairedSame && !('error' in fp) ? { kind: kindOfPair(arm === 'baseline' ? fp : counterpart), agree: true } : arm === 'baseline' ? agrees(fp, counterpart, agreeing!) : agrees(counterpart, fp, agreeing!));
      other.waiting!.delete(r.repeat);
    } else (c.waiting ??= new Map()).set(r.repeat, fp);
    if (r.arm === 'baseline') {
      if (k.baselineSeen++ === 0) { if (expectRepeats) k.baselineRef = fp; }
      else if (k.baselineRef !== undefined && !samePrint(k.baselineRef, fp)) k.baselineSame = false;
    }
    const a = s.arms[arm];
    a.model ??= r.model;
    a.n++;
    const rc = (a.byRepeat[r.repeat] ??= { n: 0, errors: 0, schemaPass: 0, schemaChecked: 0 });
    rc.n++;
    if (r.status === 'error') { a.errors++; rc.errors++; }
    if (r.schema) {
      a.validated++; rc.schemaChecked++;
      if (r.schema.ok) { a.schemaPass++; rc.schemaPass++; } else a.schemaFail++;
    }
    // A Batch API answer has no per-request latency (recorded as 0): leave it out of p50/p95.
    if (r.status === 'ok' && !('batch' in r && r.batch)) a.latencies.push(effectiveLatency(r));
    a.input += r.usage?.input ?? 0;
    a.output += r.usage?.output ?? 0;
    if (typeof r.costUsd === 'number') { a.cost += r.costUsd; a.priced++; }
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
    if (dropSame && pairedSame && !k.changed && o.schemaOk !== false && other.outcome.schemaOk !== false) {
      o.output = null; o.json = null;
      other.outcome.output = null; other.outcome.json = null;
    }
  }
  const out: CallSiteComparison[] = [];
  for (const [callSiteId, s] of sites) {
    // With no schema recorded for either arm, schemaPassRate is null on both sides.
    const validated = s.arms.baseline.validated + s.arms.candidate.validated > 0;
    const baseline = metricsOf(s.arms.baseline, validated);
    const candidate = metricsOf(s.arms.candidate, validated);
    const cases: CaseComparison[] = [];
    let changed = 0, compared = 0, jsonCases = 0;
    for (const c of s.cases.values()) {
      if (c.changed) changed++;
      if (c.compared) compared++;
      if (c.bothJson) jsonCases++;
      const baselineStable = c.baselineSeen >= 2 && c.baselineRef !== undefined ? c.baselineSame : null;
      cases.push({ caseId: c.caseId, changed: c.changed, compared: c.compared, baselineStable, baseline: c.arms.baseline.outcome, candidate: c.arms.candidate.outcome });
    }
    out.push({
      callSiteId, models: { baseline: s.arms.baseline.model, candidate: s.arms.candidate.model }, arms: { baseline, candidate }, delta: deltaOf(baseline, candidate),
      changed, compared, jsonCases, repeats: s.repeats, byRepeat: { baseline: dense(s.arms.baseline.byRepeat), candidate: dense(s.arms.candidate.byRepeat) }, cases,
      ...(s.agreement ? { agreement: s.agreement } : {}),
    });
  }
  return out;
}

/** How an equal pair counts: by the baseline's kind of answer. */
const kindOfPair = (p: AnswerPrint) => ('error' in p ? 'text' as const : kindOf(p));

/** A repeat with no record (a sparse index) counts as zero, so indexes stay repeat numbers. */
const dense = (list: RepeatCounts[]): RepeatCounts[] => Array.from(list, (r) => r ?? { n: 0, errors: 0, schemaPass: 0, schemaChecked: 0 });

function caseOf(cases: Map<string, CaseAcc>, caseId: string): CaseAcc {
  let c = cases.get(caseId);
  if (!c) {
    c = {
      caseId, arms: { baseline: { outcome: newOutcome(), have: [], waiting: null }, candidate: { outcome: newOutcome(), have: [], waiting: null } },
      changed: false, compared: false, bothJson: false, baselineRef: undefined, baselineSeen: 0, baselineSame: true,
    };
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
    schemaFail: a.schemaFail,
    schemaFailRate: validated && a.n ? round(a.schemaFail / a.n, 6) : null,
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
    d[k] = x === null || x === undefined || y === null || y === undefined ? null : round(y - x, 8);
  }
  return d;
}

const round = (x: number, digits: number) => { const f = 10 ** digits; return Math.round(x * f) / f; };
