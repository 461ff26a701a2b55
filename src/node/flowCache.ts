// The cross-file model pass's answer, kept between CLI scans in .promptshift/cache/flow-cache.json,
// so a scan of an unchanged tree neither reads, parses, nor loads the scanner (the TypeScript
// compiler: ~10 MB of bundle, most of a second scan's time) for it. The pass is pure: everything
// it reads comes through its FlowFiles port, so its answer is a function of the call sites it is
// given, the files it read (source, `.env`, configuration) and, when it asked, the list of source
// files. The cache records exactly those: the call sites before the pass (a hash) and those it changed, each file read
// with its size and modification time, or that it was absent (a `.env` created later is seen), and
// the list's hash. Any difference, a damaged file or another scanner version: the pass runs again.
//
// A second scan answered by the scan index as a whole needs less: when the cache was written against
// that index (its answer digest, scanIndex.ts) and the walk found the same files in the same order,
// the call sites are the ones the pass was given (no need to hash them), and every file the pass read
// that the index recorded with the same stamp was just checked by the index's own lookups. Those
// reads are kept on a line of their own, read only when the index cannot vouch (the full check).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CallSite } from '../core/callsite';
import type { FlowFiles, FlowStats } from '../core/scan/flow/index';
import { SCANNER_VERSION } from '../core/scan/version';
import { asciiJson, decodeText } from './asciiJson';
import { RACY_MS, stampOf, type IndexAnswers, type SeenStamps } from './scanIndex';

const FORMAT = 'promptshift-flow-cache/5';

/**
 * What vouches for one read of the pass: a file that is there, by [path, size, mtimeMs]; a file
 * that is not (most reads: `.env` files looked for in every directory up from a call site), by its
 * directory, [dir + '/', mtimeMs] (creating, removing or renaming an entry changes it), or [dir + '/']
 * when the directory itself is absent. Thousands of absent files come to a few directories.
 */
type ReadStamp = [rel: string, size: number, mtimeMs: number] | [dir: string, mtimeMs: number] | [rel: string];

interface Stored {
  format: string;
  key: string;
  /** sha256 of the call sites handed to the pass (sitesHash). */
  before: string;
  /** The answer digest of the scan index that held every call site handed to the pass, if one did. */
  index: string | null;
  /** sha256 of the walk's file list when `index` is set: with the index, it fixes the call sites. */
  walk: string | null;
  /** The walk's files were the index's file lines, in order (then the index fixes the walk, too). */
  ordered: boolean;
  /** Reads the index does not vouch for: directories, absent files, files it does not hold as read. */
  reads: ReadStamp[];
  /** sha256 of the second line: the reads the index vouches for (files it recorded with the stamp read). */
  indexed: string;
  /** sha256 of the source-file list, when the pass asked for it. */
  paths: string | null;
  /** sha256 of the third line: the sites the pass changed, by position (most it leaves as they were: literal models). */
  changed: string;
  stats: FlowStats;
}

export function flowCachePath(root: string): string {
  return join(root, '.promptshift', 'cache', 'flow-cache.json');
}

