// A case's diff as `compare --json` and the Markdown report carry it: compact, because the case
// already carries both outputs whole. JSON outputs: the paths that moved, with old and new values.
// Text outputs: unified hunks at line granularity (the word marks are for the side-by-side views,
// which compute them from the outputs with diffOutputs), capped in lines and line length.
import { jsonChanges, pathPattern, type JsonChange } from './jsonChanges';
import type { CaseArmOutcome, CaseComparison } from './metrics';
import { DEFAULT_LIMITS, lineDiff, type TextHunk } from './outputDiff';

export type CaseDiff =
  | {
    kind: 'json';
    /** Paths added, removed or changed, in path order (the first `maxChanges`). */
    changes: JsonChange[];
    /** Changes past the list, counted. */
    changesOmitted: number;
    /** The distinct fields that moved, as path patterns (`$.items[*].priority`), from all changes listed or not. */
    fields: string[];
    /** How much changed: the number of paths. Ranks the most-changed cases. */
    size: number;
  }
  | {
    kind: 'text';
    hunks: TextHunk[];
    /** Hunk lines past `maxLines`, dropped from the end. */
    linesOmitted: number;
    /** 'line', or 'whole' when the outputs were too different to align. */
    granularity: 'line' | 'whole';
    /** How much changed: lines removed plus lines added. */
    size: number;
  };

export interface CaseDiffLimits {
  maxChanges: number;
  maxLines: number;
  /** Characters kept of one hunk line (the whole outputs are in the case). */
  maxLineChars: number;
}

export const CASE_DIFF_LIMITS: CaseDiffLimits = { maxChanges: 50, maxLines: 120, maxLineChars: 400 };

const hasJson = (o: CaseArmOutcome) => o.json !== null && o.json !== undefined;

/**
 * The diff of repeat 0's outputs; null when they are the same, or when either arm has no answer to
 * compare (an error or a missing result: its `error` says why).
 */
export function caseDiff(c: Pick<CaseComparison, 'baseline' | 'candidate'>, limits: Partial<CaseDiffLimits> = {}): CaseDiff | null {
  const lim = { ...CASE_DIFF_LIMITS, ...limits };
  const a = c.baseline, b = c.candidate;
  if (a.status !== 'ok' || b.status !== 'ok') return null;
  if (hasJson(a) && hasJson(b)) {
    // jsonChanges lists up to its own limit and counts the rest; ranking needs the true size.
    const { changes, omitted } = jsonChanges(a.json, b.json);
    const size = changes.length + omitted;
    if (size === 0) return null;
    const fields = [...new Set(changes.map((ch) => pathPattern(ch.path)))];
    return { kind: 'json', changes: changes.slice(0, lim.maxChanges), changesOmitted: size - Math.min(size, lim.maxChanges), fields, size };
  }
  const before = a.output ?? '', after = b.output ?? '';
  if (before.trim() === after.trim()) return null;
  // No word budget: word marks are not part of this compact form.
  const d = lineDiff(before, after, { ...DEFAULT_LIMITS, wordBudgetChars: 0 });
  let size = 0, kept = 0, linesOmitted = 0;
  const hunks: TextHunk[] = [];
  for (const h of d.hunks) {
    for (const l of h.lines) if (l[0] !== ' ') size++;
    if (kept >= lim.maxLines) { linesOmitted += h.lines.length; continue; }
    const room = lim.maxLines - kept;
    const lines = h.lines.slice(0, room).map((l) => (l.length > lim.maxLineChars ? `${l.slice(0, lim.maxLineChars)}…` : l));
    linesOmitted += h.lines.length - lines.length;
    kept += lines.length;
    hunks.push({ ...h, lines });
  }
  return { kind: 'text', hunks, linesOmitted, granularity: d.granularity === 'whole' ? 'whole' : 'line', size };
}
