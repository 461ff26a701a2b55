// Reviewer decisions on a run's cases: review.json in the run directory (CLI.md). The review panel
// writes it, `compare` and `canary` read it. A run can hold several call sites, so a decision names
// its call site as well as its case; files that name only cases (CLI.md's minimal shape) still load.
// In a sweep a decision is on one candidate's answer, so it names that arm too; a decision without
// an arm is on the candidate of a run of one candidate (every file written before sweeps).

export type ReviewVerdict = 'accepted' | 'flagged';

export interface ReviewDecision {
  /** Absent in files that hold one call site's decisions only; then it applies to any call site. */
  callSiteId?: string;
  caseId: string;
  /** The sweep arm whose answer was judged; absent for the 'candidate' of a run of one candidate. */
  arm?: string;
  decision: ReviewVerdict;
  comment: string;
  by: string;
  /** ISO time of the decision. */
  at: string;
}

export interface ReviewFile {
  version: 1;
  decisions: ReviewDecision[];
}

export const REVIEW_FILE = 'review.json';

export type ParsedReview = { ok: true; review: ReviewFile; warnings: string[] } | { ok: false; error: string };

export const emptyReview = (): ReviewFile => ({ version: 1, decisions: [] });

const isString = (v: unknown): v is string => typeof v === 'string';

/** Reads review.json text: `{version, decisions: [...]}` or a bare array of decisions. Bad entries are skipped with a warning. */
export function parseReview(text: string): ParsedReview {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? (raw as { decisions?: unknown }).decisions : undefined;
  if (!Array.isArray(list)) return { ok: false, error: 'expected {"decisions": [...]} or an array of decisions' };
  const warnings: string[] = [];
  const review = emptyReview();
  list.forEach((d: unknown, i) => {
    const o = (d ?? {}) as Record<string, unknown>;
    if (!isString(o.caseId) || !o.caseId) { warnings.push(`decision ${i + 1}: no caseId; ignored`); return; }
    if (o.decision !== 'accepted' && o.decision !== 'flagged') { warnings.push(`decision ${i + 1} (${o.caseId}): decision must be "accepted" or "flagged"; ignored`); return; }
    review.decisions.push({
      ...(isString(o.callSiteId) && o.callSiteId ? { callSiteId: o.callSiteId } : {}),
      caseId: o.caseId, ...(isString(o.arm) && o.arm && o.arm !== PAIR_CANDIDATE ? { arm: o.arm } : {}), decision: o.decision,
      comment: isString(o.comment) ? o.comment : '', by: isString(o.by) ? o.by : '', at: isString(o.at) ? o.at : '',
    });
  });
  return { ok: true, review: normaliseReview(review), warnings };
}

/** The arm of a run of one candidate: decisions on it carry no arm. */
const PAIR_CANDIDATE = 'candidate';
const armKey = (arm: string | undefined) => (arm === undefined || arm === PAIR_CANDIDATE ? '' : arm);
const keyOf = (d: Pick<ReviewDecision, 'callSiteId' | 'caseId' | 'arm'>) => `${d.callSiteId ?? ''}\u0000${d.caseId}${armKey(d.arm) ? `\u0000${d.arm}` : ''}`;

/** One decision per (call site, case): the last one written wins; sorted so the file diffs well. */
export function normaliseReview(review: ReviewFile): ReviewFile {
  const byKey = new Map<string, ReviewDecision>();
  for (const d of review.decisions) byKey.set(keyOf(d), d);
  const decisions = [...byKey.values()].sort((a, b) => keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0);
  return { version: 1, decisions };
}

/** Sets (or, with `decision: null`, clears) the decision on one case. Returns a new file. */
export function withDecision(review: ReviewFile, target: { callSiteId?: string; caseId: string; arm?: string }, decision: Omit<ReviewDecision, 'callSiteId' | 'caseId' | 'arm'> | null): ReviewFile {
  const k = keyOf(target);
  const rest = review.decisions.filter((d) => keyOf(d) !== k);
  if (decision) rest.push({ ...(target.callSiteId ? { callSiteId: target.callSiteId } : {}), caseId: target.caseId, ...(armKey(target.arm) ? { arm: target.arm } : {}), ...decision });
  return normaliseReview({ version: 1, decisions: rest });
}

export function serialiseReview(review: ReviewFile): string {
  return JSON.stringify(normaliseReview(review), null, 2) + '\n';
}

/**
 * The decision on a case of a call site (and, in a sweep, of an arm): one naming the call site wins
 * over one that names none.
 */
export function decisionFor(review: ReviewFile, callSiteId: string, caseId: string, arm?: string): ReviewDecision | undefined {
  let loose: ReviewDecision | undefined;
  const a = armKey(arm);
  for (const d of review.decisions) {
    if (d.caseId !== caseId || armKey(d.arm) !== a) continue;
    if (d.callSiteId === callSiteId) return d;
    if (d.callSiteId === undefined) loose = d;
  }
  return loose;
}

/**
 * decisionFor over many cases of one call site: the decisions indexed once, so a report of 10,000
 * cases does not scan every decision for every case. Same answers as decisionFor.
 */
export function decisionLookup(review: ReviewFile, callSiteId: string, arm?: string): (caseId: string) => ReviewDecision | undefined {
  const exact = new Map<string, ReviewDecision>(), loose = new Map<string, ReviewDecision>();
  const a = armKey(arm);
  for (const d of review.decisions) {
    if (armKey(d.arm) !== a) continue;
    if (d.callSiteId === callSiteId) exact.set(d.caseId, d);
    else if (d.callSiteId === undefined) loose.set(d.caseId, d);
  }
  return (caseId) => exact.get(caseId) ?? loose.get(caseId);
}

export interface ReviewSummary {
  accepted: number;
  flagged: number;
  flaggedCases: Array<{ caseId: string; comment: string; by: string }>;
}

/** Counts for one call site, over the cases it has (decisions on unknown cases are not counted). */
export function reviewSummary(review: ReviewFile, callSiteId: string, caseIds: Iterable<string>, arm?: string): ReviewSummary {
  const out: ReviewSummary = { accepted: 0, flagged: 0, flaggedCases: [] };
  const decisionOf = decisionLookup(review, callSiteId, arm);
  for (const caseId of caseIds) {
    const d = decisionOf(caseId);
    if (!d) continue;
    if (d.decision === 'accepted') out.accepted++;
    else { out.flagged++; out.flaggedCases.push({ caseId, comment: d.comment, by: d.by }); }
  }
  return out;
}
