// Time limits that hold on a loaded machine. The limits in the scanner tests are there to catch a
// runaway (exponential backtracking, a quadratic walk), not to benchmark: each is scaled by how slow
// this machine is right now, measured on a fixed CPU workload just before (benchmarks live in bench/).

/** Milliseconds the calibration workload takes on an idle 2-core CI machine. */
const IDLE_MS = 12;
let cached: { at: number; factor: number } | null = null;

function workload(): number {
  let acc = 0;
  const data = Array.from({ length: 2_000 }, (_, i) => ({ i, s: `item-${i}`, tags: [i % 7, i % 11] }));
  for (let r = 0; r < 8; r++) acc += JSON.parse(JSON.stringify(data)).length;
  return acc;
}

/** How many times slower than idle this machine is now (≥ 1), re-measured at most every 2 s. */
export function loadFactor(): number {
  if (cached && performance.now() - cached.at < 2_000) return cached.factor;
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    workload();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  cached = { at: performance.now(), factor: Math.max(1, runs[1] / IDLE_MS) };
  return cached.factor;
}

/** `ms` on an idle machine, stretched by the current load. */
export function budget(ms: number): number {
  return ms * loadFactor();
}
