// Building the hops of a model's provenance chain (CallSite.modelSource): the line a hop sits on,
// read from the file's text once per file, and the one-hop chain given to scanners that do not
// trace their own. Pure.
import type { ModelHop, ModelHopKind, SourceSpan } from '../../callsite';

const MAX_HOP_TEXT = 160;

/** The lines of one file, split on first use. */
export class SourceLines {
  private lines: string[] | undefined;
  constructor(readonly path: string, private readonly text: () => string) {}

  /** Line `n` (1-based), trimmed and shortened for a hop; '' when out of range. */
  line(n: number): string {
    this.lines ??= this.text().split('\n');
    const raw = this.lines[n - 1] ?? '';
    const t = raw.trim();
    return t.length > MAX_HOP_TEXT ? `${t.slice(0, MAX_HOP_TEXT - 1)}…` : t;
  }

  hop(kind: ModelHopKind, line: number, extra: Partial<Omit<ModelHop, 'kind' | 'path' | 'line' | 'text'>> = {}): ModelHop {
    return { kind, path: this.path, line, text: this.line(line), ...extra };
  }
}

/**
 * Marks the hop that defines `id` at `span`: the chain's last hop when the literal is on its line,
 * else a `constant` hop of its own at the literal (a value split over several lines).
 */
export function withDefinition(hops: readonly ModelHop[], lines: SourceLines, span: SourceSpan, id: string): ModelHop[] {
  const out = hops.slice();
  const last = out[out.length - 1];
  if (last && last.path === lines.path && last.line === span.start.line && !last.span) out[out.length - 1] = { ...last, span, holds: id };
  else out.push(lines.hop('constant', span.start.line, { span, holds: id }));
  return out;
}

/** The chain of a scanner that does not trace hops: one hop at the literal the id was read from. */
export function defaultModelSource(site: { model: string | null; modelResolved: string | string[] | null; modelSpan: SourceSpan | null }, lines: SourceLines): ModelHop[] {
  if (site.model !== null || typeof site.modelResolved !== 'string' || !site.modelSpan) return [];
  return withDefinition([], lines, site.modelSpan, site.modelResolved);
}

/** Holds the same ids in the same order. */
export function sameResolution(a: string | string[] | null, b: string | string[] | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
