// What the workspace's replays say about migrating a call site: for each call site and candidate,
// the newest run's comparison, reviewers' flags and the go / no-go verdict. Read lazily per workspace
// folder and kept until a run finishes or a review changes (summary.json / review.json).
import * as vscode from 'vscode';
import { migrationVerdict, type MigrationVerdict } from '../../core/compare/verdict';
import { reviewSummary } from '../../core/review/decisions';
import { readReview } from '../../node/reviewStore';
import type { RunCache } from '../review/runCache';
import { listRuns } from '../runs/runIndex';

export interface Evidence {
  runId: string;
  runDir: string;
  baseline: string;
  candidate: string;
  verdict: MigrationVerdict;
}

type ByCallSite = Map<string, Evidence[]>;

/** Runs are read through the review's RunCache, so a run the CodeLens or the panel read is not read again. */
async function readEvidence(root: string, runs: RunCache): Promise<ByCallSite> {
  const out: ByCallSite = new Map();
  for (const run of await listRuns(root)) {
    if (run.problem || !run.summary) continue;
    const loaded = await runs.get(run.dir);
    if (!loaded.ok) continue;
    const review = await readReview(run.dir);
    for (const { comparison: c, arm } of loaded.run.sites) {
      if (!c.models.baseline || !c.models.candidate) continue;
      const summary = review.ok ? reviewSummary(review.review, c.callSiteId, c.cases.map((x) => x.caseId), arm) : undefined;
      const list = out.get(c.callSiteId) ?? [];
      // listRuns is newest first, so the first evidence per (baseline, candidate) is the newest.
      if (!list.some((e) => e.baseline === c.models.baseline && e.candidate === c.models.candidate)) {
        list.push({ runId: run.runId, runDir: run.dir, baseline: c.models.baseline, candidate: c.models.candidate, verdict: migrationVerdict(c, summary) });
      }
      out.set(c.callSiteId, list);
    }
  }
  return out;
}

export class EvidenceIndex implements vscode.Disposable {
  private readonly byRoot = new Map<string, Promise<ByCallSite>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runs: RunCache) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.promptshift/runs/*/{summary.json,review.json}');
    const clear = () => this.byRoot.clear();
    this.disposables.push(watcher, watcher.onDidCreate(clear), watcher.onDidChange(clear), watcher.onDidDelete(clear));
  }

  /** Newest evidence first; `candidate` narrows to runs of that candidate. */
  async forCallSite(root: string, callSiteId: string, candidate?: string): Promise<Evidence[]> {
    let p = this.byRoot.get(root);
    if (!p) {
      p = readEvidence(root, this.runs);
      this.byRoot.set(root, p);
    }
    const list = (await p).get(callSiteId) ?? [];
    return candidate ? list.filter((e) => e.candidate === candidate) : list;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
