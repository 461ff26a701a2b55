// Small helpers over tree-sitter nodes: positions, string literals, dotted chains. Kept apart so the
// rest of the scanner reads as Python semantics rather than tree-sitter plumbing.
import type { Node } from '../common/treeSitter';

export type { Node };
export { spanOf } from '../common/treeSitter';

// Every node property read crosses into WebAssembly and allocates a fresh Node; resolution asks
// the same questions of the same nodes many times, so answers are memoised for one scan.
// beginScan/endScan bracket a tree's lifetime; nothing is kept after endScan.
const fieldCache = new Map<string, Node | null>();
const namedCache = new Map<number, Node[]>();

export function beginScan(): void {
  fieldCache.clear();
  namedCache.clear();
}

export const endScan = beginScan;

export function field(node: Node | null | undefined, name: string): Node | null {
  if (!node) return null;
  const key = `${node.id}:${name}`;
  const hit = fieldCache.get(key);
  if (hit !== undefined) return hit;
  const found = node.childForFieldName(name);
  fieldCache.set(key, found);
  return found;
}

export function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  const hit = namedCache.get(node.id);
  if (hit) return hit;
  const out: Node[] = [];
  for (const c of node.namedChildren) if (c && c.type !== 'comment') out.push(c);
  namedCache.set(node.id, out);
  return out;
}

/** Strips parentheses, which carry no meaning for what we resolve. */
export function unparen(node: Node | null): Node | null {
  let n = node;
  for (let i = 0; n && n.type === 'parenthesized_expression' && i < 64; i++) n = named(n)[0] ?? null;
  return n;
}

export function isIdentifier(node: Node | null, name?: string): boolean {
  return !!node && node.type === 'identifier' && (name === undefined || node.text === name);
}

/**
 * `a.b.c` as ['a', 'b', 'c'] with the root node (`a`), or null when the innermost object is not a
 * plain name (a call, a subscript...). `root` is then the node where the plain segments stop.
 */
export function attributeChain(node: Node): { root: Node; segments: string[] } {
  const segments: string[] = [];
  let n: Node | null = node;
  // Iterative: chains can be long in generated code.
  while (n && n.type === 'attribute') {
    const attr = field(n, 'attribute');
    segments.unshift(attr ? attr.text : '');
    n = unparen(field(n, 'object'));
  }
  return { root: n ?? node, segments };
}

/** Dotted text of a pure name chain (`os.environ.get`), or null. */
export function dottedName(node: Node | null): string | null {
  const n = unparen(node);
  if (!n) return null;
  if (n.type === 'identifier') return n.text;
  if (n.type !== 'attribute') return null;
  const { root, segments } = attributeChain(n);
  return root.type === 'identifier' ? [root.text, ...segments].join('.') : null;
}

const ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '',
};

/** Decodes Python escape sequences in a non-raw string body. */
export function decodeEscapes(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|[\s\S])/g, (m, e: string) => {
    if (e in ESCAPES) return ESCAPES[e];
    if (/^[xuU]/.test(e)) {
      const cp = parseInt(e.slice(1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return m;
  });
}

export interface StringPart {
  /** Literal text, decoded. */
  text?: string;
  /** An f-string interpolation's expression. */
  expr?: Node;
}

/** The prefix letters of a string literal (`f`, `rb`, ...), lower-cased. */
export function stringPrefix(node: Node): string {
  const start = node.firstChild;
  const t = start ? start.text : '';
  return t.replace(/['"]+$/, '').toLowerCase();
}

/** A `string` node as literal parts and f-string interpolations, in order. */
export function stringParts(node: Node): StringPart[] {
  const prefix = stringPrefix(node);
  const raw = prefix.includes('r');
  const isF = prefix.includes('f') || prefix.includes('t');
  const parts: StringPart[] = [];
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_content') {
      let t = raw ? c.text : decodeEscapes(c.text);
      if (isF) t = t.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      parts.push({ text: t });
    } else if (c.type === 'interpolation') {
      const e = field(c, 'expression');
      if (e) parts.push({ expr: e });
    }
  }
  return parts;
}

/** The value of a string literal without interpolations, else null. */
export function plainString(node: Node | null): string | null {
  const n = unparen(node);
  if (!n) return null;
  if (n.type === 'concatenated_string') {
    let out = '';
    for (const s of named(n)) {
      const v = plainString(s);
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  if (n.type !== 'string') return null;
  let out = '';
  for (const p of stringParts(n)) {
    if (p.expr) return null;
    out += p.text ?? '';
  }
  return out;
}

/** Keyword arguments and `**splat`s of a call's argument list, plus positionals, in order. */
export interface CallArgs {
  positional: Node[];
  keywords: Map<string, Node>;
  keywordNodes: Node[];
  splats: Node[];
}

/**
 * The arguments a forwarder passes on to the method it was handed: `to_thread(f, *args, **kwargs)`
 * and `partial(f, ...)` drop `f` itself.
 */
export function forwardedArgs(call: Node): CallArgs {
  const args = callArgs(call);
  return { ...args, positional: args.positional.slice(1) };
}

export function callArgs(call: Node): CallArgs {
  const out: CallArgs = { positional: [], keywords: new Map(), keywordNodes: [], splats: [] };
  const args = field(call, 'arguments');
  if (!args || args.type !== 'argument_list') return out;
  for (const a of named(args)) {
    if (a.type === 'keyword_argument') {
      const name = field(a, 'name');
      const value = field(a, 'value');
      if (name && value) {
        out.keywords.set(name.text, value);
        out.keywordNodes.push(a);
      }
    } else if (a.type === 'dictionary_splat') {
      const v = named(a)[0];
      if (v) out.splats.push(v);
    } else if (a.type !== 'list_splat') {
      out.positional.push(a);
    }
  }
  return out;
}
