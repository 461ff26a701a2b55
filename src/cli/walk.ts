// Walks a workspace for the scanner: honours .gitignore files on the way down, the directories no
// scan wants (node_modules, dist, .venv…), and --include/--exclude globs (gitignore syntax).
import { readFileSync } from 'node:fs';
import { opendir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ALWAYS_SKIPPED_DIRS, languageOf, type SourceFile } from '../core/scan/index';

export interface WalkOptions {
  include?: string[];
  exclude?: string[];
}

interface Frame { dir: string; rel: string; ignores: { base: string; ig: Ignore }[] }

const SKIP = new Set(ALWAYS_SKIPPED_DIRS);

export async function* walkWorkspace(root: string, options: WalkOptions = {}): AsyncGenerator<SourceFile> {
  const exclude = options.exclude?.length ? ignore().add(options.exclude) : null;
  const include = options.include?.length ? ignore().add(options.include) : null;
  const stack: Frame[] = [{ dir: root, rel: '', ignores: [] }];
  while (stack.length) {
    const frame = stack.pop()!;
    const ignores = [...frame.ignores];
    const gi = await readFile(join(frame.dir, '.gitignore'), 'utf8').catch(() => null);
    if (gi !== null) ignores.push({ base: frame.rel, ig: ignore().add(gi) });
    const isIgnored = (rel: string, isDir: boolean) => ignores.some(({ base, ig }) => {
      const sub = base ? rel.slice(base.length + 1) : rel;
      return ig.ignores(isDir ? `${sub}/` : sub);
    });
    let entries: string[] = [];
    const dirs: Frame[] = [];
    try {
      for await (const d of await opendir(frame.dir)) {
        const rel = frame.rel ? `${frame.rel}/${d.name}` : d.name;
        if (d.isDirectory()) {
          if (SKIP.has(d.name) || d.name.startsWith('.') && d.name !== '.github') continue;
          if (isIgnored(rel, true) || exclude?.ignores(`${rel}/`)) continue;
          dirs.push({ dir: join(frame.dir, d.name), rel, ignores });
        } else if (d.isFile() && languageOf(d.name)) {
          if (isIgnored(rel, false) || exclude?.ignores(rel)) continue;
          if (include && !include.ignores(rel)) continue;
          entries.push(rel);
        }
      }
    } catch {
      continue; // unreadable directory: nothing to scan there
    }
    entries = entries.sort();
    for (const rel of entries) {
      try {
        // Synchronous reads: a scan reads thousands of small files, and the promise round trip of
        // fs/promises costs more than the read itself.
        yield { path: rel, content: readFileSync(join(root, rel)) };
      } catch (e) {
        yield { path: rel, content: '', readError: e instanceof Error ? e.message : String(e) };
      }
    }
    stack.push(...dirs.sort((a, b) => b.rel.localeCompare(a.rel)));
  }
}
