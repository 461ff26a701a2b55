// Go, Java and C#: a model argument the file's own scan could not resolve, read from the rest of
// its package or project — a constant of the same Go package (another file of the directory) or of
// an imported one, a Java `Constants.MODEL` / C# `Constants.Model` defined in another file, a Spring
// `@Value("${openai.model:gpt-4o}")` field (application.properties/.yml), and a .NET configuration
// key (`configuration["OpenAI:Model"]`, appsettings.json). Declarations are found by their text
// in formatted code (gofmt, the usual Java/C# layouts); two different values for one name, or none,
// give no answer: never a guess.
import type { CallSite, ModelHop } from '../../callsite';
import type { DotenvFiles } from './dotenv';
import type { ConfigFiles } from './configFiles';
import { configGet } from './configData';
import type { FlowFiles } from './ports';
import { ancestors, dirOf, inDir } from './paths';
import { SourceLines } from './hops';

interface Found { value: string; hops: ModelHop[] }

const IDENT = /^[A-Za-z_]\w*$/;

export function resolveGjcConstants(site: CallSite, files: FlowFiles, dotenv: DotenvFiles, configs: ConfigFiles): boolean {
  const expr = site.modelExpr.trim().replace(/^this\./, '');
  const text = files.read(site.path);
  if (text === null) return false;
  let found: Found | null = null;
  const dotted = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(expr);
  if (site.language === 'go') found = IDENT.test(expr) ? goConstant(files, dirOf(site.path), site.path, expr) : dotted ? goImported(files, site.path, text, dotted[1], dotted[2]) : null;
  else if (dotted) found = site.modelResolved === null ? classConstant(files, site, dotted[1], dotted[2]) : null;
  else if (IDENT.test(expr)) found = site.language === 'java' ? springValue(files, configs, dotenv, site, text, expr) : dotnetConfig(configs, dotenv, site, text, expr);
  if (!found) return false;
  site.modelResolved = found.value;
  site.modelSource = found.hops;
  site.modelSpan = null;
  return true;
}

/** A hop at the offset of `text` (the file at `path`), marking the literal between `start` and `end` as the definition. */
function hopAtOffset(kind: ModelHop['kind'], path: string, text: string, start: number, end: number, holds: string, name?: string): ModelHop {
  const before = text.slice(0, start);
  const line = before.split('\n').length;
  const column = start - before.lastIndexOf('\n');
  const lines = new SourceLines(path, () => text);
  return lines.hop(kind, line, { span: { start: { line, column }, end: { line, column: column + (end - start) } }, holds, ...(name ? { name } : {}) });
}

function unique(found: Found[]): Found | null {
  return found.length && found.every((f) => f.value === found[0].value) ? found[0] : null;
}

// ---- Go ----

/** `const X = "v"`, `var X = "v"`, `X Type = "v"` at the top level or inside a const/var block. */
function goDeclared(path: string, text: string, name: string): Found[] {
  const out: Found[] = [];
  const re = new RegExp(`^(?:(?:const|var)\\s+|\\t)${name}(?:\\s+[\\w.]+)?\\s*=\\s*("(?:[^"\\\\\\n]|\\\\.)*"|\`[^\`]*\`)`, 'gm');
  for (const m of text.matchAll(re)) {
    const lit = m[1];
    const start = (m.index ?? 0) + m[0].length - lit.length;
    const value = lit.startsWith('`') ? lit.slice(1, -1) : JSON.parse(lit) as string;
    if (value) out.push({ value, hops: [hopAtOffset('constant', path, text, start, start + lit.length, value, name)] });
  }
  return out;
}

function goConstant(files: FlowFiles, dir: string, self: string, name: string): Found | null {
  const found: Found[] = [];
  for (const p of files.paths()) {
    if (p === self || !p.endsWith('.go') || p.endsWith('_test.go') || dirOf(p) !== dir) continue;
    const t = files.read(p);
    if (t) found.push(...goDeclared(p, t, name));
  }
  return unique(found);
}

/** `pkg.Name` of an imported package of the same module: its directory is the import path under go.mod's module path. */
function goImported(files: FlowFiles, sitePath: string, text: string, pkg: string, name: string): Found | null {
  const imports = [...text.matchAll(/^\s*(?:import\s+)?(?:(\w+)\s+)?"([^"]+)"\s*$/gm)];
  const hit = imports.find((m) => (m[1] ?? m[2].split('/').pop()) === pkg);
  if (!hit) return null;
  const importPath = hit[2];
  for (const dir of ancestors(sitePath)) {
    const mod = files.read(inDir(dir, 'go.mod'));
    const module = mod && /^module\s+(\S+)/m.exec(mod)?.[1];
    if (!module) continue;
    if (importPath !== module && !importPath.startsWith(`${module}/`)) return null;
    const rel = importPath.slice(module.length + 1);
    return goConstant(files, rel ? inDir(dir, rel) : dir, '', name);
  }
  return null;
}

// ---- Java and C# constants ----

