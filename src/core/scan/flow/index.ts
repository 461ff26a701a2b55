// The cross-file pass: after every file was scanned on its own, each call site whose model is not
// a literal is followed further. Two ways, cheapest first:
// - its chain only stops at environment lookups (`os.getenv("X", "gpt-4o")`, a settings field):
//   the workspace's `.env` files are consulted, nothing is parsed;
// - its chain leaves the file (an import, a parameter whose callers may pass a value, a
//   configuration file): its file is traced again with the workspace's answers (pyFlow.ts,
//   tsFlow.ts; Go, Java and C#: gjcFlow.ts).
// Pure: files come through the FlowFiles port; each file is read and parsed at most once per pass.
import type { CallSite, Language, ModelHop } from '../../callsite';
import type { GrammarLoader } from '../common/treeSitter';
import { createParser } from '../common/treeSitter';
import { beginScan, endScan } from '../python/tree';
import type { RawCallSite } from '../raw';
import { ConfigFiles } from './configFiles';
import type { YamlModule } from './configData';
import { DotenvFiles } from './dotenv';
import type { FlowFiles } from './ports';
import { PythonFlow } from './pyFlow';
import { TypeScriptFlow } from './tsFlow';
import { resolveGjcConstants } from './gjcFlow';

export type { FlowFiles } from './ports';

export interface FlowOptions {
  loadGrammar: GrammarLoader;
  /** Loads the `yaml` package; asked only when a traced file reads YAML (default: a dynamic import). */
  loadYaml?: () => Promise<YamlModule>;
  now?: () => number;
}

export interface FlowStats {
  /** Call sites whose model is not a literal. */
  followed: number;
  /** Of those, resolved by the workspace's `.env` files alone. */
  byDotenv: number;
  /** Traced again across files. */
  retraced: number;
  /** Files traced again. */
  files: number;
  ms: number;
}

/** Hop kinds that send a call site's file to be traced again: following them needs other files. */
const CROSS_FILE = new Set<ModelHop['kind']>(['import', 'parameter', 'config']);
/** Hop kinds whose variable a `.env` file may set. */
const ENV_KINDS = new Set<ModelHop['kind']>(['env', 'env-default', 'settings']);

/** Reads each file once per pass: tracing asks for the same modules and `.env` files again and again. */
class CachedFiles implements FlowFiles {
  private readonly texts = new Map<string, string | null>();
  private list: readonly string[] | null = null;
  constructor(private readonly inner: FlowFiles) {}
  read(path: string): string | null {
    if (!this.texts.has(path)) this.texts.set(path, this.inner.read(path));
    return this.texts.get(path)!;
  }
  paths(): readonly string[] {
    this.list ??= this.inner.paths();
    return this.list;
  }
}

/** Follows the model of every call site in `sites` that needs it; updates them in place. */
export async function resolveModelFlow(sites: CallSite[], files: FlowFiles, flowOptions: FlowOptions): Promise<FlowStats> {
  const options = { loadYaml: importYaml, ...flowOptions };
  const now = options.now ?? (() => Date.now());
  const t0 = now();
  const stats: FlowStats = { followed: 0, byDotenv: 0, retraced: 0, files: 0, ms: 0 };
  const cached = new CachedFiles(files);
  const dotenv = new DotenvFiles(cached);
  const configs = new ConfigFiles(cached);
  const heavy = new Map<string, CallSite[]>();
  for (const site of sites) {
    if (site.model !== null) continue;
    stats.followed++;
    if (site.modelSource.some((h) => CROSS_FILE.has(h.kind)) || needsGjc(site)) {
      const list = heavy.get(site.path);
      if (list) list.push(site);
      else heavy.set(site.path, [site]);
    } else if (applyDotenv(site, dotenv)) stats.byDotenv++;
  }
  if (heavy.size) {
    if (options.loadYaml && [...heavy.keys()].some((p) => /\bya?ml\b/i.test(cached.read(p) ?? ''))) configs.yaml = await options.loadYaml();
    await retraceAll(heavy, cached, dotenv, configs, options, stats);
    if (configs.yamlWanted && !configs.yaml && options.loadYaml) {
      // A module the trace reached reads YAML: load the parser and trace again.
      const withYaml = new ConfigFiles(cached);
      withYaml.yaml = await options.loadYaml();
      await retraceAll(heavy, cached, dotenv, withYaml, options, { ...stats });
    }
  }
  stats.ms = Math.round(now() - t0);
  return stats;
}

async function importYaml(): Promise<YamlModule> {
  return (await import('yaml')) as unknown as YamlModule;
}

function needsGjc(site: CallSite): boolean {
  return (site.language === 'go' || site.language === 'java' || site.language === 'cs') && site.modelResolved === null && site.modelExpr !== '';
}

async function retraceAll(heavy: Map<string, CallSite[]>, files: FlowFiles, dotenv: DotenvFiles, configs: ConfigFiles, options: FlowOptions, stats: FlowStats): Promise<void> {
  const byLanguage = (langs: Language[]) => [...heavy].filter(([, s]) => langs.includes(s[0].language));
  const ts = byLanguage(['ts', 'tsx', 'js', 'jsx']);
  if (ts.length) {
    const flow = new TypeScriptFlow(files, dotenv, configs);
    for (const [path, sites] of ts) apply(sites, flow.retrace(path, sites[0].language), stats);
  }
  const py = byLanguage(['py']);
  if (py.length) {
    const flow = new PythonFlow(files, await createParser(options.loadGrammar, 'tree-sitter-python.wasm'), dotenv, configs);
    beginScan();
    try {
      for (const [path, sites] of py) apply(sites, flow.retrace(path, new Set(sites.map(positionKey))), stats);
    } finally {
      flow.dispose();
      endScan();
    }
  }
  for (const [, sites] of byLanguage(['go', 'java', 'cs'])) {
    for (const site of sites) if (resolveGjcConstants(site, files, dotenv)) stats.retraced++;
  }
}

function positionKey(s: { line: number; column: number }): string {
  return `${s.line}:${s.column}`;
}

/** Takes the model fields of the re-traced sites; a site the new trace does not find keeps what it had. */
function apply(sites: CallSite[], traced: readonly RawCallSite[], stats: FlowStats): void {
  stats.files++;
  const byPos = new Map(traced.map((r) => [positionKey(r), r]));
  for (const site of sites) {
    const r = byPos.get(positionKey(site));
    if (!r || r.model !== null) continue;
    site.modelResolved = r.modelResolved;
    site.modelSource = r.modelSource ?? [];
    site.modelSpan = r.modelSpan;
    stats.retraced++;
  }
}

/**
 * A chain that stops at environment lookups only: the first lookup whose variable a `.env` file
 * sets decides, and the chain ends at that file's line.
 */
function applyDotenv(site: CallSite, dotenv: DotenvFiles): boolean {
  const hops = site.modelSource;
  if (Array.isArray(site.modelResolved)) return false;
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i];
    if (!ENV_KINDS.has(h.kind) || !h.name) continue;
    const found = dotenv.lookup(h.name, site.path, h.kind === 'settings');
    if (!found) continue;
    const { span: _span, holds: _holds, ...lookup } = h;
    site.modelSource = [...hops.slice(0, i), lookup, { ...found.hop, holds: found.value }];
    site.modelResolved = found.value;
    site.modelSpan = null;
    return true;
  }
  return false;
}
