// The scan index's file (see scanIndex.ts for what it is for): JSON lines, a header with the key,
// one line per file, one per directory of the last walk, and last the SHA-256 of everything before
// it. A file line is [path, size, mtimeMs, parsed (0 | 1), call sites or 0, error or 0].
//
// File lines are kept as text when read: a scan of an unchanged tree compares each file's stamp with
// the head of its line and never builds its call sites (thousands of objects that the garbage
// collector copied between young spaces, most of a second scan's collection time). A line is parsed
// whole, and its shape checked, only when its call sites are asked for.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CallSite, ScanError } from '../core/callsite';
import type { FileScan } from '../core/scan/jobs';
import { decodeText } from './asciiJson';
import { NO_PACE, type Pace } from './pace';
import { dirOfLine } from './walkMemo';

export const FORMAT = 'promptshift-scan-index/3';
/** Lines between two questions to the pace. */
export const LINES_PER_STEP = 64;
/** Bytes hashed between two questions to the pace (~1 ms each on a quiet core). */
const HASH_STEP = 256 * 1024;

/** One file as stored (its line): path, stamp, whether it was parsed, its call sites and error (0 for none). */
export type Entry = [rel: string, size: number, mtimeMs: number, parsed: 0 | 1, callSites: CallSite[] | 0, error: ScanError | 0];

/** The stamp at the head of a stored file line; undefined when the head is not of the shape written. */
export function headStamp(line: string): { size: number; mtimeMs: number } | undefined {
  const end = pathEnd(line);
  if (end < 0) return undefined;
  const sizeEnd = line.indexOf(',', end + 2);
  const timeEnd = sizeEnd < 0 ? -1 : line.indexOf(',', sizeEnd + 1);
  if (timeEnd < 0) return undefined;
  const size = Number(line.slice(end + 2, sizeEnd));
  const mtimeMs = Number(line.slice(sizeEnd + 1, timeEnd));
  // Number('') is 0: an empty field is not a number.
  if (!(sizeEnd > end + 2 && timeEnd > sizeEnd + 1 && Number.isInteger(size) && size >= 0 && Number.isFinite(mtimeMs))) return undefined;
  return { size, mtimeMs };
}

/** The path a stored file line is for; undefined when the line does not start as one. */
export function linePath(line: string): string | undefined {
  const end = pathEnd(line);
  if (end < 0) return undefined;
  const raw = line.slice(2, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(line.slice(1, end + 1)) as string;
  } catch {
    return undefined;
  }
}

/** Where the path's closing quote is in `["path",…`, or -1. */
function pathEnd(line: string): number {
  if (line.charCodeAt(0) !== 91 || line.charCodeAt(1) !== 34) return -1;
  for (let i = 2; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92) i++; // a backslash escapes the next character
    else if (c === 34) return line.charCodeAt(i + 1) === 44 ? i : -1;
  }
  return -1;
}

/** A stored line (text, or an entry recorded by this scan) as a file's scan; undefined when it is not of the shape this version writes. */
export function scanOfLine(stored: string | Entry, rel: string): FileScan | undefined {
  const entry = validEntry(typeof stored === 'string' ? parseLine(stored) : stored, rel);
  return entry && { path: rel, callSites: entry[4] || [], error: entry[5] || null, parsed: entry[3] === 1 };
}

export interface Loaded {
  /** File lines as text, by path. */
  entries: Map<string, string>;
  digest: string | undefined;
  dirs: Map<string, string>;
  walkKey: string | undefined;
  problem: string | undefined;
}

export async function loadIndexFile(file: string, key: string, pace: Pace): Promise<Loaded> {
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
  const entries = new Map<string, string>();
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
      const rel = linePath(line);
      if (rel !== undefined) entries.set(rel, line);
    }
    if (i % LINES_PER_STEP === 0) { const wait = pace(); if (wait) await wait; }
  }
  return { entries, digest: ordered ? digest : undefined, dirs, walkKey: typeof header.walk === 'string' ? header.walk : undefined, problem: undefined };
}

/**
 * The SHA-256 of the first part, of the first two, and so on (the answer digest and the seal, over the
 * bytes as written and as read): one pass over the bytes, a step at a time by `pace`.
 */
export async function sha256Parts(parts: Buffer[], pace: Pace): Promise<string[]> {
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

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** A stored entry if it has the shape this version writes; else undefined. */
function validEntry(raw: unknown, rel: string): Entry | undefined {
  if (!Array.isArray(raw) || raw.length !== 6 || raw[0] !== rel) return undefined;
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
