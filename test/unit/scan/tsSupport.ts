// Shared by the scanner tests: run the TypeScript scanner over a fixture tree as the engine would
// (extension → language, prefilter), without the engine's tree-sitter side.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CallSite } from '../../../src/core/callsite';
import { languageOf, mightContainCallSite } from '../../../src/core/scan/files';
import { fileScanOf, isTreeSitterLanguage } from '../../../src/core/scan/jobs';
import { scanTypeScriptSource } from '../../../src/core/scan/ts/scanTs';
import type { RawFileScan } from '../../../src/core/scan/raw';

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) stack.push(p);
      else out.push(p);
    }
  }
  return out.sort();
}

/** Scans one source text as the engine does, IDs included. */
export function scanText(path: string, text: string): { sites: CallSite[]; error: RawFileScan['error'] } {
  const language = languageOf(path);
  if (!language || isTreeSitterLanguage(language)) return { sites: [], error: null };
  const raw = scanTypeScriptSource(path, text, language);
  const scanned = fileScanOf({ path, language, text }, raw);
  return { sites: scanned.callSites, error: raw.error };
}

/** Every call site in a fixture tree, paths relative to it. */
export function scanTree(root: string): CallSite[] {
  const sites: CallSite[] = [];
  for (const file of listFiles(root)) {
    const path = relative(root, file).split('\\').join('/');
    const language = languageOf(path);
    if (!language || isTreeSitterLanguage(language)) continue;
    const text = readFileSync(file, 'utf8');
    if (!mightContainCallSite(text)) continue;
    sites.push(...scanText(path, text).sites);
  }
  return sites;
}
