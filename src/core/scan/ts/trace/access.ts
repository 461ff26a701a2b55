// Members in model tracing: object and config properties, class statics, enum members, instance
// fields (initialisers, constructor parameter properties, `this.x = ...` in the constructor, with
// the `new` call's arguments when known), `process.env.X` (the workspace's .env files, else the
// variable) and env schemas (zod, t3-env, envalid: the field's default, read from the environment
// first). A key that is not a literal picks among every entry: a registry, reported whole.
import ts from '../compiler';
import { enclosingClass, propertyNameText } from '../scope';
import { accessKey, unwrap } from '../values';
import { choiceT, hopAt, prependT, stoppedT, trace, traceParam, withFollowT } from './trace';
import { callReturns } from './calls';
import { exportedValue } from './exports';
import { readsAsModelId } from '../../common/modelIds';
import { UNKNOWN_T, type TsFile, type TsFrame, type Tracer, type TVal } from './types';

export function traceAccess(e: ts.PropertyAccessExpression | ts.ElementAccessExpression, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  const key = accessKey(e);
  const target = unwrap(e.expression);
  if (isEnvObject(target, f)) return key ? envRef(key, e, f, t) : stoppedT(f, e, 'an environment variable whose name is not a literal');
  if (target.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(e);
    if (!cls || key === undefined) return UNKNOWN_T;
    return instanceMember(cls, f, null, key, e, t, depth, provider);
  }
  const obj = trace(target, f, t, depth + 1, false);
  if (key === undefined) return registry(obj, e, f, t, depth);
  return memberOf(obj, key, e, f, t, depth, provider);
}

/** `process.env`, `import.meta.env`, `Bun.env` (not a local variable of those names). */
function isEnvObject(e: ts.Expression, f: TsFile): boolean {
  if (!ts.isPropertyAccessExpression(e) || e.name.text !== 'env') return false;
  const base = unwrap(e.expression);
  if (ts.isIdentifier(base)) return (base.text === 'process' || base.text === 'Bun') && !f.ctx.scopes.lookup(base.text, base);
  return ts.isMetaProperty(base);
}

export function envRef(name: string, at: ts.Node, f: TsFile, t: Tracer): TVal {
  const hop = hopAt(f, 'env', at, { name });
  const set = t.flow?.env(name, f.path);
  return set ? prependT(set, [hop]) : { k: 'env', name, via: [hop] };
}

/** The value of `obj[key]` / `obj.key`. */
export function memberOf(obj: TVal, key: string, at: ts.Node, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  const via = obj.via ?? [];
  switch (obj.k) {
    case 'obj': {
      const prop = propsOf(obj.node, obj.file, t, depth).get(key);
      if (!prop) return stoppedT(f, at, `\`${key}\` is not set`, via);
      if ('val' in prop) return prependT(prop.val, via);
      return prependT(trace(prop.expr, prop.file, t, depth + 1, provider), [...via, hopAt(prop.file, 'attribute', prop.at, { name: key })]);
    }
    case 'map': {
      const v = obj.entries.get(key);
      return v ? prependT(v, via) : stoppedT(f, at, `\`${key}\` is not set in the configuration`, via);
    }
    case 'list': {
      const v = /^\d+$/.test(key) ? obj.items[Number(key)] : undefined;
      return v ? prependT(v, via) : UNKNOWN_T;
    }
    case 'arr': {
      const el = /^\d+$/.test(key) ? obj.node.elements[Number(key)] : undefined;
      return el && !ts.isSpreadElement(el) ? prependT(trace(el, obj.file, t, depth + 1, provider), via) : UNKNOWN_T;
    }
    case 'class': return prependT(staticMember(obj.decl, obj.file, key, at, f, t, depth, provider), via);
    case 'enum': {
      const m = obj.decl.members.find((x) => propertyNameText(x.name) === key);
      return m?.initializer ? prependT(trace(m.initializer, obj.file, t, depth + 1, provider), [...via, hopAt(obj.file, 'attribute', m, { name: key })]) : UNKNOWN_T;
    }
    case 'instance': return prependT(instanceMember(obj.decl, obj.file, obj.frame, key, at, t, depth, provider), via);
    case 'module': return prependT(exportedValue(obj.file, key, t, depth + 1), via);
    case 'envobj': return prependT(envMember(obj, key, at, f, t, depth), via);
    case 'unknown': return obj.stop ? withFollowT(obj, key) : UNKNOWN_T;
    default: return UNKNOWN_T;
  }
}

