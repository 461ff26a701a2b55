// Numbers as every rendering of a comparison shows them (text, Markdown, HTML): counts beside rates
// ("58/80 (72.5%)"), money with its sign before the dollar ("-$0.0499"), deltas signed. One place,
// so the three renderings never disagree. Plain strings: each renderer escapes for its own format.
import type { ArmMetrics } from '../compare/metrics';
import type { CallSiteReport } from '../compare/report';

export const NONE = '—';

export const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
export const ms = (v: number): string => `${Math.round(v)} ms`;

/** Decimals for amounts shown together: six when any is below a cent, so $0.00012 does not print as $0.0001. */
export const usdDigits = (...values: Array<number | null | undefined>): number =>
  (values.some((v) => typeof v === 'number' && v !== 0 && Math.abs(v) < 0.01) ? 6 : 4);

/** Money with its sign before the dollar: "-$0.0499", never "$-0.0499". */
export function usd(v: number, digits = usdDigits(v)): string {
  const text = Math.abs(v).toFixed(digits);
  return `${v < 0 && Number(text) !== 0 ? '-' : ''}$${text}`;
}

/** A delta: "+" before a rise, "-" before a fall (from usd for money), nothing for zero. */
export function signed(v: number | null | undefined, f: (v: number) => string): string {
  if (v === null || v === undefined) return NONE;
  return v > 0 ? `+${f(v)}` : f(v);
}

export const cell = (v: number | null | undefined, f: (v: number) => string): string => (v === null || v === undefined ? NONE : f(v));

/** "58/80 (72.5%)"; "—" when there is nothing to count. */
export const countOf = (x: number, n: number): string => (n > 0 ? `${x}/${n} (${pct(x / n)})` : NONE);

/** A difference of rates in percentage points: "+2.5 pts". */
export const points = (v: number | null | undefined): string => signed(v === null || v === undefined ? null : Math.round(v * 1000) / 10, (x) => `${x.toFixed(1)} pts`);

export interface MetricRow {
  label: string;
  baseline: string;
  candidate: string;
  delta: string;
}

/** The metrics table: one row per figure, counts and rates together, cost labelled when simulated. */
export function metricRows(r: Pick<CallSiteReport, 'arms' | 'delta' | 'costSimulated'>): MetricRow[] {
  const b = r.arms.baseline, c = r.arms.candidate, d = r.delta;
  const validated = b.schemaPassRate !== null || c.schemaPassRate !== null;
  const money = r.costSimulated ? ' (simulated)' : '';
  const row = (label: string, f: (m: ArmMetrics) => string, delta: string): MetricRow => ({ label, baseline: f(b), candidate: f(c), delta });
  const rows: MetricRow[] = [
    row('requests', (m) => String(m.n), signed(d.n, String)),
    row('errors', (m) => countOf(m.errors, m.n), points(d.errorRate)),
  ];
  if (validated) {
    rows.push(row('schema pass', (m) => countOf(m.schemaPass, m.n), points(d.schemaPassRate)));
    rows.push(row('schema fail', (m) => countOf(m.schemaFail ?? 0, m.n), points(d.schemaFailRate)));
  }
  rows.push(
    row('latency p50', (m) => cell(m.latencyP50Ms, ms), signed(d.latencyP50Ms, ms)),
    row('latency p95', (m) => cell(m.latencyP95Ms, ms), signed(d.latencyP95Ms, ms)),
    row('input tokens', (m) => String(m.inputTokens), signed(d.inputTokens, String)),
    row('output tokens', (m) => String(m.outputTokens), signed(d.outputTokens, String)),
    // One number of decimals per row, so the column reads at a glance.
    ...(['costUsd', 'costPerCaseUsd'] as const).map((k) => {
      const digits = usdDigits(b[k], c[k], d[k]);
      const f = (v: number) => usd(v, digits);
      return row(`${k === 'costUsd' ? 'cost' : 'cost per case'}${money}`, (m) => cell(m[k], f), signed(d[k], f));
    }),
  );
  return rows;
}

/** "12 of 80 cases changed; exact match 68/80 (85.0%)". */
export function changeLine(r: Pick<CallSiteReport, 'changed' | 'cases' | 'compared'>): string {
  const exact = r.compared ? `; exact match ${countOf(r.compared - r.changed, r.compared)}` : '';
  return `${r.changed} of ${r.cases.length} cases changed${exact}`;
}

/** The verdict in a few words, for headings and annotations. */
export function verdictWord(r: Pick<CallSiteReport, 'significance'>): string {
  return r.significance.regressed ? 'regression' : 'no significant regression';
}

/** One sentence on the baseline's noise, or null without repeats. */
export function noiseLine(r: Pick<CallSiteReport, 'noise' | 'changed'>): string | null {
  const n = r.noise;
  if (!n) return null;
  const parts = [`${n.repeats} repeats: the baseline disagreed with itself on ${countOf(n.outputs.baselineUnstable, n.outputs.baselineCases)} cases`];
  parts.push(`${n.outputs.changedWithinNoise} of ${r.changed} changed cases are within that noise`);
  if (n.errorRate.spread !== null) parts.push(`error-rate spread between repeats ${(n.errorRate.spread * 100).toFixed(1)} pts`);
  if (n.schemaPassRate?.spread !== null && n.schemaPassRate?.spread !== undefined) parts.push(`schema-pass spread ${(n.schemaPassRate.spread * 100).toFixed(1)} pts`);
  return parts.join('; ');
}

/** "3 accepted, 1 flagged" (or that nobody has reviewed yet). */
export function reviewLine(r: Pick<CallSiteReport, 'review'>): string {
  const { accepted, flagged } = r.review;
  return accepted + flagged === 0 ? 'no reviewer decisions yet' : `${accepted} accepted, ${flagged} flagged`;
}

/** "5 JSON paths changed" / "12 lines changed". */
export function diffSize(d: NonNullable<CallSiteReport['cases'][number]['diff']>): string {
  return d.kind === 'json' ? `${d.size} JSON ${d.size === 1 ? 'path' : 'paths'} changed` : `${d.size} ${d.size === 1 ? 'line' : 'lines'} changed`;
}
