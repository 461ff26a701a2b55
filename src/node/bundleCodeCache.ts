// Loads a CommonJS bundle of dist/ (dist/scanner.js carries the TypeScript compiler: ~0.8 s of
// compiling on every CLI run that scans) with V8's code cache kept on disk, for the nodes that have
// no module.enableCompileCache() (before 22.1). The bundle runs exactly as require() would run it:
// the same wrapper, a real Module entered in require.cache (so a second require() of the file, from
// any bundle, gets the same exports), a require() relative to the bundle. The cache is an
// optimisation only: any error reading or writing it falls back to, or carries on as, plain require.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * PROMPTSHIFT_CODE_CACHE=on turns the cache on: the CLI sets it unless the user set it (src/cli/main.ts),
 * so `off` turns it off there; elsewhere (the extension host) it is off unless asked.
 */
export const CODE_CACHE_ENV = 'PROMPTSHIFT_CODE_CACHE';
/** Where the cache files go; tests point it at a temp folder so no run writes to the user's home. */
export const CODE_CACHE_DIR_ENV = 'PROMPTSHIFT_CODE_CACHE_DIR';

type Env = Record<string, string | undefined>;

export function codeCacheEnabled(env: Env = process.env): boolean {
  // Node 22.1+ keeps its own compile cache (src/cli/main.ts turns it on); ours would only compete.
  if (typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function') return false;
  return env[CODE_CACHE_ENV] === 'on';
}

/** The per-user cache folder: $XDG_CACHE_HOME or ~/.cache, else the OS temp folder. */
export function codeCacheDir(env: Env = process.env): string {
  if (env[CODE_CACHE_DIR_ENV]) return env[CODE_CACHE_DIR_ENV];
  const base = env.XDG_CACHE_HOME || (safeHomedir() ? path.join(safeHomedir() as string, '.cache') : os.tmpdir());
  return path.join(base, 'promptshift', 'v8-code-cache');
}

function safeHomedir(): string | undefined {
  try { return os.homedir() || undefined; } catch { return undefined; }
}

/**
 * The cache file of one bundle text: V8's data is only valid for the same source under the same
 * V8 build and flags, so the name carries the content hash, node's and V8's versions and the arch
 * (V8 checks source and flags again on load and rejects a mismatch; see cachedDataRejected).
 */
export function codeCacheFile(dir: string, filename: string, source: string): string {
  const key = createHash('sha256')
    .update(source).update('\0').update(process.version).update('\0').update(process.versions.v8).update('\0').update(process.arch)
    .digest('hex').slice(0, 24);
  return path.join(dir, `${path.basename(filename, '.js')}-${key}.v8cache`);
}

interface Pending { script: vm.Script; file: string }
const pending: Pending[] = [];
let exitHookSet = false;

/** Writes the caches still owed; at exit, so the functions the run compiled lazily are in them. */
export function flushCodeCaches(): void {
  for (const p of pending.splice(0)) {
    let data: Buffer;
    try { data = p.script.createCachedData(); } catch { continue; }
    if (writeAtomically(p.file, data)) pruneOtherVersions(p.file);
  }
}

/** One file per bundle name: the caches of other versions of the bundle (earlier installs) are removed. */
function pruneOtherVersions(file: string): void {
  const dir = path.dirname(file);
  const prefix = path.basename(file).replace(/-[0-9a-f]{24}\.v8cache$/, '-');
  try {
    for (const name of fs.readdirSync(dir)) {
      if (name !== path.basename(file) && name.startsWith(prefix) && /^[0-9a-f]{24}\.v8cache$/.test(name.slice(prefix.length))) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch { /* an old cache left behind costs only disk */ }
}

function writeAtomically(file: string, data: Buffer): boolean {
  const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing more to undo */ }
    return false;
  }
}

function readCache(file: string): Buffer | undefined {
  try { return fs.readFileSync(file); } catch { return undefined; }
}

/**
 * module.exports of the bundle at `filename`, compiled with the code cache when it is on and the
 * bundle is `cacheable`; `plainRequire` (a require() of the same file) otherwise, or when the file
 * cannot be read. Code compiled from a V8 cache on node 20 has lost what import() needs ("A dynamic
 * import callback was not specified"), so only a bundle whose code runs no import() is cacheable:
 * the build (esbuild.mjs) says which.
 */
export function loadBundle(filename: string, plainRequire: () => unknown, cacheable: boolean, env: Env = process.env): unknown {
  const cached = require.cache[filename];
  if (cached) return cached.exports;
  if (!cacheable || !codeCacheEnabled(env)) return plainRequire();
  let source: string;
  try { source = fs.readFileSync(filename, 'utf8'); } catch { return plainRequire(); }
  if (source.startsWith('#!')) source = `//${source.slice(2)}`; // what node's loader strips; keeps the line count
  const file = codeCacheFile(codeCacheDir(env), filename, source);
  const cachedData = readCache(file);
  let script: vm.Script;
  try {
    script = new vm.Script(nodeModule.wrap(source), { filename, cachedData });
  } catch {
    // A syntax error is require()'s to report, with require()'s message.
    return plainRequire();
  }
  if (cachedData === undefined || script.cachedDataRejected === true) owe({ script, file });
  return run(script, filename);
}

function owe(p: Pending): void {
  pending.push(p);
  if (!exitHookSet) {
    exitHookSet = true;
    process.once('exit', flushCodeCaches);
  }
}

type ModuleCtor = new (id: string, parent?: unknown) => NodeJS.Module & { paths: string[] };
type ModuleStatics = { _nodeModulePaths(dir: string): string[] };

function run(script: vm.Script, filename: string): unknown {
  const Module = nodeModule.Module as unknown as ModuleCtor & ModuleStatics;
  const dirname = path.dirname(filename);
  const mod = new Module(filename, module);
  mod.filename = filename;
  mod.paths = Module._nodeModulePaths(dirname);
  const localRequire = nodeModule.createRequire(filename);
  require.cache[filename] = mod;
  try {
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...a: unknown[]) => void;
    wrapper.call(mod.exports, mod.exports, localRequire, mod, filename, dirname);
  } catch (e) {
    delete require.cache[filename]; // as node does: a failed load is not cached
    throw e;
  }
  (mod as { loaded: boolean }).loaded = true;
  return mod.exports;
}
