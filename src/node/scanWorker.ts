// Worker thread of the scan pool (scanPool.ts). Two kinds of work: a parse job (a file the calling
// thread read and found worth parsing), answered with the file's scan; and a queue of paths
// (the CLI's walk), from which it takes files one at a time through a counter shared with the calling
// thread and every other worker, reads, prefilters and parses them, and answers in batches.
// Tree-sitter languages need only the WebAssembly runtime (~50 ms to start); the TypeScript compiler
// (~200 ms more, then JIT-cold) is loaded on the first TypeScript/JavaScript job, which only a
// long-lived pool sends (ScanPoolOptions.workerParsesTypeScript). Bundled as dist/scanWorker.js
// beside dist/cli.js, taking the compiler from dist/scanner.js; transpiled as out/src/node/scanWorker.js
// for tests and benchmarks.
import { parentPort, workerData } from 'node:worker_threads';
import { failedScan, isTreeSitterLanguage, TreeSitterJobParser, type FileScan, type ParseJob } from '../core/scan/jobs';
import type { ScanEngine } from '../core/scan/index';
import type { FlowAnswer, FlowJob } from './modelFlow';
import { claimNext, type QueueMessage } from './claimQueue';
import { nodeGrammarLoader } from './grammarLoader';
import { readAndPrepare } from './walk';

/** A file to parse, a queue's new paths, the end of a queue, or a model pass. */
export type JobMessage = { id: number; job: ParseJob } | QueueMessage | { closeQueue: number } | { flowId: number; flow: FlowJob };
/**
 * A job's scan, or files of a queue done: their indices, and the scans of those that are more than
 * "not worth parsing" (the calling thread already holds that answer for every file).
 */
export type AnswerMessage = { id: number; scan: FileScan } | { queue: number; done: Int32Array; scans: [number, FileScan][]; jobs: [number, ParseJob][] } | { flowId: number; answer: FlowAnswer };
/** `finished[0]` counts the jobs this worker has answered, for the pool to read without a message. */
export interface WorkerData { finished: Int32Array }

/** Files of a queue done between answers: few messages, and not much lost to wait for at the end. */
const ANSWER_EVERY = 64;

interface WorkerQueue { root: string; maxFileBytes?: number; claimed: Int32Array; paths: string[]; prepareScripts?: boolean }

if (parentPort) {
  const port = parentPort;
  const finished = (workerData as WorkerData | undefined)?.finished;
  const loader = nodeGrammarLoader();
  const treeSitter = new TreeSitterJobParser(loader);
  let engine: Promise<ScanEngine> | undefined;
  const parse = async (job: ParseJob): Promise<FileScan> => {
    if (isTreeSitterLanguage(job.language)) return treeSitter.parse(job);
    try {
      engine ??= import('../core/scan/index.js').then((m) => new m.ScanEngine(loader));
      return await (await engine).parseFile(job);
    } catch (e) {
      return failedScan(job, e);
    }
  };

  const queues = new Map<number, WorkerQueue>();
  let draining = false;
  // Takes files until every queue's known paths are taken. Paths arriving meanwhile (for any queue)
  // are seen by another pass; once a pass finds nothing, the next queue message starts it again.
  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      for (let more = true; more;) {
        more = false;
        for (const [id, q] of queues) {
          if (await drainQueue(id, q)) more = true;
        }
      }
    } finally {
      draining = false;
    }
  };
  /** Takes one queue's files until none is left to take; true if it took any. */
  const drainQueue = async (id: number, q: WorkerQueue): Promise<boolean> => {
    let took = false;
    let done: number[] = [];
    let scans: [number, FileScan][] = [];
    let jobs: [number, ParseJob][] = [];
    const answer = () => {
      port.postMessage({ queue: id, done: Int32Array.from(done), scans, jobs } satisfies AnswerMessage);
      done = [];
      scans = [];
      jobs = [];
    };
    for (let i = claimNext(q.claimed, q.paths.length); i >= 0; i = claimNext(q.claimed, q.paths.length)) {
      took = true;
      const prepared = readAndPrepare(q.root, q.paths[i], { maxFileBytes: q.maxFileBytes });
      done.push(i);
      // A one-shot scan's TypeScript/JavaScript is parsed by the calling thread (its compiler is loaded
      // and warm there): this thread has read and prefiltered the file meanwhile.
      if (prepared.job && q.prepareScripts && !isTreeSitterLanguage(prepared.job.language)) jobs.push([i, prepared.job]);
      else {
        const scan = prepared.scan ?? await parse(prepared.job);
        if (scan.parsed || scan.error || scan.callSites.length) scans.push([i, scan]);
      }
      if (done.length === ANSWER_EVERY) answer();
    }
    if (done.length) answer();
    return took;
  };

  const runFlow = async (flow: FlowJob): Promise<FlowAnswer> => (await import('./modelFlow.js')).runFlowJob(flow, loader);

  // parse never rejects: a file's failure comes back as that file's error.
  port.on('message', (msg: JobMessage) => {
    if ('job' in msg) {
      void parse(msg.job).then((scan) => {
        if (finished) Atomics.add(finished, 0, 1);
        port.postMessage({ id: msg.id, scan } satisfies AnswerMessage);
      });
    } else if ('flow' in msg) {
      void runFlow(msg.flow).then((answer) => port.postMessage({ flowId: msg.flowId, answer } satisfies AnswerMessage));
    } else if ('queue' in msg) {
      const { id, paths, ...rest } = msg.queue;
      const q = queues.get(id);
      if (q) for (const p of paths) q.paths.push(p);
      else queues.set(id, { ...rest, paths });
      void drain();
    } else {
      queues.delete(msg.closeQueue);
    }
  });
}
