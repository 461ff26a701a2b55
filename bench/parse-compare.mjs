// Parse time of the TypeScript compiler API (createSourceFile with parent pointers, what the scanner
// uses) against tree-sitter-typescript/tsx as WebAssembly, on the same large files in the same run.
// Usage: node bench/parse-compare.mjs [file...]   (defaults to a few big files from node_modules)
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const wasmDir = 'node_modules/@vscode/tree-sitter-wasm/wasm';
const { Parser, Language } = require(join(process.cwd(), wasmDir, 'tree-sitter.js'));

const defaults = [
  'node_modules/typescript/lib/lib.dom.d.ts',
  'node_modules/openai/src/resources/responses/responses.ts',
  'node_modules/openai/src/resources/chat/completions/completions.ts',
  'node_modules/typescript/lib/_tsc.js',
].filter((f) => existsSync(f));
const files = process.argv.slice(2).length ? process.argv.slice(2) : defaults;

await Parser.init({ locateFile: (f) => join(process.cwd(), wasmDir, f) });
const tsLang = await Language.load(readFileSync(join(wasmDir, 'tree-sitter-typescript.wasm')));
const parser = new Parser();
parser.setLanguage(tsLang);

function median(fn, runs) {
  for (let i = 0; i < 2; i++) fn(); // warm up the JIT before timing
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

console.log('file\tKB\tlines\tts.createSourceFile ms\ttree-sitter ms\tratio ts/tree-sitter');
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const runs = text.length > 2_000_000 ? 3 : 9;
  const kind = f.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const tTs = median(() => ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true, kind), runs);
  const tTree = median(() => parser.parse(text)?.delete(), runs);
  console.log(`${f}\t${Math.round(text.length / 1024)}\t${text.split('\n').length}\t${tTs.toFixed(1)}\t${tTree.toFixed(1)}\t${(tTs / tTree).toFixed(2)}`);
}
