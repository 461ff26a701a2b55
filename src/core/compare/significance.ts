// Did the candidate's error rate or schema pass rate move beyond chance? The verdict the review
// shows and the canary plan's go / no-go rests on. Rates come from the run's counts (ArmMetrics).
// With repeats, a difference no larger than the baseline's own spread between its repeats is noise
// (noise.ts), not a regression, however small the p-value.
import { compareProportions, DIFFERENCE_METHOD, type ProportionDifference } from '../stats/proportions';
import type { ArmMetrics } from './metrics';
import type { NoiseBands } from './noise';

export interface RateSignificance extends ProportionDifference {
  /** The candidate is significantly worse on this rate (and beyond the baseline's noise, when measured). */
  regressed: boolean;
  /** The candidate is significantly better on this rate (and beyond the baseline's noise, when measured). */
  improved: boolean;
  /** The baseline's spread of this rate between its own repeats; null when not measured. */
  noiseSpread: number | null;
  /** The difference is significant but no larger than noiseSpread, so it counts as neither. */
  withinNoise: boolean;
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
const points = (x: number) => `${(x * 100).toFixed(1)} points`;

function rate(a: { x: number; n: number }, b: { x: number; n: number }, higherIsWorse: boolean, spread: number | null): RateSignificance {
  const d = compareProportions(a, b);
  const worse = d.difference !== null && (higherIsWorse ? d.difference > 0 : d.difference < 0);
  // A tolerance for rates computed from different denominators that are equal on paper.
  const withinNoise = d.significant && spread !== null && d.difference !== null && Math.abs(d.difference) <= spread + 1e-9;
  const counts = d.significant && !withinNoise;
  return { ...d, regressed: counts && worse, improved: counts && !worse && d.difference !== 0, noiseSpread: spread, withinNoise };
}

function sentence(name: string, r: RateSignificance): string {
  const ci = r.ci95 ? `, 95% CI ${r.ci95.map((v) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}`).join(' to ')} points` : '';
  return `${name} ${pct(r.a.rate ?? 0)} (${r.a.x}/${r.a.n}) → ${pct(r.b.rate ?? 0)} (${r.b.x}/${r.b.n}), p = ${r.pValue?.toPrecision(2)}${ci}`;
}

function reasonsFor(label: string, name: string, r: RateSignificance, worseWord: string, betterWord: string): string[] {
  if (r.regressed) return [`${label} ${worseWord} significantly: ${sentence(name, r)}`];
  if (r.improved) return [`${label} ${betterWord} significantly: ${sentence(name, r)}`];
  if (r.withinNoise) {
    return [`${label} moved (${sentence(name, r)}) but by no more than the baseline's own spread between repeats (${points(r.noiseSpread ?? 0)}): within noise, not a regression`];
  }
  return [];
}

/**
 * Baseline (a) against candidate (b) on error rate and schema pass rate. `noise` (from repeats,
 * noise.ts) widens what counts as no change; without it the verdict is the test's alone.
 */
export function runSignificance(arms: { baseline: ArmMetrics; candidate: ArmMetrics }, noise?: NoiseBands): RunSignificance {
  const { baseline: b, candidate: c } = arms;
  const errorRate = rate({ x: b.errors, n: b.n }, { x: c.errors, n: c.n }, true, noise?.errorRate ?? null);
  const schemaPassRate = b.schemaPassRate !== null && c.schemaPassRate !== null
    ? rate({ x: b.schemaPass, n: b.n }, { x: c.schemaPass, n: c.n }, false, noise?.schemaPassRate ?? null)
    : null;
  const reasons = [
    ...reasonsFor('error rate', 'errors', errorRate, 'rose', 'fell'),
    ...(schemaPassRate ? reasonsFor('schema pass rate', 'schema pass', schemaPassRate, 'fell', 'rose') : []),
  ];
  if (reasons.length === 0) reasons.push('no significant difference in error rate or schema pass rate');
  const method = noise ? `${DIFFERENCE_METHOD}; a difference within the baseline's spread between repeats is not counted` : DIFFERENCE_METHOD;
  return { method, errorRate, schemaPassRate, regressed: errorRate.regressed || !!schemaPassRate?.regressed, reasons };
}
