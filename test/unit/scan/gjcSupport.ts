// Shared set-up for the Go, Java and C# scanner tests: grammars straight from node_modules, one
// scanner per language per process, and the corpus walk + scoring the three corpus tests share.
import { readFile } from 'node:fs/promises';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES, REPO_ROOT } from '../support/paths';
import { createGoScanner } from '../../../src/core/scan/go/scanGo';
import { createJavaScanner } from '../../../src/core/scan/java/scanJava';
import { createCSharpScanner } from '../../../src/core/scan/csharp/scanCSharp';
import type { RawCallSite, RawFileScan } from '../../../src/core/scan/raw';
import { scoreCallSites, type Label, type Reported, type Score } from './score';

export interface Scanner { scan(path: string, text: string): RawFileScan }

const WASM_DIR = join(REPO_ROOT, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');

export async function loadGrammar(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(join(WASM_DIR, name)));
}

const scanners = new Map<string, Promise<Scanner>>();

export function scannerFor(lang: 'go' | 'java' | 'csharp'): Promise<Scanner> {
  let s = scanners.get(lang);
  if (!s) {
    s = lang === 'go' ? createGoScanner(loadGrammar) : lang === 'java' ? createJavaScanner(loadGrammar) : createCSharpScanner(loadGrammar);
    scanners.set(lang, s);
  }
  return s;
}

export async function sitesOf(lang: 'go' | 'java' | 'csharp', text: string, path = 'snippet'): Promise<RawCallSite[]> {
  return (await scannerFor(lang)).scan(path, text).callSites;
}

function filesUnder(root: string, ext: string, dir = root, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(root, ext, p, out);
    else if (name.endsWith(ext)) out.push(relative(root, p).split('\\').join('/'));
  }
  return out.sort();
}

/** One file's call sites (what the scorer reads of them) and error, however it was scanned. */
export type FileScanner = (path: string, text: string) => Promise<{
  callSites: readonly Pick<RawCallSite, 'line' | 'api' | 'model' | 'modelResolved'>[];
  error: RawFileScan['error'];
}>;

export interface CorpusScore { score: Score; labels: Label[]; files: number; errors: string[] }

/** Scans a fixture corpus (test/fixtures/scan/<dir>) file by file and scores it against its labels.json. */
export async function scoreCorpusWith(scanFile: FileScanner, dir: string, ext: string): Promise<CorpusScore> {
  const root = join(FIXTURES, 'scan', dir);
  const labels: Label[] = JSON.parse(readFileSync(join(root, 'labels.json'), 'utf8'));
  const reported: Reported[] = [];
  const errors: string[] = [];
  const files = filesUnder(root, ext);
  for (const path of files) {
    const result = await scanFile(path, readFileSync(join(root, path), 'utf8'));
    if (result.error) errors.push(`${path}: ${result.error.message}`);
    for (const s of result.callSites) reported.push({ path, line: s.line, api: s.api, model: s.model, modelResolved: s.modelResolved });
  }
  return { score: scoreCallSites(labels, reported), labels, files: files.length, errors };
}

/** The language's scanner alone, without the engine's prefilter. */
export async function scoreCorpus(lang: 'go' | 'java' | 'csharp', dir: string, ext: string): Promise<CorpusScore> {
  const scanner = await scannerFor(lang);
  return scoreCorpusWith(async (path, text) => scanner.scan(path, text), dir, ext);
}
