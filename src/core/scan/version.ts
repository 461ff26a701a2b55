// What a persistent scan index (src/node/scanIndex.ts) keys its entries by, besides each file's
// path, size and modification time: a file's scan may be reused only by the scanner that made it.

/**
 * Bump on ANY change to what a file scans to: call sites, their ids, errors, the prefilter, the
 * skip rules. An index written by another version is thrown away whole, never read.
 * test/unit/scan/scannerVersion.test.ts fails when src/core/scan changes and this number does not.
 */
export const SCANNER_VERSION = 12;
