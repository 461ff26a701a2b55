// One build script, one esbuild context per target: the extension (node, cjs, vscode external),
// the CLI, and the review webview (browser). `--tests` transpiles src/ and test/ to out/ for node's
// test runner and the integration suite instead.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

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
 * Bundles loaded through src/node/bundleCodeCache.ts (a V8 code cache on node < 22.1): the scanner,
 * and the scan verb, which every `promptshift scan` compiles (~100 KB: ~8 ms a run). Code from a V8
 * cache cannot run import() on node 20, so the build fails if one of them has any (checkCacheable).
 */
const CACHEABLE_BUNDLES = new Set(['scanner.js', 'cli-scan.js']);

/**
 * How a bundle reaches another bundle of dist/ (`./scanner.js`): a require() in a module of its
 * own, which the import() reaching it loads on first use. Left as a real import() of a CommonJS
 * file, node would send it through its ES module loader, which lexes the whole file for its exports
 * (measured: ~0.7 s for dist/scanner.js) before running it. (esbuild's `supported: {'dynamic-import':
 * false}` would do it for every import() and breaks tree-sitter's `await import('module')`.)
 */
function requireBundle(name, build, filter, outOf) {
  build.onResolve({ filter }, (a) => {
    const out = outOf(a);
    return out ? { path: out, namespace: `${name}-bundle` } : undefined;
  });
  build.onLoad({ filter: /.*/, namespace: `${name}-bundle` }, (a) => {
    const rel = JSON.stringify(`./${a.path}`);
    // Only CACHEABLE_BUNDLES go through src/node/bundleCodeCache.ts, which may compile them with a V8
    // code cache (PROMPTSHIFT_CODE_CACHE=on on node < 22.1; on any trouble, a plain require()): the
    // other bundles run import(), which code from a V8 cache cannot on node 20, or are small enough
    // that loading the cache's module (node:crypto, node:vm) would cost more than it saves.
    if (!CACHEABLE_BUNDLES.has(a.path)) return { contents: `module.exports = require(${rel});`, loader: 'js' };
    return {
      contents: `const { loadBundle } = require('./src/node/bundleCodeCache');\nmodule.exports = loadBundle(require('path').join(__dirname, ${rel}), () => require(${rel}), true);`,
      loader: 'js',
      resolveDir: process.cwd(),
    };
  });
  build.onResolve({ filter: /^\.\/[\w.-]+\.js$/, namespace: `${name}-bundle` }, (a) => ({ path: a.path, external: true }));
}

/**
 * Heavy modules the extension needs only on first use live in bundles of their own, loaded by the
 * dynamic import() that reaches them, so node does not read megabytes before activate() runs:
 * the scanner carries the TypeScript compiler (~3.7 MB), the endpoint client the openai SDK and
 * the validator ajv.
 */
const LAZY_BUNDLES = [
  { filter: /(^|\/)scan\/index(\.js)?$/, entry: 'src/core/scan/index.ts', out: 'scanner.js' },
  { filter: /(^|\/)openaiClient(\.js)?$/, entry: 'src/llm/openaiClient.ts', out: 'endpointClient.js' },
  { filter: /(^|\/)validate\/index(\.js)?$/, entry: 'src/core/validate/index.ts', out: 'validator.js' },
  // Only a replay through a proxy needs undici (src/llm/proxy.ts): ~420 KB the endpoint client skips.
  { filter: /^undici$/, entry: 'node_modules/undici/index.js', out: 'undici.js' },
];
/**
 * tree-sitter loads two node built-ins with import(). Code compiled from a V8 code cache on node 20
 * has lost what import() needs ("A dynamic import callback was not specified": the cache keeps no
 * host-defined options), so src/node/bundleCodeCache.ts could not cache the scanner; require() of a
 * built-in gives the same functions, without the module loader.
 */
