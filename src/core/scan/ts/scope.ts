// Name lookup without a type checker: walk up from a use to the nearest block, function or file
// that declares the name. Each scope's table is built once per file and cached, so resolving many
// names stays linear in the size of the file.
import ts from './compiler';

export type Decl =
  | ts.VariableDeclaration
  | ts.ParameterDeclaration
  | ts.BindingElement
  | ts.FunctionDeclaration
  | ts.ClassDeclaration
  | ts.ImportClause
  | ts.ImportSpecifier
  | ts.NamespaceImport
  | ts.ImportEqualsDeclaration
  | ts.EnumDeclaration;

export class Scopes {
  private readonly tables = new Map<ts.Node, Map<string, Decl>>();

  /** The declaration a reader would find for `name` as seen from `from`, or undefined. */
  lookup(name: string, from: ts.Node): Decl | undefined {
    for (let n: ts.Node | undefined = from; n; n = n.parent) {
      if (!introducesScope(n)) continue;
      const found = this.table(n).get(name);
      if (found) return found;
    }
    return undefined;
  }

  private table(scope: ts.Node): Map<string, Decl> {
    let t = this.tables.get(scope);
    if (!t) {
      t = buildTable(scope);
      this.tables.set(scope, t);
    }
    return t;
  }
}

const K = ts.SyntaxKind;
/** Node kinds that can declare names; a set lookup because this runs for every ancestor of every lookup. */
const SCOPE_KINDS = new Set<ts.SyntaxKind>([
  K.SourceFile, K.Block, K.ModuleBlock, K.CaseClause, K.DefaultClause, K.ForStatement, K.ForOfStatement, K.ForInStatement,
  K.CatchClause, K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration, K.Constructor,
  K.GetAccessor, K.SetAccessor,
]);

function introducesScope(n: ts.Node): boolean {
  return SCOPE_KINDS.has(n.kind);
}

function buildTable(scope: ts.Node): Map<string, Decl> {
  const t = new Map<string, Decl>();
  const add = (name: string, d: Decl) => { if (!t.has(name)) t.set(name, d); };
  if (ts.isFunctionLike(scope)) {
    for (const p of scope.parameters) addBinding(p.name, p, add);
    return t;
  }
  if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
    const init = scope.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) addBinding(d.name, d, add);
    return t;
  }
  if (ts.isCatchClause(scope)) {
    if (scope.variableDeclaration) addBinding(scope.variableDeclaration.name, scope.variableDeclaration, add);
    return t;
  }
  const statements = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)
    ? scope.statements : undefined;
  for (const s of statements ?? []) addStatement(s, add);
  return t;
}

function addStatement(s: ts.Statement, add: (name: string, d: Decl) => void): void {
  if (ts.isVariableStatement(s)) {
    for (const d of s.declarationList.declarations) addBinding(d.name, d, add);
  } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
    add(s.name.text, s);
  } else if (ts.isImportDeclaration(s) && s.importClause) {
    const c = s.importClause;
    if (c.name) add(c.name.text, c);
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) add(nb.name.text, nb);
    else if (nb) for (const el of nb.elements) add(el.name.text, el);
  } else if (ts.isImportEqualsDeclaration(s)) {
    add(s.name.text, s);
  }
}

/** Adds every name a (possibly destructuring) binding introduces; iterative so deep patterns cannot overflow. */
function addBinding(name: ts.BindingName, owner: ts.VariableDeclaration | ts.ParameterDeclaration, add: (name: string, d: Decl) => void): void {
  const stack: { name: ts.BindingName; decl: Decl }[] = [{ name, decl: owner }];
  while (stack.length) {
    const { name: n, decl } = stack.pop()!;
    if (ts.isIdentifier(n)) { add(n.text, decl); continue; }
    for (const el of n.elements) {
      if (ts.isBindingElement(el)) stack.push({ name: el.name, decl: el });
    }
  }
}

/** The variable statement's flags tell const from let/var. */
export function isConstDeclaration(d: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(d.parent) && (d.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** The nearest enclosing class of a node, crossing arrow functions but not ordinary functions (their `this` differs). */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

export interface ClassMember {
  initializer?: ts.Expression;
  type?: ts.TypeNode;
}

/**
 * What a class says about `this.<name>`: a field initializer or type, a constructor parameter
 * property, or the value the constructor assigns.
 */
export function classMember(cls: ts.ClassLikeDeclaration, name: string): ClassMember | undefined {
  let ctor: ts.ConstructorDeclaration | undefined;
  for (const m of cls.members) {
    if (ts.isConstructorDeclaration(m)) ctor = m;
    else if (ts.isPropertyDeclaration(m) && propertyNameText(m.name) === name) {
      if (m.initializer || m.type) return { initializer: m.initializer, type: m.type };
    }
  }
  if (!ctor) return undefined;
  for (const p of ctor.parameters) {
    if (ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length) {
      return { initializer: p.initializer, type: p.type };
    }
  }
  for (const s of ctor.body?.statements ?? []) {
    if (!ts.isExpressionStatement(s) || !ts.isBinaryExpression(s.expression)) continue;
    const b = s.expression;
    if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(b.left)) continue;
    if (b.left.expression.kind === ts.SyntaxKind.ThisKeyword && b.left.name.text === name) return { initializer: b.right };
  }
  return undefined;
}

/** The initializer of a static field (`static MODEL = 'gpt-4o'`). */
export function staticMember(cls: ts.ClassLikeDeclaration, name: string): ts.Expression | undefined {
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && propertyNameText(m.name) === name && m.initializer
      && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) return m.initializer;
  }
  return undefined;
}

/** The initializer of an enum member (`Fast = 'gpt-4o-mini'`). */
export function enumMember(e: ts.EnumDeclaration, name: string): ts.Expression | undefined {
  return e.members.find((m) => propertyNameText(m.name) === name)?.initializer;
}

export function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}
