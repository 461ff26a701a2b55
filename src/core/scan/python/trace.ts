// Model tracing: what values.ts does beyond a reader's same-file view when it follows a call's
// model. Every step records a hop (CallSite.modelSource); a registry, switch or condition among ids
// gives every one of them; instances of the workspace's classes (settings classes included),
// environment lookups, configuration files and other modules are followed through the PyFlow the
// cross-file pass provides, or stop with a hop that says what is left to follow. Never a guess:
// what cannot be known is `unknown`, with the reason in its stop hop.
import type { Node } from './tree';
import { callArgs } from './tree';
import type { Binding, Scope } from './fileIndex';
import { returnsOf } from './fileIndex';
import { classAttrBindings, lookup } from './nameLookup';
import { dictGet, sameVal, UNKNOWN, type ClassRef, type Frame, type Val } from './valueModel';
import { evalBinding, evaluate, type Evaluator } from './values';
import type { PyModule } from './flowPorts';
import { frameArgument } from './frames';
import { cliOptionDefault } from './cliDefaults';
import { guardedDefault } from './guardedDefaults';
import { classKind, settingsEnvName } from './settingsClass';
import { reasonFor } from '../flow/chain';
import { hopAt, prepend, stopped } from './traceHops';
import { choiceOf, firstUnknown, isId, partialChoice, registryChoice, withFollowKey } from './traceChoice';
import { ATTR_LOADERS, fileOf, LOADERS, loadConfig, parentOf, PATH_MAKERS, traceBinary } from './traceConfig';

export { hopAt, prepend, stopped } from './traceHops';
export { traceBinary, traceEnvLookup } from './traceConfig';
export { choiceOf, partialChoice, withFollowKey } from './traceChoice';

/**
 * What several bindings of one name give: their value when they agree, every id when each binding
 * holds one (`if fast: model = "a" else: model = "b"`, match/case arms), else unknown.
 */
export function mergeTraced(ev: Evaluator, vals: readonly Val[], bindings: readonly Binding[], name: string): Val {
  if (!vals.length) return UNKNOWN;
  if (vals.every((v) => sameVal(vals[0], v))) return vals[0];
  const first = bindings[0];
  const at = first && (first.kind === 'value' ? first.value : first.scope.node);
  return choiceOf(vals, at ? [hopAt(ev, 'registry', at, { name })] : []) ?? firstUnknown(vals);
}

export function traceConditional(ev: Evaluator, n: Node, a: Val, b: Val): Val {
  if (sameVal(a, b)) return a;
  return choiceOf([a, b], [hopAt(ev, 'registry', n)]) ?? firstUnknown([a, b]);
}

// ---- Bindings other than plain values ----

export function traceBinding(ev: Evaluator, b: Binding, depth: number): Val {
  switch (b.kind) {
    case 'param': return traceParam(ev, b, depth);
    case 'import': return traceImport(ev, b, depth);
    case 'class': return { k: 'class', cls: { scope: b.classScope, ev } };
    case 'def': return { k: 'fn', scope: b.fnScope, ev };
    default: return UNKNOWN;
  }
}

function owner(ev: Evaluator): PyModule {
  return { path: ev.trace!.path, index: ev.index, ev };
}

/**
 * A parameter: the argument of the call being followed into; else what the workspace's callers
 * pass, with the default for those that pass nothing; else the default.
 */
function traceParam(ev: Evaluator, b: Extract<Binding, { kind: 'param' }>, depth: number): Val {
  const { shared } = ev.trace!;
  const defNode = b.fallback ?? b.scope.node;
  const fnName = b.scope.name;
  const viaDefault = (): Val => b.fallback
    ? prepend(evaluate(ev, b.fallback, b.scope.parent ?? b.scope, b.at, depth), [hopAt(ev, 'parameter', b.fallback, { name: b.name })])
    : stopped(ev, defNode, `parameter \`${b.name}\` of \`${fnName}()\` has no default`, [hopAt(ev, 'parameter', defNode, { name: b.name })]);
  const frame = shared.frames.get(b.scope);
  if (frame) {
    const passed = argumentOf(frame, b, depth);
    return passed ?? viaDefault();
  }
  const callers = shared.flow?.callers(b.scope, owner(ev));
  if (!callers || !callers.length) return viaDefault();
  const vals: Val[] = [];
  let omitted = false;
  for (const call of callers) {
    const passed = argumentOf(call, b, depth);
    if (passed) vals.push(passed);
    else omitted = true;
  }
  if (omitted) vals.push(viaDefault());
  const unknown = vals.find((v) => !isId(v) && v.k !== 'choice' && v.k !== 'none');
  // Some callers pass a value we cannot know, others an id (or nothing, so the default applies).
  const partial = unknown && unknown.k === 'unknown' ? partialChoice(vals, [hopAt(ev, 'parameter', defNode, { name: b.name })]) : null;
  if (partial) return partial;
  if (unknown) return unknown.k === 'unknown' ? withFollowKey(unknown, null) : stopped(ev, defNode, `a caller passes \`${b.name}\` a value that is not a model id`);
  return choiceOf(vals, [hopAt(ev, 'parameter', defNode, { name: b.name })]) ?? firstUnknown(vals);
}