const treeSitterBuiltinsByRequire = {
  name: 'tree-sitter-builtins-by-require',
  setup(build) {
    // A tree-sitter release that loads them otherwise fails the build in checkCacheable (an import()
    // left in cached code would throw at run time, and lose call sites).
    build.onLoad({ filter: /[\\/]@vscode[\\/]tree-sitter-wasm[\\/]wasm[\\/]tree-sitter\.js$/ }, (a) => ({
      // At the top of the file: the function that loads "module" declares a `var require` of its own.
      contents: `const __tsBuiltin = { module: require("module"), "fs/promises": require("fs/promises") };\n${
        readFileSync(a.path, 'utf8').replace(/await import\("(module|fs\/promises)"\)/g, '__tsBuiltin["$1"]')}`,
      loader: 'js',
    }));
  },
};

/** Reaches every lazy bundle but `self` (a lazy bundle may load another, never itself). */
const lazyBundlesBut = (self) => ({
  name: 'lazy-bundles',
  setup(build) {
    for (const b of LAZY_BUNDLES) if (b.out !== self) requireBundle(`lazy-${b.out}`, build, b.filter, () => b.out);
    treeSitterBuiltinsByRequire.setup(build);
  },
});
const lazyBundles = lazyBundlesBut(null);

/**
 * The CLI: dist/cli.js holds the argument handling, the verb table and the help texts; each verb
 * (src/cli/commands/<verb>.ts) is a bundle of its own, dist/cli-<verb>.js, loaded by the import()
 * in src/cli/verbs.ts that reaches it, so `--help` reads no verb and `replay` never reads the
 * TypeScript compiler unless it has to scan (the scanner itself stays in dist/scanner.js).
 */
const CLI_VERBS = readdirSync('src/cli/commands').filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
const cliVerbBundles = {
  name: 'cli-verb-bundles',
  setup(build) {
    requireBundle('cli-verb', build, /^\.\/commands\/[\w-]+(\.js)?$/, (a) => (/src[\\/]cli[\\/]verbs\.ts$/.test(a.importer)
      ? `cli-${a.path.replace(/^\.\/commands\//, '').replace(/\.js$/, '')}.js` : undefined));
  },
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'], plugins: [lazyBundles] },
  ...LAZY_BUNDLES.map((b) => ({ ...common, entryPoints: [b.entry], outfile: `dist/${b.out}`, platform: 'node', format: 'cjs', target: 'node18', plugins: [lazyBundlesBut(b.out)] })),
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18', banner: { js: '#!/usr/bin/env node' }, plugins: [cliVerbBundles] },
  ...CLI_VERBS.map((v) => ({ ...common, entryPoints: [`src/cli/commands/${v}.ts`], outfile: `dist/cli-${v}.js`, platform: 'node', format: 'cjs', target: 'node18', plugins: [lazyBundles] })),
  // The CLI's scan workers (src/node/scanPool.ts finds this file beside dist/cli.js). The scanner
  // itself comes from dist/scanner.js, so the compiler is not shipped a second time.
  { ...common, entryPoints: ['src/node/scanWorker.ts'], outfile: 'dist/scanWorker.js', platform: 'node', format: 'cjs', target: 'node18', plugins: [lazyBundles] },
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

/** Fails the build when a bundle compiled from a V8 code cache would run an import() (it throws there on node 20). */
function checkCacheable(results) {
  for (const { metafile } of results) {
    for (const [out, { imports }] of Object.entries(metafile.outputs)) {
      const dynamic = imports.filter((i) => i.kind === 'dynamic-import');
      if (CACHEABLE_BUNDLES.has(basename(out)) && dynamic.length) {
        throw new Error(`${out} runs import() (${dynamic.map((i) => i.path).join(', ')}), which code compiled from a V8 code cache cannot: load it without the cache (CACHEABLE_BUNDLES)`);
      }
    }
  }
}

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
    checkCacheable(await Promise.all(targets.map((t) => esbuild.build({ ...t, metafile: true }))));
  }
}
