// A sweep's table as every rendering shows it (terminal, Markdown): one row per arm, the baseline
// first, then the candidates cheapest first, with the figures the gates judge and each arm's verdict.
// Plain strings: each renderer escapes for its own format.
import type { SweepReport } from '../compare/sweepReport';
import { cell, countOf, ms, pct, usd, usdDigits } from './figures';

export interface SweepRow {
  arm: string;
  model: string;
  errors: string;
  schema: string;
  agreement: string;
  p95: string;
  per1k: string;
  monthly: string;
  verdict: string;
}

export const SWEEP_COLUMNS: Array<[keyof SweepRow, string]> = [
  ['arm', 'arm'], ['model', 'model'], ['errors', 'errors'], ['schema', 'schema pass'], ['agreement', 'agreement'],
  ['p95', 'latency p95'], ['per1k', 'cost / 1k calls'], ['monthly', 'cost / month'], ['verdict', 'verdict'],
];

export function sweepRows(r: SweepReport): SweepRow[] {
  const money = [r.baseline.costPer1kCallsUsd, r.baseline.monthlyCostUsd, ...r.candidates.flatMap((c) => [c.costPer1kCallsUsd, c.monthlyCostUsd])];
  const digits = usdDigits(...money);
  const f = (v: number | null) => cell(v, (x) => usd(x, digits));
  const b = r.arms.baseline;
  const rows: SweepRow[] = [{
    arm: 'baseline', model: r.models.baseline ?? '?', errors: countOf(b.errors, b.n), schema: b.schemaPassRate === null ? '—' : countOf(b.schemaPass, b.n),
    agreement: 'reference', p95: cell(b.latencyP95Ms, ms), per1k: f(r.baseline.costPer1kCallsUsd), monthly: f(r.baseline.monthlyCostUsd),
    verdict: r.baseline.pareto ? 'baseline · Pareto' : 'baseline',
  }];
  const ranked = [...r.candidates].sort((x, y) => (x.costPerCallUsd ?? Infinity) - (y.costPerCallUsd ?? Infinity));
  for (const c of ranked) {
    const m = r.arms[c.arm];
    const failed = c.gates.filter((g) => !g.ok).map((g) => g.gate);
    const verdict = c.recommended ? 'recommended' : c.passed ? 'passes' : `rejected: ${failed.join(', ')}`;
    rows.push({
      arm: c.arm, model: c.model, errors: countOf(m.errors, m.n), schema: m.schemaPassRate === null ? '—' : countOf(m.schemaPass, m.n),
      agreement: c.agreement && c.agreement.rate !== null ? `${c.agreement.agreed}/${c.agreement.pairs} (${pct(c.agreement.rate)})` : '—',
      p95: cell(m.latencyP95Ms, ms), per1k: f(c.costPer1kCallsUsd), monthly: f(c.monthlyCostUsd),
      verdict: `${verdict}${c.pareto ? ' · Pareto' : ''}`,
    });
  }
  return rows;
}

/** "at 100,000 calls/month (the default: pass --volume)" */
export function volumeLine(r: SweepReport): string {
  const v = r.recommendation.volume;
  const why = v.source === 'flag' ? 'from --volume' : v.source === 'config' ? 'from .promptshift/config.json' : 'the default; give yours with --volume or recommend.monthlyCalls';
  return `projected at ${v.callsPerMonth.toLocaleString('en-US')} calls/month (${why}) from each arm's mean tokens per call at catalog prices`;
}

/** The call site's estimated prompt tokens and the arms it would not fit, for the text and Markdown views. */
export function contextFitLines(r: SweepReport): string[] {
  const fit = r.contextFit;
  if (!fit) return [];
  const t = fit.promptTokens;
  const n = (x: number) => x.toLocaleString('en-US');
  const out = [`prompt tokens (estimated over ${n(t.cases)} cases): p50 ≈${n(t.p50)}, p95 ≈${n(t.p95)}, max ≈${n(t.max)}; output asked: ${fit.outputTokens === null ? 'no limit set' : n(fit.outputTokens)}`];
  for (const [arm, f] of Object.entries(fit.arms)) if (f.problem) out.push(`does not fit ${arm === 'baseline' ? `the baseline ${f.model}` : f.model}: ${f.problem}`);
  return out;
}