/** The value `frame`'s call passes for the parameter, with an `argument` hop; null when it passes none. */
function argumentOf(frame: Frame, b: Extract<Binding, { kind: 'param' }>, depth: number): Val | null {
  const cev = frame.ev as Evaluator;
  const arg = frameArgument(frame, b.scope, b.name);
  if (arg === null) return null;
  // The argument is read where the call is written, outside the function being followed into.
  const { frames } = cev.trace!.shared;
  const held = frames.get(b.scope);
  frames.delete(b.scope);
  try {
    if (arg === 'unknown') {
      // `f(x, **kwargs)` with `kwargs = dict(model=...)` / `{"model": ...}` built where we can read it.
      const spread = spreadEntry(cev, frame, b.name, depth);
      if (!spread) return stopped(cev, frame.call, `the call passes \`${b.name}\` through *args/**kwargs`);
      const { v, at } = spread;
      if (v.k === 'unknown' || v.k === 'env') return stopped(cev, at, `a caller passes ${reasonFor(at.text)}`, [hopAt(cev, 'argument', at, { name: b.name })]);
      return prepend(v, [hopAt(cev, 'argument', at, { name: b.name })]);
    }
    const v = evaluate(cev, arg, frame.scope, frame.at, depth + 1);
    const hop = hopAt(cev, 'argument', arg, { name: b.name });
    // What the caller passes says why the model is not known better than where its trace stopped.
    if (v.k === 'unknown' || v.k === 'env') return stopped(cev, arg, `a caller passes ${reasonFor(arg.text)}`, [hop]);
    return prepend(v, [hop]);
  } finally {
    if (held) frames.set(b.scope, held);
  }
}

/** The value of `name` in a dict the call spreads with `**`, and the expression that gives it (else the spread). */
function spreadEntry(cev: Evaluator, frame: Frame, name: string, depth: number): { v: Val; at: Node } | null {
  for (const splat of callArgs(frame.call).splats) {
    const entry = dictGet(evaluate(cev, splat, frame.scope, frame.at, depth + 1), name);
    if (entry) return { v: entry.val, at: entry.node ?? splat };
  }
  return null;
}

function traceImport(ev: Evaluator, b: Extract<Binding, { kind: 'import' }>, depth: number): Val {
  const hop = ev.trace!.lines.hop('import', b.line, { name: b.name ?? b.module });
  const flow = ev.trace!.shared.flow;
  if (b.name === null) return { k: 'module', spec: b.module, from: ev.trace!.path, via: [hop] };
  if (!flow) {
    const stop = ev.trace!.lines.hop('stop', b.line, { reason: `defined in \`${b.module}\`, another module`, follow: { module: b.module, name: b.name, path: [] } });
    return { k: 'unknown', node: null, via: [hop], stop };
  }
  const mod = flow.module(b.module, ev.trace!.path);
  if (!mod) {
    // `from app import config`: the name may be a submodule of a package without an __init__.py.
    const sub = flow.module(joinSpec(b.module, b.name), ev.trace!.path);
    if (sub) return { k: 'module', spec: joinSpec(b.module, b.name), from: ev.trace!.path, via: [hop] };
    return { k: 'unknown', node: null, via: [hop], stop: ev.trace!.lines.hop('stop', b.line, { reason: `\`${b.module}\` is not a module of the workspace` }) };
  }
  return prepend(moduleMember(ev, mod, b.module, b.name, depth, new Set()), [hop]);
}

export function joinSpec(spec: string, name: string): string {
  return spec.endsWith('.') ? `${spec}${name}` : `${spec}.${name}`;
}

