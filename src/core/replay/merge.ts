// Joining shard runs of one plan (`promptshift merge`): which plans may be joined, the joined plan,
// and the joined summary. Pure; src/cli/commands/merge.ts streams the files.
import { canonicalJson } from './cacheKey';
import { countWorkItems } from './plan';
import { workKey, type ResultRecord, type RunPlanFile, type RunSummary, type StopReason } from './records';

/** Fields that identify a run or its part of the work, not the work itself. */
const IGNORED = new Set(['runId', 'createdAt', 'shard']);

/**
 * The first field in which two plans differ (a dotted path such as `arms.candidate.model` or
 * `callSites[0].cases[3].vars.doc`), ignoring the run id, creation time and shard; null when they
 * describe the same work.
 */
export function planDifference(a: RunPlanFile, b: RunPlanFile): string | null {
  return diff(a, b, '', true);
}

function diff(a: unknown, b: unknown, path: string, top = false): string | null {
  if (a === b) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path || '(root)'} (length ${a.length} vs ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ao = a as Record<string, unknown>, bo = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
    for (const k of keys) {
      if (top && IGNORED.has(k)) continue;
      const d = diff(ao[k], bo[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  return canonicalJson(a) === canonicalJson(b) ? null : path || '(root)';
}

/** The joined plan: the first plan's, as a new run with no shard. */
export function mergedPlan(first: RunPlanFile, runId: string, createdAt: string): RunPlanFile {
  return { ...first, runId, createdAt, shard: null };
}

/** Running totals over the kept (deduplicated) records. */
export class MergeTally {
  readonly keys = new Set<string>();
  kept = 0;
  duplicates = 0;
  errors = 0;
  cached = 0;
  spentUsd = 0;

  /** True when the record is new and should be written. */
  add(r: ResultRecord): boolean {
    const k = workKey(r);
    if (this.keys.has(k)) { this.duplicates++; return false; }
    this.keys.add(k);
    this.kept++;
    if (r.status === 'error') this.errors++;
    if (r.cached) this.cached++;
    else if (typeof r.costUsd === 'number') this.spentUsd += r.costUsd;
    return true;
  }
}

export interface MergeSource {
  dir: string;
  plan: RunPlanFile;
  summary: RunSummary | null;
}

/**
 * The summary of the joined run, recomputed from the kept records. 'completed' when every work item
 * of the joined plan has a record; otherwise the first stop reason among the sources other than
 * 'completed' (or 'cancelled'), so `--resume` on the merged run finishes the rest.
 */
export function mergedSummary(plan: RunPlanFile, tally: MergeTally, sources: MergeSource[], now: string): RunSummary & { mergedFrom: { runId: string; shard: RunPlanFile['shard']; dir: string }[]; duplicates: number } {
  const total = countWorkItems(plan);
  const complete = tally.kept >= total;
  const reason: StopReason = complete ? 'completed' : sources.map((s) => s.summary?.stopReason).find((r): r is StopReason => !!r && r !== 'completed') ?? 'cancelled';
  const estimates = sources.map((s) => s.summary?.estimate ?? null);
  const estimate = estimates.every((e) => e !== null)
    ? estimates.reduce((acc, e) => ({
      requests: acc.requests + e!.requests, inputTokens: acc.inputTokens + e!.inputTokens, outputTokens: acc.outputTokens + e!.outputTokens,
      costUsd: acc.costUsd === null || e!.costUsd === null ? null : round6(acc.costUsd + e!.costUsd),
    }), { requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 as number | null })
    : null;
  return {
    runId: plan.runId, stopReason: reason,
    stopDetail: complete ? null : `merged ${tally.kept} of ${total} results; resume the merged run to send the rest`,
    total, done: tally.kept, ok: tally.kept - tally.errors, errors: tally.errors, cached: tally.cached, resumed: 0,
    spentUsd: round6(tally.spentUsd), estimate, updatedAt: now,
    mergedFrom: sources.map((s) => ({ runId: s.plan.runId, shard: s.plan.shard, dir: s.dir })), duplicates: tally.duplicates,
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
