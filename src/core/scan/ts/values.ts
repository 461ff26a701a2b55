// Following a value to where a reader would find it: a same-file constant, a default parameter, a
// class field, a property of an object literal, the literal fallback of `process.env.X ?? 'x'`.
// Never evaluates anything with a choice in it (`a ? b : c`), so what it finds is what the code says.
import ts from './compiler';
import { classMember, enclosingClass, enumMember, isConstDeclaration, propertyNameText, Scopes, staticMember } from './scope';
import type { TsFlow } from './trace/types';

/** Per-file state: scope tables, and a step budget so no input can make resolution run away. */
export class Ctx {
  readonly scopes = new Scopes();
  private steps = 0;
  /** What model tracing may ask of the rest of the workspace (the cross-file pass); null in a one-file scan. */
  flow: TsFlow | null = null;
  constructor(readonly sf: ts.SourceFile, readonly maxSteps = 200_000) {}

  /** False once the file has used up its budget; callers then treat values as unknown. */
  tick(): boolean {
    return ++this.steps <= this.maxSteps;
  }
}

export const MAX_DEPTH = 16;

/** Strips what does not change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function unwrap(e: ts.Expression): ts.Expression {
  for (let i = 0; i < 64; i++) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)
      || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
  return e;
}

/** The expression a value comes from, and whether getting there meant resolving a name or default. */
export interface Found {
  node: ts.Expression;
  resolved: boolean;
}

export function isStringy(e: ts.Node): e is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e);
}

function isLiteralValue(e: ts.Expression): boolean {
  return isStringy(e) || ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword
    || ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e) || ts.isTemplateExpression(e);
}

/** Follows names, fields and object properties to the expression that defines a value. */
export function deref(expr: ts.Expression, ctx: Ctx, depth = 0, resolved = false): Found {
  const e = unwrap(expr);
  if (depth > MAX_DEPTH || !ctx.tick()) return { node: e, resolved };
  if (ts.isIdentifier(e)) {
    const init = identifierInitializer(e, ctx, depth);
    return init ? deref(init, ctx, depth + 1, true) : { node: e, resolved };
  }
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const key = accessKey(e);
    if (key === undefined) return { node: e, resolved };
    const target = unwrap(e.expression);
    if (target.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(e);
      const member = cls && classMember(cls, key);
      return member?.initializer ? deref(member.initializer, ctx, depth + 1, true) : { node: e, resolved };
    }
    if (ts.isIdentifier(target)) {
      // `Config.MODEL` where Config is a class in this file with a static field, or
      // `Model.Fast` where Model is an enum here (`enum Model { Fast = 'gpt-4o-mini' }`).
      const decl = ctx.scopes.lookup(target.text, target);
      const init = !decl ? undefined : ts.isClassDeclaration(decl) ? staticMember(decl, key) : ts.isEnumDeclaration(decl) ? enumMember(decl, key) : undefined;
      if (init) return deref(init, ctx, depth + 1, true);
    }
    const obj = deref(target, ctx, depth + 1, resolved);
    if (ts.isObjectLiteralExpression(obj.node)) {
      const value = objectProps(obj.node, ctx, depth + 1).get(key);
      if (value) return deref(value, ctx, depth + 1, true);
    }
    return { node: e, resolved };
  }
  if (ts.isBinaryExpression(e) && isFallbackOperator(e.operatorToken.kind)) {
    // `process.env.MODEL ?? 'gpt-4o'`, `opts.model || DEFAULT_MODEL`: the literal fallback is what a
    // reader takes as the model when nothing overrides it.
    const left = deref(e.left, ctx, depth + 1, resolved);
    if (isLiteralValue(left.node)) return left;
    const right = deref(e.right, ctx, depth + 1, true);
    if (isLiteralValue(right.node)) return right;
    return { node: e, resolved };
  }
  return { node: e, resolved };
}

function isFallbackOperator(k: ts.SyntaxKind): boolean {
  return k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.BarBarToken;
}

export function accessKey(e: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(e)) return ts.isIdentifier(e.name) ? e.name.text : undefined;
  const arg = unwrap(e.argumentExpression);
  return isStringy(arg) ? arg.text : undefined;
}

