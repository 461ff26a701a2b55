// What a ScanPool can be told, and the defaults it measures against (see scanPool.ts for why).
import { join } from 'node:path';
import type { Pace } from './pace';

export interface ScanPoolOptions {
  /** Worker threads; default one fewer than the cores, at most 3 (none on one core). */
  workers?: number;
  /** A one-shot scan starts workers only once it has this many jobs for them: a small scan is faster alone. */
  minJobs?: number;
  /** scanPaths also starts them once it has met this many files in their languages, parsed or not. */
  minFiles?: number;
  /** Workers parse TypeScript/JavaScript too: worth the compiler's load in a pool kept across scans. */
  workerParsesTypeScript?: boolean;
  /**
   * scanPaths hands TypeScript/JavaScript files to workers as well once this thread has parsed this
   * many characters of them: only then does the parsing outweigh a worker's load of the compiler
   * and its own JIT warm-up (measured on a busy 2-core machine: vercel/ai's 3.8 MB is not enough).
   */
  minScriptChars?: number;
  /**
   * scanPaths on a thread that parses (callerParses, and workers that do not parse TypeScript) sends
   * workers every file: they read and prefilter TypeScript/JavaScript files and send back what is
   * left to parse, which this thread parses (its compiler warm), while it walks and loads the
   * scanner. Default true; false keeps the files in this thread's languages here (minScriptChars).
   */
  workersPrepareScripts?: boolean;
  /** Workers idle this long are stopped (they start again on demand); 0 keeps them until close(). */
  idleMs?: number;
  /**
   * Asked when idle workers are stopped: true keeps one running (its scanner loaded and warm), so
   * the next file needs no worker start (the editor: while files are open for editing).
   */
  keepWarm?: () => boolean;
  /** The worker script; default: scanWorker.js beside this file (dist/ when bundled, out/src/node/ when transpiled). */
  workerScript?: string;
  /**
   * False: this thread reads and parses nothing while a worker can (workers take every language,
   * from the first file); it scans files itself only if none can run, a slice at a time by `pace`.
   */
  callerParses?: boolean;
  /** How this thread shares itself while it scans in workers' stead (callerParses: false). */
  pace?: Pace;
}

export const DEFAULT_MIN_JOBS = 24;
export const DEFAULT_MIN_FILES = 400;
export const DEFAULT_MIN_SCRIPT_CHARS = 8_000_000;
/** Jobs a worker holds at most: enough that it never waits while this thread parses a file itself. */
export const IN_FLIGHT_PER_WORKER = 8;
/** scanPaths sends workers new paths this many at a time: few messages, and workers never starve. */
export const CHUNK = 64;
/** An off-thread scan (callerParses: false) starts its other workers once it has this many files. */
export const SPREAD_FILES = 200;

export function defaultWorkerScript(): string {
  return join(__dirname, 'scanWorker.js');
}
