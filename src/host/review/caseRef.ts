// A case of a run, as commands receive it: `{runDir, callSiteId, caseId}` from the review panel,
// the webview's context menu, a test message, or scripts. Pure.

export interface CaseRef {
  runDir: string;
  callSiteId: string;
  caseId: string;
}

export function caseRefFrom(arg: unknown): CaseRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  return typeof a.runDir === 'string' && a.runDir && typeof a.callSiteId === 'string' && typeof a.caseId === 'string'
    ? { runDir: a.runDir, callSiteId: a.callSiteId, caseId: a.caseId }
    : undefined;
}

/** Changed cases of a run in report order (call sites as planned, cases as listed). */
export function changedCases(sites: ReadonlyArray<{ comparison: { callSiteId: string; cases: ReadonlyArray<{ caseId: string; changed: boolean }> } }>): Array<{ callSiteId: string; caseId: string }> {
  return sites.flatMap((s) => s.comparison.cases.filter((x) => x.changed).map((x) => ({ callSiteId: s.comparison.callSiteId, caseId: x.caseId })));
}

/** The changed case after (or before) `from`; `from` need not be changed itself. Null at either end. */
export function stepChanged(
  sites: Parameters<typeof changedCases>[0], from: { callSiteId: string; caseId: string }, direction: 1 | -1,
): { callSiteId: string; caseId: string } | null {
  const all = sites.flatMap((s) => s.comparison.cases.map((x) => ({ callSiteId: s.comparison.callSiteId, caseId: x.caseId, changed: x.changed })));
  const at = all.findIndex((x) => x.callSiteId === from.callSiteId && x.caseId === from.caseId);
  for (let i = at + direction; i >= 0 && i < all.length; i += direction) {
    if (all[i].changed) return { callSiteId: all[i].callSiteId, caseId: all[i].caseId };
  }
  if (at < 0 && direction === 1) return changedCases(sites)[0] ?? null;
  return null;
}
