// Statistics on rates (error rate, schema pass rate) shared by the comparison and the canary plan.
// Exact or score-based methods, because the counts are small and zero counts are common: Wilson score
// intervals, Newcombe's hybrid score interval for a difference, Fisher's exact test, the standard
// two-proportion sample-size formula, and the rule of three.

/** A count of events among n trials. */
export interface Count {
  x: number;
  n: number;
}

/** Standard normal quantiles used here (two-sided 95%, one-sided 95%, 80% power). */
export const Z_95_TWO_SIDED = 1.959963984540054;
export const Z_95_ONE_SIDED = 1.6448536269514722;
export const Z_POWER_80 = 0.8416212335729143;

/** Wilson score interval for x/n; [0, 1] when n is 0. */
export function wilsonInterval({ x, n }: Count, z = Z_95_TWO_SIDED): [number, number] {
  if (n <= 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval (his method 10) for p_b − p_a, built from the two Wilson intervals.
 * Good coverage for small n and zero counts, unlike the Wald interval.
 */
export function newcombeInterval(a: Count, b: Count, z = Z_95_TWO_SIDED): [number, number] {
  const pa = a.n > 0 ? a.x / a.n : 0;
  const pb = b.n > 0 ? b.x / b.n : 0;
  const [la, ua] = wilsonInterval(a, z);
  const [lb, ub] = wilsonInterval(b, z);
  const d = pb - pa;
  const lower = d - Math.sqrt((pb - lb) ** 2 + (ua - pa) ** 2);
  const upper = d + Math.sqrt((ub - pb) ** 2 + (pa - la) ** 2);
  return [Math.max(-1, lower), Math.min(1, upper)];
}

const LOG_FACTORIAL: number[] = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACTORIAL.length; i <= n; i++) LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
  return LOG_FACTORIAL[n];
}

/**
 * Two-sided Fisher's exact test on the 2×2 table [[a.x, a.n − a.x], [b.x, b.n − b.x]]: the sum of the
 * probabilities of every table with the same margins that is no more likely than the observed one.
 */
export function fisherExactTwoSided(a: Count, b: Count): number {
  const n = a.n + b.n;
  const k = a.x + b.x;
  if (a.n === 0 || b.n === 0 || k === 0 || k === n) return 1;
  const logP = (x: number) => logFactorial(a.n) + logFactorial(b.n) + logFactorial(k) + logFactorial(n - k)
    - logFactorial(n) - logFactorial(x) - logFactorial(a.n - x) - logFactorial(k - x) - logFactorial(b.n - k + x);
  const observed = logP(a.x);
  const lo = Math.max(0, k - b.n);
  const hi = Math.min(k, a.n);
  let p = 0;
  // Relative tolerance, as R's fisher.test uses, so ties in probability count as "as extreme".
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    if (lp <= observed + 1e-7) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

export interface ProportionDifference {
  /** How the interval and the p-value were computed, for the output. */
  method: string;
  a: Count & { rate: number | null };
  b: Count & { rate: number | null };
  /** rate(b) − rate(a); null when either side has no trials. */
  difference: number | null;
  ci95: [number, number] | null;
  pValue: number | null;
  /** p < 0.05 (the interval then excludes 0 too in all but borderline cases). */
  significant: boolean;
}

export const DIFFERENCE_METHOD = "Fisher's exact test (two-sided, α = 0.05); 95% interval on the difference by Newcombe's hybrid score method";

/** Is rate(b) different from rate(a)? */
export function compareProportions(a: Count, b: Count): ProportionDifference {
  const rate = (c: Count) => (c.n > 0 ? c.x / c.n : null);
  const ra = rate(a);
  const rb = rate(b);
  const usable = ra !== null && rb !== null;
  const pValue = usable ? fisherExactTwoSided(a, b) : null;
  return {
    method: DIFFERENCE_METHOD,
    a: { ...a, rate: ra },
    b: { ...b, rate: rb },
    difference: usable ? rb - ra : null,
    ci95: usable ? newcombeInterval(a, b) : null,
    pValue,
    significant: pValue !== null && pValue < 0.05,
  };
}

/**
 * Requests per arm needed to detect a rise of a failure rate from p0 to p1 with a one-sided test at
 * level α and the given power (the standard normal-approximation formula for two proportions):
 * n = (z_α·√(2·p̄·(1−p̄)) + z_β·√(p0(1−p0) + p1(1−p1)))² / (p1 − p0)², p̄ = (p0 + p1) / 2, rounded up.
 */
export function twoProportionSampleSize(p0: number, p1: number, zAlpha = Z_95_ONE_SIDED, zBeta = Z_POWER_80): number {
  if (!(p1 > p0) || p0 < 0 || p1 > 1) throw new RangeError(`sample size needs 0 ≤ p0 < p1 ≤ 1 (got ${p0}, ${p1})`);
  const pBar = (p0 + p1) / 2;
  const num = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p0 * (1 - p0) + p1 * (1 - p1));
  return Math.ceil((num * num) / ((p1 - p0) ** 2));
}

/** Rule of three: with 0 events in n trials, the 95% upper bound on the rate is about 3/n; so n = ⌈3/rate⌉. */
export function ruleOfThreeSampleSize(rate: number): number {
  if (!(rate > 0 && rate <= 1)) throw new RangeError(`rule of three needs a rate in (0, 1] (got ${rate})`);
  return Math.ceil(3 / rate);
}
