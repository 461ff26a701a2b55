// Scans a workspace on more than one core. The calling thread walks, reads and prefilters (the cheap
// half, ScanEngine.prepareFile); each parse job then goes to a worker thread if one has room, and
// is parsed right here if none has. Results are put back in file order, so the ScanResult is the
// one an in-process scan gives, call for call.
//
// Why this shape, by measurement (bench/scan, 2 cores): a worker needs ~50 ms to start tree-sitter,
// but ~200 ms more of CPU to load the TypeScript compiler, which then runs JIT-cold, and a CLI scan
// is always its process's first. So a one-shot pool keeps TypeScript/JavaScript on the calling
// thread and gives workers the tree-sitter languages (Python, Go, Java, C#; Python is also the
// costlier half per file); a pool kept across scans (the editor's) pays for the compiler once and
// lets workers take any job. "Room" is a couple of jobs in flight, read from a counter the worker
// bumps in shared memory, so the calling thread knows without waiting for the worker's messages:
// the worker never starves, and the calling thread never waits while there is work it could do.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScanResult } from '../core/callsite';
import type { FileScan, ParseJob, ScanEngine, ScanOptions, SourceFile } from '../core/scan/index';
import type { Language } from '../core/callsite';
import { isTreeSitterLanguage, languageOf } from '../core/scan/files';
import { addFileScan, emptyResult } from '../core/scan/result';
import type { AnswerMessage, JobMessage, WorkerData } from './scanWorker';
import { readAndPrepare, walkPaths, type WalkOptions } from './walk';

export interface ScanPoolOptions {
  /** Worker threads; default 1 on a machine with 2 or more cores, else 0 (in-process). */
  workers?: number;
  /** A one-shot scan starts workers only once it has this many jobs for them: a small scan is faster alone. */
  minJobs?: number;
  /** scanPaths also starts them once it has met this many files in their languages, parsed or not. */
  minFiles?: number;
  /** Workers parse TypeScript/JavaScript too: worth the compiler's load in a pool kept across scans. */
  workerParsesTypeScript?: boolean;
  /** Workers idle this long are stopped (they start again on demand); 0 keeps them until close(). */
  idleMs?: number;
  /** The worker script; default: scanWorker.js beside this file (dist/ when bundled, out/src/cli/ when transpiled). */
  workerScript?: string;
}

export const DEFAULT_MIN_JOBS = 24;
export const DEFAULT_MIN_FILES = 400;
/** Jobs a worker holds at most: enough that it never waits while this thread parses a file itself. */
const IN_FLIGHT_PER_WORKER = 8;
/** Files a chunk of scanPaths holds, and chunks a worker holds at most. */
const CHUNK = 64;
const CHUNKS_IN_FLIGHT = 2;

export function defaultWorkerScript(): string {
  return join(__dirname, 'scanWorker.js');
}

interface WorkerEntry {
  worker: Worker;
  /** Jobs sent; the worker counts those it finished in `finished` (shared memory). */
  sent: number;
  finished: Int32Array;
  pending: Map<number, { msg: JobMessage; resolve: (answer: FileScan | FileScan[]) => void }>;
}

export class ScanPool {
  private readonly workers: WorkerEntry[] = [];
  private readonly maxWorkers: number;
  private readonly script: string;
  private scriptFound: boolean | undefined;
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Set when a worker died on its own: the rest of this pool's life is parsed here. */
  private workerDied = false;

  constructor(private readonly engine: ScanEngine, private readonly options: ScanPoolOptions = {}) {
    this.maxWorkers = Math.min(options.workers ?? (availableParallelism() >= 2 ? 1 : 0), 8);
    this.script = options.workerScript ?? defaultWorkerScript();
  }

