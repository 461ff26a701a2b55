// From a traced value to what a call site reports: modelResolved (one id, or every id a registry
// or switch picks among), the provenance chain (modelSource) and, when the id is written in the
// call's own file, the span of its literal. Shared by the language tracers; the value shape is the
// common part of theirs.
import type { ModelHop, SourceSpan } from '../../callsite';
import type { SourceLines } from './hops';

/** What chainOf reads of a traced value (Python's Val and TypeScript's TVal both fit). */
export interface ChainInput {
  k: string;
  s?: string;
  holes?: readonly string[];
  via?: readonly ModelHop[];
  /** The hop at the literal that wrote the string. */
  def?: ModelHop;
  options?: readonly ChainInput[];
  /** A choice some of whose paths give no model at all. */
  absent?: boolean;
  stop?: ModelHop;
  /** A choice one of whose paths is not known statically: the stop hop that says which. */
  partial?: ModelHop;
  name?: string;
  /** For an unknown value: the expression tracing stopped at (its `text` names it in the reason). */
  node?: unknown;
}

export interface Chain {
  resolved: string | string[] | null;
  hops: ModelHop[];
  /** The literal holding the single resolved id, when it is in the call's own file. */
  span: SourceSpan | null;
}

/** Chains longer than this are cut: the hops nearest the call and the definitions matter most. */
export const MAX_HOPS = 40;

function isId(v: ChainInput): boolean {
  return v.k === 'str' && typeof v.s === 'string' && v.s.trim() !== '' && !(v.holes && v.holes.length);
}

/** The hops up to a string's literal, the last one marked as the definition of `raw`. */
function withDef(via: readonly ModelHop[], def: ModelHop | undefined, raw: string): ModelHop[] {
  const out = via.slice();
  if (!def || !def.span) return out;
  const last = out[out.length - 1];
  if (last && last.path === def.path && last.line === def.line && !last.span) out[out.length - 1] = { ...last, span: def.span, holds: raw };
  else out.push({ ...def, holds: raw });
  return out;
}

function dedupe(hops: readonly ModelHop[]): ModelHop[] {
  const seen = new Set<string>();
  const out: ModelHop[] = [];
  for (const h of hops) {
    const key = `${h.kind}|${h.path}|${h.line}|${h.holds ?? ''}|${h.name ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h);
  }
  return out.length > MAX_HOPS ? out.slice(0, MAX_HOPS) : out;
}

/** `normalise` turns a written id into the reported one (a provider prefix dropped). */
export function chainOf(v: ChainInput, sitePath: string, normalise: (id: string) => string = (id) => id): Chain {
  const via = v.via ?? [];
  if (isId(v)) {
    const raw = v.s!;
    const hops = withDef(via, v.def, raw);
    const span = v.def && v.def.path === sitePath && v.def.span ? v.def.span : null;
    return { resolved: normalise(raw), hops: dedupe(hops), span };
  }
  if (v.k === 'choice' && v.absent) {
    const last = via[via.length - 1];
    const stop: ModelHop | undefined = last ? { ...last, kind: 'stop', reason: 'some paths pass no model (None): the client or API default applies' } : undefined;
    return { resolved: null, hops: dedupe(stop ? [...via, stop] : [...via]), span: null };
  }
  if (v.k === 'choice' && v.options && v.options.length && v.options.every(isId)) {
    const ids: string[] = [];
    const hops: ModelHop[] = [...via];
    for (const o of v.options) {
      const id = normalise(o.s!);
      if (!ids.includes(id)) ids.push(id);
      hops.push(...withDef(o.via ?? [], o.def, o.s!));
    }
    // Partial: the ids found, always as a list, and the chain ends at the path that is not known.
    if (v.partial) return { resolved: ids, hops: dedupe([...hops, v.partial]), span: null };
    if (ids.length === 1) {
      const only = v.options[0];
      return { resolved: ids[0], hops: dedupe(hops), span: only.def && only.def.path === sitePath && v.options.length === 1 ? only.def.span ?? null : null };
    }
    return { resolved: ids, hops: dedupe(hops), span: null };
  }
  return { resolved: null, hops: dedupe(v.stop ? [...via, v.stop] : [...via]), span: null };
}

/**
 * The last hop of a chain that found no id, when the value does not carry one: why following ends
 * here, read from what the expression is (a request, a database, a required variable...).
 */
export function stopHopFor(v: ChainInput, lines: SourceLines, line: number, exprText: string): ModelHop | null {
  if (v.stop) return null;
  if (v.k === 'env' && v.name) {
    return lines.hop('stop', line, { name: v.name, reason: `required environment variable ${v.name}: no default in code and no value in the workspace's .env files` });
  }
  const at = v.k === 'unknown' ? (v.node as { text?: unknown } | null | undefined)?.text : undefined;
  return lines.hop('stop', line, { reason: reasonFor(typeof at === 'string' ? at : exprText) });
}

/**
 * A chain that stops at a parameter or an unknown name, for a model argument that reads as a
 * request's or a database's field (`req.body["model"]`): the reason says so.
 */
export function refineStop(hops: ModelHop[], exprText: string): ModelHop[] {
  const last = hops[hops.length - 1];
  if (!last || last.kind !== 'stop' || last.name) return hops;
  const specific = reasonFor(exprText);
  if (/is not known statically|no model argument/.test(specific)) return hops;
  return [...hops.slice(0, -1), { ...last, reason: specific }];
}

/** A reason a reader would give for a model that is not in the repository. */
export function reasonFor(text: string): string {
  const t = text.trim();
  if (/\b(argv|args|argparse|parse_args|click|typer)\b/.test(t)) return `\`${short(t)}\`: a command-line argument`;
  if (/\b(request|req|body|payload|query|form|searchParams|input|event|message|ctx|context|params|data)\b/.test(t)) return `\`${short(t)}\`: chosen at run time (request or user input)`;
  if (/\b(db|session|cursor|objects|find_one|findOne|findUnique|prisma|repository|repo|redis|store|record|row|doc)\b/.test(t)) return `\`${short(t)}\`: read from a database or store at run time`;
  if (!t) return 'no model argument';
  return `\`${short(t)}\` is not known statically`;
}

function short(t: string): string {
  const one = t.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 59)}…` : one;
}
