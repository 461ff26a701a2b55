// Static evaluation of Python expressions to the values a reader of the file would see: literals,
// same-file constants, class attributes, default parameter values (for model ids only), kwargs
// dicts built in the same function, env lookups with a literal default, and string building.
// Anything else is `unknown`; we never guess. Depth and step budgets keep it bounded. What the
// values are is valueModel.ts; which bindings a name means is nameLookup.ts. An evaluator that
// traces a model (`trace`) also records the hops it follows and goes further: choices among ids,
// instances and settings classes, environment and configuration, other modules (trace.ts).
import type { Node } from './tree';
import { attributeChain, callArgs, field, named, spanOf, stringParts, unparen } from './tree';
import type { Binding, FileIndex, Scope } from './fileIndex';
import { cleandoc, concatTemplates, dedent, formatFields, hole, holeName, percentFormat, type Template } from './strings';
import { asTemplate, dictGet, mergeAll, sameVal, templateVal, UNKNOWN, type DictEntry, type Val } from './valueModel';
import { classAttrBindings, lookup, ownClass, qualifiedName, receiverClass } from './nameLookup';
import type { TraceEnv } from './flowPorts';
import {
  choiceOf, hopAt, mergeTraced, partialChoice, prepend, traceAttribute, traceBinary, traceBinding, traceCall, traceConditional, traceEnvLookup,
  traceMethod, traceSubscript,
} from './trace';
import type { ModelHopKind } from '../../callsite';

/** 'model': parameters resolve to their defaults. 'prompt': parameters are inputs, so holes. */
export type EvalMode = 'model' | 'prompt';

export interface Evaluator {
  index: FileIndex;
  mode: EvalMode;
  steps: number;
  active: Set<number>;
  /** Set when tracing a call's model (see the file comment); null for prompts, schemas and params. */
  trace: TraceEnv | null;
}

export const MAX_DEPTH = 60;
const MAX_STEPS = 5000;
/** A traced model may lead through several files; its budget is for the whole trace. */
const MAX_TRACE_STEPS = 20_000;

export function newEvaluator(index: FileIndex, mode: EvalMode, trace: TraceEnv | null = null): Evaluator {
  return { index, mode, steps: 0, active: new Set(), trace };
}

export function evaluate(ev: Evaluator, node: Node | null, scope: Scope, at: number, depth = 0): Val {
  const n = unparen(node);
  if (!n) return UNKNOWN;
  if (depth > MAX_DEPTH || (ev.trace ? ++ev.trace.shared.steps > MAX_TRACE_STEPS : ++ev.steps > MAX_STEPS)) return { k: 'unknown', node: n };
  const v = evalNode(ev, n, scope, at, depth + 1);
  return v.k === 'unknown' && !v.node ? { ...v, node: n } : v;
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
      if (ev.trace && left.k === 'choice') return left.absent ? choiceOf([{ ...left, absent: false }, evaluate(ev, field(n, 'right'), scope, at, depth)], left.via ?? []) ?? UNKNOWN : left;
      if (left.k === 'none' || left.k === 'env' || (left.k === 'str' && !left.s)) {
        const right = evaluate(ev, field(n, 'right'), scope, at, depth);
        // `os.getenv("X") or "gpt-4o"`: the variable's hop, then the fallback as its default.
        if (ev.trace && left.k === 'env') return prepend(right, (left.via ?? []).map((h) => (h.kind === 'env' ? { ...h, kind: 'env-default' as const } : h)));
        // `model or "gpt-4o"` with `model=None`: the parameter's hop stays, so callers passing one are looked for.
        return ev.trace && left.k === 'none' ? prepend(right, (left.via ?? []).filter((h) => h.kind === 'parameter')) : right;
      }
      // `model or DEFAULT_MODEL` with `model` unknown: the default is one of the ids, the list partial.
      // (An unknown the cross-file pass goes on from, `settings.model or ...`, is left to it.)
      if (ev.trace && left.k === 'unknown') return left.stop?.follow ? left : partialChoice([left, evaluate(ev, field(n, 'right'), scope, at, depth)]) ?? left;
      return UNKNOWN;
    }
    case 'conditional_expression': {
      const [a, , b] = named(n);
      const va = evaluate(ev, a, scope, at, depth);
      const vb = evaluate(ev, b, scope, at, depth);
      if (ev.trace) return traceConditional(ev, n, va, vb);
      return sameVal(va, vb) ? va : UNKNOWN;
    }
    default: return UNKNOWN;
  }
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
  const v = templateVal(concatTemplates(parts), interpolated ? null : n);
  if (!ev.trace || interpolated || v.k !== 'str') return v;
  return { ...v, def: hopAt(ev, 'constant', n, { span: spanOf(n), holds: v.s }) };
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

