// Model tracing for TypeScript/JavaScript: follows the expression a call passes as its model to
// the ids it can hold, recording each hop. Names, parameters (the call being followed into, the
// workspace's callers, the default), destructuring and imports are here; members, environment and
// classes are access.ts'; calls (functions, providers, configuration readers) are calls.ts'.
// Without a TsFlow, tracing stops at the file's edge with a hop saying what is left.
import ts from '../compiler';
import type { ModelHop, ModelHopKind } from '../../../callsite';
import { isConstDeclaration, propertyNameText } from '../scope';
import { accessKey, isReassigned, isStringy, unwrap } from '../values';
import { spanOf } from '../model';
import { reasonFor } from '../../flow/chain';
import { memberOf, traceAccess } from './access';
import { traceCall, traceNew } from './calls';
import { testSide } from './testBranch';
import { exportedValue, moduleOrData } from './exports';
import { MAX_TRACE_DEPTH, MAX_TRACE_STEPS, UNKNOWN_T, type StrT, type TsFile, type Tracer, type TsFrame, type TVal } from './types';

export function hopAt(f: TsFile, kind: ModelHopKind, node: ts.Node, extra: Partial<ModelHop> = {}): ModelHop {
  return f.lines.hop(kind, f.sf.getLineAndCharacterOfPosition(node.getStart(f.sf)).line + 1, extra);
}

export function prependT(v: TVal, hops: readonly ModelHop[]): TVal {
  return hops.length ? { ...v, via: [...hops, ...(v.via ?? [])] } as TVal : v;
}

export function stoppedT(f: TsFile, node: ts.Node, reason: string, via: ModelHop[] = []): TVal {
  return { k: 'unknown', via, stop: hopAt(f, 'stop', node, { reason }), node: { text: node.getText(f.sf) } };
}

export function isIdT(v: TVal): v is StrT {
  return v.k === 'str' && v.s.trim() !== '';
}

/** The ids among `vals` as one choice (or one id), null when one of them is not an id. */
export function choiceT(vals: readonly TVal[], via: ModelHop[] = []): TVal | null {
  const options: StrT[] = [];
  for (const v of vals) {
    const parts = v.k === 'choice' ? v.options.map((o) => prependT(o, v.via ?? []) as StrT) : [v];
    for (const p of parts) {
      if (!isIdT(p)) return null;
      if (!options.some((o) => o.s === p.s)) options.push(p);
    }
  }
  if (options.length === 1) return prependT(options[0], via);
  return options.length ? { k: 'choice', options, via } : null;
}

export function firstUnknownT(vals: readonly TVal[]): TVal {
  const u = vals.find((v) => v.k === 'unknown' && v.stop) ?? vals.find((v) => v.k === 'env') ?? UNKNOWN_T;
  return u.k === 'unknown' ? withFollowT(u, null) : u;
}

/** An unknown at the file's edge read further (`config.llm.model`): the member joins its continuation; null ends it. */
export function withFollowT(v: TVal, key: string | null): TVal {
  if (v.k !== 'unknown' || !v.stop?.follow) return v;
  const stop = { ...v.stop };
  if (key === null) delete stop.follow;
  else stop.follow = { ...v.stop.follow, path: [...v.stop.follow.path, key] };
  return { ...v, stop };
}

function sameT(a: TVal, b: TVal): boolean {
  if (a.k === 'str' && b.k === 'str') return a.s === b.s;
  return a === b;
}

/** Several values for one thing (returns, arms, callers): one when they agree, every id when all are ids. */
export function mergeT(vals: readonly TVal[], via: ModelHop[]): TVal {
  if (!vals.length) return UNKNOWN_T;
  if (vals.every((v) => sameT(vals[0], v))) return vals[0];
  return choiceT(vals, via) ?? firstUnknownT(vals);
}

/** `provider`: the model of a Vercel AI SDK call, where `openai('gpt-4o')` is how an id is written. */
export function trace(expr: ts.Expression, f: TsFile, t: Tracer, depth = 0, provider = false): TVal {
  if (depth > MAX_TRACE_DEPTH || ++t.steps > MAX_TRACE_STEPS) return stoppedT(f, expr, 'too many steps to follow');
  let e = unwrap(expr);
  if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  if (isStringy(e)) return { k: 'str', s: e.text, node: e, def: hopAt(f, 'constant', e, { span: spanOf(e, f.sf), holds: e.text }) };
  if (ts.isIdentifier(e)) return traceIdentifier(e, f, t, depth, provider);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return traceAccess(e, f, t, depth, provider);
  if (ts.isBinaryExpression(e) && isFallback(e.operatorToken.kind)) return traceFallback(e, f, t, depth, provider);
  if (ts.isConditionalExpression(e)) {
    const side = testSide(e.condition);
    if (side) return trace(side === 'true' ? e.whenFalse : e.whenTrue, f, t, depth + 1, provider);
    const a = trace(e.whenTrue, f, t, depth + 1, provider);
    const b = trace(e.whenFalse, f, t, depth + 1, provider);
    return mergeT([a, b], [hopAt(f, 'registry', e)]);
  }
  if (ts.isCallExpression(e)) return traceCall(e, f, t, depth, provider);
  if (ts.isNewExpression(e)) return traceNew(e, f, t, depth);
  if (ts.isObjectLiteralExpression(e)) return { k: 'obj', node: e, file: f };
  if (ts.isArrayLiteralExpression(e)) return { k: 'arr', node: e, file: f };
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { k: 'fn', decl: e, file: f };
  if (ts.isClassExpression(e)) return { k: 'class', decl: e, file: f };
  return { k: 'unknown', node: { text: e.getText(f.sf) } };
}

