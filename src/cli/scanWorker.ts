// Worker thread of the scan pool (scanPool.ts): parses the files the calling thread found worth
// parsing and answers each job with the file's scan. Tree-sitter languages need only the
// WebAssembly runtime (~50 ms to start); the TypeScript compiler (~200 ms more, then JIT-cold) is
// loaded on the first TypeScript/JavaScript job, which only a long-lived pool sends
// (ScanPoolOptions.workerParsesTypeScript). Bundled as dist/scanWorker.js beside dist/cli.js, taking
// the compiler from dist/scanner.js; transpiled as out/src/cli/scanWorker.js for tests and benchmarks.
import { parentPort, workerData } from 'node:worker_threads';
import { failedScan, isTreeSitterLanguage, TreeSitterJobParser, type FileScan, type ParseJob } from '../core/scan/jobs';
import type { ScanEngine } from '../core/scan/index';
import { nodeGrammarLoader } from './grammarLoader';
import { readAndPrepare } from './walk';

/** A file that passed the prefilter, to parse; or one to read and prefilter first (the CLI's walk). */
export type JobMessage = { id: number; job: ParseJob } | { id: number; reads: { root: string; paths: string[]; maxFileBytes?: number } };
export type AnswerMessage = { id: number; scan: FileScan } | { id: number; scans: FileScan[] };
/** `finished[0]` counts the jobs this worker has answered, for the pool to read without a message. */
export interface WorkerData { finished: Int32Array }

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
  const readAndParse = async (root: string, path: string, maxFileBytes: number | undefined): Promise<FileScan> => {
    const prepared = readAndPrepare(root, path, { maxFileBytes });
    return prepared.scan ?? parse(prepared.job);
  };
  // parse never rejects: a file's failure comes back as that file's error.
  port.on('message', (msg: JobMessage) => {
    const answer: Promise<AnswerMessage> = 'job' in msg
      ? parse(msg.job).then((scan) => ({ id: msg.id, scan }))
      : Promise.all(msg.reads.paths.map((path) => readAndParse(msg.reads.root, path, msg.reads.maxFileBytes))).then((scans) => ({ id: msg.id, scans }));
    void answer.then((a) => {
      if (finished) Atomics.add(finished, 0, 1);
      port.postMessage(a);
    });
  });
}