/** `hop`: what kind of step following the binding is, when tracing (a name, an attribute...). */
export function evalBinding(ev: Evaluator, b: Binding, depth: number, hop: ModelHopKind = 'constant'): Val {
  switch (b.kind) {
    case 'value': {
      if (ev.active.has(b.value.id)) return UNKNOWN;
      ev.active.add(b.value.id);
      try {
        const v = evaluate(ev, b.value, b.scope, b.at, depth);
        return ev.trace ? prepend(v, [hopAt(ev, hop, b.value)]) : v;
      } finally {
        ev.active.delete(b.value.id);
      }
    }
    case 'param':
      if (ev.trace) return traceBinding(ev, b, depth);
      if (ev.mode !== 'model' || !b.fallback) return UNKNOWN;
      return evaluate(ev, b.fallback, b.scope.parent ?? b.scope, b.at, depth);
    default: return ev.trace ? traceBinding(ev, b, depth) : UNKNOWN;
  }
}

function evalName(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  const found = lookup(n.text, scope, at);
  if (!found || !found.bindings.length) {
    // `Path(__file__).parent / "config.yaml"`: paths built from the file's own are exact.
    return ev.trace && n.text === '__file__' ? { k: 'file', rel: ev.trace.path, exact: true } : UNKNOWN;
  }
  const vals = found.bindings.map((b) => evalBinding(ev, b, depth));
  let v = ev.trace ? mergeTraced(ev, vals, found.bindings, n.text) : mergeAll(vals);
  // Apply `x.append(...)`, `x += ...`, `x["k"] = ...`, `x.update(...)` that follow the last binding.
  if (v.k !== 'unknown') v = applyMutations(ev, v, n.text, found, at, depth);
  // A hole is named after the name used here, not after whatever the name was assigned from.
  return v.k === 'unknown' ? { ...v, node: n } : v;
}

type Found = NonNullable<ReturnType<typeof lookup>>;

function applyMutations(ev: Evaluator, start: Val, name: string, found: Found, at: number, depth: number): Val {
  const muts = found.scope.mutations.get(name);
  if (!muts) return start;
  let v = start;
  const from = Math.max(...found.bindings.map((b) => b.at));
  for (const m of muts) {
    if (m.at <= from || (found.restricted && m.at >= at)) continue;
    v = applyMutation(ev, v, m.kind, m.key, m.value, found.scope, m.at, depth);
  }
  return v;
}

/**
 * `params = self._params(...)` (not known), then `params.update({"model": ...})` or
 * `params["model"] = ...`: the keys set after the name was bound, which hold whatever the first
 * value said. Read for a `**params` spread, never as the whole dict.
 */
export function keysSetAfter(ev: Evaluator, n: Node, scope: Scope, at: number): DictEntry[] {
  if (n.type !== 'identifier') return [];
  const found = lookup(n.text, scope, at);
  if (!found || !found.bindings.length || !found.scope.mutations.get(n.text)?.some((m) => m.kind === 'setitem' || m.kind === 'update')) return [];
  const v = applyMutations(ev, { k: 'dict', entries: [] }, n.text, found, at, 0);
  return v.k === 'dict' ? v.entries : [];
}