  /** Scans `files` like ScanEngine.scanAll. Deterministic: the result does not depend on which thread parsed what. */
  async scanAll(root: string, files: Iterable<SourceFile> | AsyncIterable<SourceFile>, options: ScanOptions & { signal?: AbortSignal } = {}): Promise<ScanResult> {
    const t0 = Date.now();
    const minJobs = this.options.minJobs ?? DEFAULT_MIN_JOBS;
    // One slot per file, in walk order: its scan, or the worker's answer to come.
    const slots: (FileScan | Promise<FileScan>)[] = [];
    let forWorkers = 0;
    for await (const file of files) {
      if (options.signal?.aborted) break;
      const prepared = this.engine.prepareFile(file, options);
      if (prepared.scan) { slots.push(prepared.scan); continue; }
      if (this.forWorker(prepared.job) && ++forWorkers >= minJobs) this.startWorkers();
      slots.push(this.dispatch(prepared.job));
    }
    return this.finish(root, slots, t0);
  }

  /**
   * Scans the files at `paths` under `root` (the CLI's walk, unread). Files in a worker's languages
   * are gathered in chunks; a chunk goes unread to a worker with room, which reads, prefilters and
   * parses it and answers once for all of it, or is done here when none has room. Reading and
   * prefiltering thousands of files is a third of a scan, so both threads share it; chunks keep the
   * messages few, since one per file costs this thread about what reading the file does.
   */
  async scanPaths(root: string, paths: Iterable<string>, options: ScanOptions & { signal?: AbortSignal } = {}): Promise<ScanResult> {
    const t0 = Date.now();
    const minFiles = this.options.minFiles ?? DEFAULT_MIN_FILES;
    const slots: (FileScan | Promise<FileScan>)[] = [];
    const here = (path: string) => this.scanPathHere(root, path, options);
    let chunk: { index: number; path: string }[] = [];
    const flush = () => {
      const entry = this.workerWithRoom(CHUNKS_IN_FLIGHT);
      if (entry) {
        const answer = this.send(entry, { id: this.nextId++, reads: { root, paths: chunk.map((c) => c.path), maxFileBytes: options.maxFileBytes } });
        chunk.forEach((c, k) => { slots[c.index] = answer.then((scans) => (scans as FileScan[])[k]); });
      } else {
        for (const c of chunk) slots[c.index] = here(c.path);
      }
      chunk = [];
    };
    let files = 0;
    for (const path of paths) {
      if (options.signal?.aborted) break;
      const language = languageOf(path);
      if (!language || !this.languageForWorker(language)) { slots.push(here(path)); continue; }
      if (++files === minFiles) this.startWorkers();
      chunk.push({ index: slots.length, path });
      slots.push(placeholder(path));
      if (chunk.length === CHUNK) flush();
    }
    if (chunk.length) flush();
    return this.finish(root, slots, t0);
  }

