// The scanner's front door: source text in, call sites out. Pure: callers read files and load
// grammar bytes; nothing here touches fs. A file never makes the scan throw: its failure is a
// ScanError in the result.
import type { ScanResult } from '../callsite';
import { prepareSource, type PreparedFile, type ScanOptions, type SourceFile } from './prepare';
import { scanTypeScriptSource } from './ts/scanTs';
import { failedScan, fileScanOf, isTreeSitterLanguage, TreeSitterJobParser, type FileScan, type GrammarLoader, type ParseJob } from './jobs';

export { languageOf, mightContainCallSite, PREFILTER_SOURCE, ALWAYS_SKIPPED_DIRS } from './files';
export { GRAMMAR_FILES, isTreeSitterLanguage } from './jobs';
export type { FileScan, GrammarLoader, GrammarName, ParseJob, TreeSitterLanguage } from './jobs';
import { addFileScan, emptyResult } from './result';
export { addFileScan, emptyResult } from './result';
export { DEFAULT_MAX_FILE_BYTES, prepareSource } from './prepare';
export { resolveModelFlow } from './flow/index';
export type { FlowFiles, FlowOptions, FlowStats } from './flow/index';
export type { PreparedFile, ScanOptions, SourceFile } from './prepare';

export class ScanEngine {
  private readonly treeSitter: TreeSitterJobParser;

  constructor(loadGrammar: GrammarLoader) {
    this.treeSitter = new TreeSitterJobParser(loadGrammar);
  }

  /** Scans one file. A tree-sitter language's parser is created on its first file that passes the prefilter. */
  async scanFile(file: SourceFile, options: ScanOptions = {}): Promise<FileScan> {
    const prepared = this.prepareFile(file, options);
    return prepared.job ? this.parseFile(prepared.job) : prepared.scan;
  }

  /**
   * The cheap half of scanFile, with no parser involved: reads the bytes, applies the size, binary,
   * UTF-8, prefilter and minified rules, and says either what the file scanned to (not parsed) or
   * what is left to parse. Split out so a host can run this half as it reads files and hand the
   * parse jobs to other threads (see src/node/scanPool.ts); parseFile(job) is the other half.
   */
  prepareFile(file: SourceFile, options: ScanOptions = {}): PreparedFile {
    return prepareSource(file, options);
  }

  /** Parses and describes one file that passed prepareFile. Never throws: failures are the file's error. */
  async parseFile(job: ParseJob): Promise<FileScan> {
    if (isTreeSitterLanguage(job.language)) return this.treeSitter.parse(job);
    try {
      return fileScanOf(job, scanTypeScriptSource(job.path, job.text, job.language));
    } catch (e) {
      return failedScan(job, e);
    }
  }

  /** Scans many files; the order of call sites follows the order of files. */
  async scanAll(root: string, files: Iterable<SourceFile> | AsyncIterable<SourceFile>, options: ScanOptions & { now?: () => number; signal?: AbortSignal } = {}): Promise<ScanResult> {
    const now = options.now ?? (() => Date.now());
    const t0 = now();
    const result = emptyResult(root);
    for await (const file of files) {
      if (options.signal?.aborted) break;
      addFileScan(result, await this.scanFile(file, options));
    }
    result.stats.ms = Math.round(now() - t0);
    return result;
  }
}
