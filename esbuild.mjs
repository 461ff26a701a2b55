// One build script, one esbuild context per target: the extension (node, cjs, vscode external),
// the CLI, and the review webview (browser). `--tests` transpiles src/ and test/ to out/ for node's
// test runner and the integration suite instead.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

/** Grammars the scanner loads at run time (GRAMMAR_FILES in src/core/scan/common/treeSitter.ts), shipped beside the bundles. */
const GRAMMARS = ['tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-go.wasm', 'tree-sitter-java.wasm', 'tree-sitter-c-sharp.wasm'];

function copyGrammars() {
  mkdirSync('dist/grammars', { recursive: true });
  for (const f of GRAMMARS) cpSync(join('node_modules/@vscode/tree-sitter-wasm/wasm', f), join('dist/grammars', f));
}

/**
 * The review panel's icons: VS Code's codicon font and its stylesheet (@vscode/codicons), served
 * from the extension's own folder because the panel's CSP loads nothing from anywhere else.
 */
function copyCodicons() {
  mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) cpSync(join('node_modules/@vscode/codicons/dist', f), join('dist/codicons', f));
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * Heavy modules the extension needs only on first use live in bundles of their own, loaded by the
 * dynamic import() that reaches them, so node does not read megabytes before activate() runs:
 * the scanner carries the TypeScript compiler (~3.7 MB), the tokenizer its rank tables (~2.3 MB),
 * the endpoint client the openai SDK and the validator ajv.
 */
const LAZY_BUNDLES = [
  { filter: /(^|\/)scan\/index(\.js)?$/, entry: 'src/core/scan/index.ts', out: 'scanner.js' },
  { filter: /(^|\/)tokenEstimate(\.js)?$/, entry: 'src/node/tokenEstimate.ts', out: 'tokenizer.js' },
  { filter: /(^|\/)openaiClient(\.js)?$/, entry: 'src/llm/openaiClient.ts', out: 'endpointClient.js' },
  { filter: /(^|\/)validate\/index(\.js)?$/, entry: 'src/core/validate/index.ts', out: 'validator.js' },
];
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    for (const b of LAZY_BUNDLES) build.onResolve({ filter: b.filter }, () => ({ path: `./${b.out}`, external: true }));
  },
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'], plugins: [lazyBundles] },
  ...LAZY_BUNDLES.map((b) => ({ ...common, entryPoints: [b.entry], outfile: `dist/${b.out}`, platform: 'node', format: 'cjs', target: 'node18' })),
  // The CLI too: a verb loads only the bundles it uses (compare never parses the TypeScript compiler).
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyBundles] },
  // The CLI's scan workers (src/node/scanPool.ts finds this file beside dist/cli.js). The scanner
  // itself comes from dist/scanner.js, so the compiler is not shipped a second time.
  { ...common, entryPoints: ['src/node/scanWorker.ts'], outfile: 'dist/scanWorker.js', platform: 'node', format: 'cjs', target: 'node18', plugins: [lazyBundles] },
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

function listFiles(dir, pattern, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) listFiles(p, pattern, out);
    else if (pattern.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

async function buildTests() {
  // --outdir lets parallel work build tests without trampling each other's out/.
  const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'out';
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: ['src', 'test', 'bench'].flatMap((d) => listFiles(d, /\.tsx?$/)),
    outdir, outbase: '.', platform: 'node', format: 'cjs', target: 'node18',
    sourcemap: 'inline', logLevel: 'warning',
  });
  // Unbundled output keeps `import x from './data.json'` as require(): ship src/ JSON beside the .js.
  for (const f of listFiles('src', /\.json$/)) cpSync(f, join(outdir, f));
}

if (args.has('--tests')) {
  await buildTests();
} else {
  if (!watch) rmSync('dist', { recursive: true, force: true });
  copyGrammars();
  copyCodicons();
  if (watch) {
    for (const t of targets) await (await esbuild.context(t)).watch();
    console.log('[watch] build started');
  } else {
    await Promise.all(targets.map((t) => esbuild.build(t)));
  }
}
