// A run's comparison turned into what the review panel renders: a metrics table and verdict per
// call site, one small row per case for the list, and the diff of one case on request. Heavy work
// (diffs, statistics) stays here on the host; the webview only renders. Pure (no vscode).
import type { ArmMetrics, CallSiteComparison, CaseArmOutcome, CaseComparison } from '../../core/compare/metrics';
import { describeChange } from '../../core/compare/jsonChanges';
import { diffOutputs } from '../../core/compare/outputDiff';
import type { RunSignificance } from '../../core/compare/significance';
import { decisionFor, type ReviewFile } from '../../core/review/decisions';
import type { ArmDetail, CaseDetail, CaseRow, Decision, MetricRow, SiteSummary } from '../../protocol/review';
import { ms, pct, relativeChange, signedInt, signedPoints, signedUsd, usd } from './format';
import { armState } from './verdictText';

/** Characters of each output the search box looks at. */
const SEARCH_CHARS = 1_000;

type Fmt = (v: number) => string;
type DeltaFmt = (b: number, c: number) => string;
const count: Fmt = (v) => v.toLocaleString('en-US');
const intDelta: DeltaFmt = (b, c) => signedInt(c - b);
const relDelta: DeltaFmt = (b, c) => relativeChange(b, c) ?? signedInt(c - b);

function row(label: string, b: number | null, c: number | null, fmt: Fmt, delta: DeltaFmt, higherIsWorse: boolean | null): MetricRow {
  const both = b !== null && c !== null;
  return {
    label,
    baseline: b === null ? '—' : fmt(b),
    candidate: c === null ? '—' : fmt(c),
    delta: both ? delta(b, c) : '—',
    worse: both && higherIsWorse !== null && b !== c ? (c > b) === higherIsWorse : null,
  };
}

function rateCell(x: number, n: number): string {
  return n ? `${x}/${n} (${pct(x / n)})` : '—';
}

export function metricRows(b: ArmMetrics, c: ArmMetrics, simulated: boolean): MetricRow[] {
  const rows: MetricRow[] = [row('requests', b.n, c.n, count, intDelta, null)];
  rows.push({
    label: 'errors', baseline: rateCell(b.errors, b.n), candidate: rateCell(c.errors, c.n),
    delta: b.n && c.n ? `${signedInt(c.errors - b.errors)} (${signedPoints(c.errors / c.n - b.errors / b.n)})` : '—',
    worse: b.n && c.n && c.errors / c.n !== b.errors / b.n ? c.errors / c.n > b.errors / b.n : null,
  });
  if (b.schemaPassRate !== null && c.schemaPassRate !== null) {
    rows.push({
      label: 'schema pass', baseline: rateCell(b.schemaPass, b.n), candidate: rateCell(c.schemaPass, c.n),
      delta: `${signedInt(c.schemaPass - b.schemaPass)} (${signedPoints(c.schemaPassRate - b.schemaPassRate)})`,
      worse: c.schemaPassRate !== b.schemaPassRate ? c.schemaPassRate < b.schemaPassRate : null,
    });
  }
  rows.push(row('latency p50', b.latencyP50Ms, c.latencyP50Ms, ms, relDelta, true));
  rows.push(row('latency p95', b.latencyP95Ms, c.latencyP95Ms, ms, relDelta, true));
  rows.push(row('input tokens', b.inputTokens, c.inputTokens, count, relDelta, null));
  rows.push(row('output tokens', b.outputTokens, c.outputTokens, count, relDelta, null));
  const costLabel = simulated ? 'cost (simulated)' : 'cost';
  rows.push(row(costLabel, b.costUsd, c.costUsd, usd, (x, y) => `${signedUsd(y - x)}${relativeChange(x, y) ? ` (${relativeChange(x, y)})` : ''}`, true));
  rows.push(row(`${costLabel} per case`, b.costPerCaseUsd, c.costPerCaseUsd, usd, (x, y) => signedUsd(y - x), true));
  return rows;
}

