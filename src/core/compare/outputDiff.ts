// One case's outputs, baseline against candidate, as a reviewer reads them: JSON compared as data
// (canonical text + the paths that moved), text line by line with the changed words marked inside
// changed lines. Guarded for size: a word diff is quadratic at worst, so past a budget the marks
// fall back to whole lines; a line diff past its edit budget pairs the lines one to one when both
// sides have as many, and shows them "replaced as a whole" when not.
import { diffLines, diffWordsWithSpace, type Change } from 'diff';
import { canonicalPretty, jsonChanges, type JsonChange } from './jsonChanges';

export interface OutputSide {
  output: string | null;
  /** The parsed JSON of the record (`json`), or null/undefined when the output is not JSON. */
  json?: unknown;
}

/** A run of characters of one line; `mark` = changed (rendered inside <ins>/<del> as text, never as HTML). */
export interface Segment {
  text: string;
  mark: boolean;
}

export type DiffRow =
  | { kind: 'same'; before: number; after: number; text: string }
  | { kind: 'changed'; before: number; after: number; left: Segment[]; right: Segment[] }
  | { kind: 'removed'; before: number; left: Segment[] }
  | { kind: 'added'; after: number; right: Segment[] }
  /** Unchanged lines folded away (`count` of them), between the rows around it. */
  | { kind: 'gap'; count: number };

export interface TextHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Unified-diff lines: ' ' context, '-' removed, '+' added. */
  lines: string[];
}

export interface OutputDiff {
  kind: 'json' | 'text';
  changed: boolean;
  /** What each side is shown as: canonical pretty JSON, or the raw text. */
  before: string;
  after: string;
  /** JSON only: the paths that differ (empty for text). */
  changes: JsonChange[];
  changesOmitted: number;
  /** Side-by-side rows with `context` unchanged lines around changes and gaps elsewhere. */
  rows: DiffRow[];
  hunks: TextHunk[];
  /** 'word' normally; 'line' when the word budget ran out; 'whole' when the line diff gave up on sides of different lengths. */
  granularity: 'word' | 'line' | 'whole';
}

export interface DiffLimits {
  /** Lines of unchanged context kept around each change. */
  context: number;
  /** Characters of changed lines word-diffed in all; past it, changed lines are marked whole. */
  wordBudgetChars: number;
  /** A changed line pair longer than this is marked whole (a word diff of one huge line is the worst case). */
  maxWordLineChars: number;
  /** Line edits past which the line diff gives up (both sides shown as replaced). */
  maxLineEdits: number;
}

export const DEFAULT_LIMITS: DiffLimits = { context: 3, wordBudgetChars: 64_000, maxWordLineChars: 4_000, maxLineEdits: 4_000 };

const hasJson = (s: OutputSide) => s.json !== null && s.json !== undefined;

export function diffOutputs(a: OutputSide, b: OutputSide, limits: Partial<DiffLimits> = {}): OutputDiff {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  if (hasJson(a) && hasJson(b)) {
    const before = canonicalPretty(a.json);
    const after = canonicalPretty(b.json);
    const { changes, omitted } = before === after ? { changes: [], omitted: 0 } : jsonChanges(a.json, b.json);
    return { kind: 'json', changed: before !== after, before, after, changes, changesOmitted: omitted, ...lineDiff(before, after, lim) };
  }
  const before = a.output ?? '';
  const after = b.output ?? '';
  return { kind: 'text', changed: before.trim() !== after.trim(), before, after, changes: [], changesOmitted: 0, ...lineDiff(before, after, lim) };
}

function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

type FullRow = Exclude<DiffRow, { kind: 'gap' }>;