function keyOf(exclude: readonly string[]): string {
  return JSON.stringify({ scanner: SCANNER_VERSION, exclude });
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function stampFor(root: string, rel: string): ReadStamp {
  if (rel.endsWith('/')) {
    const st = statSync(join(root, rel), { throwIfNoEntry: false });
    return st?.isDirectory() ? [rel, st.mtimeMs] : [rel];
  }
  const st = stampOf(join(root, rel));
  return st ? [rel, st.size, st.mtimeMs] : [rel];
}

function dirOf(rel: string): string {
  return rel.slice(0, rel.lastIndexOf('/') + 1) || './';
}

/** FlowFiles that note what the pass read, for the cache to check next time. */
export class RecordingFlowFiles implements FlowFiles {
  readonly reads = new Map<string, ReadStamp>();
  pathsHash: string | null = null;
  /** A file read was modified too close to the pass's start: its time cannot vouch for its content. */
  racy = false;
  private readonly racyFrom: number;

  constructor(private readonly root: string, private readonly inner: FlowFiles, now: number) {
    this.racyFrom = now - RACY_MS;
  }

  read(rel: string): string | null {
    // Stamped before reading: a change in between leaves a stamp older than the text, seen next time.
    if (!this.reads.has(rel)) {
      let stamp = stampFor(this.root, rel);
      // Absent (or not a file): what would bring it is a change to its directory's entries.
      if (stamp.length === 1) stamp = stampFor(this.root, dirOf(rel));
      const time = stamp.length === 3 ? stamp[2] : stamp.length === 2 ? stamp[1] : undefined;
      if (time !== undefined && time >= this.racyFrom) this.racy = true;
      this.reads.set(rel, stamp);
    }
    return this.inner.read(rel);
  }

  paths(): readonly string[] {
    const list = this.inner.paths();
    this.pathsHash = sha256(list.join('\n'));
    return list;
  }
}

/** What the scan before the pass saw: the files it walked, their stamps, and what its index answers for them. */
export interface ScannedFiles {
  paths: readonly string[];
  stamps: SeenStamps;
  answers?: IndexAnswers;
}

/** The cached answer for these call sites, when every input the pass read is unchanged; else undefined. */
export function cachedFlow(
  root: string, sites: readonly CallSite[], exclude: readonly string[], listPaths: () => readonly string[],
  /** The scan's walk: files it just stamped are not stamped a second time. */
  scanned?: ScannedFiles,
): { after: CallSite[]; stats: FlowStats; check: FlowCheck } | undefined {
  const check = checkFlow(root, sites, exclude, listPaths, scanned);
  const changed = check && hashedArray(check.changedLine, check.stored.changed);
  if (!check || !changed) return undefined;
  // The pass changes what it finds of each site, never which sites there are.
  const after = [...sites];
  for (const entry of changed) {
    const [i, site] = Array.isArray(entry) ? entry : [];
    if (typeof i !== 'number' || !(i >= 0 && i < sites.length) || !site || typeof site !== 'object' || site.id !== sites[i].id || site.path !== sites[i].path) return undefined;
    after[i] = site;
  }
  return { after, stats: check.stored.stats, check };
}

/** A cache whose every input is unchanged: what it holds, its seal (which names all of it), and how it was checked. */
export interface FlowCheck {
  stored: Stored;
  seal: string;
  changedLine: Buffer;
  /** Every read the pass made, when the full check ran (the index did not vouch). */
  allReads?: ReadStamp[];
}

/**
 * Checks the cache against the scan: answered by the index it was written against (vouched), or
 * failing that, its call sites and every read (the full check, which needs `sites`). Undefined
 * when anything the pass depends on changed, or the cache is damaged.
 */
export function checkFlow(
  root: string, sites: readonly CallSite[] | undefined, exclude: readonly string[], listPaths: () => readonly string[],
  scanned?: ScannedFiles,
): FlowCheck | undefined {
  let stored: Stored;
  let indexedLine: Buffer;
  let changedLine: Buffer;
  let seal: string;
  try {
    // Four lines: what the check needs, the reads the index vouches for, the sites the pass changed,
    // and the seal of the first (which holds the others' hashes): a cut or altered cache is not read.
    // Checked as bytes (what was hashed when written: the text's UTF-8), decoded once. The changed
    // sites, most of the file, are parsed only when applied.
    const bytes = readFileSync(flowCachePath(root));
    const first = bytes.indexOf(10);
    const second = bytes.indexOf(10, first + 1);
    const cut = bytes.lastIndexOf(10);
    seal = bytes.toString('latin1', cut + 1);
    if (first < 0 || second < 0 || cut <= second || seal !== sha256(bytes.subarray(0, first))) return undefined;
    stored = JSON.parse(decodeText(bytes.subarray(0, first))) as Stored;
    indexedLine = bytes.subarray(first + 1, second);
    changedLine = bytes.subarray(second + 1, cut);
  } catch {
    return undefined;
  }
  if (!validStored(stored) || stored.key !== keyOf(exclude)) return undefined;
  const known: SeenStamps = scanned?.stamps ?? { get: () => undefined };
  let walkHash: string | undefined;
  const hashOfList = (list: readonly string[]) => (list === scanned?.paths ? (walkHash ??= sha256(list.join('\n'))) : sha256(list.join('\n')));
  const answers = scanned?.answers;
  const sameIndex = stored.index !== null && !!answers?.whole && answers.digest === stored.index;
  // The index lists the walk in order, now and then: the same walk, and its hash the one stored.
  if (sameIndex && stored.ordered && answers.ordered) walkHash = stored.walk ?? undefined;
  const vouched = sameIndex && stored.walk === hashOfList(scanned!.paths);
  let reads = stored.reads;
  if (!vouched) {
    // The full check: the call sites themselves, and every read the index would have vouched for.
    if (!sites || stored.before !== sitesHash(sites)) return undefined;
    const indexed = hashedArray(indexedLine, stored.indexed);
    if (!indexed?.every(isReadStamp)) return undefined;
    reads = [...reads, ...indexed];
  }
  const checked = new Set<string>();
  for (const read of reads) {
    if (checked.has(read[0])) continue;
    checked.add(read[0]);
    const seen = known.get(read[0]);
    const now: ReadStamp = seen ? [read[0], seen.size, seen.mtimeMs] : stampFor(root, read[0]);
    if (now.length !== read.length || now[1] !== read[1] || now[2] !== read[2]) return undefined;
  }
  if (stored.paths !== null && stored.paths !== hashOfList(listPaths())) return undefined;
  return { stored, seal, changedLine, ...(vouched ? {} : { allReads: reads }) };
}

/**
 * Makes .promptshift/cache/ before a scan walks, when it is not there: made after, it would change
 * the workspace folder's time moments before the pass reads it (`.env` files are looked for there),
 * and a first scan could not keep the pass's answer. Never throws.
 */
export function makeCacheFolder(root: string): void {
  const dir = dirname(flowCachePath(root));
  try {
    mkdirSync(dir, { recursive: true });
    // The cache is the user's machine's business, not the repository's.
    writeFileSync(join(dir, '.gitignore'), '*\n', { flag: 'wx' });
  } catch { /* already there, or a read-only workspace */ }
}

/** Writes the pass's answer; never throws (a read-only workspace goes without the cache). Returns its seal when written. */
export function saveFlow(
  root: string, before: SitesBefore, exclude: readonly string[], files: RecordingFlowFiles, after: readonly CallSite[], stats: FlowStats,
  scanned?: ScannedFiles,
): string | undefined {
  if (files.racy || after.length !== before.texts.length) return undefined;
  const changed: [number, CallSite][] = [];
  after.forEach((site, i) => { if (JSON.stringify(site) !== before.texts[i]) changed.push([i, site]); });
  const reads = new Map<string, ReadStamp>();
  for (const stamp of files.reads.values()) reads.set(stamp[0], stamp);
  return writeFlow(root, { before: before.hash, key: keyOf(exclude), paths: files.pathsHash, stats }, [...reads.values()], asciiJson(changed), scanned);
}

/**
 * After a full check that found the cache good, on a scan whose index changed (a file edited that
 * the pass's answer does not depend on): the same answer, written against the new index so the
 * next scan of the tree can be vouched for by it. Returns the new seal, or the old one when the
 * index cannot vouch for this scan.
 */
export function restampFlow(root: string, check: FlowCheck, scanned?: ScannedFiles): string | undefined {
  if (!check.allReads || scanned?.answers?.digest === undefined || scanned.answers.digest === check.stored.index) return check.seal;
  const { before, key, paths, stats } = check.stored;
  return writeFlow(root, { before, key, paths, stats }, check.allReads, decodeText(check.changedLine), scanned);
}

function writeFlow(
  root: string, answer: Pick<Stored, 'before' | 'key' | 'paths' | 'stats'>, reads: readonly ReadStamp[], changedText: string, scanned?: ScannedFiles,
): string | undefined {
  // Against the index only when it holds every call site handed to the pass (none left out as too recent).
  const answers = scanned?.answers?.digest !== undefined ? scanned.answers : undefined;
  const own: ReadStamp[] = [];
  const indexed: ReadStamp[] = [];
  for (const read of reads) {
    const recorded = answers && read.length === 3 ? answers.recorded(read[0]) : undefined;
    (recorded && recorded.size === read[1] && recorded.mtimeMs === read[2] ? indexed : own).push(read);
  }
  const indexedText = asciiJson(indexed);
  const stored: Stored = {
    format: FORMAT, ...answer,
    index: answers?.digest ?? null, walk: answers ? sha256(scanned!.paths.join('\n')) : null, ordered: answers?.ordered ?? false,
    reads: own, indexed: sha256(indexedText), changed: sha256(changedText),
  };
  const file = flowCachePath(root);
  makeCacheFolder(root);
  try {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const body = asciiJson(stored);
    const seal = sha256(body);
    writeFileSync(tmp, `${body}\n${indexedText}\n${changedText}\n${seal}`);
    renameSync(tmp, file);
    return seal;
  } catch {
    return undefined; // no cache this time
  }
}

export interface SitesBefore { hash: string; texts: string[] }

/** The call sites handed to the pass, as text (taken before it changes them): the cache's key, and what it changed. */
export function sitesBefore(sites: readonly CallSite[]): SitesBefore {
  return { hash: sitesHash(sites), texts: sites.map((s) => JSON.stringify(s)) };
}

/** The cache's key of the call sites: one serialisation of them all (a scan answered from its caches has only this to do). */
function sitesHash(sites: readonly CallSite[]): string {
  return sha256(JSON.stringify(sites));
}

function validStored(s: unknown): s is Stored {
  if (!s || typeof s !== 'object') return false;
  const o = s as Partial<Stored>;
  return o.format === FORMAT && typeof o.key === 'string' && typeof o.before === 'string' && Array.isArray(o.reads)
    && o.reads.every(isReadStamp) && (o.index === null || typeof o.index === 'string') && (o.walk === null || typeof o.walk === 'string') && typeof o.ordered === 'boolean'
    && typeof o.indexed === 'string'
    && (o.paths === null || typeof o.paths === 'string') && typeof o.changed === 'string' && !!o.stats && typeof o.stats === 'object';
}

/** A line of the cache holding a JSON array, when it is the one the first line names (its hash); else undefined. */
function hashedArray(line: Buffer, hash: string): unknown[] | undefined {
  if (sha256(line) !== hash) return undefined;
  try {
    const value: unknown = JSON.parse(decodeText(line));
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isReadStamp(r: unknown): r is ReadStamp {
  if (!Array.isArray(r) || typeof r[0] !== 'string') return false;
  const dir = r[0].endsWith('/');
  if (r.length === 1) return true;
  if (r.length === 2) return dir && typeof r[1] === 'number';
  return r.length === 3 && !dir && typeof r[1] === 'number' && typeof r[2] === 'number';
}
