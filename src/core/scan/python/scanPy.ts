// The Python scanner: tree-sitter-python (WebAssembly, from @vscode/tree-sitter-wasm) parses the
// file, one walk indexes it, and each candidate call is classified and described. Pure: the
// runtime and grammar bytes come from the injected loader, and every tree is deleted after use so
// no AST outlives a scan.
import { Language, Parser } from '@vscode/tree-sitter-wasm';
import type { ScanError } from '../../callsite';
import type { GrammarLoader } from '../jobs';
import type { RawCallSite, RawFileScan } from '../raw';
import { beginScan, endScan, firstSyntaxError, type Node } from './tree';
import { buildFileIndex } from './fileIndex';
import { classifyCall } from './family';
import { effectiveArgs } from './args';
import { resolveModel } from './model';
import { resolvePrompt } from './prompt';
import { resolveSchema } from './schema';
import { resolveParams } from './params';
import { newEvaluator } from './values';

export interface PythonScanner {
  scan(path: string, text: string): RawFileScan;
}

export interface PythonScannerOptions {
  /** Parsing stops after this long and the file is reported, so one pathological file cannot hang a scan. */
  parseTimeoutMs?: number;
}

export const DEFAULT_PARSE_TIMEOUT_MS = 3000;

/** Emscripten module options this build accepts; the published typings only name locateFile. */
type ModuleOptions = Parameters<typeof Parser.init>[0] & { wasmBinary?: Uint8Array };

let runtimeReady: Promise<void> | undefined;

/**
 * Initialises the shared tree-sitter runtime from bytes. Handing over `wasmBinary` means the runtime
 * never looks for tree-sitter.wasm on disk, which is what lets the same code run from sources, from
 * the esbuild bundle (where the module's own directory is dist/) and in tests.
 */
function initRuntime(loadGrammar: GrammarLoader): Promise<void> {
  runtimeReady ??= loadGrammar('tree-sitter.wasm').then((wasmBinary) => {
    const options: ModuleOptions = { wasmBinary, locateFile: (file: string) => file };
    return Parser.init(options);
  });
  runtimeReady.catch(() => { runtimeReady = undefined; });
  return runtimeReady;
}

export async function createPythonScanner(loadGrammar: GrammarLoader, options: PythonScannerOptions = {}): Promise<PythonScanner> {
  const [, grammar] = await Promise.all([initRuntime(loadGrammar), loadGrammar('tree-sitter-python.wasm')]);
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  const timeout = options.parseTimeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  return { scan: (path, text) => scanPythonSource(parser, path, text, timeout) };
}

function isTestPath(path: string): boolean {
  const base = path.split('/').pop() ?? path;
  return /^test_.*\.pyi?$|_test\.pyi?$|^conftest\.py$/.test(base) || /(^|\/)tests?\//.test(path);
}

function syntaxError(path: string, node: Node): ScanError {
  const line = node.startPosition.row + 1;
  const what = node.isMissing ? `missing "${node.type}"` : `unexpected ${JSON.stringify(node.text.slice(0, 24).split('\n')[0])}`;
  return { path, line, message: `syntax error at line ${line}: ${what}; call sites were read from what parsed` };
}

export function scanPythonSource(parser: Parser, path: string, text: string, timeoutMs = DEFAULT_PARSE_TIMEOUT_MS): RawFileScan {
  const deadline = Date.now() + timeoutMs;
  // The typings say the callback returns void; returning true is what cancels the parse.
  const progressCallback = (() => Date.now() > deadline) as unknown as () => void;
  const tree = parser.parse(text, null, { progressCallback });
  if (!tree) {
    parser.reset();
    return { callSites: [], error: { path, message: `parse timed out after ${timeoutMs} ms` } };
  }
  beginScan();
  try {
    const root = tree.rootNode;
    const bad = firstSyntaxError(root);
    const error = bad ? syntaxError(path, bad) : null;
    return { callSites: collectCallSites(root, path), error };
  } finally {
    endScan();
    tree.delete();
  }
}

function collectCallSites(root: Node, path: string): RawCallSite[] {
  const index = buildFileIndex(root);
  const resolver = { index, isTestFile: isTestPath(path) };
  const out: RawCallSite[] = [];
  for (const { node, scope } of index.calls) {
    const classified = classifyCall(resolver, node, scope);
    if (!classified) continue;
    const at = node.startIndex;
    const modelEv = newEvaluator(index, 'model');
    const args = effectiveArgs(modelEv, node, scope, at);
    const model = resolveModel(modelEv, classified, args, scope, at);
    const prompt = resolvePrompt(newEvaluator(index, 'prompt'), classified, args, scope, at);
    const schema = resolveSchema(newEvaluator(index, 'model'), index, classified, args, scope, at);
    const params = resolveParams(newEvaluator(index, 'model'), args, scope, at);
    out.push({
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      endLine: node.endPosition.row + 1,
      api: classified.family,
      ...model,
      ...schema,
      prompt,
      params,
      callText: node.text,
    });
  }
  return out;
}
