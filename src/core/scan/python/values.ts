// Static evaluation of Python expressions to the values a reader of the file would see: literals,
// same-file constants, class attributes, default parameter values (for model ids only), kwargs
// dicts built in the same function, env lookups with a literal default, and string building.
// Anything else is `unknown`; we never guess. Depth and step budgets keep it bounded.
import type { Node } from './tree';
import { attributeChain, callArgs, dottedName, field, named, stringParts, unparen } from './tree';
import { scopeBindings, type Binding, type FileIndex, type Scope } from './fileIndex';
import { cleandoc, concatTemplates, dedent, formatFields, hole, holeName, percentFormat, type Template } from './strings';

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

/** 'model': parameters resolve to their defaults. 'prompt': parameters are inputs, so holes. */
export type EvalMode = 'model' | 'prompt';

export interface Evaluator {
  index: FileIndex;
  mode: EvalMode;
  steps: number;
  active: Set<number>;
}

const MAX_DEPTH = 60;
const MAX_STEPS = 5000;
const UNKNOWN: Val = { k: 'unknown', node: null };

export function newEvaluator(index: FileIndex, mode: EvalMode): Evaluator {
  return { index, mode, steps: 0, active: new Set() };
}

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

function sameVal(a: Val, b: Val): boolean {
  if (a === b) return true;
  if (a.k !== b.k || a.k === 'unknown' || a.k === 'env') return false;
  return fingerprint(a) === fingerprint(b);
}

/** Bindings visible for `name` at offset `at` in `scope`, with the scope they were found in. */
export function lookup(name: string, scope: Scope, at: number): { bindings: Binding[]; scope: Scope; restricted: boolean } | null {
  let s: Scope | null = scope;
  let innermost = true;
  while (s) {
    // A class body is not an enclosing scope for the functions inside it.
    if (s.kind === 'class' && !innermost) { s = s.parent; continue; }
    const list = scopeBindings(s).get(name);
    if (list && list.length) {
      // Code runs top to bottom in its own scope; an enclosing scope is complete by the time a
      // function body runs, so every binding there counts.
      if (innermost) {
        const before = list.filter((b) => b.at < at);
        // Straight-line code: an assignment at the top level of the body replaces what came before
        // it (`model = model or DEFAULT`); assignments under if/for/try stay ambiguous together.
        const last = before[before.length - 1];
        const chosen = last && isUnconditional(last, s) ? [last] : before;
        return { bindings: chosen.length ? chosen : list.filter((b) => b.kind === 'param'), scope: s, restricted: true };
      }
      return { bindings: list, scope: s, restricted: false };
    }
    innermost = false;
    s = s.parent;
  }
  return null;
}

function isUnconditional(b: Binding, scope: Scope): boolean {
  if (b.kind !== 'value') return false;
  const statement = b.value.parent?.parent;
  const body = scope.kind === 'module' ? scope.node : field(scope.node, 'body');
  return !!statement && statement.type === 'expression_statement' && !!body && statement.parent?.id === body.id;
}

/** The import a name refers to (`OpenAI` → `openai.OpenAI`), bare names as themselves, else null. */
export function qualifiedName(node: Node | null, scope: Scope, at: number): string | null {
  const dotted = dottedName(node);
  if (!dotted) return null;
  const [root, ...rest] = dotted.split('.');
  const found = lookup(root, scope, at);
  if (!found) return dotted;
  const imp = found.bindings.find((b) => b.kind === 'import');
  if (imp && imp.kind === 'import') return [imp.qualified, ...rest].join('.');
  return null;
}

export function evaluate(ev: Evaluator, node: Node | null, scope: Scope, at: number, depth = 0): Val {
  const n = unparen(node);
  if (!n) return UNKNOWN;
  if (depth > MAX_DEPTH || ++ev.steps > MAX_STEPS) return { k: 'unknown', node: n };
  const v = evalNode(ev, n, scope, at, depth + 1);
  return v.k === 'unknown' && !v.node ? { k: 'unknown', node: n } : v;
}

