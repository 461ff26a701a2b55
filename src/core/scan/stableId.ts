// A call site's ID is what cases files, runs and review decisions are keyed by, so it must survive
// what a migration and ordinary work do to a call: a new model, an edited prompt or parameters,
// reformatting, lines moving. It is derived from where the call lives — the file and its enclosing
// named scope, with the call's ordinal among that scope's call sites — never from the call's text,
// and a user can pin one with a `promptshift-id: NAME` comment. The text-hashed IDs of earlier
// releases are still computed (legacyId) so their cases files can be migrated once.
import type { ScanError } from '../callsite';

/**
 * 64-bit FNV-1a over UTF-16 code units, as 16 hex digits. Pure JS: core has no node:crypto. The
 * state is four 16-bit limbs in plain numbers: BigInt arithmetic made this a few per cent of a scan.
 * The FNV prime is 2^40 + 0x1b3, so a multiply is the state times 0x1b3 plus the state shifted 40 bits.
 */
export function fnv1a64(text: string): string {
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i);
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + ((h0 & 0xff) << 8);
    const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h0 >>> 8) + ((h1 & 0xff) << 8);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

export function normaliseCallText(callText: string): string {
  return callText
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1')
    .replace(/\s+/g, '');
}

function stemOf(path: string): string {
  const base = path.split('/').pop() ?? path;
  const stem = base.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return stem.slice(0, 40) || 'file';
}

/** The IDs earlier releases gave the calls of one file (path + normalised call text, then order). */
export function legacyStableIds(path: string, callTexts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const stem = stemOf(path);
  return callTexts.map((text) => {
    const base = `${stem}-${fnv1a64(`${path}\n${normaliseCallText(text)}`).slice(0, 10)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

export interface IdentityOf {
  /** Enclosing named scope, outermost first, dot-joined; '' at the top level. */
  scope: string;
  /** 1-based line where the call starts. */
  line: number;
}

export const PINNED_ID = /promptshift-id:\s*([A-Za-z0-9][A-Za-z0-9_.-]{0,79})/;
const COMMENT_LINE = /^\s*(\/\/|#|\/\*|\*)/;

/**
 * The ID pinned by a `promptshift-id: NAME` comment on the call's first line or in the run of
 * comment lines directly above it.
 */
export function pinnedIdAt(lines: readonly string[], line: number): string | null {
  const own = lines[line - 1];
  const m = own !== undefined ? PINNED_ID.exec(own) : null;
  if (m && /(\/\/|#|\/\*)[^'"`]*promptshift-id:/.test(own)) return m[1];
  for (let i = line - 2; i >= 0 && COMMENT_LINE.test(lines[i]); i--) {
    const p = PINNED_ID.exec(lines[i]);
    if (p) return p[1];
  }
  return null;
}

export interface AssignedIds {
  ids: string[];
  /** Problems worth telling the user (a pinned ID used twice in the file), as the file's errors. */
  problems: ScanError[];
}

/**
 * IDs for the call sites of one file, given in source order: pinned ones as written, the others
 * `<file stem>-<hash of path, scope and ordinal>`. Safe as a file name (`.promptshift/cases/<id>.jsonl`).
 */
export function assignCallSiteIds(path: string, text: string, sites: readonly IdentityOf[]): AssignedIds {
  const lines = text.includes('promptshift-id:') ? text.split('\n') : null;
  const stem = stemOf(path);
  const ordinals = new Map<string, number>();
  const used = new Map<string, number>();
  const problems: ScanError[] = [];
  const ids = sites.map((site) => {
    const n = (ordinals.get(site.scope) ?? 0) + 1;
    ordinals.set(site.scope, n);
    const pinned = lines ? pinnedIdAt(lines, site.line) : null;
    let id = pinned ?? `${stem}-${fnv1a64(`${path}\n${site.scope}\n${n}`).slice(0, 10)}`;
    const firstLine = used.get(id);
    if (firstLine !== undefined) {
      let k = 2;
      while (used.has(`${id}-${k}`)) k++;
      if (pinned) problems.push({ path, line: site.line, message: `promptshift-id "${pinned}" is already used at line ${firstLine}; this call site is "${pinned}-${k}"` });
      id = `${id}-${k}`;
    }
    used.set(id, site.line);
    return id;
  });
  return { ids, problems };
}
