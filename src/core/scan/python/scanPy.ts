// The Python scanner: tree-sitter-python (WebAssembly, from @vscode/tree-sitter-wasm) parses the
// file, one walk indexes it, and each candidate call is classified and described. Pure: the
// runtime and grammar bytes come from the injected loader, and every tree is deleted after use so
// no AST outlives a scan.
import type { RawCallSite } from '../raw';
import { callPosition, createTreeSitterScanner, type GrammarLoader, type TreeSitterScanner, type TreeSitterScannerOptions } from '../common/treeSitter';
import { beginScan, endScan, type Node } from './tree';
import { buildFileIndex } from './fileIndex';
import { classifyCall } from './family';
import { effectiveArgs } from './args';
import { resolveModel } from './model';
import { resolvePrompt } from './prompt';
import { resolveSchema } from './schema';
import { resolveParams } from './params';
import { newEvaluator } from './values';
import { PYTHON_SCOPES, treeSitterScopeOf } from '../common/scopeName';
import { SourceLines } from '../flow/hops';
import type { PyFlow, TraceShared } from './flowPorts';

export type PythonScanner = TreeSitterScanner;

export function createPythonScanner(loadGrammar: GrammarLoader, options: TreeSitterScannerOptions = {}): Promise<PythonScanner> {
  return createTreeSitterScanner(loadGrammar, 'tree-sitter-python.wasm', collectMemoised, options);
}

function isTestPath(path: string): boolean {
  const base = path.split('/').pop() ?? path;
  return /^test_.*\.pyi?$|_test\.pyi?$|^conftest\.py$/.test(base) || /(^|\/)tests?\//.test(path);
}

/** tree.ts memoises node reads for one tree; the bracket keeps nothing past it. */
function collectMemoised(root: Node, path: string): RawCallSite[] {
  beginScan();
  try {
    return collectCallSites(root, path);
  } finally {
    endScan();
  }
}

/**
 * The call sites of a parsed file. `flow` (the cross-file pass) lets model tracing follow imports,
 * callers, the environment and configuration files; without it tracing stops at the file's edge.
 * `only` limits the work to the calls starting at these 1-based `line:column` positions.
 */
export function collectCallSites(root: Node, path: string, flow: PyFlow | null = null, only?: ReadonlySet<string>, shared?: TraceShared): RawCallSite[] {
  const index = buildFileIndex(root);
  const resolver = { index, isTestFile: isTestPath(path) };
  // A test module that patches the SDK out: every client in it is a double.
  if (resolver.isTestFile && index.patchesSdk) return [];
  const out: RawCallSite[] = [];
  const trace = { path, lines: new SourceLines(path, () => root.text), shared: shared ?? { flow, frames: new Map(), steps: 0 } };
  for (const cand of index.calls) {
    const { node, scope, forwarded } = cand;
    if (only && !only.has(`${(forwarded ?? node).startPosition.row + 1}:${(forwarded ?? node).startPosition.column + 1}`)) continue;
    const classified = classifyCall(resolver, cand);
    if (!classified) continue;
    const at = node.startIndex;
    trace.shared.steps = 0;
    const modelEv = newEvaluator(index, 'model', trace);
    const args = effectiveArgs(modelEv, node, scope, at, !!forwarded && cand.via !== 'wrapper');
    const model = resolveModel(modelEv, classified, args, scope, at, node);
    const prompt = resolvePrompt(newEvaluator(index, 'prompt'), classified, args, scope, at);
    const schema = resolveSchema(newEvaluator(index, 'model'), index, classified, args, scope, at);
    const params = resolveParams(newEvaluator(index, 'model'), args, scope, at);
    out.push({
      // A forwarded method's site starts at its receiver chain, as a call's does.
      ...(forwarded ? { ...callPosition(node), line: forwarded.startPosition.row + 1, column: forwarded.startPosition.column + 1 } : callPosition(node)),
      api: classified.family,
      ...model,
      ...schema,
      prompt,
      params,
      scope: treeSitterScopeOf(node, PYTHON_SCOPES),
      callText: node.text,
    });
  }
  return out;
}
