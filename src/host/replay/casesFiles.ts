// Cases files as text (pure, no vscode): the skeleton "Create Cases File" writes for a call site, and
// the cases "Import Captured Requests…" makes from logged chat request bodies. The result of an
// import is checked with the engine's own parseCases, so what is written always replays.
import type { CallSite } from '../../core/callsite';
import { parseCases } from '../../core/replay/cases';

/** Two example cases filling the call site's holes, or `messages` cases when there is no template. */
export function skeletonFor(site: Pick<CallSite, 'prompt'>): string {
  const lines: string[] = [];
  if (site.prompt && site.prompt.holes.length) {
    for (const n of [1, 2]) lines.push(JSON.stringify({ id: `case-${n}`, vars: Object.fromEntries(site.prompt.holes.map((h) => [h, ''])) }));
  } else if (site.prompt) {
    lines.push(JSON.stringify({ id: 'case-1', vars: {} }));
  } else {
    for (const n of [1, 2]) lines.push(JSON.stringify({ id: `case-${n}`, messages: [{ role: 'user', content: '' }] }));
  }
  return lines.join('\n') + '\n';
}

export interface ImportResult {
  /** JSONL text of the cases, one a line. */
  text: string;
  count: number;
  /** Lines of the capture that were skipped, with why. */
  skipped: { line: number; message: string }[];
}

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => !!x && typeof x === 'object' && !Array.isArray(x);

/** The request body inside a log line: the body itself, or under request/body/params/request.body. */
function bodyOf(x: Json): Json | null {
  for (const cand of [x, x.request, x.body, x.params, isObj(x.request) ? x.request.body : undefined]) {
    if (isObj(cand) && (Array.isArray(cand.messages) || cand.input !== undefined)) return cand;
  }
  return null;
}

/** Chat messages of a request body: chat `messages`, or Responses `instructions` + `input`. */
function messagesOf(b: Json): unknown[] | null {
  if (Array.isArray(b.messages)) return b.messages;
  const out: unknown[] = [];
  if (typeof b.instructions === 'string') out.push({ role: 'system', content: b.instructions });
  if (typeof b.input === 'string') out.push({ role: 'user', content: b.input });
  else if (Array.isArray(b.input)) {
    for (const m of b.input) {
      if (!isObj(m) || typeof m.role !== 'string') return null;
      const c = m.content;
      const content = Array.isArray(c) ? c.map((p) => (isObj(p) && (p.type === 'input_text' || p.type === 'output_text' || p.type === 'text') ? { type: 'text', text: p.text } : p)) : c;
      out.push({ role: m.role, content });
    }
  } else return null;
  return out.length ? out : null;
}

export function importCaptured(text: string, idPrefix = 'captured'): ImportResult {
  const out: string[] = [];
  const skipped: ImportResult['skipped'] = [];
  const ids = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const src = lines[i].trim();
    if (!src) continue;
    let x: unknown;
    try { x = JSON.parse(src); } catch { skipped.push({ line: i + 1, message: 'not valid JSON' }); continue; }
    const body = isObj(x) ? bodyOf(x) : null;
    const messages = body ? messagesOf(body) : null;
    if (!messages) { skipped.push({ line: i + 1, message: 'no chat "messages" (or Responses "input") found' }); continue; }
    const given = isObj(x) && typeof x.id === 'string' && x.id ? x.id : null;
    let id = given ?? `${idPrefix}-${i + 1}`;
    for (let n = 2; ids.has(id); n++) id = `${given ?? `${idPrefix}-${i + 1}`}-${n}`;
    const line = JSON.stringify({ id, messages });
    // The engine's parser decides what is a valid case (content parts other than text are refused).
    const check = parseCases(line, null);
    if (!check.ok) { skipped.push({ line: i + 1, message: check.errors[0].message }); continue; }
    ids.add(id);
    out.push(line);
  }
  return { text: out.length ? out.join('\n') + '\n' : '', count: out.length, skipped };
}
