// How many candidate requests a stage needs before it may advance: enough to detect the configured
// regression of the baseline's observed failure rates (error rate; schema failure rate when outputs
// are validated) with a one-sided test at α = 0.05 and 80% power. Every number is kept with its
// working so the Markdown plan can show a reviewer the arithmetic.
import { ruleOfThreeSampleSize, twoProportionSampleSize, Z_95_ONE_SIDED, Z_POWER_80 } from '../stats/proportions';
import type { RateSizing, SampleSizing } from './types';

export const SAMPLE_SIZE_FORMULA = 'n = ⌈(z_α·√(2·p̄·(1−p̄)) + z_β·√(p0·(1−p0) + p1·(1−p1)))² / (p1 − p0)²⌉, p̄ = (p0 + p1)/2; z_α = 1.645 (one-sided α = 0.05), z_β = 0.842 (80% power)';
export const RULE_OF_THREE = 'when the baseline saw 0 failures: 0 failures in n requests bound the rate below 3/n (95%), so n = ⌈3 / p1⌉';

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (x: number) => `${round(x * 100, 4)}%`;

/** p1: the failure rate to detect — p0 × factor or p0 + minPoints, whichever is larger, at most 1. */
export function detectRate(p0: number, factor: number, minPoints: number): number {
  return round(Math.min(1, Math.max(p0 * factor, p0 + minPoints)));
}

export function sizeRate(metric: RateSizing['metric'], failures: number, requests: number, factor: number, minPoints: number): RateSizing {
  const p0 = requests > 0 ? round(failures / requests) : 0;
  const p1 = detectRate(p0, factor, minPoints);
  const base = { metric, baselineFailures: failures, baselineRequests: requests, baselineRate: p0, detectRate: p1 };
  if (p0 === 0) {
    const n = ruleOfThreeSampleSize(p1);
    return { ...base, method: 'rule-of-three', minRequests: n, working: `p0 = 0/${requests}; p1 = ${pct(p1)}; n = ⌈3 / ${p1}⌉ = ${n}` };
  }
  if (!(p1 > p0)) {
    // The baseline already fails (nearly) always: there is no higher rate to detect. Size as for the
    // smallest regression the plan considers, so stages still see some traffic before advancing.
    const n = ruleOfThreeSampleSize(minPoints);
    return { ...base, method: 'not-applicable', minRequests: n, working: `p0 = ${failures}/${requests} = ${pct(p0)} leaves no higher rate to detect; sized as ⌈3 / ${minPoints}⌉ = ${n}` };
  }
  const n = twoProportionSampleSize(p0, p1);
  return { ...base, method: 'two-proportion', minRequests: n, working: `p0 = ${failures}/${requests} = ${pct(p0)}; p1 = ${pct(p1)}; p̄ = ${pct(round((p0 + p1) / 2))}; n = ${n}` };
}

export interface SizingInput {
  errors: number;
  requests: number;
  /** Null when outputs were not validated against a schema. */
  schemaFailures: number | null;
  schemaRequests: number;
  factor: number;
  minPoints: number;
}

export function sizeStages(i: SizingInput): SampleSizing {
  const rates = [sizeRate('errorRate', i.errors, i.requests, i.factor, i.minPoints)];
  if (i.schemaFailures !== null) rates.push(sizeRate('schemaFailureRate', i.schemaFailures, i.schemaRequests, i.factor, i.minPoints));
  return {
    formula: SAMPLE_SIZE_FORMULA,
    ruleOfThree: RULE_OF_THREE,
    alpha: 0.05,
    power: 0.8,
    sided: 'one-sided',
    zAlpha: round(Z_95_ONE_SIDED, 4),
    zBeta: round(Z_POWER_80, 4),
    regression: { factor: i.factor, minPoints: i.minPoints, rule: `p1 = max(p0 × ${i.factor}, p0 + ${round(i.minPoints * 100, 4)} points), at most 100%` },
    rates,
    minCandidateRequests: Math.max(...rates.map((r) => r.minRequests)),
  };
}

/** The shortest time a stage takes to collect `n` candidate requests at `rps` with `weight`% of traffic. */
export function stageSeconds(n: number, rps: number, weight: number, floor: number): number {
  return Math.max(floor, Math.ceil(n / (rps * (weight / 100))));
}
