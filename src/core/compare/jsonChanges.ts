// JSON outputs compared as data, not text: canonicalised (sorted keys, stable formatting) so key order
// and whitespace never count as a change, and summarised as the paths that were added, removed or
// changed — the fields a migration moves (`$.items[2].priority: "p2" → "p1"`).

export interface JsonChange {
  /** JSONPath-style: `$`, `$.a.b`, `$.items[2]`, `$["odd key"]`. */
  path: string;
  op: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Recursively sorts object keys; arrays keep their order (it is meaningful). */
export function canonicalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonicalise);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = canonicalise(v[k]);
    return out;
  }
  return v;
}

/** Sorted keys, two-space indentation: the text both sides are shown and line-diffed as. */
export function canonicalPretty(v: unknown): string {
  return JSON.stringify(canonicalise(v), null, 2) ?? 'null';
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
export const childPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : IDENT.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;

export interface JsonChangeList {
  changes: JsonChange[];
  /** Changes past `limit`, counted but not listed. */
  omitted: number;
}

/**
 * Paths that differ between two JSON values. Arrays are compared index by index (an inserted item
 * shows as changes after it, which is also how a consumer reading `items[2]` sees it).
 */
export function jsonChanges(before: unknown, after: unknown, limit = 500): JsonChangeList {
  const out: JsonChangeList = { changes: [], omitted: 0 };
  const push = (c: JsonChange) => { if (out.changes.length < limit) out.changes.push(c); else out.omitted++; };
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) {
        if (i >= a.length) push({ path: childPath(path, i), op: 'added', after: b[i] });
        else if (i >= b.length) push({ path: childPath(path, i), op: 'removed', before: a[i] });
        else walk(a[i], b[i], childPath(path, i));
      }
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) {
        const inA = Object.prototype.hasOwnProperty.call(a, k);
        const inB = Object.prototype.hasOwnProperty.call(b, k);
        if (!inB) push({ path: childPath(path, k), op: 'removed', before: a[k] });
        else if (!inA) push({ path: childPath(path, k), op: 'added', after: b[k] });
        else walk(a[k], b[k], childPath(path, k));
      }
      return;
    }
    if (!sameScalar(a, b)) push({ path, op: 'changed', before: a, after: b });
  };
  walk(before, after, '$');
  return out;
}

function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Different shapes (object vs array vs scalar) are a change at this path.
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(canonicalise(a)) === JSON.stringify(canonicalise(b));
}

/** Short, one-line rendering of a value for summaries: strings quoted, long values cut. */
export function shortValue(v: unknown, max = 60): string {
  const s = v === undefined ? '(absent)' : JSON.stringify(v as Json) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** `$.items[2].priority: "p2" → "p1"`, `$.note: added "x"`, `$.tags[3]: removed "y"`. */
export function describeChange(c: JsonChange, max = 60): string {
  if (c.op === 'added') return `${c.path}: added ${shortValue(c.after, max)}`;
  if (c.op === 'removed') return `${c.path}: removed ${shortValue(c.before, max)}`;
  return `${c.path}: ${shortValue(c.before, max)} → ${shortValue(c.after, max)}`;
}

/** `$.items[2].priority` → `$.items[*].priority`: paths of one field across array items count together. */
export function pathPattern(path: string): string {
  return path.replace(/\[\d+\]/g, '[*]');
}
