// Run ids, shared by the CLI and the extension.
import { randomBytes } from 'node:crypto';

/** Sortable, unique enough for one workspace: 2025-01-31T12-00-00Z-a1b2c3. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}-${randomBytes(3).toString('hex')}`;
}
