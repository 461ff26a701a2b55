// Gathering a replay's inputs from the workspace: which call sites, their cases files, their
// schemas. Every problem is collected as `file:line: message` (exit 2) before anything is sent.
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { CallSite, JsonSchema } from '../core/callsite';
import { parseCases } from '../core/replay/cases';
import type { ReplayTarget } from '../core/replay/plan';

export interface InputProblem {
  /** `file:line: message` or a plain sentence. */
  text: string;
}

export function casesDir(root: string): string {
  return join(root, '.promptshift', 'cases');
}

/**
 * `.promptshift/config.json` links cases files to call sites beyond the naming convention:
 * `{"cases": {"<callSiteId>": "path/relative/to/root.jsonl"}}`.
 */
export async function readCaseLinks(root: string): Promise<{ links: Map<string, string>; problem: string | null }> {
  const path = join(root, '.promptshift', 'config.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { links: new Map(), problem: null };
  }
  try {
    const cfg = JSON.parse(text) as { cases?: unknown };
    const links = new Map<string, string>();
    if (cfg.cases && typeof cfg.cases === 'object' && !Array.isArray(cfg.cases)) {
      for (const [id, file] of Object.entries(cfg.cases as Record<string, unknown>)) {
        if (typeof file === 'string') links.set(id, resolve(root, file));
      }
    }
    return { links, problem: null };
  } catch (e) {
    return { links: new Map(), problem: `${path}: not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

const isFile = (p: string) => stat(p).then((s) => s.isFile(), () => false);

/**
 * The cases file of a call site: linked in config.json, or `.promptshift/cases/<id>.jsonl`. A file
 * named by the call site's former, text-hashed ID (releases before 0.2) is renamed to the new name
 * once, and `note` says so — so cases written before the ID change keep working.
 */
export async function casesFileFor(root: string, site: CallSite, links: Map<string, string>, note?: (message: string) => void): Promise<string | null> {
  const linked = links.get(site.id);
  if (linked) return linked;
  const conventional = join(casesDir(root), `${site.id}.jsonl`);
  if (await isFile(conventional)) return conventional;
  if (!site.legacyId) return null;
  const legacyLink = links.get(site.legacyId);
  if (legacyLink) {
    note?.(`.promptshift/config.json links cases to "${site.legacyId}", the former ID of ${site.path}:${site.line}; its ID is now "${site.id}" (IDs no longer change when a call is edited): update the key.`);
    return legacyLink;
  }
  const legacy = join(casesDir(root), `${site.legacyId}.jsonl`);
  if (!(await isFile(legacy))) return null;
  try {
    await rename(legacy, conventional);
    note?.(`Renamed .promptshift/cases/${site.legacyId}.jsonl to ${site.id}.jsonl: call-site IDs now come from the enclosing function, not the call's text, so they survive edits to the call (a one-time migration).`);
    return conventional;
  } catch {
    return (await isFile(conventional)) ? conventional : legacy;
  }
}

export interface OrphanedCases {
  /** Absolute path of the cases file. */
  file: string;
  /** The call-site ID its name gives. */
  id: string;
}

/**
 * Cases files under .promptshift/cases that belong to no call site: their ID is nobody's (current or
 * former) and config.json links no call site to them. A call moved to another function or file
 * leaves its cases here; they are offered for re-linking, never dropped.
 */
export async function orphanedCasesFiles(root: string, sites: readonly Pick<CallSite, 'id' | 'legacyId'>[], links: Map<string, string>): Promise<OrphanedCases[]> {
  let names: string[];
  try {
    names = await readdir(casesDir(root));
  } catch {
    return [];
  }
  const known = new Set<string>();
  for (const s of sites) { known.add(s.id); if (s.legacyId) known.add(s.legacyId); }
  const linkedFiles = new Set([...links.values()].map((f) => resolve(f)));
  return names
    .filter((n) => n.endsWith('.jsonl'))
    .map((n) => ({ file: join(casesDir(root), n), id: n.slice(0, -'.jsonl'.length) }))
    .filter((o) => !known.has(o.id) && !linkedFiles.has(resolve(o.file)))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

const show = (cwd: string, p: string) => {
  const r = relative(cwd, p);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
};

/** Reads and checks one call site's cases and schema. */
export async function loadTarget(cwd: string, site: CallSite, casesFile: string, schemaOverride: { file: string; schema: JsonSchema } | null, problems: InputProblem[]): Promise<ReplayTarget | null> {
  let text: string;
  try {
    text = await readFile(casesFile, 'utf8');
  } catch (e) {
    problems.push({ text: `${show(cwd, casesFile)}: cannot read cases file: ${e instanceof Error ? e.message : String(e)}` });
    return null;
  }
  const parsed = parseCases(text, site.prompt);
  if (!parsed.ok) {
    for (const e of parsed.errors) problems.push({ text: `${show(cwd, casesFile)}:${e.line}: ${e.message}` });
    return null;
  }
  if (parsed.cases.length === 0) {
    problems.push({ text: `${show(cwd, casesFile)}: no cases (the file is empty)` });
    return null;
  }
  let schema: JsonSchema | null = null;
  if (schemaOverride) {
    schema = schemaOverride.schema;
  } else if (site.hasSchema && site.schema !== null) {
    schema = site.schema;
    // Loaded on demand: the editor imports this module at start-up, ajv only when a run is set up.
    const { compileSchema } = await import('../core/validate/index.js');
    const c = compileSchema(schema);
    if (!c.ok) { problems.push({ text: `${site.path}:${site.line}: call site ${site.id}: ${c.error}` }); return null; }
  }
  return { callSite: site, cases: parsed.cases, schema };
}

/** --schema FILE: read, parse and compile, or a problem. */
export async function loadSchemaFile(cwd: string, file: string, problems: InputProblem[]): Promise<{ file: string; schema: JsonSchema } | null> {
  const path = resolve(cwd, file);
  let schema: JsonSchema;
  try {
    schema = JSON.parse(await readFile(path, 'utf8')) as JsonSchema;
  } catch (e) {
    problems.push({ text: `${show(cwd, path)}: ${e instanceof SyntaxError ? 'not valid JSON: ' : 'cannot read: '}${e instanceof Error ? e.message : String(e)}` });
    return null;
  }
  const { compileSchema } = await import('../core/validate/index.js');
  const c = compileSchema(schema);
  if (!c.ok) { problems.push({ text: `${show(cwd, path)}: ${c.error}` }); return null; }
  return { file: path, schema };
}
