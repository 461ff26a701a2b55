// Walks a workspace for the scanner: honours .gitignore files on the way down, the directories no
// scan wants (node_modules, dist, .venv…; files.ts lists them), and --include/--exclude globs
// (gitignore syntax). Other dot-folders are walked like any folder.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ALWAYS_SKIPPED_DIRS, languageOf } from '../core/scan/files';
import { DEFAULT_MAX_FILE_BYTES, prepareSource, type PreparedFile, type ScanOptions, type SourceFile } from '../core/scan/prepare';

export interface WalkOptions {
  include?: string[];
  exclude?: string[];
}

/** What one directory contributed to a walk: the files it yielded and the subdirectories it entered. */
export interface DirListing {
  files: string[];
  dirs: string[];
  /** The stamp of its .gitignore, when it has one. */
  gitignore?: { size: number; mtimeMs: number };
}

/**
 * Listings of the last walk (kept in the scan index), so an unchanged directory is not read again
 * and its entries not matched against the ignore rules. A directory's listing is reused only while
 * its modification time is the same (adding, removing or renaming an entry changes it) and no
 * .gitignore above or in it has changed (their stamps are checked on the way down; a changed one
 * makes everything below it read afresh).
 */
export interface WalkMemo {
  /** The directory's listing from the last walk, and its modification time then. */
  recall(rel: string): { mtimeMs: number; listing: DirListing } | undefined;
  /** Keeps a listing for the next walk (the memo may decline one too recent to trust). */
  remember(rel: string, mtimeMs: number, listing: DirListing): void;
}

interface Frame {
  dir: string;
  rel: string;
  ignores: { base: string; ig: () => Ignore }[];
  /** A .gitignore on the way down changed since the memo was written: nothing below may be recalled. */
  rulesChanged: boolean;
}

const SKIP = new Set(ALWAYS_SKIPPED_DIRS);

/** The files a scan reads, relative to `root` with forward slashes, in a stable order. */
export function* walkPaths(root: string, options: WalkOptions = {}, memo?: WalkMemo): Generator<string> {
  for (const files of walkDirectories(root, options, memo)) yield* files;
}

/**
 * walkPaths a directory at a time: the files each directory contributes (possibly none), in walk
 * order. For a caller that handles thousands of files, one resumption per directory, not per file.
 */
export function* walkDirectories(root: string, options: WalkOptions = {}, memo?: WalkMemo): Generator<readonly string[]> {
  const exclude = options.exclude?.length ? ignore().add(options.exclude) : null;
  const include = options.include?.length ? ignore().add(options.include) : null;
  const stack: Frame[] = [{ dir: root, rel: '', ignores: [], rulesChanged: false }];
  // Paths below root by concatenation: join() normalises each one, hundreds of times a walk.
  const prefix = root === '' || root.endsWith('/') || root.endsWith(sep) ? root : root + sep;
  while (stack.length) {
    const frame = stack.pop()!;
    const mtimeMs = memo ? statOf(frame.dir)?.mtimeMs : undefined;
    const before = mtimeMs !== undefined ? memo!.recall(frame.rel) : undefined;
    let listing = before && !frame.rulesChanged && before.mtimeMs === mtimeMs ? before.listing : undefined;
    let rulesChanged = frame.rulesChanged;
    const ignores = [...frame.ignores];
    // A .gitignore edited in place leaves its directory's time alone: its own stamp tells.
    if (listing?.gitignore && !sameStamp(statOf(join(frame.dir, '.gitignore')), listing.gitignore)) listing = undefined;
    if (listing) {
      if (listing.gitignore) ignores.push({ base: frame.rel, ig: lazyIgnore(join(frame.dir, '.gitignore')) });
    } else {
      const read = readDirectory(frame, ignores, exclude, include);
      if (!read) continue; // unreadable directory: nothing to scan there
      listing = read;
      // Rules that differ from (or cannot be compared with) the last walk's change what lies below.
      if (memo && (!before || !sameStamp(before.listing.gitignore, read.gitignore))) rulesChanged = true;
    }
    if (mtimeMs !== undefined) memo!.remember(frame.rel, mtimeMs, listing);
    yield listing.files;
    for (let i = listing.dirs.length - 1; i >= 0; i--) {
      const rel = listing.dirs[i];
      stack.push({ dir: prefix + rel, rel, ignores, rulesChanged });
    }
  }
}

