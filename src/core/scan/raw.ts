// What a language scanner hands back before IDs are assigned.
import type { CallSite, ScanError } from '../callsite';

export type RawCallSite = Omit<CallSite, 'id' | 'path' | 'language'> & {
  /** The call expression's source text, for the stable ID. */
  callText: string;
};

export interface RawFileScan {
  callSites: RawCallSite[];
  /** A syntax error is reported but what could be recovered is still returned. */
  error: ScanError | null;
}
