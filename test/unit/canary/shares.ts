// Counts, stage by stage, which keys a flag sends to the candidate, and whether any key that was on
// the candidate at one stage is back on the baseline at a later one (monotone assignment).
export interface StageShares { weight: number; share: number; movedBack: number }

export function shareTracker(candidate: string) {
  let previous: boolean[] | null = null;
  const out: StageShares[] = [];
  return {
    stage(weight: number, values: readonly unknown[]): void {
      const on = values.map((v) => v === candidate);
      const movedBack = previous ? previous.filter((was, i) => was && !on[i]).length : 0;
      out.push({ weight, share: on.filter(Boolean).length / on.length, movedBack });
      previous = on;
    },
    results: (): StageShares[] => out,
  };
}
