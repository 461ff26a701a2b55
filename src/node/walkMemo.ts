// The walk's memory between scans (walk.ts WalkMemo), kept in the scan index: one line per directory
// with its modification time and what it contributed (source files, subdirectories entered, its
// .gitignore's stamp). Lines of the wrong shape are not recalled (the directory is read again). A
// directory modified too close to the walk is remembered with no time (read again next time, its
// .gitignore still compared); a .gitignore modified too close, with no stamp (everything below it is
// read again next time).
import { asciiJson } from './asciiJson';
import type { DirListing, WalkMemo, WalkOptions } from './walk';

/** A directory as stored: names, not paths, to keep the index small. */
interface DirLine {
  d: string;
  m: number;
  f: string[];
  s: string[];
  g?: [number, number];
}

export function walkKeyOf(walk: WalkOptions = {}): string {
  return JSON.stringify({ include: walk.include ?? [], exclude: walk.exclude ?? [] });
}

export class StoredWalkMemo implements WalkMemo {
  private readonly walked = new Map<string, string>();
  private changed = false;
  /** Listings handed out by recall, so remembering one unchanged costs no serialising. */
  private readonly recalled = new WeakMap<DirListing, { rel: string; mtimeMs: number }>();

  /**
   * `stored`: directory lines of the index on disk, as text by directory; `usable`: they were
   * written by a walk with the same include/exclude globs.
   */
  constructor(
    private readonly stored: Map<string, string>,
    private readonly storedWalkKey: string | undefined,
    private readonly walkKey: string,
    private readonly racyFrom: number,
  ) {}

  recall(rel: string): { mtimeMs: number; listing: DirListing } | undefined {
    if (this.storedWalkKey !== this.walkKey) return undefined;
    const text = this.stored.get(rel);
    const line = text === undefined ? undefined : parseDirLine(text, rel);
    if (!line) return undefined;
    const path = (name: string) => (rel ? `${rel}/${name}` : name);
    const listing: DirListing = { files: line.f.map(path), dirs: line.s.map(path), ...(line.g ? { gitignore: { size: line.g[0], mtimeMs: line.g[1] } } : {}) };
    this.recalled.set(listing, { rel, mtimeMs: line.m });
    return { mtimeMs: line.m, listing };
  }

  remember(rel: string, mtimeMs: number, listing: DirListing): void {
    const same = this.recalled.get(listing);
    if (same && same.rel === rel && same.mtimeMs === mtimeMs) {
      this.walked.set(rel, this.stored.get(rel)!);
      return;
    }
    const cut = rel ? rel.length + 1 : 0;
    const line: DirLine = { d: rel, m: mtimeMs < this.racyFrom ? mtimeMs : -1, f: listing.files.map((p) => p.slice(cut)), s: listing.dirs.map((p) => p.slice(cut)) };
    if (listing.gitignore) line.g = listing.gitignore.mtimeMs < this.racyFrom ? [listing.gitignore.size, listing.gitignore.mtimeMs] : [-1, -1];
    const text = asciiJson(line); // as the index writes it, so an unchanged directory compares equal
    if (this.storedWalkKey !== this.walkKey || this.stored.get(rel) !== text) this.changed = true;
    this.walked.set(rel, text);
  }

  /** Whether the lines to write differ from those read. */
  get dirty(): boolean {
    return this.changed || (this.walked.size > 0 && this.walked.size !== this.stored.size);
  }

  /** What to write: this walk's directories if it walked, else those read (a scan that did not walk keeps them). */
  toWrite(): { walkKey: string | undefined; lines: Iterable<string> } {
    return this.walked.size ? { walkKey: this.walkKey, lines: this.walked.values() } : { walkKey: this.storedWalkKey, lines: this.stored.values() };
  }
}

function parseDirLine(text: string, rel: string): DirLine | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  const line = v as Partial<DirLine>;
  const names = (x: unknown) => Array.isArray(x) && x.every((n) => typeof n === 'string' && n.length > 0 && !n.includes('/'));
  if (!line || line.d !== rel || typeof line.m !== 'number' || !names(line.f) || !names(line.s)) return undefined;
  if (line.g !== undefined && !(Array.isArray(line.g) && line.g.length === 2 && line.g.every((n) => typeof n === 'number'))) return undefined;
  return line as DirLine;
}

/** The directory a stored line is about, if the line is one (file lines are arrays). */
export function dirOfLine(text: string): string | undefined {
  if (text.charCodeAt(0) !== 123 || !text.startsWith('{"d":')) return undefined;
  const m = /^\{"d":("(?:[^"\\]|\\.)*")/.exec(text);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]) as string;
  } catch {
    return undefined;
  }
}
