// The review panel's messages, written once for both sides: the host (src/host/review) sends view
// models, the webview (src/webview) renders them and reports what the reviewer does. Each side
// validates what it receives with the guards below; a message that fails is logged and ignored.
// Model output travels only as plain strings here and is rendered as text nodes, never as markup.
import type { DiffRow, Segment } from '../core/compare/outputDiff';
import { arrayOf, isBool, isNum, isStr, literal, nullable, obj, tagged, type Guard } from './guards';
import { isSweepView, type SweepView } from './sweep';

export type { SweepPoint, SweepView } from './sweep';

export type Decision = 'accepted' | 'flagged';
/** One arm's outcome for a case: passed, failed its schema, errored, or never ran. */
export type ArmState = 'pass' | 'schema' | 'error' | 'missing';

export interface CaseKey { callSiteId: string; caseId: string }

export interface CaseRow {
  callSiteId: string;
  caseId: string;
  changed: boolean;
  baseline: ArmState;
  candidate: ArmState;
  decision: Decision | null;
  comment: string;
  /** Lower-cased text the search box matches: the case id and the start of both outputs. */
  search: string;
}

export interface MetricRow {
  label: string;
  baseline: string;
  candidate: string;
  delta: string;
  /** true: the candidate is worse on this row; false: better; null: neither or not comparable. */
  worse: boolean | null;
}

export interface SiteSummary {
  callSiteId: string;
  /** `src/summarize.ts:12` */
  label: string;
  baselineModel: string;
  candidateModel: string;
  rows: MetricRow[];
  regressed: boolean;
  /** The significance verdict, one sentence per rate, and the test used. */
  reasons: string[];
  method: string;
  changed: number;
  cases: number;
}

export interface RunHeader {
  runId: string;
  /** Where the run lives; the webview keeps it in its state so a reload can restore the panel. */
  runDir: string;
  createdAt: string;
  endpoint: string;
  /** Costs come from list prices on a local endpoint: simulated, not money spent. */
  simulated: boolean;
  /** A finished run, or why not ("cancelled", "no summary (interrupted)"). */
  status: string;
  /** The canary helper's "Export Rollout Plan…" command is installed: show its button. */
  canExportRollout: boolean;
}

/** Diff rows as core/compare/outputDiff.ts produces them: plain data, sent as they are. */
export type { Segment } from '../core/compare/outputDiff';
export type DiffRowView = DiffRow;

export interface SchemaErrorView { path: string; message: string }

export interface ArmDetail {
  model: string;
  state: ArmState;
  error: string | null;
  schemaErrors: SchemaErrorView[];
  latencyMs: number | null;
}

export interface CaseDetail {
  callSiteId: string;
  caseId: string;
  kind: 'json' | 'text';
  changed: boolean;
  rows: DiffRowView[];
  /** JSON only: `$.items[2].priority: "p2" → "p1"`, one per path that moved. */
  changes: string[];
  changesOmitted: number;
  granularity: 'word' | 'line' | 'whole';
  baseline: ArmDetail;
  candidate: ArmDetail;
}

/** Host → webview. */
export type HostMessage =
  /** `sweeps`: one view per call site of a sweep (several candidates); empty for a run of one candidate. */
  | { type: 'init'; header: RunHeader; sites: SiteSummary[]; sweeps: SweepView[]; total: number }
  | { type: 'cases'; start: number; total: number; rows: CaseRow[] }
  | { type: 'detail'; detail: CaseDetail }
  | { type: 'decision'; callSiteId: string; caseId: string; decision: Decision | null; comment: string }
  /** Select this case (opened from a test result, a diff, or the previous session of the panel). */
  | { type: 'focus'; callSiteId: string; caseId: string }
  | { type: 'error'; message: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'select'; callSiteId: string; caseId: string }
  | { type: 'decide'; callSiteId: string; caseId: string; decision: Decision | null; comment: string }
  | { type: 'openDiff'; callSiteId: string; caseId: string }
  | { type: 'exportRolloutPlan' }
  /** Edit the code to use the run's candidate (the migrate action, through the refactor preview). */
  | { type: 'migrate' }
  /** Edit the code to use the sweep's recommended model for this call site (Apply Recommendation). */
  | { type: 'applyRecommendation'; callSiteId: string }
  | { type: 'refresh' };

/** Longest comment kept: a note to a colleague, not a document. */
export const MAX_COMMENT = 2_000;
/** Rows per `cases` message: pages keep any one message small for thousands of cases. */
export const CASES_PAGE = 1_000;

const decision = literal('accepted', 'flagged');
const armState = literal('pass', 'schema', 'error', 'missing');
const segment = obj<Segment>({ text: isStr, mark: isBool });
const segments = arrayOf(segment);