function evalNode(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  switch (n.type) {
    case 'string': return evalString(ev, n, scope, at, depth);
    case 'concatenated_string': {
      const parts = named(n).map((c) => evaluate(ev, c, scope, at, depth));
      return templateVal(concatTemplates(parts.map((p, i) => asTemplate(p, named(n)[i]))));
    }
    case 'integer': { const v = Number(n.text.replace(/_/g, '')); return Number.isFinite(v) ? { k: 'num', v } : UNKNOWN; }
    case 'float': { const v = Number(n.text.replace(/_/g, '')); return Number.isFinite(v) ? { k: 'num', v } : UNKNOWN; }
    case 'unary_operator': {
      const v = evaluate(ev, field(n, 'argument'), scope, at, depth);
      const op = field(n, 'operator')?.text;
      return v.k === 'num' && op === '-' ? { k: 'num', v: -v.v } : v.k === 'num' && op === '+' ? v : UNKNOWN;
    }
    case 'true': return { k: 'bool', v: true };
    case 'false': return { k: 'bool', v: false };
    case 'none': return { k: 'none' };
    case 'list': case 'tuple': return { k: 'list', items: named(n).map((c) => (c.type === 'list_splat' ? UNKNOWN : evaluate(ev, c, scope, at, depth))) };
    case 'dictionary': return evalDict(ev, n, scope, at, depth);
    case 'identifier': return evalName(ev, n, scope, at, depth);
    case 'attribute': return evalAttribute(ev, n, scope, at, depth);
    case 'subscript': return evalSubscript(ev, n, scope, at, depth);
    case 'call': return evalCall(ev, n, scope, at, depth);
    case 'binary_operator': return evalBinary(ev, n, scope, at, depth);
    case 'boolean_operator': {
      if (field(n, 'operator')?.text !== 'or') return UNKNOWN;
      const left = evaluate(ev, field(n, 'left'), scope, at, depth);
      if (left.k === 'str' && left.s && !left.holes.length) return left;
      if (left.k === 'none' || left.k === 'env' || (left.k === 'str' && !left.s)) return evaluate(ev, field(n, 'right'), scope, at, depth);
      return UNKNOWN;
    }
    case 'conditional_expression': {
      const [a, , b] = named(n);
      const va = evaluate(ev, a, scope, at, depth);
      const vb = evaluate(ev, b, scope, at, depth);
      return sameVal(va, vb) ? va : UNKNOWN;
    }
    default: return UNKNOWN;
  }
}

function templateVal(t: Template, lit: Node | null = null): Val {
  return { k: 'str', s: t.s, holes: t.holes, lit };
}

function evalString(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  if (/b/.test(n.firstChild?.text ?? '')) return UNKNOWN;
  const parts: Template[] = [];
  let interpolated = false;
  for (const p of stringParts(n)) {
    if (p.expr) {
      interpolated = true;
      parts.push(asTemplate(evaluate(ev, p.expr, scope, at, depth), p.expr));
    } else parts.push({ s: p.text ?? '', holes: [] });
  }
  return templateVal(concatTemplates(parts), interpolated ? null : n);
}

function evalDict(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  const entries: DictEntry[] = [];
  for (const c of named(n)) {
    if (c.type === 'pair') {
      const key = evaluate(ev, field(c, 'key'), scope, at, depth);
      const valueNode = field(c, 'value');
      if (key.k === 'str' && !key.holes.length) entries.push({ key: key.s, val: evaluate(ev, valueNode, scope, at, depth), node: valueNode });
    } else if (c.type === 'dictionary_splat') {
      const inner = evaluate(ev, named(c)[0] ?? null, scope, at, depth);
      if (inner.k === 'dict') entries.push(...inner.entries);
    }
  }
  return { k: 'dict', entries };
}

function mergeAll(vals: Val[]): Val {
  if (!vals.length) return UNKNOWN;
  const first = vals[0];
  return vals.every((v) => sameVal(first, v)) ? first : UNKNOWN;
}

export function evalBinding(ev: Evaluator, b: Binding, depth: number): Val {
  switch (b.kind) {
    case 'value': {
      if (ev.active.has(b.value.id)) return UNKNOWN;
      ev.active.add(b.value.id);
      try {
        return evaluate(ev, b.value, b.scope, b.at, depth);
      } finally {
        ev.active.delete(b.value.id);
      }
    }
    case 'param':
      if (ev.mode !== 'model' || !b.fallback) return UNKNOWN;
      return evaluate(ev, b.fallback, b.scope.parent ?? b.scope, b.at, depth);
    default: return UNKNOWN;
  }
}

