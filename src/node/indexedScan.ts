// One-shot scans of a workspace through a scan pool of their own, and scans with the persistent
// scan index (scanIndex.ts): files whose entry matches are answered from
// it, the rest go through the scan pool, and the index is rewritten. The result is the one a scan
// without an index gives, call for call (stats.ms aside). Two callers: `promptshift scan` and replay
// (scanWorkspaceIndexed: walks the tree; the scanner, and with it the TypeScript compiler, is loaded
// only once a file needs scanning) and the editor (scanListedIndexed: the files its listing found,
// through its kept pool, sharing its thread by a pace).
import type { ScanResult } from '../core/callsite';
import type { FileScan } from '../core/scan/jobs';
import type { ScanEngine, ScanOptions, SourceFile } from '../core/scan/index';
import { addFileScan, emptyResult } from '../core/scan/result';
import type { Pace } from './pace';
import { ScanIndex, type FileStamp, type IndexAnswers, type SeenStamps } from './scanIndex';
import { ScanPool, type ScanPoolOptions } from './scanPool';
import { walkDirectories, walkPaths, type WalkOptions } from './walk';

export interface IndexedScanOptions extends ScanPoolOptions, ScanOptions {
  engine?: ScanEngine;
  signal?: AbortSignal;
  /** Read and write the index (default true); false scans every file, as before the index. */
  useIndex?: boolean;
}

/** A scan, and what the index did for it (for a progress line). */
export interface IndexedScan {
  result: ScanResult;
  answered?: undefined;
  index: IndexUse | undefined;
  /** The files walked, in walk order, each one's stamp when the index looked it up, and what the saved index answers for them. */
  walked: { paths: string[]; stamps: SeenStamps; answers?: IndexAnswers };
}

export interface IndexUse {
  fromIndex: number;
  scanned: number;
  /** Why the stored index could not be used (it is rebuilt), when it could not. */
  discarded?: string;
  /** Why the index could not be written, when it could not (the scan itself is complete). */
  writeError?: string;
}

interface Miss { rel: string; stamp: FileStamp | undefined }

const NOTHING_SEEN: SeenStamps = { get: () => undefined };

/** One scan of files the caller reads, with a pool of its own. */
export async function scanFilesPooled(
  root: string,
  files: Iterable<SourceFile> | AsyncIterable<SourceFile>,
  options: ScanPoolOptions & ScanOptions & { engine?: ScanEngine; signal?: AbortSignal } = {},
): Promise<ScanResult> {
  const pool = new ScanPool(options.engine ?? newEngine, options);
  try {
    return await pool.scanAll(root, files, options);
  } finally {
    await pool.close();
  }
}

/** `promptshift scan`: walks `root` and scans what it finds, with a pool of its own. */
export async function scanWorkspacePooled(root: string, walk: WalkOptions = {}, options: ScanPoolOptions & ScanOptions & { engine?: ScanEngine; signal?: AbortSignal } = {}): Promise<ScanResult> {
  const pool = new ScanPool(options.engine ?? newEngine, options);
  try {
    return await pool.scanPaths(root, walkPaths(root, walk), options);
  } finally {
    await pool.close();
  }
}

/** The scanner, loaded on first use: it brings the TypeScript compiler, which a scan answered from the index never needs. */
export async function newEngine(): Promise<ScanEngine> {
  const [{ ScanEngine }, { nodeGrammarLoader }] = await Promise.all([import('../core/scan/index.js'), import('./grammarLoader.js')]);
  return new ScanEngine(nodeGrammarLoader());
}

/**
 * Asked, when the index answered every file a walk found, for the scan's answer in some other form
 * (the CLI's scan answer, scanAnswer.ts): given, the files' call sites are never read from the index.
 */
export type ScanAnswerer<A> = (walked: IndexedScan['walked']) => A | undefined;

/** A scan the answerer answered: no result was built. */
export interface AnsweredScan<A> { answered: A; index: IndexUse; walked: IndexedScan['walked'] }

