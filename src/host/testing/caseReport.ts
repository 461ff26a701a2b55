// What the Testing view shows for one case — the test is the case, run on both arms: a plain-text
// report for Test Results' output (both outputs, schema errors) and a Markdown message for a failed
// case with an Open Diff link. Model output is untrusted: plain text with control characters made
// visible, or fenced in Markdown where no fence it contains can close ours. Pure (no vscode).
import { codeBlock, escapeInline, truncate } from '../markdown';
import { plainText, type Verdict } from './verdicts';

const MAX_OUTPUT_CHARS = 4_000;

const state = (v: Verdict | null) => (!v ? 'not run' : v.passed ? 'pass' : 'FAIL');

function armLines(arm: 'baseline' | 'candidate', v: Verdict | null): string[] {
  if (!v) return [`${arm}: not run`];
  const lines = [`${arm} · ${v.model} · ${Math.round(v.durationMs)} ms${v.cached ? ' · cached' : ''}: ${state(v)}${v.reason ? ` — ${v.reason}` : ''}`];
  for (const e of v.schemaErrors) lines.push(`  schema: ${e.path || '(root)'}: ${e.message}`);
  if (v.output) lines.push(...plainText(truncate(v.output, MAX_OUTPUT_CHARS)).split('\n').map((l) => `  │ ${l}`));
  return lines;
}

/** The case's output in Test Results: both arms, each with its verdict, schema errors and output. */
export function caseOutputText(caseId: string, baseline: Verdict | null, candidate: Verdict | null): string {
  return [
    `── ${caseId}: baseline ${state(baseline)} · candidate ${state(candidate)}`,
    ...armLines('baseline', baseline),
    ...armLines('candidate', candidate),
    'Open Diff: right-click the case in the Testing view (or its message) › Open Diff for Case',
    '',
  ].join('\n');
}

function armMarkdown(arm: 'baseline' | 'candidate', v: Verdict | null): string[] {
  if (!v) return [`**${arm}**: not run`];
  const parts = [`**${arm}** · ${escapeInline(v.model)} · ${state(v)}${v.reason ? ` — ${escapeInline(v.reason)}` : ''}`];
  if (v.schemaErrors.length) parts.push(v.schemaErrors.map((e) => `- ${escapeInline(e.path || '(root)')}: ${escapeInline(e.message)}`).join('\n'));
  if (v.output) parts.push(codeBlock(truncate(v.output, MAX_OUTPUT_CHARS), 'text'));
  return parts;
}

/** A failed case's message: why, both outputs, and a command link (`openDiffUri`) to the diff editor. */
export function caseFailureMarkdown(caseId: string, baseline: Verdict | null, candidate: Verdict | null, openDiffUri: string | null): string {
  const head = `${escapeInline(caseId)}: baseline ${state(baseline)} · candidate ${state(candidate)}`;
  return [head, ...(openDiffUri ? [`[Open Diff](${openDiffUri})`] : []), ...armMarkdown('baseline', baseline), ...armMarkdown('candidate', candidate)].join('\n\n');
}
