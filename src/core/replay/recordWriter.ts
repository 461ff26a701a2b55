// The scheduler's durable side: every finished request is appended to the RunStore, and counts as
// done (progress, resume) only once the append has resolved, i.e. once it is durable. Appends run
// concurrently with the requests; their number is bounded so a slow store holds the run back
// rather than queueing records without end.
import type { CacheStore, RunStore } from './ports';
import type { ResultRecord } from './records';

export interface Progress {
  total: number;
  /** Finished in this session or earlier ones (resume). */
  done: number;
  errors: number;
  cached: number;
  inFlight: number;
  spentUsd: number;
}

export class RecordWriter {
  readonly progress: Progress;
  private readonly writes = new Set<Promise<void>>();
  private readonly maxWrites: number;

  constructor(
    private readonly store: RunStore,
    progress: Progress,
    maxWrites: number,
    /** Called after each durable record (progress changed). */
    private readonly onDurable: () => void,
    /** A failed write ends the run: a result that cannot be kept must not count as done. */
    private readonly onFatal: (e: unknown, detail: string) => void,
  ) {
    this.progress = progress;
    this.maxWrites = maxWrites;
  }

  /** Too many appends in flight: wait for one before producing more. */
  get congested(): boolean {
    return this.writes.size >= this.maxWrites;
  }

  async someWriteDone(): Promise<void> {
    await Promise.race(this.writes);
  }

  async drain(): Promise<void> {
    while (this.writes.size) await Promise.all(this.writes);
  }

  /**
   * Hands a record to the store. Money is spent when the response arrives, so it counts at once;
   * `after` (a cache write) runs only once the record is durable: a result is never cached but lost.
   */
  record(r: ResultRecord, after?: () => Promise<void>): void {
    if (!r.cached && r.costUsd !== null) this.progress.spentUsd += r.costUsd;
    // Until the record is durable (an fsync, milliseconds away) only two flags are kept, not the
    // record and its parsed output.
    const isError = r.status === 'error';
    const cached = r.cached;
    // One reaction a record, not a then/catch/finally chain: thousands of records a second.
    const p: Promise<void> = this.store.appendResult(r).then(() => {
      try {
        this.progress.done++;
        if (isError) this.progress.errors++;
        if (cached) this.progress.cached++;
        this.onDurable();
      } catch (e) {
        this.onFatal(e, `stopped: ${msg(e)}`);
      }
      if (!after) { this.writes.delete(p); return; }
      return after().finally(() => { this.writes.delete(p); });
    }, (e) => {
      this.writes.delete(p);
      this.onFatal(e, `stopped: cannot write results: ${msg(e)}`);
    });
    this.writes.add(p);
  }
}

/** The cache write that follows a durable record; a failed cache write is a warning, not a failure. */
export function cachePut(cache: CacheStore, key: string, value: Parameters<CacheStore['put']>[1], warn: (m: string) => void): () => Promise<void> {
  return async () => {
    try { await cache.put(key, value); } catch (e) { warn(`cache write failed: ${msg(e)}`); }
  };
}

export const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));