/** Walks `root` and scans it, answering unchanged files from the index. */
export async function scanWorkspaceIndexed(root: string, walk?: WalkOptions, options?: IndexedScanOptions): Promise<IndexedScan>;
export async function scanWorkspaceIndexed<A>(root: string, walk: WalkOptions, options: IndexedScanOptions & { answer: ScanAnswerer<A> | undefined }): Promise<IndexedScan | AnsweredScan<A>>;
export async function scanWorkspaceIndexed<A>(root: string, walk: WalkOptions = {}, options: IndexedScanOptions & { answer?: ScanAnswerer<A> } = {}): Promise<IndexedScan | AnsweredScan<A>> {
  const t0 = Date.now();
  const index = options.useIndex === false ? undefined : await ScanIndex.open(root, { ...options, now: t0, walk });
  // In walk order: a scan, the position of the file among those scanned now, or (undefined) an
  // index entry taken but not read yet: none is read while every file so far matched the index.
  const order: (FileScan | number | undefined)[] = [];
  const misses: Miss[] = [];
  const miss = (rel: string, stamp: FileStamp | undefined) => { order.push(misses.length); misses.push({ rel, stamp }); };
  let unread = 0;
  const readTaken = () => {
    for (let i = 0; unread && i < order.length; i++) {
      if (order[i] !== undefined) continue;
      unread--;
      const hit = index!.read(walked[i]);
      if (hit.scan) order[i] = hit.scan;
      else { order[i] = misses.length; misses.push({ rel: walked[i], stamp: hit.stamp }); }
    }
  };
  const dirs = walkDirectories(root, walk, index?.walkMemo);
  let files: readonly string[] = [];
  let at = 0;
  const walked: string[] = [];
  /** Walks on to the next file the index cannot answer; false once the walk is done. */
  const walkToMiss = (): boolean => {
    for (;;) {
      if (at === files.length) {
        const next = dirs.next();
        if (next.done) return false;
        files = next.value;
        at = 0;
        continue;
      }
      const rel = files[at++];
      walked.push(rel);
      const probed = index ? index.probe(rel) : { miss: undefined };
      if (probed) {
        readTaken(); // a scan after all: entries of the wrong shape among those taken are misses too
        miss(rel, probed.miss);
        return true;
      }
      if (misses.length) {
        const hit = index!.read(rel);
        if (hit.scan) order.push(hit.scan);
        else { miss(rel, hit.stamp); return true; }
      } else {
        order.push(undefined);
        unread++;
      }
    }
  };
  let scanned: FileScan[] = [];
  const scanMisses = async (more: () => boolean) => {
    if (options.signal?.aborted) return;
    const pool = new ScanPool(options.engine ?? newEngine, options);
    try {
      scanned = await pool.scanPathList(root, (function* () {
        for (let i = 0; i < misses.length || more(); i++) yield misses[i].rel;
      })(), options);
    } finally {
      await pool.close();
    }
  };
  if (walkToMiss()) await scanMisses(walkToMiss);
  const seen = { paths: walked, stamps: index?.stamps ?? NOTHING_SEEN };
  const whole = !walk.include?.length && !walk.exclude?.length;
  let use: IndexUse | undefined;
  if (index && unread && options.answer && !options.signal?.aborted) {
    // Every file matched its entry: the index (saved if its walk memory changed) may answer as is.
    use = await recordAndSave(index, [], [], order.length, whole ? 'unvisited' : 'missing');
    const answers = index.answers(walked);
    const answered = options.answer({ ...seen, answers });
    if (answered !== undefined) return { answered, index: use, walked: { ...seen, answers } };
  }
  readTaken();
  if (misses.length && !scanned.length) await scanMisses(() => false);
  const result = resultOf(root, order, scanned, t0);
  if (!index || options.signal?.aborted) return { result, index: undefined, walked: seen };
  if (!use || misses.length) use = await recordAndSave(index, misses, scanned, order.length, whole ? 'unvisited' : 'missing');
  return { result, index: use, walked: { ...seen, answers: index.answers(walked) } };
}

export interface ListedScanOptions extends ScanOptions {
  signal?: AbortSignal;
  pace?: Pace;
}

/**
 * Scans the files at `rels` (relative to `root`, in the order given) through `pool`, answering
 * unchanged ones from the index: the editor's full scan of a folder on disk. Returns each file's
 * scan in the order of `rels`. Entries of files the listing left out but still on disk are kept:
 * the editor's excludes are not the CLI's.
 */
export async function scanListedIndexed(root: string, rels: readonly string[], pool: ScanPool, options: ListedScanOptions = {}): Promise<{ scans: FileScan[]; index: IndexUse }> {
  const index = await ScanIndex.open(root, options);
  const order: (FileScan | number)[] = [];
  const misses: Miss[] = [];
  const found = await index.lookupAll(rels);
  found.forEach((hit, i) => {
    if (hit.scan) { order.push(hit.scan); return; }
    order.push(misses.length);
    misses.push({ rel: rels[i], stamp: hit.stamp });
  });
  const scanned = misses.length ? await pool.scanPathList(root, misses.map((m) => m.rel), options) : [];
  const scans = order.map((item) => (typeof item === 'number' ? scanned[item] : item));
  if (options.signal?.aborted) return { scans, index: { fromIndex: order.length - misses.length, scanned: misses.length } };
  return { scans, index: await recordAndSave(index, misses, scanned, order.length, 'missing') };
}

function resultOf(root: string, order: readonly (FileScan | number | undefined)[], scanned: readonly FileScan[], t0: number): ScanResult {
  const result = emptyResult(root);
  for (const item of order) {
    const scan = typeof item === 'number' ? scanned[item] : item;
    if (scan) addFileScan(result, scan); // an aborted scan leaves files unscanned
  }
  result.stats.ms = Date.now() - t0;
  return result;
}

async function recordAndSave(index: ScanIndex, misses: readonly Miss[], scanned: readonly FileScan[], files: number, prune: 'unvisited' | 'missing'): Promise<IndexUse> {
  misses.forEach((m, i) => { if (scanned[i]) index.record(m.rel, m.stamp, scanned[i]); });
  const saved = await index.save(prune);
  return {
    fromIndex: files - misses.length,
    scanned: misses.length,
    ...(index.problem ? { discarded: index.problem } : {}),
    ...(!saved.ok ? { writeError: saved.error } : {}),
  };
}
