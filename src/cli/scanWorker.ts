// Worker thread of the scan pool (scanPool.ts): parses the Python files the main thread found worth
// parsing and answers each job with the file's scan. It imports core/scan/jobs, not the engine, so
// it loads tree-sitter only (~50 ms to start) and not the TypeScript compiler (~200 ms more, then
// cold again in every thread). Bundled as dist/scanWorker.js beside dist/cli.js; transpiled as
// out/src/cli/scanWorker.js for tests and benchmarks.
import { parentPort } from 'node:worker_threads';
import { failedScan, PythonJobParser, type ParseJob } from '../core/scan/jobs';
import { nodeGrammarLoader } from './grammarLoader';

export interface JobMessage { id: number; job: ParseJob }

if (parentPort) {
  const port = parentPort;
  const parser = new PythonJobParser(nodeGrammarLoader());
  port.on('message', (msg: JobMessage) => {
    // parse never rejects: a file's failure comes back as that file's error. The pool sends only
    // Python; anything else is answered as a failure rather than parsed as the wrong language.
    const scan = msg.job.language === 'py' ? parser.parse(msg.job) : Promise.resolve(failedScan(msg.job, 'this worker parses Python only'));
    void scan.then((scan) => port.postMessage({ id: msg.id, scan }));
  });
}