export function siteSummary(c: CallSiteComparison, sig: RunSignificance, label: string, simulated: boolean): SiteSummary {
  return {
    callSiteId: c.callSiteId, label,
    baselineModel: c.models.baseline ?? '?', candidateModel: c.models.candidate ?? '?',
    rows: metricRows(c.arms.baseline, c.arms.candidate, simulated),
    regressed: sig.regressed, reasons: sig.reasons, method: sig.method,
    changed: c.changed, cases: c.cases.length,
  };
}

/** `arm`: in a sweep, the candidate arm the case pairs with the baseline (decisions name it). */
export function caseRow(callSiteId: string, x: CaseComparison, review: ReviewFile, arm?: string): CaseRow {
  const d = decisionFor(review, callSiteId, x.caseId, arm);
  const text = (o: CaseArmOutcome) => (o.output ?? o.error ?? '').slice(0, SEARCH_CHARS);
  return {
    callSiteId, caseId: x.caseId, changed: x.changed,
    baseline: armState(x.baseline), candidate: armState(x.candidate),
    decision: d?.decision ?? null, comment: d?.comment ?? '',
    search: `${x.caseId}\n${text(x.baseline)}\n${text(x.candidate)}`.toLowerCase(),
  };
}

function unchangedRows(text: string): CaseDetail['rows'] {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const shown: CaseDetail['rows'] = lines.slice(0, MAX_UNCHANGED_LINES).map((t, i) => ({ kind: 'same', before: i + 1, after: i + 1, text: t }));
  if (lines.length > MAX_UNCHANGED_LINES) shown.push({ kind: 'gap', count: lines.length - MAX_UNCHANGED_LINES });
  return shown;
}

function armDetail(o: CaseArmOutcome, model: string | null): ArmDetail {
  return { model: model ?? '?', state: armState(o), error: o.error, schemaErrors: o.schemaErrors.map((e) => ({ path: e.path, message: e.message })), latencyMs: o.latencyMs };
}

/** Lines of an unchanged output shown in full (past this, the rest stays folded). */
const MAX_UNCHANGED_LINES = 2_000;

export function caseDetail(c: CallSiteComparison, x: CaseComparison): CaseDetail {
  const diff = diffOutputs({ output: x.baseline.output, json: x.baseline.json }, { output: x.candidate.output, json: x.candidate.json });
  // With nothing changed the diff folds everything away; a reviewer still wants to read the output.
  const rows = diff.rows.some((r) => r.kind !== 'gap') ? diff.rows : unchangedRows(diff.before);
  return {
    callSiteId: c.callSiteId, caseId: x.caseId, kind: diff.kind, changed: x.changed,
    rows, changes: diff.changes.map((ch) => describeChange(ch)), changesOmitted: diff.changesOmitted,
    granularity: diff.granularity,
    baseline: armDetail(x.baseline, c.models.baseline), candidate: armDetail(x.candidate, c.models.candidate),
  };
}

/** A case's decision as the panel shows it. */
export interface ShownDecision { callSiteId: string; caseId: string; decision: Decision | null; comment: string }

/**
 * The cases whose decision in `review` differs from what the panel shows: what to post after review.json
 * changed on disk (another window, a script, a teammate's merge). The panel's own decisions are already
 * shown, so writing them changes nothing here.
 */
export function decisionChanges(shown: Iterable<ShownDecision>, review: ReviewFile, armOf: (callSiteId: string) => string | undefined = () => undefined): ShownDecision[] {
  const out: ShownDecision[] = [];
  for (const s of shown) {
    const d = decisionFor(review, s.callSiteId, s.caseId, armOf(s.callSiteId));
    const decision = d?.decision ?? null, comment = d?.comment ?? '';
    if (decision !== s.decision || comment !== s.comment) out.push({ callSiteId: s.callSiteId, caseId: s.caseId, decision, comment });
  }
  return out;
}
