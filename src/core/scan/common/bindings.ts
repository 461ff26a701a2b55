// Name resolution the Go, Java and C# scanners share, done as a reader of one file does it: every
// binding the file makes, scoped by the enclosing function (blocks inside a function are not told
// apart). A name read at some point means its latest binding before that point in the same
// function, else a top-level one (package, class), which every function sees.
import type { Node } from './treeSitter';

export interface Binding {
  value: Node;
  start: number;
  /** Id of the enclosing function, or TOP_LEVEL. */
  fn: number;
}

export const TOP_LEVEL = -1;

export type Bindings = Map<string, Binding[]>;

/** Where an expression is read: the file's index, the offset, and the enclosing function's id. */
export interface ReadPoint<Index> {
  index: Index;
  at: number;
  fn: number;
}

export function addBinding(bindings: Bindings, name: string, binding: Binding): void {
  const list = bindings.get(name);
  if (list) list.push(binding);
  else bindings.set(name, [binding]);
}

/** What `enclosingFunction(node)` is for a grammar whose functions are nodes of these types. */
export function enclosingFunctionFinder(functionTypes: ReadonlySet<string>): (node: Node) => number {
  return (node) => {
    for (let n = node.parent; n; n = n.parent) if (functionTypes.has(n.type)) return n.id;
    return TOP_LEVEL;
  };
}

/** The binding of `name` a reader sees at `at` inside function `fn`. */
export function visibleBinding(bindings: Bindings, name: string, at: number, fn: number): Binding | null {
  const list = bindings.get(name);
  if (!list) return null;
  let best: Binding | null = null;
  for (const b of list) if (b.fn === fn && b.start < at && (!best || b.start > best.start)) best = b;
  if (best) return best;
  for (const b of list) if (b.fn === TOP_LEVEL) return b;
  return null;
}

/** How a grammar writes names worth following, and where their bindings are. */
export interface NameRules<C> {
  /** Strips what carries no meaning here (parentheses, casts...). */
  unwrap(node: Node | null): Node | null;
  isName(node: Node): boolean;
  lookup(ctx: C, name: string): Binding | null;
}

export interface Followed<C> {
  node: Node | null;
  /** A binding was crossed: the value was not written where it is used. */
  resolved: boolean;
  /** Where the value was written, for reading further from there. */
  ctx: C;
}

const MAX_FOLLOW = 12;

/** Follows names to the values bound to them, as far as the file tells (and never round a cycle). */
export function followNames<C extends ReadPoint<unknown>>(rules: NameRules<C>, node: Node | null, ctx: C): Followed<C> {
  let n = rules.unwrap(node);
  let c = ctx;
  let resolved = false;
  for (let i = 0; n && i < MAX_FOLLOW && rules.isName(n); i++) {
    const b = rules.lookup(c, n.text);
    if (!b || b.value.id === n.id) break;
    c = { ...c, at: b.start, fn: b.fn === TOP_LEVEL ? c.fn : b.fn };
    resolved = true;
    n = rules.unwrap(b.value);
  }
  return { node: n, resolved, ctx: c };
}
