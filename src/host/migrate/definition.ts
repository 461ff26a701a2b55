// Where a call site's model ID is written, and who else reads it — so a migration edits the value
// where it is defined and never changes something other code reads without saying so. Pure (no
// vscode): the document text and the file's call sites in, a description out.
import type { CallSite, SourceSpan } from '../../core/callsite';

export interface ModelDefinition {
  /** The string literal holding the ID (quotes included). */
  span: SourceSpan;
  /** The literal sits inside the call's own lines. */
  atCall: boolean;
  /** The constant's name when the call reads a named value (`SUMMARY_MODEL`), else null. */
  name: string | null;
  /** The call sites of the file that read this literal (the call site itself included). */
  sites: CallSite[];
  /** 1-based lines where `name` is also read, outside the definition and those call sites. */
  otherReads: number[];
}

const sameSpan = (a: SourceSpan, b: SourceSpan) =>
  a.start.line === b.start.line && a.start.column === b.start.column && a.end.line === b.end.line && a.end.column === b.end.column;

/** `SUMMARY_MODEL`, `settings.model`, `self.model` → the last identifier; null for anything else. */
function nameOf(modelExpr: string): string | null {
  const m = /(?:^|\.)([A-Za-z_$][\w$]*)\s*$/.exec(modelExpr.trim());
  return m && /^[A-Za-z_$][\w$.\s]*$/.test(modelExpr.trim()) ? m[1] : null;
}

export function modelDefinition(site: CallSite, fileSites: readonly CallSite[], text: string): ModelDefinition | null {
  const span = site.modelSpan;
  if (!span) return null;
  const atCall = span.start.line >= site.line && span.end.line <= Math.max(site.line, site.endLine);
  const sites = fileSites.filter((s) => s.modelSpan && sameSpan(s.modelSpan, span));
  if (!sites.some((s) => s.id === site.id)) sites.push(site);
  const name = atCall ? null : nameOf(site.modelExpr);
  const otherReads: number[] = [];
  if (name) {
    const covered = (line: number) => line === span.start.line || sites.some((s) => line >= s.line && line <= Math.max(s.line, s.endLine));
    const word = new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
    text.split('\n').forEach((l, i) => {
      const code = l.replace(/\/\/.*$|#.*$/, '');
      if (!covered(i + 1) && word.test(code)) otherReads.push(i + 1);
    });
  }
  return { span, atCall, name, sites, otherReads };
}

/** For the refactor preview and the action's detail: where the edit lands and what else it affects. */
export function describeDefinition(d: ModelDefinition, site: Pick<CallSite, 'path' | 'line'>): string {
  if (d.atCall && d.sites.length <= 1) return `the model literal at the call (${site.path}:${site.line})`;
  const what = d.name ? `${d.name} (line ${d.span.start.line})` : `the literal at line ${d.span.start.line}`;
  const others = d.sites.length - 1;
  const parts = [others > 0 ? `${others} other call site${others === 1 ? '' : 's'} read${others === 1 ? 's' : ''} it too` : ''];
  if (d.otherReads.length) parts.push(`${d.name} is also read at line${d.otherReads.length === 1 ? '' : 's'} ${d.otherReads.slice(0, 5).join(', ')}${d.otherReads.length > 5 ? ', …' : ''}`);
  const note = parts.filter(Boolean).join('; ');
  return `${what} in ${site.path}${note ? ` — ${note}` : ''}`;
}

/** True when changing the definition changes more than this call site's model. */
export function isShared(d: ModelDefinition): boolean {
  return d.sites.length > 1 || d.otherReads.length > 0;
}