type Prop = { expr: ts.Expression; file: TsFile; at: ts.Node } | { val: TVal };

/** An object literal's properties by name, spreads of traced objects included; later entries win. */
function propsOf(node: ts.ObjectLiteralExpression, file: TsFile, t: Tracer, depth: number): Map<string, Prop> {
  const out = new Map<string, Prop>();
  for (const p of node.properties) {
    if (ts.isPropertyAssignment(p)) {
      const k = propertyNameText(p.name);
      if (k !== undefined) out.set(k, { expr: p.initializer, file, at: p });
    } else if (ts.isShorthandPropertyAssignment(p)) {
      out.set(p.name.text, { expr: p.name, file, at: p });
    } else if (ts.isSpreadAssignment(p) && depth < 20) {
      const src = trace(p.expression, file, t, depth + 1);
      if (src.k === 'obj') for (const [k, v] of propsOf(src.node, src.file, t, depth + 1)) out.set(k, v);
      if (src.k === 'map') for (const [k, v] of src.entries) out.set(k, { val: v });
    }
  }
  return out;
}

/** `MODELS[tier]`: every entry when each is a model id (a map of prompts is no registry). */
function registry(obj: TVal, at: ts.Node, f: TsFile, t: Tracer, depth: number): TVal {
  let vals: TVal[] = [];
  if (obj.k === 'obj') {
    vals = [...propsOf(obj.node, obj.file, t, depth).values()].map((p) => ('val' in p ? p.val : prependT(trace(p.expr, p.file, t, depth + 1, true), [hopAt(p.file, 'attribute', p.at)])));
  } else if (obj.k === 'arr') vals = obj.node.elements.filter((e) => !ts.isSpreadElement(e)).map((e) => trace(e, obj.file, t, depth + 1, true));
  else if (obj.k === 'map') vals = [...obj.entries.values()];
  else if (obj.k === 'list') vals = obj.items;
  else if (obj.k === 'enum') vals = obj.decl.members.filter((m) => m.initializer).map((m) => trace(m.initializer!, obj.file, t, depth + 1));
  else return obj.k === 'unknown' && obj.stop ? withFollowT(obj, null) : UNKNOWN_T;
  if (!vals.length || !vals.every((v) => (v.k === 'str' && readsAsModelId(v.s)) || v.k === 'choice')) return stoppedT(f, at, 'picked from a map whose values are not all model ids', obj.via ?? []);
  return choiceT(vals, [...(obj.via ?? []), hopAt(f, 'registry', at)]) ?? UNKNOWN_T;
}

