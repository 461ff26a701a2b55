// What the scan's two halves exchange: a file that passed the prefilter (ParseJob) and what parsing
// it gives (FileScan), plus the tree-sitter half on its own (Python, Go, Java, C#). Kept apart from
// index.ts, which brings in the TypeScript compiler, so a thread that parses only tree-sitter
// languages (src/node/scanWorker.ts) loads tree-sitter and nothing else. Pure, like the rest of
// core/scan.
import type { CallSite, Language, ScanError } from '../callsite';
import { assignCallSiteIds, legacyStableIds } from './stableId';
import type { RawCallSite, RawFileScan } from './raw';
import { isTreeSitterLanguage, type TreeSitterLanguage } from './files';
import type { GrammarLoader, TreeSitterScanner } from './common/treeSitter';
import { createPythonScanner } from './python/scanPy';
import { createGoScanner } from './go/scanGo';
import { createJavaScanner } from './java/scanJava';
import { createCSharpScanner } from './csharp/scanCSharp';
import { defaultModelSource, SourceLines } from './flow/hops';

export { GRAMMAR_FILES } from './common/treeSitter';
export { isTreeSitterLanguage, type TreeSitterLanguage } from './files';
export type { GrammarLoader, GrammarName } from './common/treeSitter';

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

/** Each tree-sitter language's scanner, made on its first file so a scan loads only the grammars it needs. */
const TREE_SITTER_SCANNERS: Record<TreeSitterLanguage, (loadGrammar: GrammarLoader) => Promise<TreeSitterScanner>> = {
  py: createPythonScanner,
  go: createGoScanner,
  java: createJavaScanner,
  cs: createCSharpScanner,
};

/** A language scanner's answer as the file's scan: stable IDs assigned, path and language filled in. */
export function fileScanOf(job: ParseJob, raw: RawFileScan): FileScan {
  const { callSites, problems } = finalise(job, raw.callSites);
  return { path: job.path, callSites, error: raw.error ?? problems[0] ?? null, parsed: true };
}

/** A scanner bug must not take the whole scan down: it is reported against the file. */
export function failedScan(job: ParseJob, e: unknown): FileScan {
  const error = { path: job.path, message: `scanner failed: ${e instanceof Error ? e.message : String(e)}` };
  return { path: job.path, callSites: [], error, parsed: true };
}

/** Parses the jobs of tree-sitter languages. Each grammar is loaded on its language's first job. Never rejects. */
export class TreeSitterJobParser {
  private readonly scanners = new Map<TreeSitterLanguage, Promise<TreeSitterScanner>>();
  /**
   * Scanners whose grammar has loaded. Parsing with one happens before parse() returns, not on a
   * later tick: a caller that starts many parses in a row (the scan pool's calling thread) must do
   * the work as it goes, or it all lands at the end, after the thread has stopped taking files.
   */
  private readonly ready = new Map<TreeSitterLanguage, TreeSitterScanner>();

  constructor(private readonly loadGrammar: GrammarLoader) {}

  async parse(job: ParseJob): Promise<FileScan> {
    const { language } = job;
    if (!isTreeSitterLanguage(language)) return failedScan(job, `${language} is not a tree-sitter language`);
    try {
      const ready = this.ready.get(language);
      if (ready) return fileScanOf(job, ready.scan(job.path, job.text));
      let scanner = this.scanners.get(language);
      if (!scanner) {
        const loading = TREE_SITTER_SCANNERS[language](this.loadGrammar);
        scanner = loading;
        this.scanners.set(language, loading);
        // A grammar that failed to load (a read error, a file being replaced) is tried again by the
        // next file of its language rather than failing every one of them for the pool's lifetime.
        loading.catch(() => { if (this.scanners.get(language) === loading) this.scanners.delete(language); });
      }
      const loaded = await scanner;
      this.ready.set(language, loaded);
      return fileScanOf(job, loaded.scan(job.path, job.text));
    } catch (e) {
      return failedScan(job, e);
    }
  }
}

function finalise(job: ParseJob, raw: RawCallSite[]): { callSites: CallSite[]; problems: ScanError[] } {
  const { path, language } = job;
  if (raw.length === 0) return { callSites: [], problems: [] };
  const { ids, problems } = assignCallSiteIds(path, job.text, raw);
  const legacy = legacyStableIds(path, raw.map((r) => r.callText));
  const lines = new SourceLines(path, () => job.text);
  const callSites = raw.map((r, i) => {
    const { callText: _callText, scope: _scope, modelSource, ...site } = r;
    const out: CallSite = { id: ids[i], path, language, ...site, modelSource: modelSource ?? defaultModelSource(site, lines) };
    if (legacy[i] !== ids[i]) out.legacyId = legacy[i];
    return out;
  });
  return { callSites, problems };
}
