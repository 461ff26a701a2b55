// What a language scanner hands back before IDs are assigned.
import type { CallSite, ModelHop, ScanError } from '../callsite';

export type RawCallSite = Omit<CallSite, 'id' | 'path' | 'language' | 'legacyId' | 'modelSource'> & {
  /**
   * How modelResolved was found; scanners that do not trace their hops leave it out and get one hop
   * at the literal that holds the id (see sourceLines.ts).
   */
  modelSource?: ModelHop[];
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
