// Writes exported files into a folder by their names (created as needed).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFile } from '../../core/canary/export/index';

export async function writeExport(files: readonly ExportFile[], dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    await writeFile(path, f.content);
    written.push(path);
  }
  return written;
}