function isFallback(k: ts.SyntaxKind): boolean {
  return k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.BarBarToken;
}

/**
 * `process.env.MODEL ?? 'gpt-4o'`, `opts.model || DEFAULT_MODEL`: the left side when it is known,
 * else the fallback — the model a reader takes when nothing overrides it.
 */
function traceFallback(e: ts.BinaryExpression, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  const left = trace(e.left, f, t, depth + 1, provider);
  if (isRegistryLookup(e.left) && (isIdT(left) || left.k === 'choice')) return registryOrElse(e, left, f, t, depth, provider);
  if (isIdT(left) || left.k === 'choice') return left;
  const right = trace(e.right, f, t, depth + 1, provider);
  if (!isIdT(right) && right.k !== 'choice') return left.k === 'unknown' && left.stop ? withFollowT(left, null) : right;
  if (left.k === 'env') return prependT(right, (left.via ?? []).map((h) => (h.kind === 'env' ? { ...h, kind: 'env-default' as const } : h)));
  // An imported left side (`DEFAULTS.model ?? 'x'`) is known only across files: its import hop
  // sends the call site to the cross-file pass, which traces it with the module at hand.
  const imported = left.k === 'unknown' && left.stop?.follow ? (left.via ?? []).filter((h) => h.kind === 'import') : [];
  const fallback = prependT(right, [...imported, hopAt(f, 'parameter', e, { name: e.left.getText(f.sf) })]);
  return fallbackOverCallers(e.left, fallback, f, t, depth, provider) ?? fallback;
}

/** `ALIASES[name]`: a key that is not a literal, so the lookup may miss. */
function isRegistryLookup(e: ts.Expression): boolean {
  const x = unwrap(e);
  return ts.isElementAccessExpression(x) && accessKey(x) === undefined;
}

/**
 * `ALIASES[name] ?? name`: the registry's entries cover only the keys it lists; any other key
 * takes the fallback, so the answer is both — or a stop when the fallback is not known.
 */
function registryOrElse(e: ts.BinaryExpression, left: TVal, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  const right = trace(e.right, f, t, depth + 1, provider);
  if (isIdT(right) || right.k === 'choice') return choiceT([left, right], [hopAt(f, 'registry', e)]) ?? left;
  // Left for the cross-file pass, which reads the fallback with the workspace at hand.
  if (right.k === 'unknown' && right.stop?.follow) return right;
  const what = e.right.getText(f.sf);
  return stoppedT(f, e, `a key the registry does not list gives \`${what.length > 40 ? `${what.slice(0, 40)}…` : what}\`, which is not known statically`, left.via ?? []);
}

/**
 * `opts.model ?? 'gpt-4o-mini'` with `opts` a parameter: each call being followed into, or each
 * caller in the workspace, either sets the property (its value) or not (the fallback).
 */
