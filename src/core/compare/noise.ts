// The baseline's own run-to-run disagreement, measured when a run has two or more repeats, so that a
// candidate difference no larger than the baseline's variation with itself is not called a
// regression. A model sampled twice on the same prompt does not always agree with itself; a
// migration is only to blame for what goes beyond that.
import type { CallSiteComparison, RepeatCounts } from './metrics';

export const NOISE_DEFINITION =
  "Measured only with 2 or more repeats. Rates: R_r is the baseline's rate over the records of repeat r alone; "
  + 'spread = max_r R_r − min_r R_r. A candidate difference (pooled over repeats) with |difference| ≤ spread is within '
  + "the baseline's own noise and is not called a regression (nor an improvement), whatever the test says. "
  + "Outputs: a case's baseline is unstable when its repeats did not all give the same output; a changed case "
  + 'with an unstable baseline is changed within noise, the others beyond noise.';

export interface RateNoise {
  /** The baseline's rate in each repeat (null for a repeat with no records). */
  perRepeat: Array<number | null>;
  /** max − min of perRepeat; null with fewer than two repeats that have records. */
  spread: number | null;
}

export interface RepeatNoise {
  repeats: number;
  definition: string;
  errorRate: RateNoise;
  /** Null when nothing was validated against a schema. */
  schemaPassRate: RateNoise | null;
  outputs: {
    /** Cases with two or more baseline repeats. */
    baselineCases: number;
    /** Of those, cases whose baseline repeats disagreed among themselves. */
    baselineUnstable: number;
    /** baselineUnstable / baselineCases. */
    baselineDisagreementRate: number | null;
    /** Changed cases whose baseline was unstable: the change may be the model's own variation. */
    changedWithinNoise: number;
    /** Changed cases whose baseline was stable (or had a single repeat). */
    changedBeyondNoise: number;
  };
}

/** What runSignificance needs: the spread per rate (null = not measured). */
export interface NoiseBands {
  errorRate: number | null;
  schemaPassRate: number | null;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function rateNoise(byRepeat: readonly RepeatCounts[], rateOf: (r: RepeatCounts) => number | null): RateNoise {
  const perRepeat = byRepeat.map(rateOf);
  const known = perRepeat.filter((v): v is number => v !== null);
  return { perRepeat: perRepeat.map((v) => (v === null ? null : round(v))), spread: known.length >= 2 ? round(Math.max(...known) - Math.min(...known)) : null };
}

/** Null unless some baseline case ran at least twice. */
export function repeatNoise(c: CallSiteComparison): RepeatNoise | null {
  const base = c.byRepeat.baseline;
  if (base.filter((r) => r.n > 0).length < 2) return null;
  const validated = base.some((r) => r.schemaChecked > 0) || c.byRepeat.candidate.some((r) => r.schemaChecked > 0);
  let baselineCases = 0, baselineUnstable = 0, changedWithinNoise = 0;
  for (const x of c.cases) {
    if (x.baselineStable === null) continue;
    baselineCases++;
    if (!x.baselineStable) { baselineUnstable++; if (x.changed) changedWithinNoise++; }
  }
  return {
    repeats: c.repeats,
    definition: NOISE_DEFINITION,
    errorRate: rateNoise(base, (r) => (r.n ? r.errors / r.n : null)),
    // Errors count as schema failures, as in schemaPassRate.
    schemaPassRate: validated ? rateNoise(base, (r) => (r.n ? r.schemaPass / r.n : null)) : null,
    outputs: {
      baselineCases, baselineUnstable,
      baselineDisagreementRate: baselineCases ? round(baselineUnstable / baselineCases) : null,
      changedWithinNoise, changedBeyondNoise: c.changed - changedWithinNoise,
    },
  };
}

export const noiseBands = (n: RepeatNoise | null): NoiseBands | undefined =>
  n ? { errorRate: n.errorRate.spread, schemaPassRate: n.schemaPassRate?.spread ?? null } : undefined;
