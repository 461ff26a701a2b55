// What a GitHub-hosted runner does around a step, for the recipe test: the files a step writes to
// talk to the runner (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH), the workflow commands it prints
// (`::error file=…,line=…::…`), and artifacts kept as directories. Semantics follow GitHub's
// documentation for workflow commands and actions/upload-artifact@v4 / download-artifact@v4; where
// GitHub would only warn, this is stricter, so a recipe that drifts fails the test.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** `name=value` lines and `name<<DELIM` … `DELIM` blocks, as GITHUB_OUTPUT and GITHUB_ENV hold them. */
export function parseKeyValueFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(path)) return out;
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0) throw new Error(`${path}: "${heredoc[1]}<<${heredoc[2]}" is never closed`);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`${path}:${i + 1}: not name=value: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export function readPathFile(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
  /** The line as printed. */
  raw: string;
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));

/** Lines of a step's stdout that are workflow commands (`::name k=v,k=v::message`). */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = [];
  for (const raw of stdout.split('\n')) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(raw);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`malformed workflow command property "${pair}" in: ${raw}`);
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    out.push({ command: m[1], properties, message: unescapeData(m[3]), raw });
  }
  return out;
}

/** Artifacts of one workflow run: each a directory under `root`, named as the artifact. */
export class ArtifactStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  names(): string[] {
    return readdirSync(this.root).sort();
  }

  dir(name: string): string {
    return join(this.root, name);
  }

  /**
   * upload-artifact@v4: one path that is a directory uploads its contents; several paths keep their
   * places under their least common ancestor. Hidden files are left out (include-hidden-files
   * defaults to false). Names are immutable within a run. Returns the files uploaded.
   */
  upload(name: string, paths: string[], cwd: string, includeHidden: boolean): string[] {
    if (existsSync(this.dir(name))) throw new Error(`artifact "${name}" already exists in this run (upload-artifact@v4 refuses with a conflict)`);
    for (const p of paths) if (/[*?[\]]/.test(p) || p.startsWith('!')) throw new Error(`upload path "${p}": patterns are not simulated; name files and directories`);
    const abs = paths.map((p) => (isAbsolute(p) ? p : resolve(cwd, p)));
    const found = abs.filter((p) => existsSync(p));
    if (!found.length) return [];
    const root = abs.length === 1
      ? (statSync(found[0]).isDirectory() ? found[0] : dirname(found[0]))
      : commonAncestor(abs);
    const files: string[] = [];
    for (const p of found) {
      for (const f of statSync(p).isDirectory() ? listFiles(p) : [p]) {
        const rel = relative(root, f);
        if (!includeHidden && rel.split(sep).some((part) => part.startsWith('.'))) continue;
        cpSync(f, join(this.dir(name), rel));
        files.push(rel);
      }
    }
    return files;
  }

  /** download-artifact@v4: by name into `path`; by pattern, each match into `path/<name>/`. */
  download(target: string, by: { name?: string; pattern?: string }): string[] {
    if (by.name !== undefined) {
      if (!existsSync(this.dir(by.name))) throw new Error(`artifact "${by.name}" not found; uploaded: ${this.names().join(', ') || 'none'}`);
      cpSync(this.dir(by.name), target, { recursive: true });
      return [by.name];
    }
    const re = new RegExp(`^${(by.pattern ?? '*').split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const names = this.names().filter((n) => re.test(n));
    // GitHub downloads nothing and succeeds; a recipe whose names drifted should fail here instead.
    if (!names.length) throw new Error(`no artifact matches "${by.pattern}"; uploaded: ${this.names().join(', ') || 'none'}`);
    for (const n of names) cpSync(this.dir(n), join(target, n), { recursive: true });
    return names;
  }
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? listFiles(p) : [p];
  });
}

function commonAncestor(paths: string[]): string {
  let parts = paths[0].split(sep);
  for (const p of paths.slice(1)) {
    const other = p.split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  const common = parts.join(sep) || sep;
  return paths.includes(common) && existsSync(common) && !statSync(common).isDirectory() ? dirname(common) : common;
}
