// promptshift scan [DIR] [--json] [--include GLOB]... [--exclude GLOB]...
import { resolve } from 'node:path';
import type { ScanResult } from '../../core/callsite';
import { parseFlags } from '../args';
import { scanWorkspacePooled } from '../../node/scanPool';
import { followModelsOnDisk } from '../../node/modelFlow';
import { EXIT_OK, type CliIo } from '../io';
import { formatInventory } from '../format/inventory';
import { lifecycleAnnotator, todayIso } from '../format/modelNotes';
import { warnOrphans } from '../format/orphans';
import { orphanedCasesFiles, readCaseLinks } from '../../node/replayInputs';

export async function scanDirectory(root: string, include: string[] = [], exclude: string[] = []): Promise<ScanResult> {
  // Parses in worker threads when the workspace has enough to parse; in-process otherwise. Then
  // models that are not literals are followed across files and configuration.
  const result = await scanWorkspacePooled(root, { include, exclude });
  await followModelsOnDisk(result, { include, exclude });
  return result;
}

export const FLAGS = {
  json: { type: 'boolean' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
} as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  const root = resolve(io.cwd, positionals[0] ?? '.');
  io.stderr(`Scanning ${root}…\n`);
  const result = await scanDirectory(root, values.include ?? [], values.exclude ?? []);
  if (values.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
  else io.stdout(formatInventory(result, lifecycleAnnotator(todayIso(io.env))));
  warnOrphans(io, await orphanedCasesFiles(root, result.callSites, (await readCaseLinks(root)).links));
  io.stderr(`${result.callSites.length} call sites in ${result.stats.parsedFiles} parsed of ${result.stats.files} files (${result.stats.ms} ms)${result.errors.length ? `, ${result.errors.length} files with errors` : ''}\n`);
  return EXIT_OK;
}
