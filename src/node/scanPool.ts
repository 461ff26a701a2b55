// Scans a workspace on more than one core, two ways. Files the caller reads (the editor: scanAll,
// scanFile): the calling thread prepares each (the cheap half, ScanEngine.prepareFile) and a parse
// job goes to a worker with room, else is parsed here; "room" is a few jobs in flight, read from a
// counter the worker bumps in shared memory, so the calling thread knows without waiting for
// messages. Paths the CLI walked (scanPaths): workers take unread files from a shared queue
// (claimQueue.ts) and the calling thread joins them once its own share is done. Either way results
// are put back in file order: the ScanResult is the one an in-process scan gives, call for call.
//
// Why this shape, by measurement (bench/scan, 2 cores): a worker needs ~50 ms to start tree-sitter,
// but ~200 ms more of CPU to load the TypeScript compiler, which then runs JIT-cold, and a CLI scan
// is always its process's first. So a one-shot pool keeps TypeScript/JavaScript on the calling
// thread and gives workers the tree-sitter languages (Python, Go, Java, C#; Python is also the
// costlier half per file); a pool kept across scans (the editor's) pays for the compiler once and
// lets workers take any job. The editor's pool also keeps its own thread free (callerParses: false):
// the extension host must answer the user while a scan runs, so it only hands out work and collects
// answers, and scans files itself only when no worker can.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ScanResult } from '../core/callsite';
import type { FileScan, ParseJob, ScanEngine, ScanOptions, SourceFile } from '../core/scan/index';
import { prepareSource } from '../core/scan/prepare';
import type { Language } from '../core/callsite';
import { isTreeSitterLanguage, languageOf } from '../core/scan/files';
import type { GrammarLoader } from '../core/scan/common/treeSitter';
import { addFileScan, emptyResult } from '../core/scan/result';
import { ClaimQueue } from './claimQueue';
import { NO_PACE, type Pace } from './pace';
import type { AnswerMessage, JobMessage, WorkerData } from './scanWorker';
import type { FlowAnswer, FlowJob } from './modelFlow';
import { readAndPrepare } from './walk';
import { CHUNK, DEFAULT_MIN_FILES, DEFAULT_MIN_JOBS, DEFAULT_MIN_SCRIPT_CHARS, defaultWorkerScript, IN_FLIGHT_PER_WORKER, SPREAD_FILES, type ScanPoolOptions } from './scanPoolOptions';

export { DEFAULT_MIN_FILES, DEFAULT_MIN_JOBS, DEFAULT_MIN_SCRIPT_CHARS, defaultWorkerScript, type ScanPoolOptions } from './scanPoolOptions';

interface WorkerEntry {
  worker: Worker;
  /** Jobs sent; the worker counts those it finished in `finished` (shared memory). */
  sent: number;
  finished: Int32Array;
  pending: Map<number, { job: ParseJob; resolve: (scan: FileScan) => void }>;
  /** Model passes sent and not answered. */
  flows: Map<number, { flow: FlowJob; resolve: (answer: FlowAnswer) => void }>;
}

/** The scanner, or how to load it when this thread first needs it. */
export type EngineSource = ScanEngine | (() => Promise<ScanEngine>);

export class ScanPool {
  private readonly workers: WorkerEntry[] = [];
  private engine: ScanEngine | undefined;
  private engineLoading: Promise<ScanEngine> | undefined;
  /** Called whenever a worker stops, so a thread waiting on workers can take over. */
  private readonly onWorkerGone = new Set<() => void>();
  private readonly maxWorkers: number;
  private readonly script: string;
  private scriptFound: boolean | undefined;
  private nextId = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Set when a worker died on its own: the rest of this pool's life is parsed here. */
  private workerDied = false;
  /** The path scans under way, by queue id. */
  private readonly queues = new Map<number, { queue: ClaimQueue; slots: (FileScan | Promise<FileScan>)[]; options: ScanOptions }>();

  constructor(engine: EngineSource, private readonly options: ScanPoolOptions = {}) {
    this.maxWorkers = Math.min(options.workers ?? Math.min(availableParallelism() - 1, 3), 8);
    this.script = options.workerScript ?? defaultWorkerScript();
    if (typeof engine === 'function') this.loadEngine = engine;
    else this.engine = engine;
  }

  private loadEngine: () => Promise<ScanEngine> = () => Promise.reject(new Error('no scanner'));

