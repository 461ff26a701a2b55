// Placeholder until the Python scanner lands.
import type { GrammarLoader } from '../index';
import type { RawFileScan } from '../raw';

export interface PythonScanner {
  scan(path: string, text: string): RawFileScan;
}

export async function createPythonScanner(_loadGrammar: GrammarLoader): Promise<PythonScanner> {
  return { scan: () => ({ callSites: [], error: null }) };
}
