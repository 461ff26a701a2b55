// The go / no-go of each run for the Runs view: computed in the background (it reads the run's
// results), cached per run until results.jsonl or review.json change. No vscode: the tree asks for a
// verdict synchronously and is told when one arrives.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { planForRun } from '../../node/rolloutInput';

export interface RunVerdict {
  verdict: 'go' | 'no-go' | 'unavailable';
  /** Why no-go, or why there is no plan (a run without results, one arm, ...). */
  reasons: string[];
}

async function stamp(dir: string): Promise<string> {
  const parts = await Promise.all(['results.jsonl', 'review.json'].map((f) => stat(join(dir, f)).then((s) => `${s.size}:${s.mtimeMs}`, () => '-')));
  return parts.join('|');
}

export class RolloutVerdicts {
  private readonly known = new Map<string, { stamp: string; verdict: RunVerdict }>();
  private readonly pending = new Map<string, Promise<RunVerdict>>();

  constructor(private readonly onChange: () => void) {}

  /** The last verdict computed for the run, if any (may be stale until `refresh`). */
  peek(dir: string): RunVerdict | undefined {
    return this.known.get(dir)?.verdict;
  }

  /** The verdict, recomputed when the run's files changed since it was computed. */
  get(dir: string): Promise<RunVerdict> {
    const running = this.pending.get(dir);
    if (running) return running;
    const p = (async () => {
      const s = await stamp(dir);
      const cached = this.known.get(dir);
      if (cached && cached.stamp === s) return cached.verdict;
      const planned = await planForRun(dir, {});
      const verdict: RunVerdict = planned.ok
        ? { verdict: planned.value.plan.decision.verdict, reasons: planned.value.plan.decision.reasons }
        : { verdict: 'unavailable', reasons: [planned.error] };
      const changed = cached?.verdict.verdict !== verdict.verdict || cached?.verdict.reasons.join('\n') !== verdict.reasons.join('\n');
      this.known.set(dir, { stamp: s, verdict });
      if (changed) this.onChange();
      return verdict;
    })().finally(() => this.pending.delete(dir));
    this.pending.set(dir, p);
    return p;
  }
}
