// The scanner's front door: source text in, call sites out. Pure: callers read files and load
// grammar bytes; nothing here touches fs. A file never makes the scan throw: its failure is a
// ScanError in the result.
import type { CallSite, Language, ScanError, ScanResult } from '../callsite';
import { decodeSource, languageOf, looksMinified, mightContainCallSite } from './files';
import { assignStableIds } from './stableId';
import type { RawCallSite } from './raw';
import { scanTypeScriptSource } from './ts/scanTs';
import { createPythonScanner, type PythonScanner } from './python/scanPy';

export { languageOf, mightContainCallSite, PREFILTER_SOURCE, ALWAYS_SKIPPED_DIRS } from './files';

export interface SourceFile {
  /** Relative to the scanned root, forward slashes. */
  path: string;
  content: Uint8Array | string;
  /** Set when the file could not be read; the scan reports it instead of parsing. */
  readError?: string;
}

export interface FileScan {
  path: string;
  callSites: CallSite[];
  error: ScanError | null;
  /** False when the prefilter or a skip rule meant the file was never parsed. */
  parsed: boolean;
}

export type GrammarName = 'tree-sitter.wasm' | 'tree-sitter-python.wasm';
export type GrammarLoader = (name: GrammarName) => Promise<Uint8Array>;

export interface ScanOptions {
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 2_000_000;

export class ScanEngine {
  private python: Promise<PythonScanner> | undefined;

  constructor(private readonly loadGrammar: GrammarLoader) {}

  /** Scans one file. Python's parser is created on the first Python file that passes the prefilter. */
  async scanFile(file: SourceFile, options: ScanOptions = {}): Promise<FileScan> {
    const language = languageOf(file.path);
    const none = (error: ScanError | null, parsed = false): FileScan => ({ path: file.path, callSites: [], error, parsed });
    if (!language) return none(null);
    if (file.readError) return none({ path: file.path, message: `unreadable: ${file.readError}` });
    let text: string;
    if (typeof file.content === 'string') {
      text = file.content;
      if (text.length > (options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) {
        return none({ path: file.path, message: `skipped: ${text.length} characters is over the size limit` });
      }
    } else {
      const decoded = decodeSource(file.content, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
      if (!decoded.ok) return none({ path: file.path, message: decoded.message });
      text = decoded.text;
    }
    if (!mightContainCallSite(text) || looksMinified(file.path, text)) return none(null);
    try {
      const raw = language === 'py'
        ? (await this.pythonScanner()).scan(file.path, text)
        : scanTypeScriptSource(file.path, text, language);
      return { path: file.path, callSites: finalise(file.path, language, raw.callSites), error: raw.error, parsed: true };
    } catch (e) {
      // A scanner bug must not take the whole scan down: report it against the file.
      return none({ path: file.path, message: `scanner failed: ${e instanceof Error ? e.message : String(e)}` }, true);
    }
  }

  /** Scans many files; the order of call sites follows the order of files. */
  async scanAll(root: string, files: Iterable<SourceFile> | AsyncIterable<SourceFile>, options: ScanOptions & { now?: () => number; signal?: AbortSignal } = {}): Promise<ScanResult> {
    const now = options.now ?? (() => Date.now());
    const t0 = now();
    const result: ScanResult = { version: 1, root, callSites: [], stats: { files: 0, parsedFiles: 0, ms: 0 }, errors: [] };
    for await (const file of files) {
      if (options.signal?.aborted) break;
      const scanned = await this.scanFile(file, options);
      result.stats.files++;
      if (scanned.parsed) result.stats.parsedFiles++;
      if (scanned.error) result.errors.push(scanned.error);
      result.callSites.push(...scanned.callSites);
    }
    result.stats.ms = Math.round(now() - t0);
    return result;
  }

  private pythonScanner(): Promise<PythonScanner> {
    this.python ??= createPythonScanner(this.loadGrammar);
    return this.python;
  }
}

function finalise(path: string, language: Language, raw: RawCallSite[]): CallSite[] {
  const ids = assignStableIds(path, raw.map((r) => r.callText));
  return raw.map((r, i) => {
    const { callText: _callText, ...site } = r;
    return { id: ids[i], path, language, ...site };
  });
}