/** A name defined at the top level of a module: bound there, a submodule, or brought in by `import *`. */
function moduleMember(from: Evaluator, mod: PyModule, spec: string, name: string, depth: number, seen: Set<string>): Val {
  const mev = mod.ev as Evaluator;
  if (seen.has(mod.path) || seen.size > 8) return UNKNOWN;
  seen.add(mod.path);
  const found = lookup(name, mod.index.module, Number.MAX_SAFE_INTEGER);
  if (found && found.bindings.length) {
    const vals = found.bindings.map((b) => evalBinding(mev, b, depth + 1));
    return mergeTraced(mev, vals, found.bindings, name);
  }
  const flow = from.trace!.shared.flow!;
  const subSpec = joinSpec(spec, name);
  if (flow.module(subSpec, from.trace!.path)) return { k: 'module', spec: subSpec, from: from.trace!.path };
  for (const star of mod.index.starImports) {
    const other = flow.module(star, mod.path);
    if (other) {
      const v = moduleMember(mev, other, star, name, depth, seen);
      if (v.k !== 'unknown' || v.stop) return v;
    }
  }
  return { k: 'unknown', node: null, stop: { kind: 'stop', path: mod.path, line: 1, text: '', reason: `\`${name}\` is not defined at the top level of ${mod.path}` } };
}

/**
 * Goes on from a continuation a one-file scan left (`follow` of its stop hop): the name in the
 * module, then each member or key read from it.
 */
export function continueFollow(mod: PyModule, from: Evaluator, follow: { module: string; name: string; path: string[] }): Val {
  let v = moduleMember(from, mod, follow.module, follow.name, 0, new Set());
  for (const key of follow.path) {
    if (v.k === 'dict') {
      const e = dictGet(v, key);
      v = e ? prepend(e.val, v.via ?? []) : UNKNOWN;
    } else if (v.k === 'instance' || v.k === 'class') v = prepend(instanceAttr(v.cls, v.k === 'instance' ? v.frame : null, key, 0), v.via ?? []);
    else if (v.k === 'module') {
      const flow = from.trace!.shared.flow!;
      const m = flow.module(v.spec, v.from);
      const sub = joinSpec(v.spec, key);
      v = m ? prepend(moduleMember(from, m, v.spec, key, 0, new Set()), v.via ?? []) : flow.module(sub, v.from) ? { k: 'module', spec: sub, from: v.from, via: v.via } : UNKNOWN;
    } else return UNKNOWN;
  }
  return v;
}

// ---- Attributes, subscripts, calls ----

export function traceAttribute(ev: Evaluator, n: Node, obj: Node, attr: string, scope: Scope, at: number, depth: number): Val {
  const o = evaluate(ev, obj, scope, at, depth);
  const via = o.k === 'num' || o.k === 'bool' ? [] : o.via ?? [];
  switch (o.k) {
    case 'instance': return prepend(instanceAttr(o.cls, o.frame, attr, depth), via);
    case 'class': return prepend(instanceAttr(o.cls, null, attr, depth), via);
    case 'module': {
      const flow = ev.trace!.shared.flow;
      const mod = flow?.module(o.spec, o.from);
      if (mod) return prepend(moduleMember(ev, mod, o.spec, attr, depth, new Set()), via);
      const subSpec = joinSpec(o.spec, attr);
      if (flow?.module(subSpec, o.from)) return { k: 'module', spec: subSpec, from: o.from, via };
      return stopped(ev, n, flow ? `\`${o.spec}\` is not a module of the workspace` : `defined in \`${o.spec}\`, another module`, via);
    }
    case 'dict': {
      // Attribute access on configuration loaded by OmegaConf, Box and the like.
      if (!o.attrs) return UNKNOWN;
      const e = dictGet(o, attr);
      return e ? prepend(e.val, via) : stopped(ev, n, `\`${attr}\` is not set in the configuration`, via);
    }
    case 'file':
      return attr === 'parent' ? { ...o, rel: parentOf(o.rel) } : UNKNOWN;
    case 'unknown': {
      const cli = isParsedArgs(obj, scope, at) ? cliOptionDefault(ev, attr, depth) : null;
      if (cli) return cli;
      const guarded = guardedDefault(ev, n, scope, depth, o.stop);
      if (guarded) return prepend(guarded, via);
      return o.stop ? withFollowKey(o, attr) : UNKNOWN;
    }
    default: return UNKNOWN;
  }
}