function applyMutation(ev: Evaluator, v: Val, kind: string, key: string | undefined, valueNode: Node, scope: Scope, at: number, depth: number): Val {
  const add = kind === 'update' ? UNKNOWN : evaluate(ev, valueNode, scope, at, depth);
  if (kind === 'append' && v.k === 'list') return { k: 'list', items: [...v.items, add] };
  if ((kind === 'extend' || kind === 'augadd') && v.k === 'list') return add.k === 'list' ? { k: 'list', items: [...v.items, ...add.items] } : { k: 'list', items: [...v.items, UNKNOWN] };
  if (kind === 'augadd' && v.k === 'str') return templateVal(concatTemplates([asTemplate(v, null), asTemplate(add, valueNode)]));
  if (kind === 'setitem' && v.k === 'dict' && key !== undefined) return { k: 'dict', entries: [...v.entries, { key, val: add, node: valueNode }] };
  if (kind === 'update' && v.k === 'dict') {
    // `d.update({...})` / `d.update(k=v)`: the call's argument list is the mutation's value.
    const args = callArgs(valueNode);
    const first = args.positional[0] ? evaluate(ev, args.positional[0], scope, at, depth) : null;
    // `d.update(kwargs)` with a mapping not known (options forwarded by a caller) is read as adding
    // options: the keys already set stay, as they did before update() was followed at all.
    if (first && first.k !== 'dict') return v;
    const added = [...(first?.k === 'dict' ? first.entries : []), ...[...args.keywords].map(([k, node]) => ({ key: k, val: evaluate(ev, node, scope, at, depth), node }))];
    return { k: 'dict', entries: [...v.entries.filter((e) => !added.some((a) => a.key === e.key)), ...added] };
  }
  return UNKNOWN;
}

function evalAttribute(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  const obj = unparen(field(n, 'object'));
  const attr = field(n, 'attribute')?.text;
  if (!obj || !attr) return UNKNOWN;
  const cls = ev.trace ? ownClass(ev.index, obj, scope) : receiverClass(ev.index, obj, scope);
  if (!cls) return ev.trace ? traceAttribute(ev, n, obj, attr, scope, at, depth) : UNKNOWN;
  const bindings = classAttrBindings(ev.index, cls, attr);
  const vals = bindings.map((b) => evalBinding(ev, b, depth, 'attribute'));
  const v = ev.trace ? mergeTraced(ev, vals, bindings, attr) : mergeAll(vals);
  return v.k === 'unknown' ? { ...v, node: n } : v;
}

function evalSubscript(ev: Evaluator, n: Node, scope: Scope, at: number, depth: number): Val {
  const base = unparen(field(n, 'value'));
  if (base && isEnviron(base, scope, at)) return ev.trace ? traceEnvLookup(ev, n, field(n, 'subscript'), null, scope, at, depth) : { k: 'env' };
  const container = evaluate(ev, base, scope, at, depth);
  const key = evaluate(ev, field(n, 'subscript'), scope, at, depth);
  if (ev.trace) {
    const traced = traceSubscript(ev, n, container, key);
    if (traced) return traced;
  }
  if (container.k === 'dict' && key.k === 'str') return dictGet(container, key.s)?.val ?? UNKNOWN;
  if (container.k === 'list' && key.k === 'num' && Number.isInteger(key.v)) {
    return container.items[key.v < 0 ? container.items.length + key.v : key.v] ?? UNKNOWN;
  }
  return UNKNOWN;
}

export function isEnviron(node: Node, scope: Scope, at: number): boolean {
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
    if (ev.trace) return traceEnvLookup(ev, n, args.positional[0] ?? args.keywords.get('key') ?? null, fallback ?? null, scope, at, depth);
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
  if (ev.trace) {
    const traced = traceCall(ev, n, fn, args, q, scope, at, depth);
    if (traced) return traced;
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
  if (ev.trace && obj.k !== 'str') return traceMethod(ev, call, method, obj, args, scope, at, depth);
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
  if (ev.trace && left.k === 'file') return traceBinary(ev, op, left, evaluate(ev, rightNode, scope, at, depth));
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