function fallbackOverCallers(left: ts.Expression, fallback: TVal, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal | null {
  const access = paramAccess(left, f);
  if (!access) return null;
  const { param, key } = access;
  const absent = (v: TVal): TVal => (v.k === 'env' || (v.k === 'str' && !v.s.trim()) || (v.k === 'unknown' && / is not set|has no default/.test(v.stop?.reason ?? '')) ? fallback : v);
  const project = (v: TVal): TVal => absent(key === null ? v : memberOf(v, key, left, f, t, depth + 1, provider));
  return traceParam(param, f, t, depth, provider, project, () => (param.initializer ? project(trace(param.initializer, f, t, depth + 1, false)) : fallback));
}

/** `p` or `p.key` where `p` is a parameter (or `{ key }` destructured from one). */
function paramAccess(e: ts.Expression, f: TsFile): { param: ts.ParameterDeclaration; key: string | null } | null {
  let x = unwrap(e);
  let key: string | null = null;
  if (ts.isPropertyAccessExpression(x) && ts.isIdentifier(unwrap(x.expression))) {
    key = x.name.text;
    x = unwrap(x.expression);
  }
  if (!ts.isIdentifier(x)) return null;
  const decl = f.ctx.scopes.lookup(x.text, x);
  if (decl && ts.isParameter(decl) && ts.isIdentifier(decl.name)) return { param: decl, key };
  if (decl && ts.isBindingElement(decl) && key === null && ts.isObjectBindingPattern(decl.parent) && ts.isParameter(decl.parent.parent) && !decl.initializer) {
    const k = propertyNameText(decl.propertyName ?? decl.name);
    return k ? { param: decl.parent.parent, key: k } : null;
  }
  return null;
}

// ---- Names ----

function traceIdentifier(id: ts.Identifier, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  const decl = f.ctx.scopes.lookup(id.text, id);
  if (!decl) return { k: 'unknown', node: { text: id.text } };
  return valueOfDecl(decl, id.text, f, t, depth, provider);
}

export function valueOfDecl(decl: ts.Node, name: string, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  if (ts.isVariableDeclaration(decl)) {
    if (!decl.initializer) return stoppedT(f, decl, `\`${name}\` is declared without a value`);
    if (!isConstDeclaration(decl) && isReassigned(decl, name)) return stoppedT(f, decl, `\`${name}\` is assigned more than once`);
    if (t.active.has(decl)) return UNKNOWN_T;
    t.active.add(decl);
    try {
      return prependT(trace(decl.initializer, f, t, depth + 1, provider), [hopAt(f, 'constant', decl, { name })]);
    } finally {
      t.active.delete(decl);
    }
  }
  if (ts.isParameter(decl)) return traceParam(decl, f, t, depth, provider, (v) => v, () => paramDefault(decl, f, t, depth, provider));
  if (ts.isBindingElement(decl)) return traceBindingElement(decl, f, t, depth, provider);
  if (ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isNamespaceImport(decl) || ts.isImportEqualsDeclaration(decl)) return traceImport(decl, f, t, depth);
  if (ts.isClassDeclaration(decl)) return { k: 'class', decl, file: f };
  if (ts.isEnumDeclaration(decl)) return { k: 'enum', decl, file: f };
  if (ts.isFunctionDeclaration(decl)) return { k: 'fn', decl, file: f };
  return UNKNOWN_T;
}

function paramDefault(p: ts.ParameterDeclaration, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  const name = p.name.getText(f.sf);
  if (p.initializer) return prependT(trace(p.initializer, f, t, depth + 1, provider), [hopAt(f, 'parameter', p, { name })]);
  return stoppedT(f, p, `parameter \`${name}\` of \`${fnName(p.parent, f)}\` has no default`, [hopAt(f, 'parameter', p, { name })]);
}

function fnName(fn: ts.Node, f: TsFile): string {
  if (ts.isConstructorDeclaration(fn)) return `new ${fn.parent.name?.text ?? 'class'}()`;
  const named = (fn as { name?: ts.Node }).name;
  if (named) return `${named.getText(f.sf)}()`;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent)) return `${parent.name.getText(f.sf)}()`;
  return 'a function';
}

/**
 * A parameter's values: the argument of the call being followed into; else what each caller in the
 * workspace passes (`omitted` → the default); else the default. `project` reads the part of an
 * argument this name stands for (a destructured property).
 */
export function traceParam(p: ts.ParameterDeclaration, f: TsFile, t: Tracer, depth: number, provider: boolean,
  project: (arg: TVal) => TVal, omitted: () => TVal): TVal {
  const fn = p.parent;
  const index = fn.parameters.indexOf(p);
  const frame = t.frames.get(fn);
  if (frame) return argOrDefault(frame, index, fn, t, depth, provider, project, omitted);
  const target = ts.isConstructorDeclaration(fn) ? fn.parent : fn;
  const callers = t.flow?.callers(target, f);
  if (!callers || !callers.length) return omitted();
  const vals = callers.map((c) => argOrDefault(c, index, fn, t, depth, provider, project, omitted));
  const name = p.name.getText(f.sf);
  const bad = vals.find((v) => !isIdT(v) && v.k !== 'choice');
  if (bad) return bad.k === 'unknown' && bad.stop ? withFollowT(bad, null) : stoppedT(f, p, `a caller passes \`${name}\` a value that is not known statically`);
  return mergeT(vals, [hopAt(f, 'parameter', p, { name })]);
}

