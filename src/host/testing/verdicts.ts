// Result records as the Testing view shows them: pass/fail, duration, and the text of the message.
// Pure (no vscode) so it is unit-tested; controller.ts turns verdicts into TestRun calls.
import { effectiveLatency } from '../../core/compare/metrics';
import type { Arm } from '../../core/replay/cases';
import type { ResultRecord } from '../../core/replay/records';
import type { SchemaError } from '../../core/validate/index';

/** Test item ids: unique in the whole controller, readable in the API the tests use. */
export const TestIds = {
  callSite: (callSiteId: string): string => `cs:${callSiteId}`,
  case: (callSiteId: string, caseId: string): string => `cs:${callSiteId}/${caseId}`,
  arm: (callSiteId: string, caseId: string, arm: Arm): string => `cs:${callSiteId}/${caseId}/${arm}`,
};

export interface Verdict {
  passed: boolean;
  /** The latency of the request (a cache hit reports the latency first measured). */
  durationMs: number;
  /** Why it failed, one line; null when it passed. */
  reason: string | null;
  schemaErrors: SchemaError[];
  output: string;
  model: string;
  cached: boolean;
}

export function verdictOf(r: ResultRecord): Verdict {
  const base = { durationMs: effectiveLatency(r), output: r.output ?? '', model: r.model, cached: r.cached === true };
  if (r.status === 'error') {
    const e = r.error;
    const reason = e ? `${e.type}${e.status ? ` (${e.status})` : ''}: ${e.message}` : 'the request failed';
    return { ...base, passed: false, reason, schemaErrors: [] };
  }
  if (r.schema && !r.schema.ok) {
    const notJson = r.schema.errors.length === 1 && r.schema.errors[0].path === '' && r.json === null;
    return { ...base, passed: false, reason: notJson ? r.schema.errors[0].message : `the output does not match the schema (${r.schema.errors.length} error${r.schema.errors.length === 1 ? '' : 's'})`, schemaErrors: r.schema.errors };
  }
  return { ...base, passed: true, reason: null, schemaErrors: [] };
}

/** Several repeats of one case and arm: failed if any failed (the first failure is shown), mean duration. */
export function aggregate(verdicts: readonly Verdict[]): Verdict | null {
  if (!verdicts.length) return null;
  const failed = verdicts.find((v) => !v.passed);
  const shown = failed ?? verdicts[verdicts.length - 1];
  const durationMs = verdicts.reduce((s, v) => s + v.durationMs, 0) / verdicts.length;
  if (verdicts.length === 1) return shown;
  const nFailed = verdicts.filter((v) => !v.passed).length;
  return { ...shown, durationMs, reason: failed ? `${nFailed} of ${verdicts.length} repeats failed; first: ${failed.reason}` : null };
}

/**
 * Model output as plain text for the test message and the output terminal: control characters (ANSI
 * escapes a model could emit) are shown as \u{..} instead of being interpreted.
 */
export function plainText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** The test output terminal wants CRLF line endings. */
export const toTerminal = (s: string): string => plainText(s).replace(/\r?\n/g, '\r\n');

/** The failure message: the reason, the schema errors with their JSON paths, then the output. */
export function failureText(v: Verdict): string {
  const lines = [`${v.model}: ${v.reason ?? 'failed'}`];
  if (v.schemaErrors.length && !(v.schemaErrors.length === 1 && v.schemaErrors[0].path === '' && v.reason === v.schemaErrors[0].message)) {
    for (const e of v.schemaErrors) lines.push(`  ${e.path || '(root)'}: ${e.message}`);
  }
  if (v.output) lines.push('', 'Output:', plainText(v.output));
  return lines.join('\n');
}

/** Case id → its 1-based line in a cases file (lines that do not parse are skipped). */
export function caseLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const src = lines[i].trim();
    if (!src.startsWith('{')) continue;
    try {
      const id = (JSON.parse(src) as { id?: unknown }).id;
      if (typeof id === 'string' && !out.has(id)) out.set(id, i + 1);
    } catch {
      // a malformed line is reported by parseCases
    }
  }
  return out;
}
