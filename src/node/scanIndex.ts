// The persistent scan index: what each file of a workspace scanned to, in
// .promptshift/cache/scan-index.json, so a scan of an unchanged tree reads no source file and loads
// no parser. An entry is used only when the file's path, size and modification time match and the
// whole index was written under the same key (scanner version and the options that change a file's
// scan); anything else (a damaged or truncated index, another version, an entry of the wrong shape)
// is a miss, rescanned and rewritten, never trusted. Shared by `promptshift scan`, `promptshift
// replay` and the editor's first scan (writes are atomic, so they may race: the last one wins).
//
// The file is JSON lines, so a reader can parse it a slice at a time (the editor's extension host
// must not stop for a whole index): a header with the key, one line per file, one per directory of
// the last walk (walkMemo.ts), and last the SHA-256 of everything before it, so a truncated or
// altered file is detected and thrown away whole. The file lines come before the directory lines, so
// the hash of the header and the file lines (the index's answer digest) names what the index answers
// for the files, whatever its directories: the flow cache is written against it (flowCache.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { CallSite, ScanError } from '../core/callsite';
import { PREFILTER_SOURCE, SCRIPT_CALL_SOURCE } from '../core/scan/files';
import type { FileScan } from '../core/scan/jobs';
import { DEFAULT_MAX_FILE_BYTES, type ScanOptions } from '../core/scan/prepare';
import { SCANNER_VERSION } from '../core/scan/version';
import { asciiJson, decodeText } from './asciiJson';
import { NO_PACE, type Pace } from './pace';
import type { WalkOptions } from './walk';
import { dirOfLine, StoredWalkMemo, walkKeyOf } from './walkMemo';

const FORMAT = 'promptshift-scan-index/3';
/**
 * A file modified this close to (or after) the start of the scan that read it is not recorded: with a
 * coarse clock (1-2 s on some file systems) a second edit could keep both its size and its time.
 */
export const RACY_MS = 2_000;
/** Lookups between two questions to the pace: a stat is a few microseconds. */
const LOOKUPS_PER_STEP = 64;
/** Bytes hashed between two questions to the pace (~1 ms each on a quiet core). */
const HASH_STEP = 256 * 1024;

