// What the scan's two halves exchange: a file that passed the prefilter (ParseJob) and what parsing
// it gives (FileScan), plus the Python half on its own. Kept apart from index.ts, which brings in
// the TypeScript compiler, so a thread that parses only Python (src/cli/scanWorker.ts) loads
// tree-sitter and nothing else. Pure, like the rest of core/scan.
import type { CallSite, Language, ScanError } from '../callsite';
import { assignStableIds } from './stableId';
import type { RawCallSite, RawFileScan } from './raw';
import { createPythonScanner, type PythonScanner } from './python/scanPy';
import type { GrammarLoader } from './common/treeSitter';

export interface FileScan {
  path: string;
  callSites: CallSite[];
  error: ScanError | null;
  /** False when the prefilter or a skip rule meant the file was never parsed. */
  parsed: boolean;
}

/** A file that passed the prefilter: what is left to do is parsing it. */
export interface ParseJob {
  path: string;
  language: Language;
  text: string;
}

export type { GrammarLoader, GrammarName } from './common/treeSitter';

/** A language scanner's answer as the file's scan: stable IDs assigned, path and language filled in. */
export function fileScanOf(job: ParseJob, raw: RawFileScan): FileScan {
  return { path: job.path, callSites: finalise(job.path, job.language, raw.callSites), error: raw.error, parsed: true };
}

/** A scanner bug must not take the whole scan down: it is reported against the file. */
export function failedScan(job: ParseJob, e: unknown): FileScan {
  const error = { path: job.path, message: `scanner failed: ${e instanceof Error ? e.message : String(e)}` };
  return { path: job.path, callSites: [], error, parsed: true };
}

/** Parses Python jobs. The tree-sitter parser is created on the first job. Never rejects. */
export class PythonJobParser {
  private scanner: Promise<PythonScanner> | undefined;

  constructor(private readonly loadGrammar: GrammarLoader) {}

  async parse(job: ParseJob): Promise<FileScan> {
    try {
      this.scanner ??= createPythonScanner(this.loadGrammar);
      return fileScanOf(job, (await this.scanner).scan(job.path, job.text));
    } catch (e) {
      return failedScan(job, e);
    }
  }
}

function finalise(path: string, language: Language, raw: RawCallSite[]): CallSite[] {
  const ids = assignStableIds(path, raw.map((r) => r.callText));
  return raw.map((r, i) => {
    const { callText: _callText, ...site } = r;
    return { id: ids[i], path, language, ...site };
  });
}
