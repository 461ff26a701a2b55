// Worker thread of the scan pool (scanPool.ts): parses the tree-sitter-language files (Python, Go,
// Java, C#) the main thread found worth parsing and answers each job with the file's scan. It
// imports core/scan/jobs, not the engine, so it loads tree-sitter only (~50 ms to start) and not
// the TypeScript compiler (~200 ms more, then cold again in every thread). Bundled as
// dist/scanWorker.js beside dist/cli.js; transpiled as out/src/cli/scanWorker.js for tests and benchmarks.
import { parentPort } from 'node:worker_threads';
import { TreeSitterJobParser, type ParseJob } from '../core/scan/jobs';
import { nodeGrammarLoader } from './grammarLoader';

export interface JobMessage { id: number; job: ParseJob }

if (parentPort) {
  const port = parentPort;
  const parser = new TreeSitterJobParser(nodeGrammarLoader());
  port.on('message', (msg: JobMessage) => {
    // parse never rejects: a file's failure, and a job in a language the worker does not parse,
    // come back as that file's error rather than being parsed as the wrong language.
    void parser.parse(msg.job).then((scan) => port.postMessage({ id: msg.id, scan }));
  });
}