  /** Parses on this thread, loading the scanner first if it is not yet. Never rejects. */
  private parseJobHere(job: ParseJob): Promise<FileScan> {
    if (this.engine) return this.engine.parseFile(job);
    return this.engineReady().then((e) => e.parseFile(job), (e: unknown) => failedOn(job, e));
  }

  private engineReady(): Promise<ScanEngine> {
    if (this.engine) return Promise.resolve(this.engine);
    this.engineLoading ??= this.loadEngine().then((e) => { this.engine = e; return e; });
    return this.engineLoading;
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
      const prepared = prepareSource(file, options);
      if (prepared.scan) { slots.push(prepared.scan); continue; }
      if (this.forWorker(prepared.job) && ++forWorkers >= minJobs) this.startWorkers();
      slots.push(this.dispatch(prepared.job));
    }
    return this.finish(root, slots, t0);
  }

  /**
   * Scans the files at `paths` under `root` (the CLI's walk, unread). Files in a worker's languages
   * go, unread, into a queue the workers are sent in batches; each worker takes files from it one at
   * a time (claimQueue.ts), reads, prefilters and parses them. This thread walks, scans the other
   * files itself, then takes files from the same queue until none is left, so the threads finish
   * together. Reading and prefiltering thousands of files is a third of a scan, so both share it.
   */
  async scanPaths(root: string, paths: Iterable<string>, options: ScanOptions & { signal?: AbortSignal } = {}): Promise<ScanResult> {
    const t0 = Date.now();
    return this.resultOf(root, await this.scanPathList(root, paths, options), t0);
  }

  /** scanPaths's work, answered file by file in the order of `paths` (the scan index records each). */
  async scanPathList(root: string, paths: Iterable<string>, options: ScanOptions & { signal?: AbortSignal } = {}): Promise<FileScan[]> {
    const minFiles = this.options.minFiles ?? DEFAULT_MIN_FILES;
    const minScriptChars = this.options.minScriptChars ?? DEFAULT_MIN_SCRIPT_CHARS;
    const slots: (FileScan | Promise<FileScan>)[] = [];
    const offThread = this.options.callerParses === false;
    const prepareAhead = !offThread && !this.options.workerParsesTypeScript && this.options.workersPrepareScripts !== false;
    const queue = new ClaimQueue(this.nextId++, root, options.maxFileBytes, prepareAhead);
    this.queues.set(queue.id, { queue, slots, options });
    // This thread parses as it goes: were the scanner still loading, every parse would wait for the
    // loop below to end (a promise callback), and the workers would find no file left to take. When
    // workers prepare every file, this thread only walks here and loads the scanner after the walk,
    // while they read and prefilter.
    if (!offThread && !prepareAhead) await this.engineReady().catch(() => undefined);
    let scriptChars = 0;
    try {
      for (const path of paths) {
        if (options.signal?.aborted) break;
        const language = languageOf(path);
        if (!language || (!offThread && !prepareAhead && !this.languageForWorker(language) && scriptChars < minScriptChars)) {
          const prepared = readAndPrepare(root, path, options);
          if (prepared.job && (scriptChars += prepared.job.text.length) >= minScriptChars) this.startWorkers();
          slots.push(prepared.scan ?? this.parseJobHere(prepared.job));
          continue;
        }
        queue.add(path, slots.length);
        slots.push(placeholder(path));
        // Off this thread, one worker from the first file (a small scan needs no more: each worker
        // loads the compiler), all of them once there is much to do.
        if (offThread && queue.length === 1) this.startWorkers(1);
        if (queue.length === (offThread ? SPREAD_FILES : minFiles)) this.startWorkers();
        if (queue.length - queue.published >= CHUNK) this.publish(queue);
      }
      this.publish(queue);
      if (prepareAhead) await this.engineReady().catch(() => undefined);
      if (offThread) await this.awaitWorkers(queue);
      await this.claimHere(queue, root, options, offThread ? this.options.pace ?? NO_PACE : NO_PACE);
      await queue.allDone();
    } finally {
      this.queues.delete(queue.id);
      for (const w of this.workers) w.worker.postMessage({ closeQueue: queue.id } satisfies JobMessage);
    }
    const scans = await Promise.all(slots);
    this.armIdleTimer();
    return scans;
  }

  /** Resolves once the queue is done, or no worker is left to work on it (then this thread takes over). */
  private async awaitWorkers(queue: ClaimQueue): Promise<void> {
    while (this.workers.length) {
      let gone!: () => void;
      const workerGone = new Promise<void>((resolve) => { gone = resolve; });
      this.onWorkerGone.add(gone);
      try {
        if (await Promise.race([queue.allDone().then(() => true), workerGone.then(() => false)])) return;
      } finally {
        this.onWorkerGone.delete(gone);
      }
    }
  }

  /** Takes the queue's files on this thread until none is left; aborted, they are marked done unscanned. */
  private async claimHere(queue: ClaimQueue, root: string, options: ScanOptions & { signal?: AbortSignal }, pace: Pace): Promise<void> {
    const slots = this.queues.get(queue.id)!.slots;
    for (let i = queue.claim(); i >= 0; i = queue.claim()) {
      // Aborted: what is left stays unscanned, as files the walk never reached would.
      if (!options.signal?.aborted) slots[queue.slotOf(i)] = this.scanPathHere(root, queue.paths[i], options);
      queue.markDone(i);
      const wait = pace();
      if (wait) await wait;
    }
  }

  /** Sends every worker the queue's paths it has not been sent. */
  private publish(queue: ClaimQueue): void {
    if (!this.workers.length) return;
    const msg = queue.unpublishedMessage();
    if (msg) for (const w of this.workers) w.worker.postMessage(msg);
  }

  /** A worker's answer for files of a queue: their scans go to their slots. */
  private settleQueueAnswer(answer: Extract<AnswerMessage, { queue: number }>): void {
    const active = this.queues.get(answer.queue);
    if (!active) return;
    const { queue, slots } = active;
    for (const [i, scan] of answer.scans) if (!queue.isDone(i)) slots[queue.slotOf(i)] = scan;
    for (const [i, job] of answer.jobs) if (!queue.isDone(i)) slots[queue.slotOf(i)] = this.parseJobHere(job);
    for (const i of answer.done) queue.markDone(i);
  }

  /** Files a dead worker had taken from a queue and not answered for: scanned here. */
  private recoverQueues(): void {
    for (const { queue, slots, options } of this.queues.values()) {
      for (const i of [...queue.takenNotDone()]) {
        slots[queue.slotOf(i)] = this.scanPathHere(queue.root, queue.paths[i], options);
        queue.markDone(i);
      }
    }
  }

  /**
   * One file of a scan whose caller reads files itself (the editor): prepared here, parsed by a
   * worker when one has room, else here. Callers may run many at once.
   */
  async scanFile(file: SourceFile, options: ScanOptions = {}): Promise<FileScan> {
    const prepared = prepareSource(file, options);
    if (prepared.scan) return prepared.scan;
    if (this.forWorker(prepared.job)) this.startWorkers(this.options.callerParses === false ? 1 : this.maxWorkers);
    const scan = await this.dispatch(prepared.job);
    this.armIdleTimer();
    return scan;
  }

  /**
   * The cross-file model pass (modelFlow.ts) over `flow.sites`, in a worker when one can run: the
   * pass reads files synchronously and may load the TypeScript compiler, neither of which the
   * calling thread (the extension host) should wait for. Answers the sites followed; the sites
   * passed in are left as they were when a worker ran it.
   */
  async followModels(flow: FlowJob, loadGrammar?: GrammarLoader): Promise<FlowAnswer> {
    this.startWorkers(1);
    const entry = this.workers[0];
    if (!entry) return followHere(flow, loadGrammar);
    const id = this.nextId++;
    const answer = await new Promise<FlowAnswer>((resolve) => {
      entry.flows.set(id, { flow, resolve });
      entry.worker.postMessage({ flowId: id, flow } satisfies JobMessage);
    });
    this.armIdleTimer();
    return answer;
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
    if (!entry) return this.parseJobHere(job);
    const id = this.nextId++;
    entry.sent++;
    entry.worker.postMessage({ id, job } satisfies JobMessage);
    return new Promise((resolve) => entry.pending.set(id, { job, resolve }));
  }

  private workerWithRoom(): WorkerEntry | undefined {
    let best: WorkerEntry | undefined;
    // Off the calling thread, a worker always has room: this thread waits rather than parse.
    let bestLoad = this.options.callerParses === false ? Infinity : IN_FLIGHT_PER_WORKER;
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
    return isTreeSitterLanguage(language) || !!this.options.workerParsesTypeScript || this.options.callerParses === false;
  }

  private usable(): boolean {
    this.scriptFound ??= existsSync(this.script);
    return this.maxWorkers > 0 && !this.closed && !this.workerDied && this.scriptFound;
  }

  /** Starts workers until `count` (at most the pool's) run. */
  private startWorkers(count = this.maxWorkers): void {
    clearTimeout(this.idleTimer);
    if (!this.usable()) return;
    while (this.workers.length < Math.min(count, this.maxWorkers)) this.startWorker();
  }

  private startWorker(): void {
    const finished = new Int32Array(new SharedArrayBuffer(4));
    const entry: WorkerEntry = { worker: new Worker(this.script, { workerData: { finished } satisfies WorkerData }), sent: 0, finished, pending: new Map(), flows: new Map() };
    entry.worker.on('message', (msg: AnswerMessage) => {
      if ('queue' in msg) { this.settleQueueAnswer(msg); return; }
      if ('flowId' in msg) {
        const f = entry.flows.get(msg.flowId);
        entry.flows.delete(msg.flowId);
        f?.resolve(msg.answer);
        return;
      }
      const p = entry.pending.get(msg.id);
      entry.pending.delete(msg.id);
      p?.resolve(msg.scan);
    });
    // A worker that dies must not lose files: what it held is parsed here, and no other is started.
    const fail = () => {
      const i = this.workers.indexOf(entry);
      if (i < 0) return; // stopped on purpose
      this.workers.splice(i, 1);
      this.workerDied = true;
      this.parseHere(entry);
      this.recoverQueues();
      for (const gone of this.onWorkerGone) gone();
    };
    entry.worker.on('error', fail);
    entry.worker.on('exit', fail);
    this.workers.push(entry);
    for (const { queue } of this.queues.values()) {
      const msg = queue.catchUpMessage();
      if (msg) entry.worker.postMessage(msg);
    }
  }

  /** One file of scanPaths read, prefiltered and parsed on this thread. */
  private scanPathHere(root: string, path: string, options: ScanOptions): FileScan | Promise<FileScan> {
    const prepared = readAndPrepare(root, path, options);
    return prepared.scan ?? this.parseJobHere(prepared.job);
  }

  /** The scan's result from its slots, in file order. */
  private async finish(root: string, slots: (FileScan | Promise<FileScan>)[], t0: number): Promise<ScanResult> {
    const scans = await Promise.all(slots);
    this.armIdleTimer();
    return this.resultOf(root, scans, t0);
  }

  private resultOf(root: string, scans: readonly FileScan[], t0: number): ScanResult {
    const result = emptyResult(root);
    for (const scan of scans) addFileScan(result, scan);
    result.stats.ms = Date.now() - t0;
    return result;
  }

  private parseHere(entry: WorkerEntry): void {
    const held = [...entry.pending.values()];
    entry.pending.clear();
    for (const { job, resolve } of held) void this.parseJobHere(job).then(resolve);
    const flows = [...entry.flows.values()];
    entry.flows.clear();
    for (const { flow, resolve } of flows) void followHere(flow).then(resolve);
  }

  private armIdleTimer(): void {
    const idleMs = this.options.idleMs ?? 0;
    if (!idleMs || !this.isIdle()) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stopIdleWorkers(), idleMs);
    this.idleTimer.unref();
  }

  private isIdle(): boolean { return !!this.workers.length && !this.queues.size && !this.workers.some((w) => w.pending.size || w.flows.size); }

  /** The idle timer's work, now if idle: stops the workers (one stays while `keepWarm` says so); resolves to those left. */
  async stopIdleWorkers(): Promise<number> {
    if (this.isIdle()) await this.stopWorkers(this.options.keepWarm?.() ? 1 : 0);
    return this.workers.length;
  }

  private async stopWorkers(keep = 0): Promise<void> {
    clearTimeout(this.idleTimer);
    const all = this.workers.splice(keep);
    for (const entry of all) this.parseHere(entry);
    this.recoverQueues();
    for (const gone of this.onWorkerGone) gone();
    await Promise.all(all.map(({ worker }) => worker.terminate()));
  }
}

/** The model pass on this thread, when no worker can run it. */
async function followHere(flow: FlowJob, loadGrammar?: GrammarLoader): Promise<FlowAnswer> {
  // The pass follows sites in place; a worker's answer is a copy, so is this one.
  return (await import('./modelFlow.js')).runFlowJob({ ...flow, sites: structuredClone(flow.sites) }, loadGrammar);
}

function failedOn(job: ParseJob, e: unknown): FileScan {
  const error = { path: job.path, message: `scanner failed: ${e instanceof Error ? e.message : String(e)}` };
  return { path: job.path, callSites: [], error, parsed: true };
}

/** Stands in for a file of a chunk until the chunk is done. */
function placeholder(path: string): FileScan {
  return { path, callSites: [], error: null, parsed: false };
}