  /**
   * One file of a scan whose caller reads files itself (the editor): prepared here, parsed by a
   * worker when one has room, else here. Callers may run many at once.
   */
  async scanFile(file: SourceFile, options: ScanOptions = {}): Promise<FileScan> {
    const prepared = this.engine.prepareFile(file, options);
    if (prepared.scan) return prepared.scan;
    if (this.forWorker(prepared.job)) this.startWorkers();
    const scan = await this.dispatch(prepared.job);
    this.armIdleTimer();
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

  /** To a worker with room, or parsed here: a FileScan now, or the worker's answer to come. */
  private dispatch(job: ParseJob): FileScan | Promise<FileScan> {
    const entry = this.forWorker(job) ? this.workerWithRoom() : undefined;
    if (!entry) return this.engine.parseFile(job);
    return this.send(entry, { id: this.nextId++, job }) as Promise<FileScan>;
  }

  private send(entry: WorkerEntry, msg: JobMessage): Promise<FileScan | FileScan[]> {
    entry.sent++;
    entry.worker.postMessage(msg);
    return new Promise((resolve) => entry.pending.set(msg.id, { msg, resolve }));
  }

  private workerWithRoom(inFlight = IN_FLIGHT_PER_WORKER): WorkerEntry | undefined {
    let best: WorkerEntry | undefined;
    let bestLoad = inFlight;
    for (const w of this.workers) {
      const load = w.sent - Atomics.load(w.finished, 0);
      if (load < bestLoad) { best = w; bestLoad = load; }
    }
    return best;
  }

  private forWorker(job: ParseJob): boolean {
    return this.languageForWorker(job.language);
  }

  private languageForWorker(language: Language): boolean {
    return isTreeSitterLanguage(language) || !!this.options.workerParsesTypeScript;
  }

  private usable(): boolean {
    this.scriptFound ??= existsSync(this.script);
    return this.maxWorkers > 0 && !this.closed && !this.workerDied && this.scriptFound;
  }

  private startWorkers(): void {
    clearTimeout(this.idleTimer);
    if (!this.usable()) return;
    while (this.workers.length < this.maxWorkers) this.startWorker();
  }

  private startWorker(): void {
    const finished = new Int32Array(new SharedArrayBuffer(4));
    const entry: WorkerEntry = { worker: new Worker(this.script, { workerData: { finished } satisfies WorkerData }), sent: 0, finished, pending: new Map() };
    entry.worker.on('message', (msg: AnswerMessage) => {
      const p = entry.pending.get(msg.id);
      entry.pending.delete(msg.id);
      p?.resolve('scans' in msg ? msg.scans : msg.scan);
    });
    // A worker that dies must not lose files: what it held is parsed here, and no other is started.
    const fail = () => {
      const i = this.workers.indexOf(entry);
      if (i < 0) return; // stopped on purpose
      this.workers.splice(i, 1);
      this.workerDied = true;
      this.parseHere(entry);
    };
    entry.worker.on('error', fail);
    entry.worker.on('exit', fail);
    this.workers.push(entry);
  }

  /** One file of scanPaths read, prefiltered and parsed on this thread. */
  private scanPathHere(root: string, path: string, options: ScanOptions): FileScan | Promise<FileScan> {
    const prepared = readAndPrepare(root, path, options);
    return prepared.scan ?? this.engine.parseFile(prepared.job);
  }

  /** The scan's result from its slots, in file order. */
  private async finish(root: string, slots: (FileScan | Promise<FileScan>)[], t0: number): Promise<ScanResult> {
    const result = emptyResult(root);
    for (const scan of await Promise.all(slots)) addFileScan(result, scan);
    result.stats.ms = Date.now() - t0;
    this.armIdleTimer();
    return result;
  }

  private parseHere(entry: WorkerEntry): void {
    const held = [...entry.pending.values()];
    entry.pending.clear();
    for (const { msg, resolve } of held) {
      if ('job' in msg) { void this.engine.parseFile(msg.job).then(resolve); continue; }
      const { root, paths, maxFileBytes } = msg.reads;
      void Promise.all(paths.map((path) => this.scanPathHere(root, path, { maxFileBytes }))).then(resolve);
    }
  }

  private armIdleTimer(): void {
    const idleMs = this.options.idleMs ?? 0;
    if (!idleMs || !this.workers.length || this.workers.some((w) => w.pending.size)) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stopWorkers(), idleMs);
    this.idleTimer.unref();
  }

  private async stopWorkers(): Promise<void> {
    clearTimeout(this.idleTimer);
    const all = this.workers.splice(0);
    for (const entry of all) this.parseHere(entry);
    await Promise.all(all.map(({ worker }) => worker.terminate()));
  }
}

/** One scan of files the caller reads, with a pool of its own. */
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

/** `promptshift scan`: walks `root` and scans what it finds, with a pool of its own. */
export async function scanWorkspacePooled(root: string, walk: WalkOptions = {}, options: ScanPoolOptions & ScanOptions & { engine?: ScanEngine; signal?: AbortSignal } = {}): Promise<ScanResult> {
  const engine = options.engine ?? await newEngine();
  const pool = new ScanPool(engine, options);
  try {
    return await pool.scanPaths(root, walkPaths(root, walk), options);
  } finally {
    await pool.close();
  }
}

async function newEngine(): Promise<ScanEngine> {
  const [{ ScanEngine }, { nodeGrammarLoader }] = await Promise.all([import('../core/scan/index.js'), import('./grammarLoader.js')]);
  return new ScanEngine(nodeGrammarLoader());
}

/** Stands in for a file of a chunk until the chunk is done. */
function placeholder(path: string): FileScan {
  return { path, callSites: [], error: null, parsed: false };
}
