// review.json on disk: read leniently (a missing file is an empty review), written atomically and
// one write at a time per run, so a reviewer pressing a, f, a quickly never interleaves two writes.
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { REVIEW_FILE, emptyReview, parseReview, serialiseReview, type ReviewFile } from '../core/review/decisions';

export type ReadReview = { ok: true; review: ReviewFile; warnings: string[] } | { ok: false; error: string };

export async function readReview(runDir: string): Promise<ReadReview> {
  const path = join(runDir, REVIEW_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, review: emptyReview(), warnings: [] };
    return { ok: false, error: `${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const parsed = parseReview(text);
  if (!parsed.ok) return { ok: false, error: `${path}: ${parsed.error}` };
  return { ok: true, review: parsed.review, warnings: parsed.warnings.map((w) => `${path}: ${w}`) };
}

const queues = new Map<string, Promise<unknown>>();
let sequence = 0;

/** Writes review.json atomically (temp file, fsync, rename); writes to one run are serialised. */
export function writeReview(runDir: string, review: ReviewFile): Promise<void> {
  const path = join(runDir, REVIEW_FILE);
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    const tmp = `${path}.${process.pid}.${++sequence}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(serialiseReview(review));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  });
  queues.set(path, next);
  void next.finally(() => { if (queues.get(path) === next) queues.delete(path); }).catch(() => undefined);
  return next;
}

const updates = new Map<string, Promise<unknown>>();

/**
 * Reads review.json, applies `change` and writes the result, one update at a time per run, so two
 * quick decisions never read the same old file and lose one. A file that cannot be read is left as
 * it is (an error value), never overwritten.
 */
export function updateReview(runDir: string, change: (review: ReviewFile) => ReviewFile): Promise<ReadReview> {
  const previous = updates.get(runDir) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async (): Promise<ReadReview> => {
    const read = await readReview(runDir);
    if (!read.ok) return read;
    const review = change(read.review);
    try {
      await writeReview(runDir, review);
    } catch (e) {
      return { ok: false, error: `${join(runDir, REVIEW_FILE)}: ${e instanceof Error ? e.message : String(e)}` };
    }
    return { ok: true, review, warnings: read.warnings };
  });
  updates.set(runDir, next);
  void next.finally(() => { if (updates.get(runDir) === next) updates.delete(runDir); });
  return next;
}
