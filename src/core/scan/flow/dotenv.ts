// `.env`-style files: which variables they set and where. The pass looks, from the directory of the
// file that reads the variable up to the root, first in the files an app loads (`.env.local`,
// `.env`, `.env.development`), then in the templates a repository ships (`.env.example` and the
// like): a template's value is what a developer following the setup runs with. A template value
// that is a placeholder (`your-model-here`, `<model>`, `changeme`) is no value.
import type { ModelHop, SourceSpan } from '../../callsite';
import type { FlowFiles } from './ports';
import { ancestors, inDir } from './paths';

export const LOADED_ENV_FILES = ['.env.local', '.env', '.env.development', '.env.development.local'];
export const TEMPLATE_ENV_FILES = ['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.defaults', '.env.local.example', 'example.env', 'sample.env'];

export interface EnvEntry { value: string; line: number; span: SourceSpan; text: string }

/** KEY=value, `export KEY=value`, quoted values (escapes in double quotes), ` # comments` after unquoted ones. */
export function parseDotenv(text: string): Map<string, EnvEntry> {
  const out = new Map<string, EnvEntry>();
  text.split('\n').forEach((raw, i) => {
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(raw);
    if (!m) return;
    const at = m[0].length;
    const rest = raw.slice(at).replace(/\r$/, '');
    let value: string;
    let length: number;
    const q = /^(["'`])((?:\\.|(?!\1).)*)\1/.exec(rest);
    if (q) {
      value = q[1] === '"' ? q[2].replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : q[2];
      length = q[0].length;
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
      length = rest.length - rest.trimStart().length + value.length;
    }
    const line = i + 1;
    const start = at + (q ? 0 : rest.length - rest.trimStart().length);
    out.set(m[2], { value, line, span: { start: { line, column: start + 1 }, end: { line, column: at + length + 1 } }, text: raw.trim() });
  });
  return out;
}

function isPlaceholder(value: string): boolean {
  return !value.trim() || /\s|[<>{}]|\byour[-_]|changeme|replace[-_]?me|^x{3,}$|^\.\.\.$|^todo$/i.test(value);
}

export interface EnvValue { value: string; hop: ModelHop }

/** Looks variables up in the `.env` files above files of the workspace, each file read once. */
export class DotenvFiles {
  private readonly parsed = new Map<string, Map<string, EnvEntry> | null>();

  constructor(private readonly files: FlowFiles) {}

  /** `caseInsensitive`: pydantic settings match variable names without regard to case. */
  lookup(name: string, fromPath: string, caseInsensitive: boolean): EnvValue | null {
    const dirs = ancestors(fromPath);
    for (const [group, template] of [[LOADED_ENV_FILES, false], [TEMPLATE_ENV_FILES, true]] as const) {
      for (const dir of dirs) {
        for (const f of group) {
          const path = inDir(dir, f);
          const entry = this.find(path, name, caseInsensitive);
          if (!entry || (template && isPlaceholder(entry.value)) || !entry.value.trim()) continue;
          return { value: entry.value, hop: { kind: 'dotenv', path, line: entry.line, text: entry.text, span: entry.span, name } };
        }
      }
    }
    return null;
  }

  private find(path: string, name: string, caseInsensitive: boolean): EnvEntry | undefined {
    let vars = this.parsed.get(path);
    if (vars === undefined) {
      const text = this.files.read(path);
      vars = text === null ? null : parseDotenv(text);
      this.parsed.set(path, vars);
    }
    if (!vars) return undefined;
    const exact = vars.get(name);
    if (exact || !caseInsensitive) return exact;
    const upper = name.toUpperCase();
    for (const [k, v] of vars) if (k.toUpperCase() === upper) return v;
    return undefined;
  }
}
