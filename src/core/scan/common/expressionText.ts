// The text of a prompt expression in the Go, Java and C# scanners: string literals and `a + b`
// read the same in all three; each language adds its own forms (format calls, interpolation,
// names bound to text). What is only known at run time becomes a {{hole}} named after its source.
import { field, type Node } from './treeSitter';
import type { TemplatePart } from './template';

export interface TextReader<C> {
  /** Text of a sub-expression, one level deeper. */
  parts(node: Node | null, ctx?: C): TemplatePart[];
  /** A sub-expression as one part: its text when that is one piece, else a hole named after it. */
  onePart(node: Node, ctx?: C): TemplatePart;
}

export interface TextRules<C> {
  unwrap(node: Node | null): Node | null;
  stringLiteral(node: Node): string | null;
  holeFor(node: Node): TemplatePart;
  /** The language's own ways of making a string; null when `node` is none of them (a hole then). */
  compose(node: Node, ctx: C, read: TextReader<C>): TemplatePart[] | null;
}

const MAX_DEPTH = 12;

export function expressionText<C>(rules: TextRules<C>, node: Node | null, ctx: C, depth = 0): TemplatePart[] {
  const n = rules.unwrap(node);
  if (!n) return [];
  if (depth > MAX_DEPTH) return [rules.holeFor(n)];
  const literal = rules.stringLiteral(n);
  if (literal !== null) return [{ text: literal }];
  const read: TextReader<C> = {
    parts: (sub, c = ctx) => expressionText(rules, sub, c, depth + 1),
    onePart: (sub, c = ctx) => {
      const parts = read.parts(sub, c);
      return parts.length === 1 ? parts[0] : rules.holeFor(rules.unwrap(sub) ?? sub);
    },
  };
  if (n.type === 'binary_expression' && field(n, 'operator')?.text === '+') {
    return [...read.parts(field(n, 'left')), ...read.parts(field(n, 'right'))];
  }
  return rules.compose(n, ctx, read) ?? [rules.holeFor(n)];
}

/** A followed name reads as its value, unless all that gives is one hole: then the hole is the name's. */
export function textOfName<C>(name: Node, followed: { node: Node | null; resolved: boolean; ctx: C }, read: TextReader<C>, holeFor: (node: Node) => TemplatePart): TemplatePart[] {
  if (!followed.resolved || !followed.node) return [holeFor(name)];
  const inner = read.parts(followed.node, followed.ctx);
  return inner.length === 1 && 'hole' in inner[0] ? [holeFor(name)] : inner;
}
