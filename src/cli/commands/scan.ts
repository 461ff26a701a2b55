// promptshift scan [DIR] [--json] [--include GLOB]... [--exclude GLOB]...
import { resolve } from 'node:path';
import type { ScanResult } from '../../core/callsite';
import { parseFlags } from '../args';
import { followModelsOnDisk } from '../../node/modelFlow';
import { makeCacheFolder } from '../../node/flowCache';
import { scanWorkspaceIndexed, type IndexUse } from '../../node/indexedScan';
import { EXIT_OK, jsonText, type CliIo } from '../io';
import { formatInventory } from '../format/inventory';
import { lifecycleAnnotator, todayIso } from '../format/modelNotes';
import { warnOrphans } from '../format/orphans';
import { orphanedCasesFiles, readCaseLinks } from '../../node/replayInputs';

export async function scanDirectory(root: string, include: string[] = [], exclude: string[] = []): Promise<ScanResult> {
  // Files unchanged since the last scan come from the scan index, the rest are parsed; then models
  // that are not literals are followed across files and configuration (its answer is reused only
  // while every file it read, .env and configuration included, is unchanged: node/flowCache.ts).
  makeCacheFolder(root);
  const { result, walked } = await scanWorkspaceIndexed(root, { include, exclude });
  await followModelsOnDisk(result, { include, exclude }, walked);
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
  // Parses in worker threads when the workspace has enough to parse, and reads no file that the
  // scan index (.promptshift/cache/scan-index.json) already knows unchanged.
  const walk = { include: values.include ?? [], exclude: values.exclude ?? [] };
  makeCacheFolder(root);
  const { result, index, walked } = await scanWorkspaceIndexed(root, walk);
  // Models that are not literals, followed across files and configuration (from its own cache while
  // nothing it read changed). PROMPTSHIFT_MODEL_FLOW=off skips the pass: benchmarks measure its cost.
  const flow = io.env.PROMPTSHIFT_MODEL_FLOW === 'off' ? null : await followModelsOnDisk(result, walk, walked);
  if (values.json) io.stdout(jsonText(io, result));
  else io.stdout(formatInventory(result, lifecycleAnnotator(todayIso(io.env))));
  warnOrphans(io, await orphanedCasesFiles(root, result.callSites, (await readCaseLinks(root)).links));
  io.stderr(`${result.callSites.length} call sites in ${result.stats.parsedFiles} parsed of ${result.stats.files} files (${result.stats.ms} ms${indexNote(index)}${flow ? `, models followed in ${flow.ms} ms` : ''})${result.errors.length ? `, ${result.errors.length} files with errors` : ''}\n`);
  if (index?.discarded) io.stderr(`note: ${index.discarded}: the scan index was rebuilt\n`);
  if (index?.writeError) io.stderr(`note: could not write the scan index: ${index.writeError}\n`);
  return EXIT_OK;
}

function indexNote(index: IndexUse | undefined): string {
  return index && index.fromIndex ? `; ${index.fromIndex} unchanged files from the scan index` : '';
}
