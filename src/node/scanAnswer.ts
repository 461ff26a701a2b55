// What `promptshift scan --json` printed for a tree, kept in .promptshift/cache/scan-answer.json, so
// a scan of an unchanged tree prints it without building a single call site: on a large repository,
// building them from the scan index, collecting the garbage and serialising them again took a fifth
// of a second scan. It is printed only under the key it was written with: the workspace folder, the
// walk's globs, the answer digest of the scan index that answered every file the walk found (so every
// file's stamp was just checked against it, scanIndex.ts) and the seal of the flow cache that the
// same index vouches for (flowCache.ts: the cross-file model pass's answer, with everything it read
// checked). Anything else, or a damaged file, and the scan runs as it would without it.
//
// Four lines: a header (key, counts, the call-site ids for the orphaned-cases check, the body's
// hash), the call sites as JSON, the errors as JSON, and the header's SHA-256.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanResult } from '../core/callsite';
import { emptyResult } from '../core/scan/result';
import { makeCacheFolder } from './flowCache';
import type { WalkOptions } from './walk';
import { walkKeyOf } from './walkMemo';

const FORMAT = 'promptshift-scan-answer/1';

/** A stored answer: the counts of the result and its call sites and errors as JSON (UTF-8 bytes, printed as they are). */
export interface ScanAnswer {
  files: number;
  parsedFiles: number;
  sites: number;
  errors: number;
  /** Every call site's id and legacy id (what the orphaned-cases check needs of them). */
  ids: string[];
  callSitesJson: Buffer;
  errorsJson: Buffer;
}

interface Header extends Omit<ScanAnswer, 'callSitesJson' | 'errorsJson'> {
  format: string;
  key: string;
  /** sha256 of the call-site and error lines. */
  body: string;
}

export function scanAnswerPath(root: string): string {
  return join(root, '.promptshift', 'cache', 'scan-answer.json');
}

/** What an answer is valid for: the folder, the walk, the index that answered it and the flow cache that completed it. */
export function scanAnswerKey(root: string, walk: WalkOptions, indexDigest: string, flowSeal: string): string {
  return JSON.stringify({ root, walk: walkKeyOf(walk), index: indexDigest, flow: flowSeal });
}

/** The answer stored under `key`; undefined when there is none, another, or a damaged one. */
export function readScanAnswer(root: string, key: string): ScanAnswer | undefined {
  try {
    const bytes = readFileSync(scanAnswerPath(root));
    const first = bytes.indexOf(10);
    const second = bytes.indexOf(10, first + 1);
    const cut = bytes.lastIndexOf(10);
    if (first < 0 || second < 0 || cut <= second || bytes.toString('latin1', cut + 1) !== sha256(bytes.subarray(0, first))) return undefined;
    const header = JSON.parse(bytes.toString('utf8', 0, first)) as Partial<Header>;
    if (header.format !== FORMAT || header.key !== key || !validCounts(header)) return undefined;
    if (sha256(bytes.subarray(first + 1, cut)) !== header.body) return undefined;
    return {
      files: header.files, parsedFiles: header.parsedFiles, sites: header.sites, errors: header.errors, ids: header.ids,
      callSitesJson: bytes.subarray(first + 1, second), errorsJson: bytes.subarray(second + 1, cut),
    };
  } catch {
    return undefined;
  }
}

/** The answer of a scan's result (after the model pass), as stored and as printed. */
export function answerOf(result: ScanResult): ScanAnswer {
  const ids: string[] = [];
  for (const s of result.callSites) { ids.push(s.id); if (s.legacyId) ids.push(s.legacyId); }
  return {
    files: result.stats.files, parsedFiles: result.stats.parsedFiles, sites: result.callSites.length, errors: result.errors.length, ids,
    callSitesJson: Buffer.from(JSON.stringify(result.callSites)), errorsJson: Buffer.from(JSON.stringify(result.errors)),
  };
}

/** Keeps `answer` under `key`; never throws (a read-only workspace goes without it). */
export function saveScanAnswer(root: string, key: string, answer: ScanAnswer): void {
  const { callSitesJson, errorsJson, ...counts } = answer;
  const body = Buffer.concat([callSitesJson, NEWLINE, errorsJson]);
  const header: Header = { format: FORMAT, key, ...counts, body: sha256(body) };
  const headerText = JSON.stringify(header);
  const file = scanAnswerPath(root);
  makeCacheFolder(root);
  try {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${headerText}\n`), body, Buffer.from(`\n${sha256(headerText)}`)]));
    renameSync(tmp, file);
  } catch { /* no answer kept this time */ }
}

const SITES_MARK = '\u0000callSites\u0000';
const ERRORS_MARK = '\u0000errors\u0000';

const NEWLINE = Buffer.from('\n');

/**
 * The compact JSON of the scan's result and a newline, JSON.stringify(result) to the byte, from its
 * answer: the result's shape is serialised with marks (no path holds a NUL) where the stored JSON goes.
 */
export function resultJson(root: string, answer: ScanAnswer, ms: number): Buffer {
  const shell = { ...emptyResult(root), stats: { files: answer.files, parsedFiles: answer.parsedFiles, ms } };
  const text = JSON.stringify(shell, (key: string, value: unknown) => (key === 'callSites' ? SITES_MARK : key === 'errors' ? ERRORS_MARK : value));
  const [head, rest] = text.split(JSON.stringify(SITES_MARK));
  const [middle, tail] = rest.split(JSON.stringify(ERRORS_MARK));
  return Buffer.concat([Buffer.from(head), answer.callSitesJson, Buffer.from(middle), answer.errorsJson, Buffer.from(`${tail}\n`)]);
}

function validCounts(h: Partial<Header>): h is Header {
  return [h.files, h.parsedFiles, h.sites, h.errors].every((n) => Number.isInteger(n) && (n as number) >= 0)
    && Array.isArray(h.ids) && h.ids.every((id) => typeof id === 'string') && typeof h.body === 'string';
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
