// Writes exported files (rollout plans) into a folder by their names, creating it: the CLI's
// `canary --out DIR/` and the editor's export share it.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFile } from '../core/canary/export/index';

export async function writeFilesInto(files: readonly ExportFile[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    await writeFile(path, f.content);
    written.push(path);
  }
  return written;
}
