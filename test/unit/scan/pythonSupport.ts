// Shared set-up for the Python scanner tests: one scanner per process (the runtime is a singleton).
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { createPythonScanner, type PythonScanner } from '../../../src/core/scan/python/scanPy';
import type { RawCallSite } from '../../../src/core/scan/raw';

let scanner: Promise<PythonScanner> | undefined;

export function pythonScanner(): Promise<PythonScanner> {
  scanner ??= createPythonScanner(nodeGrammarLoader());
  return scanner;
}

/** Scans a snippet and returns its call sites (throws on nothing: errors are data). */
export async function sites(text: string, path = 'snippet.py'): Promise<RawCallSite[]> {
  return (await pythonScanner()).scan(path, text).callSites;
}
