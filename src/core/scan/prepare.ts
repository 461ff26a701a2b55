// The cheap half of scanning a file, with no parser involved: decode the bytes, apply the size,
// binary, UTF-8, prefilter and minified rules, and say either what the file scanned to (not parsed)
// or what is left to parse. Apart from index.ts (which brings in the TypeScript compiler) so a scan
// worker can read and prefilter files itself.
import type { ScanError } from '../callsite';
import { decodeSource, languageOf, looksMinified, mightContainCallSite, mightHoldScriptCall } from './files';
import type { FileScan, ParseJob } from './jobs';

export interface SourceFile {
  /** Relative to the scanned root, forward slashes. */
  path: string;
  content: Uint8Array | string;
  /** Set when the file could not be read; the scan reports it instead of parsing. */
  readError?: string;
}

/** prepareFile's answer: the file's final scan, or the job of parsing it. */
export type PreparedFile = { scan: FileScan; job?: undefined } | { job: ParseJob; scan?: undefined };

export interface ScanOptions {
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 2_000_000;

/** The cheap half of ScanEngine.scanFile; ScanEngine.parseFile(job) is the other. */
export function prepareSource(file: SourceFile, options: ScanOptions = {}): PreparedFile {
  const language = languageOf(file.path);
  const none = (error: ScanError | null): PreparedFile => ({ scan: { path: file.path, callSites: [], error, parsed: false } });
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
  if (!mightContainCallSite(text) || !mightHoldScriptCall(language, text) || looksMinified(file.path, text)) return none(null);
  return { job: { path: file.path, language, text } };
}
