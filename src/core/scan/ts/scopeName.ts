// The named scope a TS/JS call sits in (`Summarizer.summarize`, `handler`, `app.post("/x")`), the
// part of a call site's identity that survives edits to the call itself. Anonymous functions take
// the name they are bound to, or — for a callback handed to a call with a string first argument,
// as routes and tests are — that call's callee and string; otherwise they add nothing.
import ts from './compiler';

function nameText(name: ts.Node | undefined, sf: ts.SourceFile): string | null {
  if (!name) return null;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return name.getText(sf);
}

const isFunctionLike = (n: ts.Node): n is ts.ArrowFunction | ts.FunctionExpression | ts.ClassExpression =>
  ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isClassExpression(n);

/** What an anonymous function or class expression is called, from where it sits. */
function boundName(fn: ts.Expression, sf: ts.SourceFile): string | null {
  let n: ts.Node = fn;
  // `(async () => …)`, `x as Handler`, `wrap(fn)` as an initializer: look through to the binding.
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === n) return nameText(p.name, sf);
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer === n) return nameText(p.name, sf);
  if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return p.left.getText(sf).replace(/\s+/g, '');
  if (ts.isExportAssignment(p)) return 'default';
  if (ts.isCallExpression(p) && p.arguments.includes(n as ts.Expression)) {
    const first = p.arguments[0];
    if (first && first !== n && ts.isStringLiteralLike(first)) return `${p.expression.getText(sf).replace(/\s+/g, '')}(${JSON.stringify(first.text)})`;
  }
  return null;
}

function scopePart(n: ts.Node, sf: ts.SourceFile): string | null {
  if (ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) return nameText(n.name, sf) ?? 'default';
  if (ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) return nameText(n.name, sf);
  if (ts.isConstructorDeclaration(n)) return 'constructor';
  if (ts.isModuleDeclaration(n)) return nameText(n.name, sf);
  if (ts.isInterfaceDeclaration(n)) return n.name.text;
  if (isFunctionLike(n)) return (ts.isClassExpression(n) && n.name ? n.name.text : null) ?? boundName(n, sf);
  // An object literal bound to a name scopes its methods: `const handlers = { summarize() {…} }`.
  if (ts.isObjectLiteralExpression(n)) return boundName(n, sf);
  return null;
}

/** Outermost first, joined by dots; '' at the top level of the file. */
export function tsScopeOf(node: ts.Node, sf: ts.SourceFile): string {
  const parts: string[] = [];
  for (let n = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    const part = scopePart(n, sf);
    if (part) parts.push(part);
  }
  return parts.reverse().join('.');
}
