// Past runs in the workspace, read from .promptshift/runs/*/plan.json and summary.json. No vscode:
// unit-tested over temporary folders. A damaged run is listed with its problem, never hidden.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { candidateArms, type RunPlanFile, type RunSummary } from '../../core/replay/records';

export interface RunCallSite { id: string; path: string; line: number; cases: number; baseline: string; candidate: string }

export interface RunInfo {
  runId: string;
  dir: string;
  createdAt: string | null;
  candidate: string | null;
  callSites: RunCallSite[];
  summary: RunSummary | null;
  /** Not completed (no summary, or stopped early): Resume Run applies. */
  resumable: boolean;
  /** Why the run could not be read, if it could not. */
  problem: string | null;
}

export function runsRoot(root: string): string {
  return join(root, '.promptshift', 'runs');
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

export async function readRun(dir: string, runId: string): Promise<RunInfo> {
  const plan = await readJson<RunPlanFile>(join(dir, 'plan.json'));
  const summary = await readJson<RunSummary>(join(dir, 'summary.json'));
  if (!plan || !Array.isArray(plan.callSites)) {
    return { runId, dir, createdAt: null, candidate: null, callSites: [], summary, resumable: false, problem: 'plan.json is missing or unreadable' };
  }
  const callSites = plan.callSites.map((pc) => ({
    id: pc.callSite.id, path: pc.callSite.path, line: pc.callSite.line, cases: pc.cases.length,
    baseline: pc.arms.baseline.model, candidate: candidateModels(pc.arms) ?? '?',
  }));
  const resumable = !summary || summary.stopReason !== 'completed' || summary.done < summary.total;
  return { runId: plan.runId ?? runId, dir, createdAt: plan.createdAt ?? null, candidate: plan.arms ? candidateModels(plan.arms) : null, callSites, summary, resumable, problem: null };
}

/** The candidate's model, or a sweep's models joined ("gpt-4.1-mini, gpt-4.1-nano"). */
function candidateModels(arms: Record<string, { model: string | null }>): string | null {
  const models = candidateArms(arms).map((a) => arms[a]?.model).filter((m): m is string => !!m);
  return models.length ? models.join(', ') : null;
}

/** Every run directory, newest first. */
export async function listRuns(root: string): Promise<RunInfo[]> {
  const base = runsRoot(root);
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return [];
  }
  const runs: RunInfo[] = [];
  for (const name of names) {
    const dir = join(base, name);
    try {
      if (!(await stat(dir)).isDirectory()) continue;
    } catch {
      continue;
    }
    runs.push(await readRun(dir, name));
  }
  return runs.sort((a, b) => (b.createdAt ?? b.runId).localeCompare(a.createdAt ?? a.runId));
}

export interface CallSiteRuns { callSiteId: string; label: string; runs: RunInfo[] }

/** Runs per call site (a run of several call sites appears under each), call sites by path. */
export function groupByCallSite(runs: readonly RunInfo[]): { groups: CallSiteRuns[]; unreadable: RunInfo[] } {
  const groups = new Map<string, CallSiteRuns>();
  const unreadable: RunInfo[] = [];
  for (const r of runs) {
    if (r.problem) { unreadable.push(r); continue; }
    for (const cs of r.callSites) {
      const g = groups.get(cs.id) ?? groups.set(cs.id, { callSiteId: cs.id, label: `${cs.path}:${cs.line}`, runs: [] }).get(cs.id)!;
      g.runs.push(r);
    }
  }
  return { groups: [...groups.values()].sort((a, b) => a.label.localeCompare(b.label)), unreadable };
}

/** "2025-01-31 12:00 · gpt-4o → gpt-4.1 · 10/10 · 2 errors" for one call site of a run. */
export function runDescription(r: RunInfo, callSiteId?: string): { label: string; description: string } {
  const when = r.createdAt ? r.createdAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : r.runId;
  const cs = r.callSites.find((c) => c.id === callSiteId) ?? r.callSites[0];
  const models = cs ? `${cs.baseline} → ${cs.candidate}` : r.candidate ?? '';
  const s = r.summary;
  const counts = s ? `${s.done}/${s.total}${s.errors ? ` · ${s.errors} error${s.errors === 1 ? '' : 's'}` : ''}${s.stopReason !== 'completed' ? ` · ${s.stopReason}` : ''}` : 'no summary (interrupted)';
  return { label: when, description: [models, counts].filter(Boolean).join(' · ') };
}

/** Deletes a run directory, refusing anything outside .promptshift/runs of the root. */
export async function deleteRun(root: string, dir: string): Promise<void> {
  const base = resolve(runsRoot(root));
  const target = resolve(dir);
  const rel = relative(base, target);
  if (!rel || rel.startsWith('..') || rel.includes(sep)) throw new Error(`${dir} is not a run directory of this workspace`);
  await rm(target, { recursive: true, force: true });
}