function argOrDefault(frame: TsFrame, index: number, fn: ts.SignatureDeclaration, t: Tracer, depth: number, provider: boolean,
  project: (arg: TVal) => TVal, omitted: () => TVal): TVal {
  const args = frame.call.arguments ?? [];
  const spreadAt = args.findIndex((a) => ts.isSpreadElement(a));
  if (spreadAt >= 0 && spreadAt <= index) return stoppedT(frame.file, frame.call, 'the call passes its arguments through a spread');
  const arg = args[index];
  if (!arg) return omitted();
  // The argument is read where the call is written, outside the function being followed into.
  const held = t.frames.get(fn);
  t.frames.delete(fn);
  try {
    const v = project(trace(arg, frame.file, t, depth + 1, provider));
    const hop = hopAt(frame.file, 'argument', arg);
    if (v.k === 'unknown' && !v.stop?.reason?.includes('is not set')) return stoppedT(frame.file, arg, `a caller passes ${reasonFor(arg.getText(frame.file.sf))}`, [hop]);
    return prependT(v, [hop]);
  } finally {
    if (held) t.frames.set(fn, held);
  }
}

/** `const { model = 'x' } = opts`, `function f({ model = 'x' }: Opts)`: the property, else the default. */
function traceBindingElement(el: ts.BindingElement, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  const pattern = el.parent;
  const owner = pattern.parent;
  const key = propertyNameText(el.propertyName ?? el.name);
  const name = el.name.getText(f.sf);
  const fallback = (): TVal => el.initializer
    ? prependT(trace(el.initializer, f, t, depth + 1, provider), [hopAt(f, 'parameter', el, { name })])
    : stoppedT(f, el, `\`${name}\` is not set and has no default`);
  if (!ts.isObjectBindingPattern(pattern) || !key) return UNKNOWN_T;
  const pick = (v: TVal): TVal => {
    const m = memberOf(v, key, el, f, t, depth + 1, provider);
    return m.k === 'unknown' && !isSetElsewhere(m) ? fallback() : m;
  };
  if (ts.isVariableDeclaration(owner)) {
    if (!owner.initializer) return fallback();
    return prependT(pick(trace(owner.initializer, f, t, depth + 1, false)), [hopAt(f, 'constant', el, { name })]);
  }
  if (ts.isParameter(owner)) {
    return traceParam(owner, f, t, depth, provider, pick, () => (owner.initializer ? pick(trace(owner.initializer, f, t, depth + 1, false)) : fallback()));
  }
  return UNKNOWN_T;
}

/** An unknown member whose stop says it was looked for and not found is one a default may fill. */
function isSetElsewhere(v: TVal): boolean {
  return v.k === 'unknown' && !!v.stop && !/ is not set/.test(v.stop.reason ?? '');
}

function traceImport(decl: ts.ImportSpecifier | ts.ImportClause | ts.NamespaceImport | ts.ImportEqualsDeclaration, f: TsFile, t: Tracer, depth: number): TVal {
  const target = importTarget(decl);
  if (!target) return UNKNOWN_T;
  const statement = ts.isImportEqualsDeclaration(decl) ? decl : ts.isImportClause(decl) ? decl.parent : ts.isNamespaceImport(decl) ? decl.parent.parent : decl.parent.parent.parent;
  const hop = hopAt(f, 'import', statement, { name: target.name === '*' ? target.spec : target.name });
  if (!t.flow) return { k: 'unknown', via: [hop], stop: hopAt(f, 'stop', statement, { reason: `defined in \`${target.spec}\`, another module`, follow: { module: target.spec, name: target.name, path: [] } }) };
  const mod = t.flow.module(target.spec, f.path);
  if (!mod) return { k: 'unknown', via: [hop], stop: hopAt(f, 'stop', statement, { reason: `\`${target.spec}\` is not a module of the workspace` }) };
  if (mod.kind === 'data') return prependT(target.name === '*' || target.name === 'default' ? mod.value : moduleOrData(mod, target.name), [hop]);
  return prependT(exportedValue(mod.file, target.name, t, depth + 1), [hop]);
}

export function importTarget(decl: ts.Node): { spec: string; name: string } | null {
  const text = (e: ts.Expression) => (ts.isStringLiteralLike(e) ? e.text : null);
  if (ts.isImportClause(decl)) { const s = text(decl.parent.moduleSpecifier); return s === null ? null : { spec: s, name: 'default' }; }
  if (ts.isNamespaceImport(decl)) { const s = text(decl.parent.parent.moduleSpecifier); return s === null ? null : { spec: s, name: '*' }; }
  if (ts.isImportSpecifier(decl)) { const s = text(decl.parent.parent.parent.moduleSpecifier); return s === null ? null : { spec: s, name: (decl.propertyName ?? decl.name).text }; }
  if (ts.isImportEqualsDeclaration(decl) && ts.isExternalModuleReference(decl.moduleReference)) {
    const s = text(decl.moduleReference.expression);
    return s === null ? null : { spec: s, name: '*' };
  }
  return null;
}
