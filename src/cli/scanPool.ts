// Scans a workspace on more than one core. The calling thread walks, reads and prefilters (the cheap
// half, ScanEngine.prepareFile); parse jobs go to one queue that worker threads and the calling
// thread both take from. Results are put back in file order, so the ScanResult is the one an
// in-process scan gives, call for call.
//
// Why this shape, by measurement (bench/scan, 2 cores): a worker needs ~50 ms to start tree-sitter,
// but ~200 ms more of CPU to load the TypeScript compiler, which then runs JIT-cold, and a CLI scan
// is always its process's first. So a one-shot pool keeps TypeScript/JavaScript on the calling
// thread and gives workers the tree-sitter languages (Python, Go, Java, C#; Python is also the
// costlier half per file); a
// pool kept across scans (the editor's) pays for the compiler once and lets workers take any job.
// Whenever the queue backs up, the calling thread parses a queued job itself, so neither thread
// idles while the other has a backlog. A one-shot scan with few jobs for a worker starts none.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScanResult } from '../core/callsite';
import type { FileScan, ParseJob, ScanEngine, ScanOptions, SourceFile } from '../core/scan/index';
import { isTreeSitterLanguage } from '../core/scan/files';
import { addFileScan, emptyResult } from '../core/scan/result';
import type { JobMessage } from './scanWorker';

export interface ScanPoolOptions {
  /** Worker threads; default 1 on a machine with 2 or more cores, else 0 (in-process). */
  workers?: number;
  /** scanAll starts workers only once it has this many jobs for them: a small scan is faster alone. */
  minJobs?: number;
  /** Workers parse TypeScript/JavaScript too: worth the compiler's load in a pool kept across scans. */
  workerParsesTypeScript?: boolean;
  /** Workers idle this long are stopped (they start again on demand); 0 keeps them until close(). */
  idleMs?: number;
  /** The worker script; default: scanWorker.js beside this file (dist/ when bundled, out/src/cli/ when transpiled). */
  workerScript?: string;
}

export const DEFAULT_MIN_JOBS = 24;
/** Jobs sent ahead to each worker, so none waits for the calling thread between files. */
const IN_FLIGHT_PER_WORKER = 4;
/** Queued jobs beyond this, the calling thread parses one itself rather than read further ahead. */
const BACKLOG = 6;
/** While walking, the calling thread lets worker answers in every this many files. */
const YIELD_EVERY = 16;

export function defaultWorkerScript(): string {
  return join(__dirname, 'scanWorker.js');
}

/** The languages tree-sitter parses, which a worker can take without loading the TypeScript compiler. */
const isTreeSitterJob = (job: ParseJob) => isTreeSitterLanguage(job.language);
const turn = () => new Promise((r) => setImmediate(r));

interface Pending { job: ParseJob; resolve: (scan: FileScan) => void }
interface WorkerEntry { worker: Worker; inFlight: Map<number, Pending> }

