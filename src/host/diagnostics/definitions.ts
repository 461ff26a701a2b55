// Where the model ids call sites resolve to are written when that is not at the call: a constant,
// a settings default, a `.env` line, a key of a YAML/JSON file — each hop of a site's modelSource
// that holds an id, with its span. Several call sites reading one definition share it. Pure (no
// vscode): paths stay relative to the call sites' folder.
import type { CallSite, SourceSpan } from '../../core/callsite';

export interface ModelDefinitionSite {
  /** The file the id is written in, relative to the call sites' folder. */
  path: string;
  span: SourceSpan;
  /** The id as the literal holds it. */
  id: string;
  /** The call sites whose model this definition gives. */
  sites: CallSite[];
}

const spanKey = (path: string, s: SourceSpan) => `${path}|${s.start.line}:${s.start.column}-${s.end.line}:${s.end.column}`;

/**
 * The definitions of the given call sites' models that are not the site's own modelSpan (those
 * are the literal diagnostics'). Keyed by file and span; `sites` in the order given.
 */
export function modelDefinitions(sites: readonly CallSite[]): ModelDefinitionSite[] {
  const byKey = new Map<string, ModelDefinitionSite>();
  for (const site of sites) {
    if (site.model !== null) continue;
    for (const hop of site.modelSource) {
      if (!hop.span || hop.holds === undefined) continue;
      if (hop.path === site.path && site.modelSpan && spanKey(hop.path, hop.span) === spanKey(site.path, site.modelSpan)) continue;
      const key = spanKey(hop.path, hop.span);
      const found = byKey.get(key);
      if (found) { if (!found.sites.includes(site)) found.sites.push(site); }
      else byKey.set(key, { path: hop.path, span: hop.span, id: hop.holds, sites: [site] });
    }
  }
  return [...byKey.values()];
}

/** `a.py:3, b.ts:10` (at most `max`), for messages and the refactor preview. */
export function sitesText(sites: readonly Pick<CallSite, 'path' | 'line'>[], max = 4): string {
  const shown = sites.slice(0, max).map((s) => `${s.path}:${s.line}`).join(', ');
  return sites.length > max ? `${shown} and ${sites.length - max} more` : shown;
}

/** The replacement text for a definition's source text: a quoted literal keeps its quotes; a bare value (YAML, .env) is replaced whole. */
export function replaceBare(text: string, oldId: string, newId: string): string | null {
  const t = text.trim();
  if (t === oldId) return text.replace(oldId, newId);
  const m = /^([A-Za-z][\w-]*[/:])(.+)$/.exec(t);
  if (m && m[2] === oldId) return text.replace(t, m[1] + newId.replace(/^[A-Za-z][\w-]*[/:]/, ''));
  return null;
}
