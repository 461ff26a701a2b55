// Which cases the list shows: any of the chosen kinds (none chosen: all), and the search text.
// Pure, so it is unit-tested and benchmarked without a DOM.
import type { CaseRow } from '../protocol/review';

export const FILTERS = ['changed', 'schema', 'error', 'flagged', 'accepted'] as const;
export type FilterName = (typeof FILTERS)[number];

export const FILTER_LABELS: Record<FilterName, string> = {
  changed: 'Changed', schema: 'Schema failures', error: 'Errors', flagged: 'Flagged', accepted: 'Accepted',
};

export function matchesFilter(r: CaseRow, f: FilterName): boolean {
  switch (f) {
    case 'changed': return r.changed;
    case 'schema': return r.baseline === 'schema' || r.candidate === 'schema';
    case 'error': return r.baseline === 'error' || r.candidate === 'error';
    case 'flagged': return r.decision === 'flagged';
    case 'accepted': return r.decision === 'accepted';
  }
}

/** Positions in `rows` of the cases to show, in order. */
export function visibleRows(rows: readonly CaseRow[], filters: ReadonlySet<FilterName>, query: string): number[] {
  const q = query.trim().toLowerCase();
  const active = FILTERS.filter((f) => filters.has(f));
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (active.length && !active.some((f) => matchesFilter(r, f))) continue;
    if (q && !r.search.includes(q)) continue;
    out.push(i);
  }
  return out;
}