export class ScanPool {
  private readonly workers: WorkerEntry[] = [];
  private readonly queue: Pending[] = [];
  private readonly maxWorkers: number;
  private readonly script: string;
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly engine: ScanEngine, private readonly options: ScanPoolOptions = {}) {
    this.maxWorkers = Math.min(options.workers ?? (availableParallelism() >= 2 ? 1 : 0), 8);
    this.script = options.workerScript ?? defaultWorkerScript();
  }

  /** Scans `files` like ScanEngine.scanAll. Deterministic: the result does not depend on which thread parsed what. */
  async scanAll(root: string, files: Iterable<SourceFile> | AsyncIterable<SourceFile>, options: ScanOptions & { signal?: AbortSignal } = {}): Promise<ScanResult> {
    const t0 = Date.now();
    const usable = this.usable();
    const minJobs = this.options.minJobs ?? DEFAULT_MIN_JOBS;
    // One slot per file, in walk order: its scan, or the parse under way.
    const slots: (FileScan | Promise<FileScan>)[] = [];
    // Jobs held back until the scan has shown it has enough of them to be worth a worker.
    let held: { index: number; job: ParseJob }[] = [];
    let n = 0;
    for await (const file of files) {
      if (options.signal?.aborted) break;
      const prepared = this.engine.prepareFile(file, options);
      if (prepared.scan) slots.push(prepared.scan);
      else if (!this.forWorker(prepared.job)) slots.push(await this.engine.parseFile(prepared.job));
      else if (this.workers.length) slots.push(this.enqueue(prepared.job));
      else {
        held.push({ index: slots.length, job: prepared.job });
        slots.push(placeholder(file.path));
        if (usable && held.length >= minJobs) {
          this.startWorkers();
          for (const h of held) slots[h.index] = this.enqueue(h.job);
          held = [];
        }
      }
      // Reading ahead of a backlog only delays results: parse one here instead.
      if (this.queue.length > BACKLOG) await this.parseOneHere();
      // Reading is synchronous: let worker answers (and the next jobs out) in now and then.
      if (this.workers.length && ++n % YIELD_EVERY === 0) await turn();
    }
    for (const h of held) slots[h.index] = await this.engine.parseFile(h.job);
    await this.drain();
    const result = emptyResult(root);
    for (const scan of await Promise.all(slots)) addFileScan(result, scan);
    result.stats.ms = Date.now() - t0;
    this.armIdleTimer();
    return result;
  }

  /**
   * One file of a scan whose caller reads files itself (the editor): prepared here, parsed by a
   * worker when it is in a worker's language, else here. Callers may run many at once; the calling
   * thread parses queued jobs itself whenever the queue backs up.
   */
  async scanFile(file: SourceFile, options: ScanOptions = {}): Promise<FileScan> {
    const prepared = this.engine.prepareFile(file, options);
    if (prepared.scan) return prepared.scan;
    if (!this.forWorker(prepared.job) || !this.usable()) return this.engine.parseFile(prepared.job);
    this.startWorkers();
    const scan = this.enqueue(prepared.job);
    while (this.queue.length > BACKLOG) await this.parseOneHere();
    void scan.then(() => this.armIdleTimer());
    return scan;
  }

  /** Workers running now (they start on demand and stop when idle). */
  workerCount(): number {
    return this.workers.length;
  }

  /** Stops the workers; a closed pool still scans, on the calling thread alone. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stopWorkers();
  }

  private enqueue(job: ParseJob): Promise<FileScan> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.pump();
    });
  }

  /** The newest queued job, parsed on this thread: workers take from the front, so the two rarely meet. */
  private async parseOneHere(): Promise<void> {
    const next = this.queue.pop();
    if (next) next.resolve(await this.engine.parseFile(next.job));
    await turn();
  }

  /** The calling thread's share at the end: parse queued jobs here until none is left, then wait for the workers'. */
  private async drain(): Promise<void> {
    for (;;) {
      if (this.queue.length) await this.parseOneHere();
      else if (!this.workers.some((w) => w.inFlight.size)) return;
      else await new Promise((r) => setTimeout(r, 1)); // only worker jobs left: wait for them
    }
  }

  private forWorker(job: ParseJob): boolean {
    return isTreeSitterJob(job) || !!this.options.workerParsesTypeScript;
  }

  private scriptFound: boolean | undefined;

  private usable(): boolean {
    this.scriptFound ??= existsSync(this.script);
    return this.maxWorkers > 0 && !this.closed && this.scriptFound;
  }

  private startWorkers(): void {
    clearTimeout(this.idleTimer);
    while (this.workers.length < this.maxWorkers) this.startWorker();
  }

  private startWorker(): void {
    const entry: WorkerEntry = { worker: new Worker(this.script), inFlight: new Map() };
    entry.worker.on('message', (msg: { id: number; scan: FileScan }) => {
      const pending = entry.inFlight.get(msg.id);
      entry.inFlight.delete(msg.id);
      pending?.resolve(msg.scan);
      this.pump();
    });
    // A worker that dies must not lose files: what it held goes back to the queue, and with no
    // worker left the calling thread parses the rest (drain).
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

  private armIdleTimer(): void {
    const idleMs = this.options.idleMs ?? 0;
    if (!idleMs || !this.workers.length || this.queue.length || this.workers.some((w) => w.inFlight.size)) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stopWorkers(), idleMs);
    this.idleTimer.unref();
  }

  private async stopWorkers(): Promise<void> {
    clearTimeout(this.idleTimer);
    const all = this.workers.splice(0);
    for (const { inFlight } of all) this.queue.unshift(...inFlight.values());
    await Promise.all(all.map(({ worker }) => worker.terminate()));
  }
}

/** One scan with a pool of its own, as `promptshift scan` runs it. */
export async function scanFilesPooled(
  root: string,
  files: Iterable<SourceFile> | AsyncIterable<SourceFile>,
  options: ScanPoolOptions & ScanOptions & { engine?: ScanEngine; signal?: AbortSignal } = {},
): Promise<ScanResult> {
  const engine = options.engine ?? await newEngine();
  const pool = new ScanPool(engine, options);
  try {
    return await pool.scanAll(root, files, options);
  } finally {
    await pool.close();
  }
}

async function newEngine(): Promise<ScanEngine> {
  const [{ ScanEngine }, { nodeGrammarLoader }] = await Promise.all([import('../core/scan/index.js'), import('./grammarLoader.js')]);
  return new ScanEngine(nodeGrammarLoader());
}

/** Stands in for a held-back job's scan until it is parsed. */
function placeholder(path: string): FileScan {
  return { path, callSites: [], error: null, parsed: false };
}
