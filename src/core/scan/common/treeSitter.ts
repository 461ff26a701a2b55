// Tree-sitter plumbing shared by the Go, Java and C# scanners: the runtime (initialised once from
// bytes, as the Python scanner does), a parse with a time cap, and small node helpers. Pure: the
// grammar bytes come from the injected loader; callers delete every tree they get.
import { Language, Parser, type Node, type Tree } from '@vscode/tree-sitter-wasm';
import type { ScanError, SourceSpan } from '../../callsite';
import type { TemplatePart } from './template';

export type { Node, Tree };
export type LoadGrammar = (name: string) => Promise<Uint8Array>;

type ModuleOptions = Parameters<typeof Parser.init>[0] & { wasmBinary?: Uint8Array };

let runtimeReady: Promise<void> | undefined;

/** Initialises the shared runtime once; the binding itself is a singleton inside tree-sitter.js. */
function initRuntime(loadGrammar: LoadGrammar): Promise<void> {
  runtimeReady ??= loadGrammar('tree-sitter.wasm').then((wasmBinary) => {
    const options: ModuleOptions = { wasmBinary, locateFile: (file: string) => file };
    return Parser.init(options);
  });
  runtimeReady.catch(() => { runtimeReady = undefined; });
  return runtimeReady;
}

/** A parser for one grammar (`tree-sitter-go.wasm`, ...). */
export async function createParser(loadGrammar: LoadGrammar, grammar: string): Promise<Parser> {
  const [, bytes] = await Promise.all([initRuntime(loadGrammar), loadGrammar(grammar)]);
  const language = await Language.load(bytes);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export const DEFAULT_PARSE_TIMEOUT_MS = 3000;

/** Parses with a deadline; null when the deadline passed (the parser is reset for the next file). */
export function parseCapped(parser: Parser, text: string, timeoutMs: number): Tree | null {
  const deadline = Date.now() + timeoutMs;
  // The typings say the callback returns void; returning true is what cancels the parse.
  const progressCallback = (() => Date.now() > deadline) as unknown as () => void;
  const tree = parser.parse(text, null, { progressCallback });
  if (!tree) parser.reset();
  return tree;
}

export function spanOf(node: Node): SourceSpan {
  return {
    start: { line: node.startPosition.row + 1, column: node.startPosition.column + 1 },
    end: { line: node.endPosition.row + 1, column: node.endPosition.column + 1 },
  };
}

/** Named children without comments. */
export function named(node: Node | null | undefined): Node[] {
  const out: Node[] = [];
  if (!node) return out;
  for (const c of node.namedChildren) if (c && !c.type.includes('comment')) out.push(c);
  return out;
}

export function field(node: Node | null | undefined, name: string): Node | null {
  return node ? node.childForFieldName(name) : null;
}

/** Every node of the tree in document order, without recursion (trees can be deep). */
export function eachNode(root: Node, visit: (n: Node) => void): void {
  const cursor = root.walk();
  try {
    for (;;) {
      visit(cursor.currentNode);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The first ERROR or MISSING node in document order. */
export function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  const cursor = root.walk();
  try {
    for (;;) {
      const n = cursor.currentNode;
      if (n.isError || n.isMissing) return n;
      if (n.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return null;
      }
    }
  } finally {
    cursor.delete();
  }
}

export function syntaxError(path: string, node: Node): ScanError {
  const line = node.startPosition.row + 1;
  const what = node.isMissing ? `missing "${node.type}"` : `unexpected ${JSON.stringify(node.text.slice(0, 24).split('\n')[0])}`;
  return { path, line, message: `syntax error at line ${line}: ${what}; call sites were read from what parsed` };
}

/** The nearest ancestor of one of the given types, or null. */
export function ancestor(node: Node, types: ReadonlySet<string>): Node | null {
  for (let n = node.parent; n; n = n.parent) if (types.has(n.type)) return n;
  return null;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', b: '\b', f: '\f', v: '\v', a: '\x07' };

/** Decodes C-family escapes (`\n`, `\u00e9`, `\x41`). */
export function decodeCEscapes(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (m, e: string) => {
    if (e in ESCAPES) return ESCAPES[e];
    if (/^[xuU]./.test(e)) {
      const cp = parseInt(e.slice(1), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return m;
  });
}

/** `MaxCompletionTokens` / `maxCompletionTokens` / `max_tokens` as the API's `max_completion_tokens`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** printf-style verbs (`%s`, `%-5d`, `%v`) become holes from the arguments' names. */
export function printfParts<A>(format: string, args: readonly A[], hole: (arg: A | undefined, i: number) => TemplatePart): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  let last = 0;
  for (const m of format.matchAll(/%(%|[-+ #0-9.*]*[a-zA-Z])/g)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: format.slice(last, at) });
    if (m[1] === '%') parts.push({ text: '%' });
    else if (m[1] === 'n') parts.push({ text: '\n' });
    else { parts.push(hole(args[i], i)); i++; }
    last = at + m[0].length;
  }
  if (last < format.length) parts.push({ text: format.slice(last) });
  return parts;
}