function staticMember(decl: ts.ClassLikeDeclaration, file: TsFile, key: string, at: ts.Node, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  for (const m of decl.members) {
    if (!ts.isPropertyDeclaration(m) || propertyNameText(m.name) !== key || !m.initializer) continue;
    if (!ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
    return prependT(trace(m.initializer, file, t, depth + 1, provider), [hopAt(file, 'attribute', m, { name: key })]);
  }
  return stoppedT(f, at, `\`${key}\` is not a static field of the class`);
}

/**
 * What an instance says about `key`: a field's initialiser, a constructor parameter property, a
 * `this.key = ...` in the constructor (both read the `new` call's arguments through the frame when
 * it is known, else the workspace's `new` calls), a getter's returns, or a base class's.
 */
export function instanceMember(cls: ts.ClassLikeDeclaration, file: TsFile, frame: TsFrame | null, key: string, at: ts.Node, t: Tracer, depth: number, provider: boolean): TVal {
  let ctor: ts.ConstructorDeclaration | undefined;
  for (const m of cls.members) {
    if (ts.isConstructorDeclaration(m) && m.body) ctor = m;
    else if (ts.isPropertyDeclaration(m) && propertyNameText(m.name) === key && m.initializer) {
      return withCtorFrame(ctor ?? ctorOf(cls), frame, t, () => prependT(trace(m.initializer!, file, t, depth + 1, provider), [hopAt(file, 'attribute', m, { name: key })]));
    } else if (ts.isGetAccessorDeclaration(m) && propertyNameText(m.name) === key) {
      return callReturns(m, file, null, t, depth, provider);
    }
  }
  if (ctor) {
    for (const p of ctor.parameters) {
      if (ts.isIdentifier(p.name) && p.name.text === key && ts.getModifiers(p)?.length) {
        return withCtorFrame(ctor, frame, t, () => traceParam(p, file, t, depth + 1, provider, (v) => v, () => (p.initializer
          ? prependT(trace(p.initializer, file, t, depth + 1, provider), [hopAt(file, 'parameter', p, { name: key })])
          : stoppedT(file, p, `parameter \`${key}\` of the constructor has no default`, [hopAt(file, 'parameter', p, { name: key })]))));
      }
    }
    for (const s of ctor.body?.statements ?? []) {
      if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression)) continue;
      const b = s.expression;
      if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(b.left)) continue;
      if (b.left.expression.kind !== ts.SyntaxKind.ThisKeyword || b.left.name.text !== key) continue;
      return withCtorFrame(ctor, frame, t, () => prependT(trace(b.right, file, t, depth + 1, provider), [hopAt(file, 'attribute', s, { name: key })]));
    }
  }
  const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (base && depth < 30) {
    const b = trace(base, file, t, depth + 1);
    if (b.k === 'class' && b.decl !== cls) return instanceMember(b.decl, b.file, null, key, at, t, depth + 1, provider);
  }
  return stoppedT(file, at, `\`${key}\` is not set by the class`);
}

function ctorOf(cls: ts.ClassLikeDeclaration): ts.ConstructorDeclaration | undefined {
  return cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
}

function withCtorFrame(ctor: ts.ConstructorDeclaration | undefined, frame: TsFrame | null, t: Tracer, run: () => TVal): TVal {
  if (!ctor || !frame) return run();
  const held = t.frames.get(ctor);
  t.frames.set(ctor, frame);
  try {
    return run();
  } finally {
    if (held) t.frames.set(ctor, held);
    else t.frames.delete(ctor);
  }
}

/** A field of an env object: the environment's value, else the schema's default, else the variable itself. */
function envMember(obj: Extract<TVal, { k: 'envobj' }>, key: string, at: ts.Node, f: TsFile, t: Tracer, depth: number): TVal {
  const entry = obj.shape?.get(key);
  if (!entry) return envRef(key, at, f, t);
  const hop = hopAt(entry.file, 'settings', entry.expr, { name: key });
  const set = t.flow?.env(key, f.path);
  if (set) return prependT(set, [hop]);
  const d = schemaDefault(entry.expr);
  if (!d) return { k: 'env', name: key, via: [hop] };
  return prependT(trace(d, entry.file, t, depth + 1), [hop]);
}

/** `z.string().default('x')`, `z.enum([...]).default('x').describe(...)`, envalid's `str({ default: 'x' })`. */
function schemaDefault(expr: ts.Expression): ts.Expression | undefined {
  let e = unwrap(expr);
  for (let i = 0; i < 16 && ts.isCallExpression(e); i++) {
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      if (callee.name.text === 'default' && e.arguments[0]) return e.arguments[0];
      e = unwrap(callee.expression);
      continue;
    }
    const opts = e.arguments[0] && unwrap(e.arguments[0]);
    if (opts && ts.isObjectLiteralExpression(opts)) {
      const d = opts.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'default');
      if (d) return d.initializer;
    }
    return undefined;
  }
  return undefined;
}
