// Did the candidate's error rate or schema pass rate move beyond chance? The verdict the review
// shows and the canary plan's go / no-go rests on. Rates come from the run's counts (ArmMetrics).
import { compareProportions, DIFFERENCE_METHOD, type ProportionDifference } from '../stats/proportions';
import type { ArmMetrics } from './metrics';

export interface RateSignificance extends ProportionDifference {
  /** The candidate is significantly worse on this rate. */
  regressed: boolean;
  /** The candidate is significantly better on this rate. */
  improved: boolean;
}

export interface RunSignificance {
  method: string;
  errorRate: RateSignificance;
  /** Null when nothing was validated against a schema. */
  schemaPassRate: RateSignificance | null;
  /** Either rate is significantly worse for the candidate. */
  regressed: boolean;
  /** One plain sentence per rate that moved significantly (or "no significant difference"). */
  reasons: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function rate(a: { x: number; n: number }, b: { x: number; n: number }, higherIsWorse: boolean): RateSignificance {
  const d = compareProportions(a, b);
  const worse = d.difference !== null && (higherIsWorse ? d.difference > 0 : d.difference < 0);
  return { ...d, regressed: d.significant && worse, improved: d.significant && !worse && d.difference !== 0 };
}

function sentence(name: string, r: RateSignificance): string {
  const ci = r.ci95 ? `, 95% CI ${r.ci95.map((v) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}`).join(' to ')} points` : '';
  return `${name} ${pct(r.a.rate ?? 0)} (${r.a.x}/${r.a.n}) → ${pct(r.b.rate ?? 0)} (${r.b.x}/${r.b.n}), p = ${r.pValue?.toPrecision(2)}${ci}`;
}

/** Baseline (a) against candidate (b) on error rate and schema pass rate. */
export function runSignificance(arms: { baseline: ArmMetrics; candidate: ArmMetrics }): RunSignificance {
  const { baseline: b, candidate: c } = arms;
  const errorRate = rate({ x: b.errors, n: b.n }, { x: c.errors, n: c.n }, true);
  const schemaPassRate = b.schemaPassRate !== null && c.schemaPassRate !== null
    ? rate({ x: b.schemaPass, n: b.n }, { x: c.schemaPass, n: c.n }, false)
    : null;
  const reasons: string[] = [];
  if (errorRate.regressed) reasons.push(`error rate rose significantly: ${sentence('errors', errorRate)}`);
  else if (errorRate.improved) reasons.push(`error rate fell significantly: ${sentence('errors', errorRate)}`);
  if (schemaPassRate?.regressed) reasons.push(`schema pass rate fell significantly: ${sentence('schema pass', schemaPassRate)}`);
  else if (schemaPassRate?.improved) reasons.push(`schema pass rate rose significantly: ${sentence('schema pass', schemaPassRate)}`);
  if (reasons.length === 0) reasons.push('no significant difference in error rate or schema pass rate');
  return { method: DIFFERENCE_METHOD, errorRate, schemaPassRate, regressed: errorRate.regressed || !!schemaPassRate?.regressed, reasons };
}
