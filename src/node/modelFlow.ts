// The cross-file model pass (core/scan/flow) on local disk, for the CLI and the editor: files are
// read synchronously, and a directory is listed once so that looking for `.env`, config and module
// files that do not exist costs no failed open each time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CallSite, ScanResult } from '../core/callsite';
import type { FlowFiles, FlowStats } from '../core/scan/flow/index';
import type { GrammarLoader } from '../core/scan/common/treeSitter';
import { nodeGrammarLoader } from './grammarLoader';
import { walkPaths, type WalkOptions } from './walk';
import type { IndexedScan } from './indexedScan';
import { cachedFlow, RecordingFlowFiles, restampFlow, saveFlow, sitesBefore } from './flowCache';

/** Files over this size are not configuration or source the pass would read. */
const MAX_FLOW_FILE_BYTES = 2_000_000;

export class DiskFlowFiles implements FlowFiles {
  private readonly dirs = new Map<string, Set<string> | null>();

  /** `overlay`: texts that win over the disk (the editor's open, unsaved documents). */
  constructor(private readonly root: string, private readonly listPaths: () => readonly string[], private readonly overlay: (rel: string) => string | undefined = () => undefined) {}

  read(rel: string): string | null {
    const open = this.overlay(rel);
    if (open !== undefined) return open;
    const slash = rel.lastIndexOf('/');
    const names = this.listing(slash < 0 ? '' : rel.slice(0, slash));
    if (!names || !names.has(slash < 0 ? rel : rel.slice(slash + 1))) return null;
    try {
      const full = join(this.root, rel);
      if (statSync(full).size > MAX_FLOW_FILE_BYTES) return null;
      return readFileSync(full, 'utf8');
    } catch {
      return null;
    }
  }

  paths(): readonly string[] {
    return this.listPaths();
  }

  private listing(dir: string): Set<string> | null {
    let names = this.dirs.get(dir);
    if (names === undefined) {
      try {
        names = new Set(readdirSync(join(this.root, dir)));
      } catch {
        names = null;
      }
      this.dirs.set(dir, names);
    }
    return names;
  }
}

/**
 * Runs the pass over a scan's call sites (in place). The module list is the workspace's walk, taken
 * only if needed. Its answer is kept in .promptshift/cache/flow-cache.json (flowCache.ts) and reused
 * while nothing it read has changed: then the scanner is not even loaded.
 */
export async function followModelsOnDisk(result: ScanResult, walk: WalkOptions = {}, scanned?: IndexedScan['walked']): Promise<FlowStats> {
  return (await followModelsCached(result, walk, scanned)).stats;
}

/** followModelsOnDisk, and the seal of the flow cache that holds this answer (none when it could not be kept). */
export async function followModelsCached(result: ScanResult, walk: WalkOptions = {}, scanned?: IndexedScan['walked']): Promise<{ stats: FlowStats; seal: string | undefined }> {
  const t0 = Date.now();
  const exclude = walk.exclude ?? [];
  const listPaths = flowList(result.root, walk, scanned);
  const cached = cachedFlow(result.root, result.callSites, exclude, listPaths, scanned);
  if (cached) {
    result.callSites.splice(0, result.callSites.length, ...cached.after);
    return { stats: { ...cached.stats, ms: Date.now() - t0 }, seal: restampFlow(result.root, cached.check, scanned) };
  }
  const before = sitesBefore(result.callSites);
  const files = new RecordingFlowFiles(result.root, new DiskFlowFiles(result.root, listPaths), t0);
  const stats = await runFlow(result.callSites, files, nodeGrammarLoader());
  return { stats, seal: saveFlow(result.root, before, exclude, files, result.callSites, stats, scanned) };
}

/** The pass's list of source files: the walk without --include (the scan's own when it had none), taken once and only if asked for. */
export function flowList(root: string, walk: WalkOptions, scanned?: IndexedScan['walked']): () => readonly string[] {
  let listed: readonly string[] | null = scanned && !walk.include?.length ? scanned.paths : null;
  return () => (listed ??= [...walkPaths(root, { exclude: walk.exclude ?? [] })]);
}

/** The pass over call sites of a folder on disk (in place); `overlay` gives open documents' unsaved text. */
export async function followModels(root: string, sites: CallSite[], listPaths: () => readonly string[], overlay?: (rel: string) => string | undefined, loadGrammar: GrammarLoader = nodeGrammarLoader()): Promise<FlowStats> {
  return runFlow(sites, new DiskFlowFiles(root, listPaths, overlay), loadGrammar);
}

async function runFlow(sites: CallSite[], files: FlowFiles, loadGrammar: GrammarLoader): Promise<FlowStats> {
  // Every model a literal (the common case): the pass would change nothing, so the scanner — and
  // with it the TypeScript compiler, ~1 s of a replay's start-up — is not loaded for it.
  if (!sites.some((s) => s.model === null)) {
    for (const site of sites) if (site.modelSource.some((h) => h.follow)) site.modelSource = site.modelSource.map(({ follow: _f, ...h }) => h);
    return { followed: 0, byDotenv: 0, continued: 0, retraced: 0, files: 0, ms: 0 };
  }
  const { resolveModelFlow } = await import('../core/scan/index.js');
  return resolveModelFlow(sites, files, { loadGrammar });
}

/** The model pass over a folder's call sites as a message (scanWorker.ts): its files listed, unsaved texts given. */
export interface FlowJob { root: string; sites: CallSite[]; paths: readonly string[]; overlay: [string, string][] }
/** The pass's answer: the same sites, followed (or why the pass failed). */
export type FlowAnswer = { sites: CallSite[]; stats: FlowStats } | { error: string };

/** Runs a FlowJob on this thread; a failure is the answer, never a rejection. */
export async function runFlowJob({ root, sites, paths, overlay }: FlowJob, loadGrammar?: GrammarLoader): Promise<FlowAnswer> {
  try {
    const texts = new Map(overlay);
    const stats = await followModels(root, sites, () => paths, (rel) => texts.get(rel), loadGrammar);
    return { sites, stats };
  } catch (e) {
    return { error: e instanceof Error ? e.stack ?? e.message : String(e) };
  }
}
