// What the replay UI says, as pure functions (no vscode): the estimate, progress, the final summary,
// the trust refusal, the command's argument shapes, and where a cases-file problem points.
import type { RunEstimate } from '../../core/replay/estimate';
import type { RunSummary } from '../../core/replay/records';
import type { Progress } from '../../core/replay/scheduler';

export const UNTRUSTED_REFUSAL = 'Promptshift does not replay in an untrusted workspace: nothing was sent to any endpoint. Trust the workspace (Manage Workspace Trust) to replay.';

/** The workspace-trust guard: null when replaying is allowed, else the message to show. */
export function replayRefusal(isTrusted: boolean): string | null {
  return isTrusted ? null : UNTRUSTED_REFUSAL;
}

export const usd = (x: number): string => (x === 0 ? '$0' : x < 0.01 ? `$${x.toFixed(4)}` : `$${x.toFixed(2)}`);

export function estimateText(e: RunEstimate): string {
  const cost = e.costUsd === null ? `cost unknown (no price for ${e.unpricedModels.join(', ')})` : `about ${usd(e.costUsd)}`;
  return `${e.requests} request${e.requests === 1 ? '' : 's'}, ~${e.inputTokens.toLocaleString('en-US')} input and ≤${e.outputTokens.toLocaleString('en-US')} output tokens, ${cost}`;
}

/** Ask before sending when the estimate is above the threshold, or unknown and non-zero work. */
export function needsConfirmation(e: RunEstimate, thresholdUsd: number): boolean {
  if (e.requests === 0) return false;
  return e.costUsd === null || e.costUsd > thresholdUsd;
}

/** Money of a run on a local endpoint (the stand-in) is list prices, not a bill. */
const spentWord = (simulated: boolean) => (simulated ? 'simulated (local endpoint, not money spent)' : 'spent');

export function progressText(p: Progress, simulated = false): string {
  const parts = [`${p.done}/${p.total} done`];
  if (p.errors) parts.push(`${p.errors} error${p.errors === 1 ? '' : 's'}`);
  if (p.cached) parts.push(`${p.cached} cached`);
  parts.push(`${usd(p.spentUsd)} ${spentWord(simulated)}`);
  return parts.join(' · ');
}

const SUMMARY_HEADS: Record<RunSummary['stopReason'], string> = {
  completed: 'Replay finished',
  cancelled: 'Replay cancelled (finished results kept; resume from the Runs view)',
  budget: 'Replay stopped at the budget',
  auth: 'Replay stopped: the endpoint refused the key',
  unreachable: 'Replay stopped: the endpoint could not be reached (resume from the Runs view)',
};

export function summaryText(s: RunSummary, simulated = false): string {
  const head = SUMMARY_HEADS[s.stopReason] ?? `Replay stopped (${String(s.stopReason)})`;
  const detail = s.stopReason !== 'completed' && s.stopDetail ? ` — ${s.stopDetail}` : '';
  return `${head}: ${s.done}/${s.total} done, ${s.errors} error${s.errors === 1 ? '' : 's'}, ${usd(s.spentUsd)} ${spentWord(simulated)}${detail}`;
}

/**
 * A run stopped because the endpoint answered nothing: which URL, what is kept, what to check, and
 * that resuming sends the rest. `url` must hold no credentials (see endpointScope).
 */
export function unreachableText(url: string, s: RunSummary): string {
  return `Cannot reach ${url}: no answer to any request (${s.stopDetail ?? 'connection failed'}). Nothing was recorded for the requests that failed; ${s.done}/${s.total} finished results are kept. `
    + 'Check that the server is running and that the endpoint\'s baseURL in promptshift.endpoints is right (and http.proxy, if you are behind a proxy), then resume the run.';
}

/** Non-interactive use of promptshift.replay (tests, scripts, other extensions). */
export interface ReplayOptions {
  callSiteId: string;
  /** A profile name, "local" for the built-in stand-in, or an inline profile (keys never inline). */
  endpoint?: string | Record<string, unknown>;
  baseline?: string;
  /** Asked (a picker over the catalog) when neither it, `candidates` nor `sweep` is given. */
  candidate?: string;
  /** Several candidates: a sweep, as the CLI's repeated --candidate (with `candidate`, it comes first). */
  candidates?: string[];
  /** Families whose catalog tiers are swept, as the CLI's --sweep FAMILY. */
  sweep?: string[];
  /** Only these cases (the Testing view's single-case re-run). */
  caseIds?: string[];
  /** false: no confirmation dialog, whatever the estimate. */
  confirm?: boolean;
  repeats?: number;
  concurrency?: number;
  budgetUsd?: number | null;
}

export function isReplayOptions(x: unknown): x is ReplayOptions {
  if (!x || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  // A script may give part of the options (the call site, not the candidate): the rest is asked.
  const strings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  return typeof o.callSiteId === 'string' && (o.candidate === undefined || typeof o.candidate === 'string') && strings(o.candidates) && strings(o.sweep);
}

/** Where a `file:line: message` problem (as cli/replayInputs words them) points, if it names a line. */
export function problemLocation(text: string): { file: string; line: number; message: string } | null {
  const m = /^(.+?):(\d+): (.*)$/s.exec(text);
  return m ? { file: m[1], line: Number(m[2]), message: m[3] } : null;
}

/**
 * Removes every occurrence of the given secrets from a message (defence in depth: the llm layer
 * already redacts its errors). Short strings are left alone so a one-letter "key" cannot shred text.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 8) out = out.split(s).join('***');
  return out;
}
