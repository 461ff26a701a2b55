// Where a TypeScript/JavaScript import leads in the workspace: relative specifiers (with the
// extensions and index files Node and bundlers try, and `./x.js` meaning `./x.ts`), and the
// `paths`/`baseUrl` of the nearest tsconfig.json or jsconfig.json (`@/lib/ai`, `~/config`).
// Packages (node_modules) are not the workspace's and lead nowhere.
import { parseJsonc, configGet, type ConfigNode } from './configData';
import type { FlowFiles } from './ports';
import { ancestors, dirOf, inDir, joinPath } from './paths';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

interface PathsConfig { dir: string; baseUrl: string | null; paths: [string, string[]][] }

export class TsModuleResolver {
  private readonly configs = new Map<string, PathsConfig | null>();

  constructor(private readonly files: FlowFiles) {}

  resolve(spec: string, from: string): string | null {
    if (spec.startsWith('.')) {
      const base = joinPath(dirOf(from), spec);
      return base === null ? null : this.withExtensions(base);
    }
    const cfg = this.pathsConfig(from);
    if (!cfg) return null;
    for (const [pattern, targets] of cfg.paths) {
      const star = pattern.indexOf('*');
      const matched = star < 0 ? (spec === pattern ? '' : null)
        : spec.startsWith(pattern.slice(0, star)) && spec.endsWith(pattern.slice(star + 1)) ? spec.slice(star, spec.length - (pattern.length - star - 1)) : null;
      if (matched === null) continue;
      for (const t of targets) {
        const p = joinPath(inDir(cfg.dir, cfg.baseUrl ?? ''), t.replace('*', matched));
        const found = p === null ? null : this.withExtensions(p);
        if (found) return found;
      }
    }
    if (cfg.baseUrl !== null) {
      const p = joinPath(inDir(cfg.dir, cfg.baseUrl), spec);
      if (p !== null) return this.withExtensions(p);
    }
    return null;
  }

  private exists(path: string): boolean {
    return this.files.read(path) !== null;
  }

  private withExtensions(base: string): string | null {
    const ext = /\.[cm]?[jt]sx?$|\.json$/.exec(base)?.[0];
    if (ext === '.json') return this.exists(base) ? base : null;
    if (ext && /^\.[cm]?jsx?$/.test(ext)) {
      // ESM TypeScript writes the emitted name: `./x.js` is `./x.ts` in the sources.
      const stem = base.slice(0, -ext.length);
      const ts = ext.replace('js', 'ts');
      for (const c of [stem + ts, base]) if (this.exists(c)) return c;
      return null;
    }
    if (ext && this.exists(base)) return base;
    for (const e of EXTENSIONS) if (this.exists(base + e)) return base + e;
    for (const e of EXTENSIONS) if (this.exists(`${base}/index${e}`)) return `${base}/index${e}`;
    return null;
  }

  /** The nearest tsconfig.json / jsconfig.json above a file that says how bare specifiers map. */
  private pathsConfig(from: string): PathsConfig | null {
    for (const dir of ancestors(from)) {
      if (this.configs.has(dir)) {
        const c = this.configs.get(dir)!;
        if (c) return c;
        continue;
      }
      let found: PathsConfig | null = null;
      for (const name of ['tsconfig.json', 'jsconfig.json']) {
        const text = this.files.read(inDir(dir, name));
        const root = text === null ? null : parseJsonc(text);
        if (root) { found = this.readPaths(root, dir, 0); break; }
      }
      this.configs.set(dir, found);
      if (found) return found;
    }
    return null;
  }

  private readPaths(root: ConfigNode, dir: string, depth: number): PathsConfig | null {
    const opts = configGet(root, ['compilerOptions']);
    const baseUrl = opts && configGet(opts, ['baseUrl']);
    const paths = opts && configGet(opts, ['paths']);
    const out: PathsConfig = { dir, baseUrl: baseUrl?.kind === 'scalar' && typeof baseUrl.value === 'string' ? baseUrl.value : null, paths: [] };
    if (paths?.kind === 'map') {
      for (const [k, v] of paths.entries) {
        if (v.kind !== 'list') continue;
        out.paths.push([k, v.items.flatMap((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? [i.value] : []))]);
      }
    }
    if (!out.paths.length && out.baseUrl === null && depth < 3) {
      // `"extends": "./tsconfig.base.json"` often holds the paths of every package of a repository.
      const ext = configGet(root, ['extends']);
      if (ext?.kind === 'scalar' && typeof ext.value === 'string' && ext.value.startsWith('.')) {
        const p = joinPath(dir, ext.value.endsWith('.json') ? ext.value : `${ext.value}.json`);
        const text = p === null ? null : this.files.read(p);
        const base = text === null ? null : parseJsonc(text);
        if (base && p !== null) return this.readPaths(base, dirOf(p), depth + 1);
      }
    }
    return out.paths.length || out.baseUrl !== null ? out : null;
  }
}
