// `promptshift scan` with the persistent scan index (scanIndex.ts): files whose entry matches are
// answered from it, the rest go through the scan pool as before, and the index is rewritten. The
// result is the one a scan without an index gives, call for call (stats.ms aside). The scanner (and
// with it the TypeScript compiler) is loaded only once a file actually needs scanning.
import type { ScanResult } from '../core/callsite';
import type { FileScan } from '../core/scan/jobs';
import type { ScanEngine, ScanOptions } from '../core/scan/index';
import { addFileScan, emptyResult } from '../core/scan/result';
import { ScanIndex, type FileStamp } from './scanIndex';
import { newEngine, ScanPool, type ScanPoolOptions } from './scanPool';
import { walkPaths, type WalkOptions } from './walk';

export interface IndexedScanOptions extends ScanPoolOptions, ScanOptions {
  engine?: ScanEngine;
  signal?: AbortSignal;
  /** Read and write the index (default true); false scans every file, as before the index. */
  useIndex?: boolean;
}

/** A scan, and what the index did for it (for a progress line). */
export interface IndexedScan {
  result: ScanResult;
  index: IndexUse | undefined;
}

export interface IndexUse {
  fromIndex: number;
  scanned: number;
  /** Why the stored index could not be used (it is rebuilt), when it could not. */
  discarded?: string;
  /** Why the index could not be written, when it could not (the scan itself is complete). */
  writeError?: string;
}

/** Walks `root` and scans it, answering unchanged files from the index. */
export async function scanWorkspaceIndexed(root: string, walk: WalkOptions = {}, options: IndexedScanOptions = {}): Promise<IndexedScan> {
  const t0 = Date.now();
  const index = options.useIndex === false ? undefined : ScanIndex.open(root, options);
  // In walk order: a scan from the index, or the position of the file among those scanned now.
  const order: (FileScan | number)[] = [];
  const misses: { rel: string; stamp: FileStamp | undefined }[] = [];
  const paths = walkPaths(root, walk);
  const takeUntilMiss = (): string | undefined => {
    for (let next = paths.next(); !next.done; next = paths.next()) {
      const rel = next.value;
      const hit = index?.lookup(rel);
      if (hit?.scan) { order.push(hit.scan); continue; }
      order.push(misses.length);
      misses.push({ rel, stamp: hit?.stamp });
      return rel;
    }
    return undefined;
  };
  let scanned: FileScan[] = [];
  const first = takeUntilMiss();
  if (first !== undefined && !options.signal?.aborted) {
    const pool = new ScanPool(options.engine ?? await newEngine(), options);
    try {
      scanned = await pool.scanPathList(root, (function* () {
        for (let rel: string | undefined = first; rel !== undefined; rel = takeUntilMiss()) yield rel;
      })(), options);
    } finally {
      await pool.close();
    }
  }
  const result = emptyResult(root);
  for (const item of order) {
    const scan = typeof item === 'number' ? scanned[item] : item;
    if (scan) addFileScan(result, scan); // an aborted scan leaves files unscanned
  }
  result.stats.ms = Date.now() - t0;
  if (!index || options.signal?.aborted) return { result, index: undefined };
  misses.forEach((m, i) => { if (scanned[i]) index.record(m.rel, m.stamp, scanned[i]); });
  const saved = index.save(!walk.include?.length && !walk.exclude?.length);
  return {
    result,
    index: {
      fromIndex: order.length - misses.length,
      scanned: misses.length,
      ...(index.problem ? { discarded: index.problem } : {}),
      ...(!saved.ok ? { writeError: saved.error } : {}),
    },
  };
}