/** Rows for every line (no folding) and the granularity reached. */
export function lineDiff(before: string, after: string, lim: DiffLimits = DEFAULT_LIMITS): { rows: DiffRow[]; hunks: TextHunk[]; granularity: OutputDiff['granularity'] } {
  // A missing newline at the end is not a change of the last line.
  const eol = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);
  const parts: Change[] | undefined = before === after
    ? [{ value: before, count: splitLines(before).length, added: false, removed: false }]
    : diffLines(eol(before), eol(after), { maxEditLength: editBudget(before, after, lim.maxLineEdits) });
  let granularity: OutputDiff['granularity'] = 'word';
  const full: FullRow[] = [];
  let budget = lim.wordBudgetChars;
  let bl = 1, al = 1;
  const pair = (l: string, r: string): FullRow => {
    const row: FullRow = { kind: 'changed', before: bl++, after: al++, left: [{ text: l, mark: true }], right: [{ text: r, mark: true }] };
    if (l.length > lim.maxWordLineChars || r.length > lim.maxWordLineChars || l.length + r.length > budget) { granularity = 'line'; return row; }
    budget -= l.length + r.length;
    const words = diffWordsWithSpace(l, r);
    row.left = words.filter((w) => !w.added).map((w) => ({ text: w.value, mark: w.removed }));
    row.right = words.filter((w) => !w.removed).map((w) => ({ text: w.value, mark: w.added }));
    return row;
  };
  const emitChange = (removed: string[], added: string[]) => {
    const n = Math.min(removed.length, added.length);
    for (let i = 0; i < n; i++) full.push(pair(removed[i], added[i]));
    for (let i = n; i < removed.length; i++) full.push({ kind: 'removed', before: bl++, left: [{ text: removed[i], mark: true }] });
    for (let i = n; i < added.length; i++) full.push({ kind: 'added', after: al++, right: [{ text: added[i], mark: true }] });
  };
  const beforeLines = parts ? null : splitLines(before), afterLines = parts ? null : splitLines(after);
  if (beforeLines && afterLines && beforeLines.length === afterLines.length) {
    // Too many edits to align, but as many lines on both sides: edits made in place — a JSON value
    // in every other item, a word in many lines. Pairing line by line shows exactly that, in O(n).
    for (let i = 0; i < beforeLines.length; i++) {
      if (beforeLines[i] === afterLines[i]) full.push({ kind: 'same', before: bl++, after: al++, text: beforeLines[i] });
      else full.push(pair(beforeLines[i], afterLines[i]));
    }
  } else if (beforeLines && afterLines) {
    granularity = 'whole';
    emitChange(beforeLines, []);
    emitChange([], afterLines);
  } else if (parts) {
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (!p.added && !p.removed) { for (const t of splitLines(p.value)) full.push({ kind: 'same', before: bl++, after: al++, text: t }); continue; }
      const removed = p.removed ? splitLines(p.value) : [];
      const next = p.removed && parts[i + 1]?.added ? parts[++i] : p.added ? p : undefined;
      emitChange(removed, next ? splitLines(next.value) : []);
    }
  }
  const keep = keptMask(full, lim.context);
  return { rows: fold(full, keep), hunks: hunksOf(full, keep), granularity };
}

/**
 * Myers' diff costs about lines × edits, and giving up costs the whole budget: scale the budget down
 * for long outputs so two very different 200 KB outputs still answer in tens of milliseconds.
 */
function editBudget(before: string, after: string, max: number): number {
  let lines = 2;
  for (const s of [before, after]) for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines++;
  return Math.max(200, Math.min(max, Math.floor(1_500_000 / lines)));
}

/** Keeps `context` unchanged rows around changes; longer unchanged runs become one gap row. */
function fold(rows: FullRow[], keep: boolean[]): DiffRow[] {
  const out: DiffRow[] = [];
  let gap = 0;
  rows.forEach((r, i) => {
    if (keep[i]) { if (gap) out.push({ kind: 'gap', count: gap }); gap = 0; out.push(r); } else gap++;
  });
  if (gap) out.push({ kind: 'gap', count: gap });
  return out;
}

/** Rows within `context` of a change: one pass each way (a 200 KB output has thousands of rows). */
function keptMask(rows: FullRow[], context: number): boolean[] {
  const keep = new Array<boolean>(rows.length).fill(false);
  let since = Infinity;
  for (let i = 0; i < rows.length; i++) {
    since = rows[i].kind !== 'same' ? 0 : since + 1;
    if (since <= context) keep[i] = true;
  }
  since = Infinity;
  for (let i = rows.length - 1; i >= 0; i--) {
    since = rows[i].kind !== 'same' ? 0 : since + 1;
    if (since <= context) keep[i] = true;
  }
  return keep;
}

const textOf = (segs: Segment[]) => segs.map((s) => s.text).join('');

/** Unified-diff hunks with the kept context lines, from the same rows (the line diff runs once). */
function hunksOf(rows: FullRow[], keep: boolean[]): TextHunk[] {
  const hunks: TextHunk[] = [];
  let h: TextHunk | null = null;
  let bl = 1, al = 1;
  rows.forEach((r, i) => {
    if (keep[i]) {
      h ??= { oldStart: bl, oldLines: 0, newStart: al, newLines: 0, lines: [] };
      if (r.kind === 'same') { h.lines.push(` ${r.text}`); h.oldLines++; h.newLines++; }
      if (r.kind === 'changed' || r.kind === 'removed') { h.lines.push(`-${textOf(r.left)}`); h.oldLines++; }
      if (r.kind === 'changed' || r.kind === 'added') { h.lines.push(`+${textOf(r.right)}`); h.newLines++; }
    } else if (h) { hunks.push(h); h = null; }
    if (r.kind !== 'added') bl++;
    if (r.kind !== 'removed') al++;
  });
  if (h) hunks.push(h);
  // A changed row prints its '-' line before its '+' line; unified diffs group all '-' before '+'
  // within a run of changes, which readers expect: regroup each run.
  for (const hunk of hunks) hunk.lines = regroup(hunk.lines);
  return hunks;
}

function regroup(lines: string[]): string[] {
  const out: string[] = [];
  let minus: string[] = [], plus: string[] = [];
  const flush = () => { out.push(...minus, ...plus); minus = []; plus = []; };
  for (const l of lines) {
    if (l[0] === '-') minus.push(l);
    else if (l[0] === '+') plus.push(l);
    else { flush(); out.push(l); }
  }
  flush();
  return out;
}