/** Reads one directory: its source files and the subdirectories to enter, sorted, ignore rules applied. */
function readDirectory(frame: Frame, ignores: Frame['ignores'], exclude: Ignore | null, include: Ignore | null): DirListing | undefined {
  // Synchronous directory reads: a workspace has hundreds of directories, and a promise round trip
  // per directory (and per missing .gitignore) left the scan waiting on the thread pool.
  let dirents: Dirent[];
  try {
    dirents = readdirSync(frame.dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  let gitignore: DirListing['gitignore'];
  // Only a directory that lists a .gitignore costs a read.
  if (dirents.some((d) => d.name === '.gitignore')) {
    const file = join(frame.dir, '.gitignore');
    const stamp = statOf(file);
    const text = readText(file);
    if (text !== null) {
      const ig = ignore().add(text);
      ignores.push({ base: frame.rel, ig: () => ig });
      if (stamp) gitignore = stamp;
    }
  }
  const isIgnored = (rel: string, isDir: boolean) => ignores.some(({ base, ig }) => {
    const sub = base ? rel.slice(base.length + 1) : rel;
    return ig().ignores(isDir ? `${sub}/` : sub);
  });
  const files: string[] = [];
  const dirs: string[] = [];
  for (const d of dirents) {
    const rel = frame.rel ? `${frame.rel}/${d.name}` : d.name;
    if (d.isDirectory()) {
      if (SKIP.has(d.name)) continue;
      if (isIgnored(rel, true) || exclude?.ignores(`${rel}/`)) continue;
      dirs.push(rel);
    } else if (d.isFile() && languageOf(d.name)) {
      if (isIgnored(rel, false) || exclude?.ignores(rel)) continue;
      if (include && !include.ignores(rel)) continue;
      files.push(rel);
    }
  }
  return { files: files.sort(), dirs: dirs.sort((a, b) => a.localeCompare(b)), ...(gitignore ? { gitignore } : {}) };
}

/** A recalled directory's .gitignore, read and compiled only if a directory below is read afresh. */
function lazyIgnore(file: string): () => Ignore {
  let ig: Ignore | undefined;
  return () => (ig ??= ignore().add(readText(file) ?? ''));
}

function sameStamp(a: DirListing['gitignore'], b: DirListing['gitignore']): boolean {
  return a === b || (!!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs);
}

function statOf(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
  } catch {
    return undefined;
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

/** What listTree finds: a source file, or a .gitignore file (the editor applies them itself). */
export interface TreeEntry {
  rel: string;
  gitignore: boolean;
}

/**
 * Every source file and .gitignore under `root`, dot-folders included, skipping only `skipDirs` by
 * name and not following symbolic links: the editor's listing of a folder on disk, which applies
 * its own excludes and .gitignore files afterwards (the VS Code file search it replaces took
 * seconds on a big repository). A generator, so the caller can share its thread as it goes.
 */
export function* listTree(root: string, skipDirs: ReadonlySet<string>): Generator<TreeEntry> {
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    let dirents: Dirent[];
    try {
      dirents = readdirSync(rel ? join(root, rel) : root, { withFileTypes: true });
    } catch {
      continue;
    }
    const dirs: string[] = [];
    for (const d of dirents) {
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) { if (!skipDirs.has(d.name)) dirs.push(path); }
      else if (d.isFile()) {
        if (d.name === '.gitignore') yield { rel: path, gitignore: true };
        else if (languageOf(d.name)) yield { rel: path, gitignore: false };
      }
    }
    stack.push(...dirs);
  }
}
