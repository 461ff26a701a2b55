// Assembling a ScanResult from file scans, apart from the parsers so a thread or bundle that only
// collects results (the scan pool in the extension host) does not load them.
import type { ScanResult } from '../callsite';
import type { FileScan } from './jobs';

export function emptyResult(root: string): ScanResult {
  return { version: 1, root, callSites: [], stats: { files: 0, parsedFiles: 0, ms: 0 }, errors: [] };
}

/** Adds one file's scan to a result: scans must be added in file order for a deterministic result. */
export function addFileScan(result: ScanResult, scanned: FileScan): void {
  result.stats.files++;
  if (scanned.parsed) result.stats.parsedFiles++;
  if (scanned.error) result.errors.push(scanned.error);
  for (const site of scanned.callSites) result.callSites.push(site);
}