/** The expression a name was initialised with, when a reader can rely on it. */
function identifierInitializer(id: ts.Identifier, ctx: Ctx, depth: number): ts.Expression | undefined {
  const decl = ctx.scopes.lookup(id.text, id);
  if (!decl) return undefined;
  if (ts.isVariableDeclaration(decl)) {
    if (!decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
    return isConstDeclaration(decl) || !isReassigned(decl, id.text) ? decl.initializer : undefined;
  }
  if (ts.isParameter(decl)) return decl.initializer;
  if (ts.isBindingElement(decl)) return bindingElementValue(decl, ctx, depth);
  return undefined;
}

/** `const { model = 'x' } = opts`: the property of a known object, else the default. */
function bindingElementValue(el: ts.BindingElement, ctx: Ctx, depth: number): ts.Expression | undefined {
  const pattern = el.parent;
  const owner = pattern.parent;
  const key = propertyNameText(el.propertyName ?? el.name);
  if (ts.isObjectBindingPattern(pattern) && key && (ts.isVariableDeclaration(owner) || ts.isParameter(owner)) && owner.initializer) {
    const obj = deref(owner.initializer, ctx, depth + 1);
    if (ts.isObjectLiteralExpression(obj.node)) {
      const v = objectProps(obj.node, ctx, depth + 1).get(key);
      if (v) return v;
    }
  }
  return el.initializer;
}

/** A `let`/`var` is trusted only when nothing in its scope assigns it again. */
export function isReassigned(decl: ts.VariableDeclaration, name: string): boolean {
  const scope = decl.parent.parent?.parent;
  if (!scope) return true;
  const text = scope.getText(decl.getSourceFile());
  const re = new RegExp(`(^|[^.\\w$])${name.replace(/\$/g, '\\$')}\\s*(=(?![=>])|\\+=|\\+\\+|--)`, 'g');
  return (text.match(re)?.length ?? 0) > 1;
}

/**
 * The properties of an object literal by name, spreads of known objects included; later entries
 * win as at run time. Shorthand `{ model }` maps to the identifier so it can be followed further.
 */
export function objectProps(obj: ts.ObjectLiteralExpression, ctx: Ctx, depth = 0): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  if (depth > MAX_DEPTH) return out;
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p)) {
      const k = propertyNameText(p.name);
      if (k !== undefined) out.set(k, p.initializer);
    } else if (ts.isShorthandPropertyAssignment(p)) {
      out.set(p.name.text, p.name);
    } else if (ts.isSpreadAssignment(p)) {
      const src = deref(p.expression, ctx, depth + 1);
      if (ts.isObjectLiteralExpression(src.node)) for (const [k, v] of objectProps(src.node, ctx, depth + 1)) out.set(k, v);
    }
  }
  return out;
}

/** The object literal an expression stands for, if a reader can find it in this file. */
export function objectOf(expr: ts.Expression | undefined, ctx: Ctx): { props: Map<string, ts.Expression>; node: ts.ObjectLiteralExpression; resolved: boolean } | undefined {
  if (!expr) return undefined;
  const f = deref(expr, ctx);
  return ts.isObjectLiteralExpression(f.node) ? { props: objectProps(f.node, ctx), node: f.node, resolved: f.resolved } : undefined;
}

/** A plain JSON value when every part of the expression is a literal (after resolving names), else undefined. */
export function literalJson(expr: ts.Expression, ctx: Ctx, depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  const e = deref(expr, ctx, depth).node;
  if (isStringy(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (e.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(e)) {
    const items: unknown[] = [];
    for (const el of e.elements) {
      if (ts.isSpreadElement(el)) return undefined;
      const v = literalJson(el, ctx, depth + 1);
      if (v === undefined) return undefined;
      items.push(v);
    }
    return items;
  }
  if (ts.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of objectProps(e, ctx, depth + 1)) {
      const j = literalJson(v, ctx, depth + 1);
      if (j === undefined) return undefined;
      out[k] = j;
    }
    return out;
  }
  return undefined;
}

/** A string value a reader can see, or undefined. */
export function stringValue(expr: ts.Expression | undefined, ctx: Ctx): string | undefined {
  if (!expr) return undefined;
  const e = deref(expr, ctx).node;
  return isStringy(e) ? e.text : undefined;
}
