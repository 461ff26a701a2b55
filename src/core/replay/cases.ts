// Cases files (CLI.md): JSONL, one case a line. `{"id","vars"}` fills the call site's {{holes}};
// `{"id","messages"}` replaces the messages whole (captured traffic). Every problem is reported
// with its 1-based line number before any request is sent, so a typo never costs a half run.
import type { PromptTemplate } from '../callsite';
import type { LlmMessage } from '../ports';

/** The two arms of a comparison: the baseline, and the one candidate it is compared with. */
export type Arm = 'baseline' | 'candidate';
export const ARMS: readonly Arm[] = ['baseline', 'candidate'];
/**
 * An arm of a run as results.jsonl names it: 'baseline' and 'candidate' in a run of one candidate;
 * in a sweep (several candidates) 'baseline' and one arm per candidate, named by its model (and its
 * host, `llama-4-scout@groq`). The baseline is always 'baseline': the reference of every comparison.
 */
export type ArmName = string;
export const BASELINE_ARM = 'baseline';
export const CANDIDATE_ARM = 'candidate';

export type ReplayCase =
  | { id: string; vars: Record<string, unknown> }
  | { id: string; messages: LlmMessage[] };

export interface CaseError {
  line: number;
  message: string;
}

export type CasesOutcome = { ok: true; cases: ReplayCase[] } | { ok: false; errors: CaseError[] };

/**
 * Parses a cases file against the call site's template. All errors are collected (a user fixes a
 * file in one pass); `prompt` null means the template was not statically recoverable, so only
 * `messages` cases can run.
 */
export function parseCases(text: string, prompt: PromptTemplate | null): CasesOutcome {
  const cases: ReplayCase[] = [];
  const errors: CaseError[] = [];
  const seen = new Map<string, number>();
  const holes = prompt ? new Set(prompt.holes) : null;
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const src = lines[i].trim();
    if (src === '') continue;
    const fail = (message: string) => { errors.push({ line, message }); };
    let value: unknown;
    try {
      value = JSON.parse(src);
    } catch (e) {
      fail(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) { fail('a case must be a JSON object'); continue; }
    const obj = value as Record<string, unknown>;
    if (typeof obj.id !== 'string' || obj.id === '') { fail('"id" must be a non-empty string'); continue; }
    const id = obj.id;
    const prev = seen.get(id);
    if (prev !== undefined) { fail(`duplicate case id "${id}" (first on line ${prev})`); continue; }
    seen.set(id, line);
    const hasVars = 'vars' in obj;
    const hasMessages = 'messages' in obj;
    if (hasVars === hasMessages) { fail(`case "${id}" needs exactly one of "vars" or "messages"`); continue; }
    if (hasMessages) {
      const messages = checkMessages(obj.messages);
      if (typeof messages === 'string') { fail(`case "${id}": ${messages}`); continue; }
      cases.push({ id, messages });
      continue;
    }
    const vars = obj.vars;
    if (!vars || typeof vars !== 'object' || Array.isArray(vars)) { fail(`case "${id}": "vars" must be an object`); continue; }
    if (!holes || !prompt) {
      fail(`case "${id}": the call site's prompt template is not statically known, so "vars" cannot fill it; give "messages" instead`);
      continue;
    }
    const given = Object.keys(vars);
    const unknown = given.filter((k) => !holes.has(k));
    const missing = prompt.holes.filter((h) => !(h in vars));
    if (unknown.length || missing.length) {
      const parts: string[] = [];
      if (unknown.length) parts.push(`unknown hole${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
      if (missing.length) parts.push(`missing var${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')}`);
      fail(`case "${id}": ${parts.join('; ')} (the template's holes: ${prompt.holes.length ? prompt.holes.join(', ') : 'none'})`);
      continue;
    }
    cases.push({ id, vars: vars as Record<string, unknown> });
  }
  return errors.length ? { ok: false, errors } : { ok: true, cases };
}

function checkMessages(x: unknown): LlmMessage[] | string {
  if (!Array.isArray(x) || x.length === 0) return '"messages" must be a non-empty array';
  const out: LlmMessage[] = [];
  for (let i = 0; i < x.length; i++) {
    const m = x[i] as Record<string, unknown> | null;
    if (!m || typeof m !== 'object' || typeof m.role !== 'string') return `messages[${i}] needs a string "role"`;
    // Captured traffic may carry content parts; text parts are joined, anything else is refused
    // rather than silently dropped.
    if (typeof m.content === 'string') { out.push({ role: m.role, content: m.content }); continue; }
    if (Array.isArray(m.content) && m.content.every((p) => p && typeof p === 'object' && (p as { type?: unknown }).type === 'text' && typeof (p as { text?: unknown }).text === 'string')) {
      out.push({ role: m.role, content: (m.content as { text: string }[]).map((p) => p.text).join('') });
      continue;
    }
    return `messages[${i}].content must be a string or text parts`;
  }
  return out;
}

/** Fills `{{name}}` (spaces inside the braces allowed) with the case's vars; non-strings as JSON. */
export function fillTemplate(prompt: PromptTemplate, vars: Record<string, unknown>): LlmMessage[] {
  return prompt.messages.map((m) => ({
    role: m.role,
    content: m.content.replace(/\{\{\s*([A-Za-z_$][\w$.-]*)\s*\}\}/g, (whole, name: string) => {
      if (!(name in vars)) return whole;
      const v = vars[name];
      return typeof v === 'string' ? v : JSON.stringify(v);
    }),
  }));
}

export function messagesOf(c: ReplayCase, prompt: PromptTemplate | null): LlmMessage[] {
  if ('messages' in c) return c.messages;
  // parseCases refuses vars without a template, so prompt is non-null here.
  return fillTemplate(prompt as PromptTemplate, c.vars);
}