/** Diff rows are told apart by `kind` (the shape core/compare/outputDiff.ts produces). */
const isDiffRow: Guard<DiffRowView> = (v): v is DiffRowView => {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  switch (r.kind) {
    case 'same': return isNum(r.before) && isNum(r.after) && isStr(r.text);
    case 'changed': return isNum(r.before) && isNum(r.after) && segments(r.left) && segments(r.right);
    case 'removed': return isNum(r.before) && segments(r.left);
    case 'added': return isNum(r.after) && segments(r.right);
    case 'gap': return isNum(r.count);
    default: return false;
  }
};

const armDetail = obj<ArmDetail>({
  model: isStr, state: armState, error: nullable(isStr),
  schemaErrors: arrayOf(obj<SchemaErrorView>({ path: isStr, message: isStr })), latencyMs: nullable(isNum),
});

export const isCaseRow = obj<CaseRow>({
  callSiteId: isStr, caseId: isStr, changed: isBool, baseline: armState, candidate: armState,
  decision: nullable(decision), comment: isStr, search: isStr,
});

export const isCaseDetail = obj<CaseDetail>({
  callSiteId: isStr, caseId: isStr, kind: literal('json', 'text'), changed: isBool, rows: arrayOf(isDiffRow),
  changes: arrayOf(isStr), changesOmitted: isNum, granularity: literal('word', 'line', 'whole'),
  baseline: armDetail, candidate: armDetail,
});

const metricRow = obj<MetricRow>({ label: isStr, baseline: isStr, candidate: isStr, delta: isStr, worse: nullable(isBool) });
const siteSummary = obj<SiteSummary>({
  callSiteId: isStr, label: isStr, baselineModel: isStr, candidateModel: isStr, rows: arrayOf(metricRow),
  regressed: isBool, reasons: arrayOf(isStr), method: isStr, changed: isNum, cases: isNum,
});
const runHeader = obj<RunHeader>({
  runId: isStr, runDir: isStr, createdAt: isStr, endpoint: isStr, simulated: isBool, status: isStr, canExportRollout: isBool,
});

type Msg<U extends { type: string }, K extends U['type']> = Extract<U, { type: K }>;
type H<K extends HostMessage['type']> = Msg<HostMessage, K>;
type W<K extends WebviewMessage['type']> = Msg<WebviewMessage, K>;

const commentOk: Guard<string> = (v): v is string => isStr(v) && v.length <= MAX_COMMENT;

export const isHostMessage: Guard<HostMessage> = tagged<HostMessage>({
  init: obj<H<'init'>>({ type: literal('init'), header: runHeader, sites: arrayOf(siteSummary), sweeps: arrayOf(isSweepView), total: isNum }),
  cases: obj<H<'cases'>>({ type: literal('cases'), start: isNum, total: isNum, rows: arrayOf(isCaseRow) }),
  detail: obj<H<'detail'>>({ type: literal('detail'), detail: isCaseDetail }),
  decision: obj<H<'decision'>>({ type: literal('decision'), callSiteId: isStr, caseId: isStr, decision: nullable(decision), comment: isStr }),
  focus: obj<H<'focus'>>({ type: literal('focus'), callSiteId: isStr, caseId: isStr }),
  error: obj<H<'error'>>({ type: literal('error'), message: isStr }),
});

export const isWebviewMessage: Guard<WebviewMessage> = tagged<WebviewMessage>({
  ready: obj<W<'ready'>>({ type: literal('ready') }),
  select: obj<W<'select'>>({ type: literal('select'), callSiteId: isStr, caseId: isStr }),
  decide: obj<W<'decide'>>({ type: literal('decide'), callSiteId: isStr, caseId: isStr, decision: nullable(decision), comment: commentOk }),
  openDiff: obj<W<'openDiff'>>({ type: literal('openDiff'), callSiteId: isStr, caseId: isStr }),
  exportRolloutPlan: obj<W<'exportRolloutPlan'>>({ type: literal('exportRolloutPlan') }),
  migrate: obj<W<'migrate'>>({ type: literal('migrate') }),
  applyRecommendation: obj<W<'applyRecommendation'>>({ type: literal('applyRecommendation'), callSiteId: isStr }),
  refresh: obj<W<'refresh'>>({ type: literal('refresh') }),
});

/** A short description of a rejected message for the log: its type if it has one, never its content. */
export function describeRejected(v: unknown): string {
  if (typeof v !== 'object' || v === null) return `a ${v === null ? 'null' : typeof v} instead of a message`;
  const t = (v as { type?: unknown }).type;
  return typeof t === 'string' ? `a malformed "${t.slice(0, 40)}" message` : 'a message without a type';
}
