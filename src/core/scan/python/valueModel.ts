// The values static evaluation of Python gives (python/values.ts): strings with their {{holes}},
// numbers, lists, dicts, environment lookups and `unknown`, plus the views the resolvers take of
// them (template text, plain JSON) and when two of them count as the same value.
import type { ModelHop } from '../../callsite';
import type { Node } from './tree';
import type { Scope } from './indexTypes';
import { hole, holeName, type Template } from './strings';

export interface DictEntry { key: string; val: Val; node: Node | null }

/**
 * A call being followed into (a function's returns, a class built with arguments): its parameters
 * take the call's arguments. `ev` is the evaluator of the file the call is written in.
 */
export interface Frame { call: Node; scope: Scope; at: number; ev: unknown; method: boolean }

/** A class of some file of the workspace, with that file's evaluator (opaque here: values.ts' Evaluator). */
export interface ClassRef { scope: Scope; ev: unknown }

/**
 * Model tracing (values.ts with `trace`) adds provenance (`via`: the hops from the use outward) and
 * the kinds below the line; prompt and schema evaluation never meet them.
 */
export type Val =
  /** `def` (tracing): the hop at the literal that wrote the string, in whichever file it is. */
  | { k: 'str'; s: string; holes: string[]; lit: Node | null; via?: ModelHop[]; def?: ModelHop }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  /** `via` (tracing): a None reached through a parameter's default, which callers may override. */
  | { k: 'none'; via?: ModelHop[] }
  | { k: 'list'; items: Val[]; via?: ModelHop[] }
  | { k: 'dict'; entries: DictEntry[]; via?: ModelHop[]; attrs?: boolean }
  /** An environment lookup without a default: unknown, but `or "x"` after it gives "x". */
  | { k: 'env'; name?: string; via?: ModelHop[] }
  | { k: 'unknown'; node: Node | null; via?: ModelHop[]; stop?: ModelHop }
  // ---- model tracing only ----
  /** Several ids, one of which a registry, switch or condition picks. */
  /** `absent`: some paths give None (a caller passing nothing to `model=None`), which `or` may fill. */
  /** `partial`: some path gives a value not known statically; this stop hop says which (the options are the known ones). */
  | { k: 'choice'; options: StrVal[]; via?: ModelHop[]; absent?: boolean; partial?: ModelHop }
  /** An instance of a workspace class; `frame` is the call that built it, when known. */
  | { k: 'instance'; cls: ClassRef; frame: Frame | null; via?: ModelHop[] }
  | { k: 'class'; cls: ClassRef; via?: ModelHop[] }
  /** A function of the workspace, to follow into when called. */
  | { k: 'fn'; scope: Scope; ev: unknown; via?: ModelHop[] }
  /** A module of the workspace (`import app.config`), named as written in the file `from`. */
  | { k: 'module'; spec: string; from: string; via?: ModelHop[] }
  /**
   * A file path the code builds: `exact` when made from `__file__` (`rel` is then relative to the
   * workspace root), else as written (`open("config.yaml")`, relative to wherever the app runs).
   */
  | { k: 'file'; rel: string; exact: boolean; via?: ModelHop[] };

export type StrVal = Extract<Val, { k: 'str' }>;

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

const NOT_COMPARED = new Set(['lit', 'node', 'via', 'stop', 'cls', 'frame', 'ev', 'scope']);

function fingerprint(v: Val): string {
  return JSON.stringify(v, (k, x) => (NOT_COMPARED.has(k) ? undefined : x));
}

export function sameVal(a: Val, b: Val): boolean {
  if (a === b) return true;
  if (a.k !== b.k || a.k === 'unknown' || a.k === 'env') return false;
  if (a.k === 'instance' || a.k === 'class') return a.cls.scope === (b as typeof a).cls.scope && (a.k === 'class' || a.frame === (b as typeof a).frame);
  if (a.k === 'fn') return a.scope === (b as typeof a).scope;
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
