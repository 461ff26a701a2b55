// The values static evaluation of Python gives (python/values.ts): strings with their {{holes}},
// numbers, lists, dicts, environment lookups and `unknown`, plus the views the resolvers take of
// them (template text, plain JSON) and when two of them count as the same value.
import type { Node } from './tree';
import { hole, holeName, type Template } from './strings';

export interface DictEntry { key: string; val: Val; node: Node | null }

export type Val =
  | { k: 'str'; s: string; holes: string[]; lit: Node | null }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'none' }
  | { k: 'list'; items: Val[] }
  | { k: 'dict'; entries: DictEntry[] }
  /** An environment lookup without a default: unknown, but `or "x"` after it gives "x". */
  | { k: 'env' }
  | { k: 'unknown'; node: Node | null };

export const UNKNOWN: Val = { k: 'unknown', node: null };

export function str(s: string, lit: Node | null = null, holes: string[] = []): Val {
  return { k: 'str', s, holes, lit };
}

/** The Template view of a value inside a string: unknown parts become holes named after `node`. */
export function asTemplate(v: Val, node: Node | null): Template {
  switch (v.k) {
    case 'str': return { s: v.s, holes: v.holes };
    case 'num': return { s: String(v.v), holes: [] };
    case 'bool': return { s: v.v ? 'True' : 'False', holes: [] };
    case 'none': return { s: 'None', holes: [] };
    case 'unknown': return hole(holeName(v.node ?? node));
    default: return hole(holeName(node));
  }
}

/** Plain JSON when the value is fully known, else undefined. */
export function toPlain(v: Val): unknown {
  switch (v.k) {
    case 'str': return v.holes.length ? undefined : v.s;
    case 'num': return v.v;
    case 'bool': return v.v;
    case 'none': return null;
    case 'list': {
      const out: unknown[] = [];
      for (const i of v.items) {
        const p = toPlain(i);
        if (p === undefined) return undefined;
        out.push(p);
      }
      return out;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const e of v.entries) {
        const p = toPlain(e.val);
        if (p === undefined) return undefined;
        out[e.key] = p;
      }
      return out;
    }
    default: return undefined;
  }
}

export function dictGet(v: Val, key: string): DictEntry | undefined {
  if (v.k !== 'dict') return undefined;
  for (let i = v.entries.length - 1; i >= 0; i--) if (v.entries[i].key === key) return v.entries[i];
  return undefined;
}

function fingerprint(v: Val): string {
  return JSON.stringify(v, (k, x) => (k === 'lit' || k === 'node' ? undefined : x));
}

export function sameVal(a: Val, b: Val): boolean {
  if (a === b) return true;
  if (a.k !== b.k || a.k === 'unknown' || a.k === 'env') return false;
  return fingerprint(a) === fingerprint(b);
}

export function templateVal(t: Template, lit: Node | null = null): Val {
  return { k: 'str', s: t.s, holes: t.holes, lit };
}

/** The value several bindings agree on, else unknown (a name assigned different values on different paths). */
export function mergeAll(vals: Val[]): Val {
  if (!vals.length) return UNKNOWN;
  const first = vals[0];
  return vals.every((v) => sameVal(first, v)) ? first : UNKNOWN;
}