function evalName(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  const found = lookup(n.text, scope, at);
  if (!found || !found.bindings.length) return UNKNOWN;
  const vals = found.bindings.map((b) => evalBinding(ev, b, depth));
  let v = mergeAll(vals);
  // Apply `x.append(...)`, `x += ...`, `x["k"] = ...` that follow the last binding.
  const muts = found.scope.mutations.get(n.text);
  if (muts && v.k !== 'unknown') {
    const from = Math.max(...found.bindings.map((b) => b.at));
    for (const m of muts) {
      if (m.at <= from || (found.restricted && m.at >= at)) continue;
      v = applyMutation(ev, v, m.kind, m.key, m.value, found.scope, m.at, depth);
    }
  }
  // A hole is named after the name used here, not after whatever the name was assigned from.
  return v.k === 'unknown' ? { k: 'unknown', node: n } : v;
}

function applyMutation(ev: Evaluator, v: Val, kind: string, key: string | undefined, valueNode: Node, scope: Scope, at: number, depth: number): Val {
  const add = evaluate(ev, valueNode, scope, at, depth);
  if (kind === 'append' && v.k === 'list') return { k: 'list', items: [...v.items, add] };
  if ((kind === 'extend' || kind === 'augadd') && v.k === 'list') return add.k === 'list' ? { k: 'list', items: [...v.items, ...add.items] } : { k: 'list', items: [...v.items, UNKNOWN] };
  if (kind === 'augadd' && v.k === 'str') return templateVal(concatTemplates([asTemplate(v, null), asTemplate(add, valueNode)]));
  if (kind === 'setitem' && v.k === 'dict' && key !== undefined) return { k: 'dict', entries: [...v.entries, { key, val: add, node: valueNode }] };
  return UNKNOWN;
}

/** `self.x` and `Cls.X` for classes in this file, with same-file base classes. */
export function classAttrBindings(index: FileIndex, cls: Scope, attr: string, seen = new Set<Scope>()): Binding[] {
  if (seen.has(cls) || seen.size > 16) return [];
  seen.add(cls);
  const own = cls.attrs?.get(attr);
  if (own && own.length) return own;
  for (const base of named(field(cls.node, 'superclasses'))) {
    if (base.type !== 'identifier') continue;
    for (const b of index.classes.get(base.text) ?? []) {
      const found = classAttrBindings(index, b, attr, seen);
      if (found.length) return found;
    }
  }
  return [];
}

/** The class a receiver refers to: `self`/`cls` in a method, or a same-file class name. */
export function receiverClass(index: FileIndex, obj: Node, scope: Scope): Scope | null {
  if (obj.type !== 'identifier') return null;
  let s: Scope | null = scope;
  while (s && s.kind === 'function' && s.parent?.kind === 'function') s = s.parent;
  if (s && s.kind === 'function' && s.parent?.kind === 'class') {
    const first = named(field(s.node, 'parameters'))[0];
    const firstName = first && (first.type === 'identifier' ? first.text : field(first, 'name')?.text);
    if (firstName === obj.text) return s.parent;
  }
  const classes = index.classes.get(obj.text);
  return classes && classes.length === 1 ? classes[0] : null;
}

function evalAttribute(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  const obj = unparen(field(n, 'object'));
  const attr = field(n, 'attribute')?.text;
  if (!obj || !attr) return UNKNOWN;
  const cls = receiverClass(ev.index, obj, scope);
  if (!cls) return UNKNOWN;
  const v = mergeAll(classAttrBindings(ev.index, cls, attr).map((b) => evalBinding(ev, b, depth)));
  return v.k === 'unknown' ? { k: 'unknown', node: n } : v;
}

function evalSubscript(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  const base = unparen(field(n, 'value'));
  if (base && isEnviron(base, scope, at)) return { k: 'env' };
  const container = evaluate(ev, base, scope, at, depth);
  const key = evaluate(ev, field(n, 'subscript'), scope, at, depth);
  if (container.k === 'dict' && key.k === 'str') return dictGet(container, key.s)?.val ?? UNKNOWN;
  if (container.k === 'list' && key.k === 'num' && Number.isInteger(key.v)) {
    return container.items[key.v < 0 ? container.items.length + key.v : key.v] ?? UNKNOWN;
  }
  return UNKNOWN;
}

function isEnviron(node: Node, scope: Scope, at: number): boolean {
  const q = qualifiedName(node, scope, at);
  return q === 'os.environ' || q === 'environ';
}

const ENV_GETTERS = new Set(['os.getenv', 'os.environ.get', 'getenv', 'environ.get', 'os.environ.setdefault']);