/** `Constants.MODEL`: a static final / const field of a class declared in another file of the project. */
function classConstant(files: FlowFiles, site: CallSite, cls: string, name: string): Found | null {
  const ext = site.language === 'java' ? '.java' : '.cs';
  const declares = new RegExp(`\\b(class|interface|struct|record)\\s+${cls}\\b`);
  const field = site.language === 'java'
    ? new RegExp(`\\b(?:static\\s+final|final\\s+static|String)\\s+(?:String\\s+)?${name}\\s*=\\s*("(?:[^"\\\\\\n]|\\\\.)*")\\s*;`, 'g')
    : new RegExp(`\\b(?:const|static\\s+readonly)\\s+string\\s+${name}\\s*=\\s*("(?:[^"\\\\\\n]|\\\\.)*")\\s*;|\\bstatic\\s+string\\s+${name}\\s*\\{\\s*get;\\s*\\}\\s*=\\s*("(?:[^"\\\\\\n]|\\\\.)*")`, 'g');
  const sameDir = dirOf(site.path);
  const candidates = files.paths().filter((p) => p.endsWith(ext) && p !== site.path);
  candidates.sort((a, b) => Number(dirOf(b) === sameDir) - Number(dirOf(a) === sameDir));
  const found: Found[] = [];
  for (const p of candidates) {
    const t = files.read(p);
    if (!t || !declares.test(t)) continue;
    for (const m of t.matchAll(field)) {
      const lit = m[1] ?? m[2];
      const start = (m.index ?? 0) + m[0].indexOf(lit);
      const value = JSON.parse(lit) as string;
      if (value) found.push({ value, hops: [hopAtOffset('constant', p, t, start, start + lit.length, value, `${cls}.${name}`)] });
    }
  }
  return unique(found);
}

// ---- Configuration properties ----

/** `@Value("${openai.model:gpt-4o}") private String model;`: the property, else the default. */
function springValue(files: FlowFiles, configs: ConfigFiles, dotenv: DotenvFiles, site: CallSite, text: string, field: string): Found | null {
  const re = new RegExp(`@Value\\(\\s*"\\$\\{([\\w.-]+)(?::([^}"]*))?\\}"\\s*\\)[\\w\\s]*?\\bString\\s+${field}\\b`);
  const m = re.exec(text);
  if (!m) return null;
  const key = m[1];
  const annotation = hopAtOffset('settings', site.path, text, m.index, m.index, '', key);
  const { span: _s, holds: _h, ...at } = annotation;
  const root = site.path.includes('src/main/') ? site.path.slice(0, site.path.indexOf('src/main/')) : '';
  for (const name of ['application.properties', 'application.yml', 'application.yaml']) {
    const loaded = configs.load({ rel: `${root}src/main/resources/${name}`, exact: true }, site.path, name.endsWith('properties') ? 'properties' : 'yaml');
    const node = loaded && (configGet(loaded.root, [key]) ?? configGet(loaded.root, key.split('.')));
    if (loaded && node?.kind === 'scalar' && typeof node.value === 'string') {
      const placeholder = /^\$\{([\w.-]+)(?::([^}]*))?\}$/.exec(node.value);
      const hop: ModelHop = loaded.lines.hop('config', node.line, { span: node.span, holds: node.value, name: key });
      if (!placeholder) return { value: node.value, hops: [at, hop] };
      const env = dotenv.lookup(placeholder[1], site.path, false);
      if (env) return { value: env.value, hops: [at, { ...hop, holds: undefined, span: undefined }, { ...env.hop, holds: env.value }] };
      if (placeholder[2]) return { value: placeholder[2], hops: [at, { ...hop, holds: placeholder[2] }] };
    }
  }
  if (m[2]) {
    const start = m.index + m[0].indexOf(m[2]);
    return { value: m[2], hops: [hopAtOffset('settings', site.path, text, start, start + m[2].length, m[2], key)] };
  }
  return null;
}

/** `_model = configuration["OpenAI:Model"] ?? "gpt-4o"` (or GetValue<string>("OpenAI:Model")) in the file: appsettings.json. */
function dotnetConfig(configs: ConfigFiles, dotenv: DotenvFiles, site: CallSite, text: string, name: string): Found | null {
  const assign = new RegExp(`\\b${name}\\s*=\\s*[^;]*?(?:\\[\\s*"([\\w:.-]+)"\\s*\\]|GetValue<string>\\(\\s*"([\\w:.-]+)"\\s*\\))(?:\\s*\\?\\?\\s*("(?:[^"\\\\\\n]|\\\\.)*"))?\\s*;`);
  const m = assign.exec(text);
  if (!m) return null;
  const key = m[1] ?? m[2];
  const at = new SourceLines(site.path, () => text).hop('settings', text.slice(0, m.index).split('\n').length, { name: key });
  for (const file of ['appsettings.Development.json', 'appsettings.json']) {
    const loaded = configs.load({ rel: file, exact: false }, site.path, 'json');
    const node = loaded && configGet(loaded.root, key.split(':'));
    if (loaded && node?.kind === 'scalar' && typeof node.value === 'string' && node.value) {
      return { value: node.value, hops: [at, loaded.lines.hop('config', node.line, { span: node.span, holds: node.value, name: key })] };
    }
  }
  const env = dotenv.lookup(key.replace(/:/g, '__'), site.path, true);
  if (env) return { value: env.value, hops: [at, { ...env.hop, holds: env.value }] };
  if (m[3]) {
    const value = JSON.parse(m[3]) as string;
    const start = m.index + m[0].lastIndexOf(m[3]);
    return { value, hops: [{ ...at, kind: 'env-default' }, hopAtOffset('constant', site.path, text, start, start + m[3].length, value)] };
  }
  return null;
}
