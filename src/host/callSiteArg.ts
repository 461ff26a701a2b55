// Commands receive a call site in two shapes: the CallSite itself (CodeLens, tree click, other
// code) or the tree element (SiteNode) when run from the Call Sites view's item menus. Pure.
import type { CallSite } from '../core/callsite';

export function callSiteFromArg(arg: unknown): CallSite | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  if (a.kind === 'site' && a.entry && typeof a.entry === 'object') return callSiteFromArg((a.entry as Record<string, unknown>).site);
  if (typeof a.id === 'string' && typeof a.path === 'string' && typeof a.line === 'number' && typeof a.api === 'string') return arg as CallSite;
  return undefined;
}
