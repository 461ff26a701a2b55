// One pass over a syntax tree that sets parent pointers (the parser is asked not to, which would be
// a second pass) and hands every call, `new` and import to the scanner, in document order.
// Recursive, as the tree is, down to a depth no real code reaches; below it, an explicit stack, so
// pathological nesting cannot overflow ours.
import ts from './compiler';

const CALL = ts.SyntaxKind.CallExpression;
const NEW = ts.SyntaxKind.NewExpression;
const IMPORT = ts.SyntaxKind.ImportDeclaration;
const IMPORT_EQUALS = ts.SyntaxKind.ImportEqualsDeclaration;
// Read once: the walk asks this of every node, and a property load per question adds up.
const FIRST_NODE = ts.SyntaxKind.FirstNode;
const FIRST_TYPE = ts.SyntaxKind.FirstTypeNode;
const LAST_TYPE = ts.SyntaxKind.LastTypeNode;
const INTERFACE = ts.SyntaxKind.InterfaceDeclaration;
const TYPE_ALIAS = ts.SyntaxKind.TypeAliasDeclaration;
const MAX_RECURSION = 1000;

/**
 * Tokens, names and literals have no children, and types and type declarations hold no calls: they
 * get their parent pointer (name lookups walk up from a name) but are not walked into.
 */
const hasNoCalls = (k: ts.SyntaxKind) => k < FIRST_NODE || (k >= FIRST_TYPE && k <= LAST_TYPE) || k === INTERFACE || k === TYPE_ALIAS;
const wanted = (k: ts.SyntaxKind) => k === CALL || k === NEW || k === IMPORT || k === IMPORT_EQUALS;
const setParent = (node: ts.Node, parent: ts.Node) => { (node as { parent: ts.Node }).parent = parent; };

/** Sets parents under `root` and calls `onNode` for each call, `new` and import, in document order. */
export function walkForCalls(root: ts.Node, onNode: (node: ts.Node) => void): void {
  let parent = root;
  let depth = 0;
  // One visitor for the whole walk (not a closure per node); `parent` and `depth` track the descent.
  const visit = (node: ts.Node): undefined => {
    setParent(node, parent);
    const k = node.kind;
    if (wanted(k)) onNode(node);
    if (hasNoCalls(k)) return undefined;
    if (depth >= MAX_RECURSION) {
      walkWithStack(node, onNode);
      return undefined;
    }
    const above = parent;
    parent = node;
    depth++;
    ts.forEachChild(node, visit);
    parent = above;
    depth--;
    return undefined;
  };
  ts.forEachChild(root, visit);
}

/** The same walk below `start` with an explicit stack, in the same (pre-)order. */
function walkWithStack(start: ts.Node, onNode: (node: ts.Node) => void): void {
  const stack: ts.Node[] = [];
  let parent = start;
  const push = (c: ts.Node) => {
    setParent(c, parent);
    if (!hasNoCalls(c.kind)) stack.push(c);
  };
  const pushChildren = (node: ts.Node) => {
    parent = node;
    const base = stack.length;
    ts.forEachChild(node, push);
    // Children were pushed first to last; reversed, they pop in document order.
    for (let i = base, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i];
      stack[i] = stack[j];
      stack[j] = t;
    }
  };
  pushChildren(start);
  while (stack.length) {
    const node = stack.pop()!;
    if (wanted(node.kind)) onNode(node);
    pushChildren(node);
  }
}
