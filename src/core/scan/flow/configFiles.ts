// Configuration files the code reads by a literal path: found (a path built from `__file__` /
// `__dirname` exactly; one relative to where the app runs in the reading file's directory or the
// first directory above it that has it), parsed once, and handed to the language tracers as
// ConfigNode trees. YAML needs the `yaml` package, which the pass loads only when a file asks for
// it: `yamlWanted` tells the pass to load it and trace again.
import { parseJsonc, parseProperties, parseYaml, type ConfigNode, type YamlModule } from './configData';
import { parseToml } from './toml';
import type { FlowFiles } from './ports';
import { ancestors, joinPath } from './paths';
import { SourceLines } from './hops';

export type ConfigFormat = 'json' | 'yaml' | 'toml' | 'properties' | 'any';

export interface LoadedConfig { path: string; root: ConfigNode; lines: SourceLines }

export class ConfigFiles {
  private readonly cache = new Map<string, LoadedConfig | null>();
  yaml: YamlModule | null = null;
  /** Set when a YAML file was wanted before the `yaml` package was loaded. */
  yamlWanted = false;

  constructor(private readonly files: FlowFiles) {}

  /** The file `rel` names as read from `fromPath`, parsed; null when not found or not parsable. */
  load(file: { rel: string; exact: boolean }, fromPath: string, format: ConfigFormat): LoadedConfig | null {
    const path = this.locate(file, fromPath);
    return path === null ? null : this.parse(path, format);
  }

  /** A file by its workspace path (`import config from './config.json'`). */
  parse(path: string, format: ConfigFormat = 'any'): LoadedConfig | null {
    const key = path;
    if (this.cache.has(key)) return this.cache.get(key)!;
    const text = this.files.read(path);
    if (text === null) return null;
    const kind = format !== 'any' ? format : /\.ya?ml$/i.test(path) ? 'yaml' : /\.toml$/i.test(path) ? 'toml' : /\.properties$/i.test(path) ? 'properties' : 'json';
    let root: ConfigNode | null;
    if (kind === 'yaml') {
      if (!this.yaml) {
        this.yamlWanted = true;
        return null; // not cached: asked again once the package is loaded
      }
      root = parseYaml(text, this.yaml);
    } else root = kind === 'toml' ? parseToml(text) : kind === 'properties' ? parseProperties(text) : parseJsonc(text);
    const loaded = root ? { path, root, lines: new SourceLines(path, () => text) } : null;
    this.cache.set(key, loaded);
    return loaded;
  }

  private locate(file: { rel: string; exact: boolean }, fromPath: string): string | null {
    if (file.exact) {
      const p = joinPath('', file.rel);
      return p !== null && this.files.read(p) !== null ? p : null;
    }
    for (const dir of ancestors(fromPath)) {
      const p = joinPath(dir, file.rel);
      if (p !== null && this.files.read(p) !== null) return p;
    }
    return null;
  }
}
