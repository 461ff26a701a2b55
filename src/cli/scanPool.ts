// Scans a workspace on more than one core. The main thread walks, reads and prefilters (the cheap
// half, ScanEngine.prepareFile) and parses TypeScript/JavaScript as it goes; Python, Go, Java and
// C# files (the tree-sitter languages) go to a worker thread. Results are put back in file order,
// so the ScanResult is the one an in-process scan gives, call for call.
//
// Why this split, by measurement (bench/scan, 2 cores): a worker that parses TypeScript must load
// the compiler (~200 ms of CPU) and then runs it JIT-cold, and a CLI scan is always its first scan;
// two such workers made a 6,000-file scan slower than one thread. A Python worker needs only
// tree-sitter (~50 ms to start), and Python is the costlier half per file. When the walk is done,
// the main thread takes Python jobs from the same queue, so neither thread idles while the other
// has a backlog. Below DEFAULT_MIN_TREE_SITTER_FILES such files no worker is started at all.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScanResult } from '../core/callsite';
import { addFileScan, emptyResult, isTreeSitterLanguage, ScanEngine, type FileScan, type ParseJob, type ScanOptions, type SourceFile } from '../core/scan/index';
import { nodeGrammarLoader } from './grammarLoader';
import type { JobMessage } from './scanWorker';

export interface PoolOptions extends ScanOptions {
  /** Tree-sitter worker threads; default 1 on a machine with 2 or more cores, else 0 (in-process). */
  workers?: number;
  /** Below this many tree-sitter-language (Python, Go, Java, C#) files to parse, no worker is started. */
  minTreeSitterFiles?: number;
  /** The worker script; default: scanWorker.js beside this file (dist/ when bundled, out/src/cli/ when transpiled). */
  workerScript?: string;
  /** Engine for the main thread's share; one is made when not given. */
  engine?: ScanEngine;
  signal?: AbortSignal;
}

export const DEFAULT_MIN_TREE_SITTER_FILES = 24;
/** Jobs sent ahead to each worker, so none waits for the main thread between files. */
const IN_FLIGHT_PER_WORKER = 3;
/** While walking, the main thread lets worker answers in every this many files. */
const YIELD_EVERY = 32;

export function defaultWorkerScript(): string {
  return join(__dirname, 'scanWorker.js');
}

interface Pending { job: ParseJob; resolve: (scan: FileScan) => void }
interface WorkerEntry { worker: Worker; inFlight: Map<number, Pending> }

/** Workers fed from one queue: a free worker takes the next job, so the load balances itself. */
class WorkerPool {
  private readonly workers: WorkerEntry[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;

  constructor(script: string, count: number, private readonly inProcess: (job: ParseJob) => Promise<FileScan>) {
    for (let i = 0; i < count; i++) this.start(script);
  }

  private start(script: string): void {
    const entry: WorkerEntry = { worker: new Worker(script), inFlight: new Map() };
    entry.worker.on('message', (msg: { id: number; scan: FileScan }) => {
      const pending = entry.inFlight.get(msg.id);
      entry.inFlight.delete(msg.id);
      pending?.resolve(msg.scan);
      this.pump();
    });
    // A worker that dies must not lose files: what it held goes back to the queue, and with no
    // worker left the main thread parses the rest (drain).
    const fail = () => {
      const i = this.workers.indexOf(entry);
      if (i < 0) return;
      this.workers.splice(i, 1);
      this.queue.unshift(...entry.inFlight.values());
      entry.inFlight.clear();
      this.pump();
    };
    entry.worker.on('error', fail);
    entry.worker.on('exit', fail);
    this.workers.push(entry);
  }

  parse(job: ParseJob): Promise<FileScan> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.pump();
    });
  }

  /** The main thread's turn: parse queued jobs here until none is left, letting worker answers in between. */
  async drain(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const next = this.queue.shift();
      if (next) next.resolve(await this.inProcess(next.job));
      else if (!this.workers.some((w) => w.inFlight.size)) return;
      else await new Promise((r) => setTimeout(r, 1)); // only worker jobs left: wait for them
    }
  }

  private pump(): void {
    while (this.queue.length && this.workers.length) {
      let best = this.workers[0];
      for (const w of this.workers) if (w.inFlight.size < best.inFlight.size) best = w;
      if (best.inFlight.size >= IN_FLIGHT_PER_WORKER) return;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      best.inFlight.set(id, pending);
      best.worker.postMessage({ id, job: pending.job } satisfies JobMessage);
    }
  }

  async close(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(all.map(({ worker }) => worker.terminate()));
  }
}

/**
 * Scans `files` like ScanEngine.scanAll, with the tree-sitter languages parsed in a worker thread
 * when there is enough of them. Deterministic: the result does not depend on which thread parsed what, or when.
 */
export async function scanFilesPooled(root: string, files: Iterable<SourceFile> | AsyncIterable<SourceFile>, options: PoolOptions = {}): Promise<ScanResult> {
  const t0 = Date.now();
  const engine = options.engine ?? new ScanEngine(nodeGrammarLoader());
  const script = options.workerScript ?? defaultWorkerScript();
  const workerCount = Math.min(options.workers ?? (availableParallelism() >= 2 ? 1 : 0), 8);
  const usePool = workerCount > 0 && existsSync(script);
  const threshold = options.minTreeSitterFiles ?? DEFAULT_MIN_TREE_SITTER_FILES;
  const inProcess = (job: ParseJob) => engine.parseFile(job);

  // One slot per file, in walk order: its scan, or the parse under way.
  const slots: (FileScan | Promise<FileScan>)[] = [];
  // Tree-sitter jobs held back until the scan has shown it has enough of them for a worker.
  let waiting: { index: number; job: ParseJob }[] = [];
  let pool: WorkerPool | null = null;
  try {
    let n = 0;
    for await (const file of files) {
      if (options.signal?.aborted) break;
      const prepared = engine.prepareFile(file, options);
      if (prepared.scan) slots.push(prepared.scan);
      else if (!isTreeSitterLanguage(prepared.job.language)) slots.push(await inProcess(prepared.job));
      else if (pool) slots.push(pool.parse(prepared.job));
      else {
        waiting.push({ index: slots.length, job: prepared.job });
        slots.push(placeholder(file.path));
        if (usePool && waiting.length >= threshold) {
          pool = new WorkerPool(script, workerCount, inProcess);
          for (const w of waiting) slots[w.index] = pool.parse(w.job);
          waiting = [];
        }
      }
      // Reading is synchronous: let worker answers (and the next jobs out) in now and then.
      if (pool && ++n % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    }
    for (const w of waiting) slots[w.index] = await inProcess(w.job);
    await pool?.drain();
    const result = emptyResult(root);
    for (const scan of await Promise.all(slots)) addFileScan(result, scan);
    result.stats.ms = Date.now() - t0;
    return result;
  } finally {
    await pool?.close();
  }
}

/** Stands in for a held-back job's scan until it is parsed. */
function placeholder(path: string): FileScan {
  return { path, callSites: [], error: null, parsed: false };
}