/** What a file is recognised by between scans. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** One file as stored (its line): path, stamp, whether it was parsed, its call sites and error (0 for none). */
type Entry = [rel: string, size: number, mtimeMs: number, parsed: 0 | 1, callSites: CallSite[] | 0, error: ScanError | 0];

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
  /** Entries this scan looked up or recorded, in the order it did. */
  private readonly visited = new Map<string, Entry>();
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
    private readonly stored: Map<string, unknown>,
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
    const loaded = await load(scanIndexPath(root), key, pace);
    const dirs = { lines: loaded.dirs, walkKey: loaded.walkKey, current: walkKeyOf(options.walk) };
    return new ScanIndex(root, key, loaded.entries, loaded.digest, loaded.problem, options.now ?? Date.now(), pace, dirs);
  }

  /** Number of entries read from disk (0 when the index was unusable). */
  get storedCount(): number {
    return this.stored.size;
  }

  /** Stats the file and answers from the index when its entry matches; a miss says what to record. */
  lookup(rel: string): IndexLookup {
    const st = fileStats(this.prefix + rel);
    const raw = this.stored.get(rel);
    if (raw !== undefined) this.storedSeen++;
    if (this.inStoredOrder && this.storedOrder.next().value !== rel) this.inStoredOrder = false;
    const entry = st && raw !== undefined ? validEntry(raw, rel) : undefined;
    if (!st || !entry || entry[1] !== st.size || entry[2] !== st.mtimeMs) {
      const stamp = st ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
      this.missed++;
      this.missStamps.set(rel, stamp);
      return { stamp };
    }
    this.visited.set(rel, entry);
    return { scan: { path: rel, callSites: entry[4] || [], error: entry[5] || null, parsed: entry[3] === 1 } };
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
    const entry = this.visited.get(rel);
    return entry ? { size: entry[1], mtimeMs: entry[2] } : undefined;
  }

  /**
   * Writes the index when anything changed. Entries of files this scan did not visit: `unvisited`
   * drops them (the scan walked the whole tree, so their files are gone or now ignored), `missing`
   * keeps those whose file is still there (a scan of part of the tree, or the editor's, whose
   * excludes differ from the CLI's). Never throws: a read-only workspace just goes without an index.
   */
  async save(prune: 'unvisited' | 'missing'): Promise<{ ok: true; written: boolean } | { ok: false; error: string }> {
    const kept: Entry[] = [];
    if (prune === 'missing' && this.storedSeen < this.stored.size) {
      let n = 0;
      for (const [rel, raw] of this.stored) {
        const entry = !this.visited.has(rel) && validEntry(raw, rel);
        if (entry && stampOf(this.prefix + rel)) kept.push(entry);
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
    const answers = await this.encodeLines((function* () { yield header; for (const entry of entries) yield asciiJson(entry); })());
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

/**
 * The SHA-256 of the first part, of the first two, and so on (the answer digest and the seal, over the
 * bytes as written and as read): one pass over the bytes, a step at a time by `pace`.
 */
async function sha256Parts(parts: Buffer[], pace: Pace): Promise<string[]> {
  const hash = createHash('sha256');
  const digests: string[] = [];
  for (const bytes of parts) {
    for (let from = 0; from < bytes.length; from += HASH_STEP) {
      hash.update(bytes.subarray(from, Math.min(from + HASH_STEP, bytes.length)));
      const wait = pace();
      if (wait) await wait;
    }
    digests.push(hash.copy().digest('hex'));
  }
  return digests;
}

interface Loaded {
  entries: Map<string, unknown>;
  digest: string | undefined;
  dirs: Map<string, string>;
  walkKey: string | undefined;
  problem: string | undefined;
}

async function load(file: string, key: string, pace: Pace): Promise<Loaded> {
  const none = (problem: string | undefined): Loaded => ({ entries: new Map(), digest: undefined, dirs: new Map(), walkKey: undefined, problem });
  let bytes: Buffer;
  try {
    // Read whole and decoded once: a read in chunks through a string decoder cost a second scan
    // more than parsing the lines. Without a pace (the CLI) nothing else waits on the thread.
    bytes = pace === NO_PACE ? readFileSync(file) : await readFile(file);
  } catch {
    return none(undefined); // no index yet
  }
  // The last line vouches for all before it: a cut or altered file fails here, before any line is
  // read. The seal is checked on the bytes (what was hashed when written: the text's UTF-8).
  const NL = 10;
  const end = bytes.length >= 2 ? bytes.lastIndexOf(NL, bytes.length - 2) + 1 : 0;
  const seal = parseLine(bytes.toString('latin1', end)) as { sha256?: unknown } | undefined;
  // The file lines end where the first directory line starts (a JSON line holds no raw newline).
  const firstDir = bytes.indexOf('\n{"d":');
  const answersEnd = firstDir >= 0 && firstDir < end ? firstDir + 1 : end;
  const [digest, sealNow] = await sha256Parts([bytes.subarray(0, answersEnd), bytes.subarray(answersEnd, end)], pace);
  if (bytes[bytes.length - 1] !== NL || seal?.sha256 !== sealNow) return none('the index is damaged (truncated or altered)');
  const lines = decodeText(bytes.subarray(0, end)).split('\n');
  const header = parseLine(lines[0]) as { format?: unknown; key?: unknown; walk?: unknown } | undefined;
  if (header?.format !== FORMAT) return none('the index is damaged (not an index of this format)');
  if (header.key !== key) return none('the index was written by another scanner version or other options');
  const entries = new Map<string, unknown>();
  const dirs = new Map<string, string>();
  // A file line after a directory line is not covered by the digest: then there is none (this
  // version never writes one; the seal says the file is as written, not by whom).
  let ordered = true;
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i];
    // Directory lines stay text until the walk asks for one (it asks for most, each once).
    const dir = dirOfLine(line);
    if (dir !== undefined) dirs.set(dir, line);
    else {
      if (dirs.size) ordered = false;
      const row = parseLine(line);
      if (Array.isArray(row) && typeof row[0] === 'string') entries.set(row[0], row);
    }
    if (i % LOOKUPS_PER_STEP === 0) { const wait = pace(); if (wait) await wait; }
  }
  return { entries, digest: ordered ? digest : undefined, dirs, walkKey: typeof header.walk === 'string' ? header.walk : undefined, problem: undefined };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** A stored entry if it has the shape this version writes, checked as it is used; else undefined. */
function validEntry(raw: unknown, rel: string): Entry | undefined {
  if (!Array.isArray(raw) || raw.length !== 6) return undefined;
  const [, size, mtimeMs, parsed, sites, error] = raw as unknown[];
  if (typeof size !== 'number' || typeof mtimeMs !== 'number' || (parsed !== 0 && parsed !== 1)) return undefined;
  if (sites !== 0 && !(Array.isArray(sites) && sites.length && allSitesOf(sites, rel))) return undefined;
  if (error !== 0 && !(isRecord(error) && error.path === rel && typeof error.message === 'string')) return undefined;
  return raw as Entry;
}

function allSitesOf(sites: unknown[], rel: string): boolean {
  for (const s of sites) if (!isSiteOf(s, rel)) return false;
  return true;
}

function isSiteOf(s: unknown, rel: string): boolean {
  return isRecord(s) && s.path === rel && typeof s.id === 'string' && typeof s.line === 'number' && typeof s.api === 'string';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
