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
import type { Chain } from './chain';

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
  /** Resolved by going on from the imported name in its module, the site's file not traced again. */
  continued: number;
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
  const stats: FlowStats = { followed: 0, byDotenv: 0, continued: 0, retraced: 0, files: 0, ms: 0 };
  const session = new FlowSession(new CachedFiles(files), options);
  const heavy = new Map<string, CallSite[]>();
  try {
    for (const site of sites) {
      if (site.model !== null) continue;
      stats.followed++;
      if (await session.continueFrom(site)) {
        stats.continued++;
        continue;
      }
      if (site.modelSource.some((h) => CROSS_FILE.has(h.kind)) || needsGjc(site)) {
        const list = heavy.get(site.path);
        if (list) list.push(site);
        else heavy.set(site.path, [site]);
      } else if (applyDotenv(site, session.dotenv)) stats.byDotenv++;
    }
    if (heavy.size) {
      if ([...heavy.keys()].some((p) => /\bya?ml\b/i.test(session.files.read(p) ?? ''))) await session.loadYaml();
      await session.retraceAll(heavy, stats);
      if (session.configs.yamlWanted && !session.configs.yaml) {
        // A module the trace reached reads YAML: load the parser and trace again.
        await session.loadYaml();
        await session.retraceAll(heavy, { ...stats });
      }
    }
  } finally {
    session.dispose();
  }
  for (const site of sites) {
    // Continuations are the pass's own bookkeeping: none leaves it.
    if (site.modelSource.some((h) => h.follow)) site.modelSource = site.modelSource.map(({ follow: _f, ...h }) => h);
  }
  stats.ms = Math.round(now() - t0);
  return stats;
}

async function importYaml(): Promise<YamlModule> {
  return (await import('yaml')) as unknown as YamlModule;
}

/** Go, Java and C# sites the file's scan left open; Java and C# also when the model reads a configuration property. */
function needsGjc(site: CallSite): boolean {
  if (site.language !== 'go' && site.language !== 'java' && site.language !== 'cs') return false;
  return (site.modelResolved === null && site.modelExpr !== '') || (site.language !== 'go' && /^(this\.)?[A-Za-z_]\w*$/.test(site.modelExpr.trim()));
}

const TS_LANGUAGES: readonly Language[] = ['ts', 'tsx', 'js', 'jsx'];

/** One pass's readers and per-language flows, each made on first need and kept for the pass. */
class FlowSession {
  readonly dotenv: DotenvFiles;
  configs: ConfigFiles;
  private ts: TypeScriptFlow | null = null;
  private py: PythonFlow | null = null;

  constructor(readonly files: FlowFiles, private readonly options: FlowOptions & { loadYaml: () => Promise<YamlModule> }) {
    this.dotenv = new DotenvFiles(files);
    this.configs = new ConfigFiles(files);
  }

  /** YAML is parsed from now on; flows made before see the new reader too (they are made again). */
  async loadYaml(): Promise<void> {
    if (this.configs.yaml) return;
    this.configs = new ConfigFiles(this.files);
    this.configs.yaml = await this.options.loadYaml();
    this.ts = null;
    this.disposePython();
  }

  private tsFlow(): TypeScriptFlow {
    this.ts ??= new TypeScriptFlow(this.files, this.dotenv, this.configs);
    return this.ts;
  }

  private async pyFlow(): Promise<PythonFlow> {
    if (!this.py) {
      const parser = await createParser(this.options.loadGrammar, 'tree-sitter-python.wasm');
      if (!this.py) {
        this.py = new PythonFlow(this.files, parser, this.dotenv, this.configs);
        // tree.ts memoises node reads; this pass keeps its trees until dispose().
        beginScan();
      }
    }
    return this.py;
  }

  /** The light way on: from the imported name in its module (the stop hop's `follow`). */
  async continueFrom(site: CallSite): Promise<boolean> {
    const last = site.modelSource[site.modelSource.length - 1];
    const follow = last?.kind === 'stop' ? last.follow : undefined;
    // A chain through a parameter depends on the callers too: that takes tracing the file again.
    if (!follow || site.modelSource.some((h) => h.kind === 'parameter' || h.kind === 'argument' || h.kind === 'config')) return false;
    let chain: Chain | null = null;
    if (site.language === 'py') chain = (await this.pyFlow()).continueFrom(site, follow);
    else if (TS_LANGUAGES.includes(site.language)) chain = this.tsFlow().continueFrom(site, follow);
    if (!chain) return false;
    site.modelResolved = chain.resolved;
    site.modelSource = [...site.modelSource.slice(0, -1), ...chain.hops];
    site.modelSpan = null;
    return true;
  }

  async retraceAll(heavy: Map<string, CallSite[]>, stats: FlowStats): Promise<void> {
    for (const [path, sites] of heavy) {
      const language = sites[0].language;
      if (TS_LANGUAGES.includes(language)) apply(sites, this.tsFlow().retrace(path, language), stats);
      else if (language === 'py') apply(sites, (await this.pyFlow()).retrace(path, new Set(sites.map(positionKey))), stats);
      else for (const site of sites) if (resolveGjcConstants(site, this.files, this.dotenv, this.configs)) stats.retraced++;
    }
  }

  private disposePython(): void {
    if (!this.py) return;
    this.py.dispose();
    this.py = null;
    endScan();
  }

  dispose(): void {
    this.disposePython();
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
