// Builds a JSON value that satisfies a JSON Schema, deterministically from a seed. Covers what
// structured-output schemas use (object/properties/required, string formats, number ranges, enum,
// const, arrays, $ref into $defs, anyOf/oneOf, nullable type arrays); `pattern` is not honoured.
import { pick, unitFloat } from './hash';

type Schema = Record<string, unknown>;

const WORDS = [
  'alpha', 'amber', 'bright', 'calm', 'cedar', 'clear', 'coral', 'crisp', 'delta', 'ember', 'fable', 'field',
  'frost', 'gentle', 'harbor', 'hazel', 'indigo', 'island', 'jade', 'kernel', 'lumen', 'maple', 'meadow', 'nova',
  'ocean', 'orbit', 'pebble', 'prism', 'quartz', 'river', 'sable', 'signal', 'silver', 'solar', 'summit', 'tidal',
  'timber', 'umber', 'velvet', 'vivid', 'willow', 'winter', 'yarrow', 'zephyr', 'beacon', 'canyon', 'dune', 'echo',
];

export function words(n: number, ...seed: Array<string | number>): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[pick(WORDS.length, 'word', ...seed, i)]);
  return out.join(' ');
}

function isObj(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Ctx {
  root: Schema;
  /** Same for every model given the same prompt: the shared part of the answer. */
  prompt: string;
  model: string;
  depth: number;
}

function resolveRef(ref: string, root: Schema): Schema {
  // Only local JSON pointers: that is all structured outputs allow.
  if (!ref.startsWith('#')) return {};
  let cur: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    cur = isObj(cur) ? cur[key] : undefined;
  }
  return isObj(cur) ? cur : {};
}

/** Models disagree on a share of free choices (enum picks, numbers, words), like real models do. */
function seedFor(ctx: Ctx, path: string): string {
  return unitFloat('vary', ctx.model, ctx.prompt, path) < 0.2 ? `${ctx.prompt}|${ctx.model}` : ctx.prompt;
}

function stringFor(s: Schema, ctx: Ctx, path: string): string {
  const seed = seedFor(ctx, path);
  const n = pick(1000, 'n', seed, path);
  let v: string;
  switch (s.format) {
    case 'date': v = `2024-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`; break;
    case 'date-time': v = `2024-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}T12:${String(n % 60).padStart(2, '0')}:00Z`; break;
    case 'time': v = `12:${String(n % 60).padStart(2, '0')}:00Z`; break;
    case 'email': v = `${words(1, seed, path)}${n}@example.com`; break;
    case 'uri': case 'url': v = `https://example.com/${words(1, seed, path)}/${n}`; break;
    case 'uuid': {
      const h = [0, 1, 2, 3].map((i) => pick(0x1_0000_0000, 'uuid', seed, path, i).toString(16).padStart(8, '0')).join('');
      v = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
      break;
    }
    default: v = words(2 + pick(4, 'len', seed, path), seed, path);
  }
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  while (v.length < min) v += ` ${words(1, seed, path, v.length)}`;
  return v.length > max ? v.slice(0, max) : v;
}

function numberFor(s: Schema, ctx: Ctx, path: string, integer: boolean): number {
  const lo = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (integer ? 1 : 0.01) : 0;
  let hi = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - (integer ? 1 : 0.01) : lo + 100;
  if (hi < lo) hi = lo;
  const f = unitFloat('num', seedFor(ctx, path), path);
  if (integer) return Math.min(Math.floor(hi), Math.ceil(lo) + Math.floor(f * (Math.floor(hi) - Math.ceil(lo) + 1)));
  return Math.round((lo + f * (hi - lo)) * 100) / 100;
}

export function valueFor(schemaIn: unknown, ctx: Ctx, path = '$'): unknown {
  let s: Schema = isObj(schemaIn) ? schemaIn : {};
  if (ctx.depth > 12) return null;
  if (typeof s.$ref === 'string') s = { ...resolveRef(s.$ref, ctx.root), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) };
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[pick(s.enum.length, 'enum', seedFor(ctx, path), path)];
  const branches = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : null) as unknown[] | null;
  if (branches && branches.length > 0) {
    // The first branch that is not just null: nullable fields get a value, which is the useful case.
    const b = branches.find((x) => !(isObj(x) && x.type === 'null')) ?? branches[0];
    return valueFor(b, { ...ctx, depth: ctx.depth + 1 }, path);
  }
  if (Array.isArray(s.allOf)) {
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of s.allOf) {
      const p = isObj(part) && typeof part.$ref === 'string' ? resolveRef(part.$ref, ctx.root) : part;
      if (!isObj(p)) continue;
      Object.assign(merged.properties as Schema, isObj(p.properties) ? p.properties : {});
      (merged.required as unknown[]).push(...(Array.isArray(p.required) ? p.required : []));
    }
    return valueFor(merged, { ...ctx, depth: ctx.depth + 1 }, path);
  }
  let type = s.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? 'null';
  if (type === undefined) type = isObj(s.properties) ? 'object' : s.items !== undefined ? 'array' : 'string';
  const child = { ...ctx, depth: ctx.depth + 1 };
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isObj(s.properties) ? s.properties : {};
      for (const [k, ps] of Object.entries(props)) out[k] = valueFor(ps, child, `${path}.${k}`);
      // Required names without a property schema still have to be present.
      for (const r of Array.isArray(s.required) ? s.required : []) if (typeof r === 'string' && !(r in out)) out[r] = stringFor({}, ctx, `${path}.${r}`);
      return out;
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 1;
      const max = typeof s.maxItems === 'number' ? s.maxItems : Math.max(min, 3);
      const n = Math.min(max, Math.max(min, 1 + pick(3, 'items', seedFor(ctx, path), path)));
      const items = Array.isArray(s.prefixItems) ? s.prefixItems : null;
      return Array.from({ length: n }, (_, i) => valueFor(items?.[i] ?? s.items, child, `${path}[${i}]`));
    }
    case 'string': return stringFor(s, ctx, path);
    case 'integer': return numberFor(s, ctx, path, true);
    case 'number': return numberFor(s, ctx, path, false);
    case 'boolean': return unitFloat('bool', seedFor(ctx, path), path) < 0.5;
    case 'null': return null;
    default: return null;
  }
}

/** Small models (name containing "nano" or "mini") drop one required field for about 1 prompt in 5. */
export function isSloppyFor(model: string, prompt: string): boolean {
  return /nano|mini/i.test(model) && unitFloat('sloppy', model, prompt) < 0.2;
}

/**
 * The JSON answer for a schema. Sloppy models omit one required top-level field, so the demo and
 * the tests see schema failures that the validator must report with a path.
 */
export function jsonForSchema(schema: unknown, prompt: string, model: string): unknown {
  const root = isObj(schema) ? schema : {};
  const value = valueFor(root, { root, prompt, model, depth: 0 });
  if (isSloppyFor(model, prompt) && isObj(value) && Array.isArray(root.required) && root.required.length > 0) {
    const req = root.required.filter((r): r is string => typeof r === 'string');
    if (req.length > 0) delete value[req[pick(req.length, 'drop', model, prompt)]];
  }
  return value;
}
