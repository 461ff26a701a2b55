// Placeholder until the TypeScript/JavaScript scanner lands.
import type { Language } from '../../callsite';
import type { RawFileScan } from '../raw';

export function scanTypeScriptSource(_path: string, _text: string, _language: Exclude<Language, 'py'>): RawFileScan {
  return { callSites: [], error: null };
}
