// The persistent scan index: what each file of a workspace scanned to, in
// .promptshift/cache/scan-index.json, so a scan of an unchanged tree reads no source file and loads
// no parser. An entry is used only when the file's path, size and modification time match and the
// whole index was written under the same key (scanner version and the options that change a file's
// scan); anything else (a damaged or truncated index, another version, an entry of the wrong shape)
// is a miss, rescanned and rewritten, never trusted. Shared by `promptshift scan`, `promptshift
// replay` and the editor's first scan (writes are atomic, so they may race: the last one wins).
//
// The file is JSON lines (scanIndexFile.ts), so a reader can parse it a slice at a time (the editor's
// extension host must not stop for a whole index): a header with the key, one line per file, one per
// directory of the last walk (walkMemo.ts), and last the SHA-256 of everything before it, so a
// truncated or altered file is detected and thrown away whole. The file lines come before the
// directory lines, so the hash of the header and the file lines (the index's answer digest) names
// what the index answers for the files, whatever its directories: the flow cache is written against
// it (flowCache.ts).
import { mkdirSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { PREFILTER_SOURCE, SCRIPT_CALL_SOURCE } from '../core/scan/files';
import type { FileScan } from '../core/scan/jobs';
import { DEFAULT_MAX_FILE_BYTES, type ScanOptions } from '../core/scan/prepare';
import { SCANNER_VERSION } from '../core/scan/version';
import { asciiJson } from './asciiJson';
import { NO_PACE, type Pace } from './pace';
import { FORMAT, headStamp, LINES_PER_STEP, loadIndexFile, scanOfLine, sha256Parts, type Entry } from './scanIndexFile';
import type { WalkOptions } from './walk';
import { StoredWalkMemo, walkKeyOf } from './walkMemo';

/**
 * A file modified this close to (or after) the start of the scan that read it is not recorded: with a
 * coarse clock (1-2 s on some file systems) a second edit could keep both its size and its time.
 */
export const RACY_MS = 2_000;
/** Lookups between two questions to the pace: a stat is a few microseconds. */
const LOOKUPS_PER_STEP = LINES_PER_STEP;

/** What a file is recognised by between scans. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export function scanIndexPath(root: string): string {
  return join(root, '.promptshift', 'cache', 'scan-index.json');
}

/** Everything besides the file itself that decides what a file scans to. */
export function scanIndexKey(options: ScanOptions = {}): string {
  return JSON.stringify({
    scanner: SCANNER_VERSION,
    prefilter: PREFILTER_SOURCE,
    scriptCalls: SCRIPT_CALL_SOURCE,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  });
}

/** An index lookup: the file's scan, or (a miss) the stamp to record with its new scan. */
export type IndexLookup = { scan: FileScan; stamp?: undefined } | { scan?: undefined; stamp: FileStamp | undefined };

export interface IndexOpenOptions extends ScanOptions {
  /** The scan's start (ms since the epoch): files modified after RACY_MS before it are not recorded. */
  now?: number;
  /** How the long loops share the thread (the editor's); by default they run through. */
  pace?: Pace;
  /** The walk this scan makes, if any: the directories of the last one are recalled only for the same globs. */
  walk?: WalkOptions;
}

export class ScanIndex {
  /** Entries this scan took (their stored lines, unread) or recorded, in the order it did. */
  private readonly visited = new Map<string, string | Entry>();
  private dirty = false;
  /** Stored entries this scan looked up: fewer than stored means some file was not walked. */
  private storedSeen = 0;
  /** Lookups the index could not answer (the file is scanned again). */
  private missed = 0;
  /** The answer digest of the index on disk that holds `visited` (see answers()), once known. */
  private digest: string | undefined;
  /** Every lookup so far came in the order of the stored file lines. */
  private inStoredOrder = true;
  private readonly storedOrder: Iterator<string>;
  /** After save(): whether it wrote the index, and how many entries of unvisited files it kept. */
  private written: { kept: number } | undefined;
  /** `root` and a separator: a path per file is built by concatenation, thousands of times. */
  private readonly prefix: string;
  private readonly racyFrom: number;
  /** The last walk's directories, for walkPaths: an unchanged directory is not read again. */
  readonly walkMemo: StoredWalkMemo;
  /** Stamps of the files the index could not answer (those it answered are their entries' stamps). */
  private readonly missStamps = new Map<string, FileStamp | undefined>();
  /**
   * Every file this scan looked up, stamped as it was then (the model pass's cache checks against
   * them). Read from the entries: a map of its own held thousands of objects through the scan.
   */
  readonly stamps: SeenStamps = { get: (rel) => this.recordedStamp(rel) ?? this.missStamps.get(rel) };

  private constructor(
    readonly root: string,
    private readonly key: string,
    private readonly stored: Map<string, string>,
    /** The answer digest of the index read (undefined when none was usable). */
    private readonly storedDigest: string | undefined,
    /** Why the index on disk could not be used (damaged, another version); undefined when it was, or there was none. */
    readonly problem: string | undefined,
    now: number,
    private readonly pace: Pace,
    dirs: { lines: Map<string, string>; walkKey: string | undefined; current: string },
  ) {
    this.racyFrom = now - RACY_MS;
    this.prefix = root.endsWith('/') || root.endsWith(sep) ? root : root + sep;
    this.walkMemo = new StoredWalkMemo(dirs.lines, dirs.walkKey, dirs.current, this.racyFrom);
    this.storedOrder = stored.keys();
  }

  /** The index of `root` for scans with `options`; empty (and rewritten on save) when unusable. */
  static async open(root: string, options: IndexOpenOptions = {}): Promise<ScanIndex> {
    const key = scanIndexKey(options);
    const pace = options.pace ?? NO_PACE;
    const loaded = await loadIndexFile(scanIndexPath(root), key, pace);
    const dirs = { lines: loaded.dirs, walkKey: loaded.walkKey, current: walkKeyOf(options.walk) };
    return new ScanIndex(root, key, loaded.entries, loaded.digest, loaded.problem, options.now ?? Date.now(), pace, dirs);
  }

  /** Number of entries read from disk (0 when the index was unusable). */
  get storedCount(): number {
    return this.stored.size;
  }

  /** Stats the file and answers from the index when its entry matches; a miss says what to record. */
  lookup(rel: string): IndexLookup {
    const probed = this.probe(rel);
    return probed ? { stamp: probed.miss } : this.read(rel);
  }

  /**
   * Stats the file and takes its entry, unread, when the stamp at the head of its line matches
   * (undefined); else a miss, with the stamp to record its new scan under. read() gives the scan.
   */
  probe(rel: string): { miss: FileStamp | undefined } | undefined {
    const st = fileStats(this.prefix + rel);
    const line = this.stored.get(rel);
    if (line !== undefined) this.storedSeen++;
    if (this.inStoredOrder && this.storedOrder.next().value !== rel) this.inStoredOrder = false;
    const head = st && line !== undefined ? headStamp(line) : undefined;
    if (!st || !head || head.size !== st.size || head.mtimeMs !== st.mtimeMs) {
      const stamp = st ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
      this.missed++;
      this.missStamps.set(rel, stamp);
      return { miss: stamp };
    }
    this.visited.set(rel, line!);
    return undefined;
  }

  /**
   * The scan of a file probe() took from the index; an entry of the wrong shape (never trusted)
   * turns into a miss, with its stamp, and the file is scanned again.
   */
  read(rel: string): IndexLookup {
    const stored = this.visited.get(rel);
    const scan = stored === undefined ? undefined : scanOfLine(stored, rel);
    if (scan) return { scan };
    const stamp = stored === undefined ? undefined : stampOfStored(stored);
    this.visited.delete(rel);
    this.missed++;
    this.missStamps.set(rel, stamp);
    return { stamp };
  }

  /** lookup() for many files, sharing the thread by the index's pace. */
  async lookupAll(rels: readonly string[]): Promise<IndexLookup[]> {
    const out: IndexLookup[] = [];
    for (let i = 0; i < rels.length; i++) {
      out.push(this.lookup(rels[i]));
      if (i % LOOKUPS_PER_STEP === LOOKUPS_PER_STEP - 1) { const wait = this.pace(); if (wait) await wait; }
    }
    return out;
  }

  /** Records a file's new scan under the stamp taken before it was read (unless too recent to trust). */
  record(rel: string, stamp: FileStamp | undefined, scan: FileScan): void {
    this.dirty = true;
    if (!stamp || stamp.mtimeMs >= this.racyFrom) return;
    this.visited.set(rel, [rel, stamp.size, stamp.mtimeMs, scan.parsed ? 1 : 0, scan.callSites.length ? scan.callSites : 0, scan.error ?? 0]);
  }

  /**
   * After save(): the digest of the index on disk when it holds every file this scan looked up
   * (none left out as too recent, none unwritten), and whether this scan was answered by the index
   * it read as a whole. With both, the call sites of this scan are a function of the digest and the
   * walk's order, which is what lets the flow cache skip hashing them.
   */
  answers(walked: readonly string[]): IndexAnswers {
    const whole = this.problem === undefined && this.storedDigest !== undefined && this.missed === 0 && this.visited.size === this.stored.size;
    const complete = this.visited.size === walked.length;
    // Its file lines are the walk's files in walk order: as read (looked up in their order), or as
    // written (hits, then scans recorded: in walk order only if no hit came after a scan).
    const ordered = complete && (this.written ? this.written.kept === 0 && sameOrder(this.visited.keys(), walked) : whole && this.inStoredOrder);
    return {
      digest: complete ? this.digest : undefined,
      whole,
      ordered,
      recorded: (rel) => this.recordedStamp(rel),
    };
  }

  /** The stamp of a file's entry among those this scan looked up or recorded. */
  private recordedStamp(rel: string): FileStamp | undefined {
    const stored = this.visited.get(rel);
    return stored === undefined ? undefined : stampOfStored(stored);
  }

  /**
   * Writes the index when anything changed. Entries of files this scan did not visit: `unvisited`
   * drops them (the scan walked the whole tree, so their files are gone or now ignored), `missing`
   * keeps those whose file is still there (a scan of part of the tree, or the editor's, whose
   * excludes differ from the CLI's). Never throws: a read-only workspace just goes without an index.
   */
  async save(prune: 'unvisited' | 'missing'): Promise<{ ok: true; written: boolean } | { ok: false; error: string }> {
    const kept: string[] = [];
    if (prune === 'missing' && this.storedSeen < this.stored.size) {
      let n = 0;
      for (const [rel, line] of this.stored) {
        // Kept as read: it is checked, like every entry, when a scan reads it.
        if (!this.visited.has(rel) && stampOf(this.prefix + rel)) kept.push(line);
        if (++n % LOOKUPS_PER_STEP === 0) { const wait = this.pace(); if (wait) await wait; }
      }
    }
    const dropped = this.storedSeen + kept.length < this.stored.size;
    if (!this.dirty && !dropped && !this.walkMemo.dirty && this.problem === undefined) {
      this.digest = this.storedDigest;
      return { ok: true, written: false };
    }
    const dirs = this.walkMemo.toWrite();
    const header = asciiJson({ format: FORMAT, key: this.key, ...(dirs.walkKey !== undefined ? { walk: dirs.walkKey } : {}) });
    const entries = [...this.visited.values(), ...kept];
    // A line taken unread is written as it was read.
    const answers = await this.encodeLines((function* () { yield header; for (const entry of entries) yield typeof entry === 'string' ? entry : asciiJson(entry); })());
    const rest = await this.encodeLines(dirs.lines);
    const [digest, seal] = await sha256Parts([answers, rest], this.pace);
    const text = Buffer.concat([answers, rest, Buffer.from(`${JSON.stringify({ sha256: seal })}\n`)]);
    const file = scanIndexPath(this.root);
    try {
      const dir = dirname(file);
      mkdirSync(dir, { recursive: true });
      // The cache is the user's machine's business, not the repository's.
      writeFileSync(join(dir, '.gitignore'), '*\n', { flag: 'wx' });
    } catch { /* already there, or the mkdir failed and the write below says why */ }
    try {
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      // Written by libuv's threads: a megabyte or more, which the editor's thread need not wait for.
      await writeFile(tmp, text);
      renameSync(tmp, file);
      this.digest = digest;
      this.written = { kept: kept.length };
      return { ok: true, written: true };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * The lines, each ending in a newline, as bytes: made and encoded a slice at a time by the pace,
   * so the editor's thread never turns megabytes of index into bytes in one task.
   */
  private async encodeLines(lines: Iterable<string>): Promise<Buffer> {
    const parts: Buffer[] = [];
    let chunk: string[] = [];
    const flush = () => { if (chunk.length) parts.push(Buffer.from(`${chunk.join('\n')}\n`)); chunk = []; };
    for (const line of lines) {
      chunk.push(line);
      if (chunk.length === LOOKUPS_PER_STEP) { flush(); const wait = this.pace(); if (wait) await wait; }
    }
    flush();
    return Buffer.concat(parts);
  }
}

/** The stamps a scan took of the files it looked up (undefined: absent, or not looked up). */
export interface SeenStamps {
  get(rel: string): FileStamp | undefined;
}

/** What a flow cache may be written against, or checked against: see ScanIndex.answers(). */
export interface IndexAnswers {
  /** The answer digest of the index on disk that holds every file this scan looked up, as it scanned it. */
  digest: string | undefined;
  /** This scan took every file from the index read, and every file of that index was walked. */
  whole: boolean;
  /** The file lines of that index are the walk's files, in walk order. */
  ordered: boolean;
  /** The stamp a file is recorded with in that index (undefined when it is not there). */
  recorded(rel: string): FileStamp | undefined;
}

function sameOrder(keys: Iterable<string>, walked: readonly string[]): boolean {
  let i = 0;
  for (const key of keys) if (key !== walked[i++]) return false;
  return i === walked.length;
}

/** A file's size and modification time; undefined when it is absent or not a file. */
export function stampOf(abs: string): FileStamp | undefined {
  const st = fileStats(abs);
  return st ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
}

const NO_THROW = { throwIfNoEntry: false } as const;

/** A file's stats; undefined when it is absent or not a file. */
function fileStats(abs: string): Stats | undefined {
  try {
    const st = statSync(abs, NO_THROW);
    return st?.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
}

/** The stamp of a stored line (its head) or of an entry this scan recorded. */
function stampOfStored(stored: string | Entry): FileStamp | undefined {
  return typeof stored === 'string' ? headStamp(stored) : { size: stored[1], mtimeMs: stored[2] };
}
