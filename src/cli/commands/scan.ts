// promptshift scan [DIR] [--json] [--include GLOB]... [--exclude GLOB]...
import { resolve } from 'node:path';
import type { CallSite, ScanResult } from '../../core/callsite';
import { parseFlags } from '../args';
import { flowList, followModelsCached, followModelsOnDisk } from '../../node/modelFlow';
import { checkFlow, makeCacheFolder } from '../../node/flowCache';
import { scanWorkspaceIndexed, type IndexedScan, type IndexUse } from '../../node/indexedScan';
import { answerOf, readScanAnswer, resultJson, saveScanAnswer, scanAnswerKey, type ScanAnswer } from '../../node/scanAnswer';
import type { WalkOptions } from '../../node/walk';
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
  const t0 = Date.now();
  makeCacheFolder(root);
  // Models that are not literals are followed across files and configuration (from its own cache
  // while nothing it read changed). PROMPTSHIFT_MODEL_FLOW=off skips the pass: benchmarks measure its cost.
  const followModels = io.env.PROMPTSHIFT_MODEL_FLOW !== 'off';
  // What `scan --json` printed, when the index answers every file and nothing the model pass read
  // changed: printed without building a call site (node/scanAnswer.ts).
  const compactJson = values.json === true && !io.stdoutIsTerminal;
  const scan = await scanWorkspaceIndexed(root, walk, { answer: compactJson && followModels ? (walked) => storedAnswer(root, walk, walked) : undefined });
  if (scan.answered) {
    const { answer, flowMs } = scan.answered;
    const ms = Date.now() - t0;
    printBytes(io, resultJson(root, answer, ms));
    await report(io, root, { sites: answer.sites, parsedFiles: answer.parsedFiles, files: answer.files, errors: answer.errors, ms }, answer.ids.map((id) => ({ id })), scan.index, flowMs);
    return EXIT_OK;
  }
  const { result, index, walked } = scan;
  const flow = followModels ? await followModelsCached(result, walk, walked) : null;
  // Kept for the next `scan --json` when this one's index and flow cache can vouch for it then.
  const digest = walked.answers?.digest;
  const answer = values.json && flow?.seal && digest !== undefined ? answerOf(result) : undefined;
  if (answer) saveScanAnswer(root, scanAnswerKey(root, walk, digest!, flow!.seal!), answer);
  if (values.json && answer && compactJson) printBytes(io, resultJson(root, answer, result.stats.ms));
  else if (values.json) io.stdout(jsonText(io, result));
  else io.stdout(formatInventory(result, lifecycleAnnotator(todayIso(io.env))));
  const { stats } = result;
  await report(io, root, { sites: result.callSites.length, parsedFiles: stats.parsedFiles, files: stats.files, errors: result.errors.length, ms: stats.ms }, result.callSites, index, flow?.stats.ms);
  return EXIT_OK;
}

/** The stored answer of this walk, when its index and the model pass's cache vouch for it. */
function storedAnswer(root: string, walk: WalkOptions, walked: IndexedScan['walked']): { answer: ScanAnswer; flowMs: number } | undefined {
  const t0 = Date.now();
  const digest = walked.answers?.digest;
  if (digest === undefined) return undefined;
  // Only the index can vouch here (no call sites to check the cache against): a cache it does not vouch for is no answer.
  const flow = checkFlow(root, undefined, walk.exclude ?? [], flowList(root, walk, walked), walked);
  const answer = flow && readScanAnswer(root, scanAnswerKey(root, walk, digest, flow.seal));
  return answer && { answer, flowMs: Date.now() - t0 };
}

interface Counts { sites: number; parsedFiles: number; files: number; errors: number; ms: number }

/** Orphaned cases files, and the summary line, on stderr. */
async function report(io: CliIo, root: string, counts: Counts, sites: readonly Pick<CallSite, 'id' | 'legacyId'>[], index: IndexUse | undefined, flowMs: number | undefined): Promise<void> {
  warnOrphans(io, await orphanedCasesFiles(root, sites, (await readCaseLinks(root)).links));
  io.stderr(`${counts.sites} call sites in ${counts.parsedFiles} parsed of ${counts.files} files (${counts.ms} ms${indexNote(index)}${flowMs !== undefined ? `, models followed in ${flowMs} ms` : ''})${counts.errors ? `, ${counts.errors} files with errors` : ''}\n`);
  if (index?.discarded) io.stderr(`note: ${index.discarded}: the scan index was rebuilt\n`);
  if (index?.writeError) io.stderr(`note: could not write the scan index: ${index.writeError}\n`);
}

function printBytes(io: CliIo, bytes: Buffer): void {
  if (io.stdoutBytes) io.stdoutBytes(bytes);
  else io.stdout(bytes.toString('utf8'));
}

function indexNote(index: IndexUse | undefined): string {
  return index && index.fromIndex ? `; ${index.fromIndex} unchanged files from the scan index` : '';
}
