// Finds the tree-sitter grammars on disk: beside the bundle (dist/grammars, as shipped) or in
// node_modules when running from transpiled sources (tests, benchmarks).
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GrammarLoader, GrammarName } from '../core/scan/index';

export function grammarPath(name: GrammarName, bundleDir: string = __dirname): string {
  const shipped = join(bundleDir, 'grammars', name);
  if (existsSync(shipped)) return shipped;
  // Running from transpiled sources: find the package on the way up rather than through
  // require.resolve, which the bundler would try to follow.
  for (let dir = bundleDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return shipped;
  }
}

export function nodeGrammarLoader(bundleDir?: string): GrammarLoader {
  return async (name) => new Uint8Array(await readFile(grammarPath(name, bundleDir)));
}