function evalCall(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  const fn = unparen(field(n, 'function'));
  if (!fn) return UNKNOWN;
  const args = callArgs(n);
  const q = qualifiedName(fn, scope, at);
  if (q && ENV_GETTERS.has(q)) {
    const fallback = args.positional[1] ?? args.keywords.get('default');
    if (!fallback) return { k: 'env' };
    const v = evaluate(ev, fallback, scope, at, depth);
    return v.k === 'none' ? { k: 'env' } : v;
  }
  if (q === 'dict' && !args.positional.length) {
    const entries: DictEntry[] = [];
    for (const [key, valueNode] of args.keywords) entries.push({ key, val: evaluate(ev, valueNode, scope, at, depth), node: valueNode });
    return { k: 'dict', entries };
  }
  if (q === 'textwrap.dedent' || q === 'inspect.cleandoc' || q === 'str') {
    const v = evaluate(ev, args.positional[0] ?? null, scope, at, depth);
    if (v.k !== 'str') return UNKNOWN;
    const s = q === 'str' ? v.s : q === 'textwrap.dedent' ? dedent(v.s) : cleandoc(v.s);
    return { k: 'str', s, holes: v.holes, lit: null };
  }
  if (fn.type === 'attribute') return evalMethod(ev, n, fn, args, scope, at, depth);
  return UNKNOWN;
}

function evalMethod(ev: Evaluator, call: Node, fn: Node, args: ReturnType<typeof callArgs>, scope: Scope, at: number, depth: number): Val {
  const method = field(fn, 'attribute')?.text ?? '';
  const objNode = field(fn, 'object');
  const { root, segments } = attributeChain(fn);
  if (method === 'get' && segments.length === 2 && isEnviron(root, scope, at)) return evalCall(ev, call, scope, at, depth);
  const obj = evaluate(ev, objNode, scope, at, depth);
  if (obj.k !== 'str') return UNKNOWN;
  switch (method) {
    case 'strip': return args.positional.length ? UNKNOWN : { ...obj, s: obj.s.trim(), lit: null };
    case 'lstrip': return args.positional.length ? UNKNOWN : { ...obj, s: obj.s.trimStart(), lit: null };
    case 'rstrip': return args.positional.length ? UNKNOWN : { ...obj, s: obj.s.trimEnd(), lit: null };
    case 'format': {
      if (obj.holes.length) return UNKNOWN;
      const t = formatFields(obj.s, (name, i) => {
        const node = i !== null ? args.positional[i] ?? null : args.keywords.get(name.split(/[.[]/)[0]) ?? null;
        if (!node) return hole(name || 'value');
        const v = evaluate(ev, node, scope, at, depth);
        return v.k === 'unknown' || v.k === 'env' ? hole(i !== null ? holeName(node) : name) : asTemplate(v, node);
      });
      return templateVal(t);
    }
    case 'join': {
      const list = evaluate(ev, args.positional[0] ?? null, scope, at, depth);
      if (list.k !== 'list' || obj.holes.length) return UNKNOWN;
      return templateVal(concatTemplates(list.items.flatMap((item, i) => {
        const t = asTemplate(item, null);
        return i ? [{ s: obj.s, holes: [] }, t] : [t];
      })));
    }
    default: return UNKNOWN;
  }
}

function evalBinary(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  const op = field(n, 'operator')?.text;
  const leftNode = field(n, 'left');
  const rightNode = field(n, 'right');
  const left = evaluate(ev, leftNode, scope, at, depth);
  if (op === '+') {
    const right = evaluate(ev, rightNode, scope, at, depth);
    if (left.k === 'num' && right.k === 'num') return { k: 'num', v: left.v + right.v };
    if (left.k === 'list' && right.k === 'list') return { k: 'list', items: [...left.items, ...right.items] };
    if (left.k === 'str' || right.k === 'str') return templateVal(concatTemplates([asTemplate(left, leftNode), asTemplate(right, rightNode)]));
    return UNKNOWN;
  }
  if (op === '%' && left.k === 'str' && !left.holes.length) {
    const right = evaluate(ev, rightNode, scope, at, depth);
    const rn = unparen(rightNode);
    const items = rn && rn.type === 'tuple' ? named(rn) : null;
    return templateVal(percentFormat(left.s, (name, i) => {
      if (name && right.k === 'dict') {
        const e = dictGet(right, name);
        return e && e.val.k !== 'unknown' ? asTemplate(e.val, e.node) : hole(name);
      }
      const node = items ? items[i ?? 0] ?? null : rightNode;
      const v = items && right.k === 'list' ? right.items[i ?? 0] ?? UNKNOWN : right;
      return v.k === 'unknown' || v.k === 'env' ? hole(holeName(node)) : asTemplate(v, node);
    }));
  }
  return UNKNOWN;
}
