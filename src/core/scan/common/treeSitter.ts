// Tree-sitter plumbing shared by the Python, Go, Java and C# scanners: the runtime (initialised
// once from bytes), a scanner over one grammar (time-capped parse, first syntax error, tree always
// deleted) and small node helpers. Pure: the grammar bytes come from the injected loader.
import { Language, Parser, type Node, type Tree } from '@vscode/tree-sitter-wasm';
import type { ScanError, SourceSpan } from '../../callsite';
import type { RawCallSite, RawFileScan } from '../raw';
import type { TemplatePart } from './template';

export type { Node, Tree };

/** The WebAssembly files the scanners load: the runtime, then one grammar per language (esbuild.mjs ships each). */
export const GRAMMAR_FILES = [
  'tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-go.wasm', 'tree-sitter-java.wasm', 'tree-sitter-c-sharp.wasm',
] as const;
export type GrammarName = (typeof GRAMMAR_FILES)[number];
export type GrammarLoader = (name: GrammarName) => Promise<Uint8Array>;

/** Emscripten module options this build accepts; the published typings only name locateFile. */
type ModuleOptions = Parameters<typeof Parser.init>[0] & { wasmBinary?: Uint8Array };

let runtimeReady: Promise<void> | undefined;

/**
 * Initialises the runtime once for every grammar, so tree-sitter.wasm is read once per process
 * whichever languages a scan meets (the binding is a singleton inside tree-sitter.js, but each
 * Parser.init would read the bytes and set the runtime up again). Handing over `wasmBinary` means
 * the runtime never looks for tree-sitter.wasm on disk, which is what lets the same code run from
 * sources, from the esbuild bundle (where the module's own directory is dist/) and in tests.
 */
function initRuntime(loadGrammar: GrammarLoader): Promise<void> {
  runtimeReady ??= loadGrammar('tree-sitter.wasm').then((wasmBinary) => {
    const options: ModuleOptions = { wasmBinary, locateFile: (file: string) => file };
    return Parser.init(options);
  });
  runtimeReady.catch(() => { runtimeReady = undefined; });
  return runtimeReady;
}

/** A parser for one grammar (`tree-sitter-go.wasm`, ...). */
export async function createParser(loadGrammar: GrammarLoader, grammar: GrammarName): Promise<Parser> {
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

export interface TreeSitterScanner {
  scan(path: string, text: string): RawFileScan;
}

export interface TreeSitterScannerOptions {
  /** Parsing stops after this long and the file is reported, so one pathological file cannot hang a scan. */
  parseTimeoutMs?: number;
}

/** Finds a file's call sites in its syntax tree; the tree is deleted once it returns. */
export type CallSiteCollector = (root: Node, path: string) => RawCallSite[];

/**
 * A scanner over one grammar: every language scanner is this with its own collector. A syntax error
 * is reported with the call sites read from what parsed; nothing throws for a file.
 */
export async function createTreeSitterScanner(loadGrammar: GrammarLoader, grammar: GrammarName, collect: CallSiteCollector, options: TreeSitterScannerOptions = {}): Promise<TreeSitterScanner> {
  const parser = await createParser(loadGrammar, grammar);
  const timeout = options.parseTimeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  return { scan: (path, text) => scanSource(parser, collect, path, text, timeout) };
}

function scanSource(parser: Parser, collect: CallSiteCollector, path: string, text: string, timeoutMs: number): RawFileScan {
  try {
    const tree = parseCapped(parser, text, timeoutMs);
    if (!tree) return { callSites: [], error: { path, message: `parse timed out after ${timeoutMs} ms` } };
    try {
      const bad = firstSyntaxError(tree.rootNode);
      return { callSites: collect(tree.rootNode, path), error: bad ? syntaxError(path, bad) : null };
    } finally {
      tree.delete();
    }
  } catch (e) {
    return { callSites: [], error: { path, message: `scanner failed: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

/** Node positions are 0-based rows and UTF-16 columns; the contract wants 1-based, end exclusive. */
export function spanOf(node: Node): SourceSpan {
  return {
    start: { line: node.startPosition.row + 1, column: node.startPosition.column + 1 },
    end: { line: node.endPosition.row + 1, column: node.endPosition.column + 1 },
  };
}

/** Where a call site sits, as RawCallSite states it. */
export function callPosition(call: Node): Pick<RawCallSite, 'line' | 'column' | 'endLine'> {
  return { line: call.startPosition.row + 1, column: call.startPosition.column + 1, endLine: call.endPosition.row + 1 };
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

/** The first ERROR or MISSING node in document order, found without recursion. */
export function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  const cursor = root.walk();
  try {
    for (;;) {
      const n = cursor.currentNode;
      if (n.isError || n.isMissing) return n;
      // Descend only into subtrees that contain an error.
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