/** `args` in `args.model`: bound to `parser.parse_args()`, or a parameter by that conventional name. */
function isParsedArgs(obj: Node, scope: Scope, at: number): boolean {
  if (obj.type !== 'identifier') return false;
  const bindings = lookup(obj.text, scope, at)?.bindings ?? [];
  if (bindings.some((b) => b.kind === 'value' && /\bparse_(known_)?args\s*\(/.test(b.value.text))) return true;
  return /^(args|cli_args|parsed_args|opts)$/.test(obj.text) && bindings.every((b) => b.kind === 'param');
}

/**
 * `obj.attr` of an instance of (or `Cls.attr` on) a workspace class. Settings classes read the
 * environment first; data classes take the constructor's keyword; `self.x = x` in `__init__` takes
 * the constructor's argument through the frame.
 */
function instanceAttr(cls: ClassRef, frame: Frame | null, attr: string, depth: number): Val {
  const cev = cls.ev as Evaluator;
  const kind = classKind(cev, cls.scope);
  const bindings = classAttrBindings(cev.index, cls.scope, attr);
  if (frame && kind !== 'plain') {
    const arg = callArgs(frame.call).keywords.get(attr);
    const fev = frame.ev as Evaluator;
    if (arg) return prepend(evaluate(fev, arg, frame.scope, frame.at, depth + 1), [hopAt(fev, 'argument', arg, { name: attr })]);
  }
  if (kind === 'settings') {
    const at = bindings[0] && bindings[0].kind !== 'param' && bindings[0].kind !== 'import' ? bindingNode(bindings[0]) : cls.scope.node;
    const envName = settingsEnvName(cev, cls.scope, attr, bindings);
    const hop = hopAt(cev, 'settings', at ?? cls.scope.node, { name: envName });
    const fromEnv = cev.trace!.shared.flow?.env(envName, cev.trace!.path, true);
    if (fromEnv) return prepend(fromEnv, [hop]);
    const value = bindings.find((b) => b.kind === 'value');
    if (!value || value.kind !== 'value') return { k: 'env', name: envName, via: [hop] };
    return prepend(settingsDefault(cev, value, depth), [hop]);
  }
  const init = initOf(cev, cls.scope);
  const { frames } = cev.trace!.shared;
  const held = init ? frames.get(init) : undefined;
  if (init && frame) frames.set(init, frame);
  try {
    const vals = bindings.map((b) => evalBinding(cev, b, depth + 1, 'attribute'));
    return vals.length ? mergeTraced(cev, vals, bindings, attr) : UNKNOWN;
  } finally {
    if (init && frame) {
      if (held) frames.set(init, held);
      else frames.delete(init);
    }
  }
}

function bindingNode(b: Binding): Node | null {
  return b.kind === 'value' ? b.value : b.kind === 'annotation' ? b.annotation : null;
}

/** A settings field's default: `x: str = "a"` or `x: str = Field("a", ...)` / `Field(default="a")`. */
function settingsDefault(ev: Evaluator, b: Extract<Binding, { kind: 'value' }>, depth: number): Val {
  return evaluate(ev, b.value, b.scope, b.at, depth + 1);
}

function initOf(ev: Evaluator, cls: Scope): Scope | null {
  return (ev.index.functions.get('__init__') ?? []).find((f) => f.parent === cls) ?? null;
}

/** `CONFIG["model"]`, `MODELS[tier]` (every id), `os.environ[...]` is values.ts'. Null: not ours. */
export function traceSubscript(ev: Evaluator, n: Node, container: Val, key: Val): Val | null {
  const via = container.k === 'dict' || container.k === 'list' ? container.via ?? [] : [];
  if (container.k === 'dict' && key.k === 'str' && !key.holes.length) {
    const e = dictGet(container, key.s);
    if (!e) return stopped(ev, n, `\`${key.s}\` is not set`, via);
    return prepend(e.val, [...via, ...(e.node ? [hopAt(ev, 'attribute', e.node, { name: key.s })] : [])]);
  }
  if ((container.k === 'dict' || container.k === 'list') && (key.k === 'unknown' || key.k === 'choice')) {
    const vals = container.k === 'dict' ? container.entries.map((e) => e.val) : container.items;
    const picked = registryChoice(vals, [...via, hopAt(ev, 'registry', n)]);
    return picked ?? stopped(ev, n, 'picked from a map whose values are not all model ids', via);
  }
  if (container.k === 'unknown' && container.stop) return withFollowKey(container, key.k === 'str' && !key.holes.length ? key.s : null);
  return null;
}

const FIELD_DEFAULTS = new Set(['pydantic.Field', 'Field', 'pydantic_settings.Field', 'dataclasses.field', 'field', 'attr.ib', 'attrs.field']);

/** Calls model tracing follows; null leaves the call to values.ts. */
export function traceCall(ev: Evaluator, n: Node, fn: Node, args: ReturnType<typeof callArgs>, q: string | null, scope: Scope, at: number, depth: number): Val | null {
  if (q && FIELD_DEFAULTS.has(q)) {
    const d = args.keywords.get('default') ?? args.positional[0];
    if (!d || d.type === 'ellipsis') return args.keywords.has('default_factory') ? stopped(ev, n, 'a default_factory') : UNKNOWN;
    return evaluate(ev, d, scope, at, depth);
  }
  if (q && LOADERS[q]) {
    const source = evaluate(ev, args.positional[0] ?? null, scope, at, depth);
    if (source.k !== 'file') return source.k === 'unknown' && source.stop ? withFollowKey(source, null) : stopped(ev, n, 'configuration read from a source that is not a literal path');
    return loadConfig(ev, n, source, LOADERS[q], ATTR_LOADERS.has(q));
  }
  if (q && PATH_MAKERS.has(q)) return fileOf(evaluate(ev, args.positional[0] ?? null, scope, at, depth));
  if (q === 'os.path.join') {
    const parts = args.positional.map((a) => evaluate(ev, a, scope, at, depth));
    let acc = fileOf(parts[0] ?? UNKNOWN);
    for (const p of parts.slice(1)) acc = acc && acc.k === 'file' ? traceBinary(ev, '/', acc, p) : null;
    return acc ?? UNKNOWN;
  }
  if (q === 'os.path.dirname') {
    const f = evaluate(ev, args.positional[0] ?? null, scope, at, depth);
    return f.k === 'file' ? { ...f, rel: parentOf(f.rel) } : UNKNOWN;
  }
  const callee = fn.type === 'identifier' || fn.type === 'attribute' ? evaluate(ev, fn, scope, at, depth) : UNKNOWN;
  if (callee.k === 'class') return { k: 'instance', cls: callee.cls, frame: { call: n, scope, at, ev, method: true }, via: callee.via };
  if (callee.k === 'fn') return prepend(callFunction(ev, callee.scope, callee.ev as Evaluator, { call: n, scope, at, ev, method: false }, depth), callee.via ?? []);
  if (callee.k === 'unknown' && callee.stop) return withFollowKey(callee, null);
  return null;
}

/** What a workspace function returns for the call in `frame` (every id, when its returns differ). */
function callFunction(_caller: Evaluator, fn: Scope, fev: Evaluator, frame: Frame, depth: number): Val {
  if (fev.active.has(fn.node.id)) return UNKNOWN;
  const { frames } = fev.trace!.shared;
  const held = frames.get(fn);
  fev.active.add(fn.node.id);
  frames.set(fn, frame);
  try {
    const returns = returnsOf(fn);
    if (!returns.length) return UNKNOWN;
    const vals = returns.map((r) => prepend(evaluate(fev, r, fn, r.startIndex, depth + 1), [hopAt(fev, 'return', r)]));
    if (vals.every((v) => sameVal(vals[0], v))) return vals[0];
    return choiceOf(vals, [hopAt(fev, 'registry', fn.node, { name: fn.name })]) ?? firstUnknown(vals);
  } finally {
    fev.active.delete(fn.node.id);
    if (held) frames.set(fn, held);
    else frames.delete(fn);
  }
}

/** Methods on traced values: `d.get(k, default)` on a dict, reading a file. */
export function traceMethod(ev: Evaluator, call: Node, method: string, obj: Val, args: ReturnType<typeof callArgs>, scope: Scope, at: number, depth: number): Val {
  if (obj.k === 'dict' && method === 'get') {
    const key = evaluate(ev, args.positional[0] ?? null, scope, at, depth);
    const fallbackNode = args.positional[1] ?? args.keywords.get('default') ?? null;
    const fallback = fallbackNode ? evaluate(ev, fallbackNode, scope, at, depth) : null;
    if (key.k === 'str' && !key.holes.length) {
      const e = dictGet(obj, key.s);
      if (e) return prepend(e.val, [...(obj.via ?? []), ...(e.node ? [hopAt(ev, 'attribute', e.node, { name: key.s })] : [])]);
      return fallback ?? stopped(ev, call, `\`${key.s}\` is not set and there is no default`, obj.via ?? []);
    }
    return registryChoice([...obj.entries.map((e) => e.val), ...(fallback ? [fallback] : [])], [...(obj.via ?? []), hopAt(ev, 'registry', call)]) ?? UNKNOWN;
  }
  if (obj.k === 'file' && (method === 'read' || method === 'read_text' || method === 'open' || method === 'resolve' || method === 'absolute')) return obj;
  if (obj.k === 'instance' || obj.k === 'class') {
    const cev = obj.cls.ev as Evaluator;
    const m = (cev.index.functions.get(method) ?? []).find((f) => f.parent === obj.cls.scope);
    if (m) return callFunction(ev, m, cev, { call, scope, at, ev, method: true }, depth);
  }
  if (obj.k === 'unknown' && obj.stop) return withFollowKey(obj, null);
  return UNKNOWN;
}
