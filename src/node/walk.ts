// Walks a workspace for the scanner: honours .gitignore files on the way down, the directories no
// scan wants (node_modules, dist, .venv…; files.ts lists them), and --include/--exclude globs
// (gitignore syntax). Other dot-folders are walked like any folder.
import { closeSync, openSync, readdirSync, readFileSync, readSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ALWAYS_SKIPPED_DIRS, languageOf } from '../core/scan/files';
import { DEFAULT_MAX_FILE_BYTES, prepareSource, type PreparedFile, type ScanOptions, type SourceFile } from '../core/scan/prepare';

export interface WalkOptions {
  include?: string[];
  exclude?: string[];
}

interface Frame { dir: string; rel: string; ignores: { base: string; ig: Ignore }[] }

const SKIP = new Set(ALWAYS_SKIPPED_DIRS);

/** The files a scan reads, relative to `root` with forward slashes, in a stable order. */
export function* walkPaths(root: string, options: WalkOptions = {}): Generator<string> {
  const exclude = options.exclude?.length ? ignore().add(options.exclude) : null;
  const include = options.include?.length ? ignore().add(options.include) : null;
  const stack: Frame[] = [{ dir: root, rel: '', ignores: [] }];
  while (stack.length) {
    const frame = stack.pop()!;
    // Synchronous directory reads: a workspace has hundreds of directories, and a promise round trip
    // per directory (and per missing .gitignore) left the scan waiting on the thread pool.
    let dirents: Dirent[];
    try {
      dirents = readdirSync(frame.dir, { withFileTypes: true });
    } catch {
      continue; // unreadable directory: nothing to scan there
    }
    const ignores = [...frame.ignores];
    // Only a directory that lists a .gitignore costs a read.
    if (dirents.some((d) => d.name === '.gitignore')) {
      const gi = readText(join(frame.dir, '.gitignore'));
      if (gi !== null) ignores.push({ base: frame.rel, ig: ignore().add(gi) });
    }
    const isIgnored = (rel: string, isDir: boolean) => ignores.some(({ base, ig }) => {
      const sub = base ? rel.slice(base.length + 1) : rel;
      return ig.ignores(isDir ? `${sub}/` : sub);
    });
    const entries: string[] = [];
    const dirs: Frame[] = [];
    for (const d of dirents) {
      const rel = frame.rel ? `${frame.rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        if (SKIP.has(d.name)) continue;
        if (isIgnored(rel, true) || exclude?.ignores(`${rel}/`)) continue;
        dirs.push({ dir: join(frame.dir, d.name), rel, ignores });
      } else if (d.isFile() && languageOf(d.name)) {
        if (isIgnored(rel, false) || exclude?.ignores(rel)) continue;
        if (include && !include.ignores(rel)) continue;
        entries.push(rel);
      }
    }
    yield* entries.sort();
    stack.push(...dirs.sort((a, b) => b.rel.localeCompare(a.rel)));
  }
}

export async function* walkWorkspace(root: string, options: WalkOptions = {}): AsyncGenerator<SourceFile> {
  for (const rel of walkPaths(root, options)) yield readSource(root, rel);
}

/** One file of the walk, read. Synchronous: a scan reads thousands of small files, and the promise
 * round trip of fs/promises costs more than the read itself. A failed read is the file's data. */
export function readSource(root: string, rel: string): SourceFile {
  try {
    return { path: rel, content: readFileSync(join(root, rel)) };
  } catch (e) {
    return { path: rel, content: '', readError: e instanceof Error ? e.message : String(e) };
  }
}

// Reused by readAndPrepare: one buffer per thread instead of one per file (a scan reads thousands,
// most never kept past the prefilter). Grows to the largest file read, at most the size limit.
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * readSource then ScanEngine.prepareFile, for callers that prepare each file as they read it (the
 * scan pool and its workers): the bytes are read into a buffer this thread reuses, since only the
 * decoded text of a file worth parsing outlives the call. Same answer as prepareSource(readSource()).
 */
export function readAndPrepare(root: string, rel: string, options: ScanOptions = {}): PreparedFile {
  const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let fd: number;
  try {
    fd = openSync(join(root, rel), 'r');
  } catch {
    return prepareSource(readSource(root, rel), options); // the same error message as a plain read
  }
  try {
    let size = 0;
    for (;;) {
      if (size === scratch.length) {
        // Over the limit: the plain read gives the file's whole size for the message.
        if (size > max) return prepareSource(readSource(root, rel), options);
        const bigger = Buffer.allocUnsafe(Math.min(scratch.length * 2, max + 1));
        scratch.copy(bigger, 0, 0, size);
        scratch = bigger;
      }
      const n = readSync(fd, scratch, size, scratch.length - size, null);
      if (n === 0) break;
      size += n;
    }
    return prepareSource({ path: rel, content: scratch.subarray(0, size) }, options);
  } catch {
    return prepareSource(readSource(root, rel), options);
  } finally {
    closeSync(fd);
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
