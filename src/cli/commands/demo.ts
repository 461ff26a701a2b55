// promptshift demo: the whole flow on the bundled sample workspace, with no key and no network.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT_BAD_INPUT, EXIT_OK, type CliIo } from '../io';
import { formatInventory } from '../format/inventory';
import { lifecycleAnnotator } from '../format/modelNotes';
import { scanDirectory } from './scan';

export function findSampleWorkspace(io: CliIo): string | null {
  const candidates = [
    io.env.PROMPTSHIFT_SAMPLE_WORKSPACE,
    resolve(__dirname, '..', 'examples', 'sample-workspace'),
    resolve(__dirname, '..', '..', 'examples', 'sample-workspace'),
    resolve(io.cwd, 'examples', 'sample-workspace'),
  ];
  return candidates.find((c): c is string => !!c && existsSync(join(c, 'README.md'))) ?? null;
}

export async function run(_argv: string[], io: CliIo): Promise<number> {
  const root = findSampleWorkspace(io);
  if (!root) {
    io.stderr('promptshift demo: cannot find examples/sample-workspace (set PROMPTSHIFT_SAMPLE_WORKSPACE)\n');
    return EXIT_BAD_INPUT;
  }
  io.stdout(`== 1. Inventory of ${root}\n\n`);
  const result = await scanDirectory(root);
  io.stdout(formatInventory(result, lifecycleAnnotator()));
  io.stdout(`\n${result.callSites.length} call sites in ${result.stats.files} files (${result.stats.ms} ms).\n`);
  return EXIT_OK;
}
