// What a language scanner hands back before IDs are assigned.
import type { CallSite, ScanError } from '../callsite';

export type RawCallSite = Omit<CallSite, 'id' | 'path' | 'language' | 'legacyId'> & {
  /** The enclosing named scope (outermost first, dot-joined; '' at the top level), for the stable ID. */
  scope: string;
  /** The call expression's source text, for the ID earlier releases gave it (cases files migrate from it). */
  callText: string;
};

export interface RawFileScan {
  callSites: RawCallSite[];
  /** A syntax error is reported but what could be recovered is still returned. */
  error: ScanError | null;
}
