// The verdict of the latest run that covers each call site, for the CodeLens and the Call Sites tree.
// Recomputed when runs change (a replay finished, a run was deleted, the CLI wrote one, a reviewer
// decided), one refresh at a time; readers get the last finished answer synchronously.
import * as vscode from 'vscode';
import { reviewSummary } from '../../core/review/decisions';
import { readReview } from '../../node/reviewStore';
import { listRuns } from '../runs/runIndex';
import type { RunCache } from './runCache';
import { recommendationText, type RecommendationText } from './recommendText';
import { passFailText, verdictDetails, verdictLine } from './verdictText';

export interface SiteVerdict {
  callSiteId: string;
  runDir: string;
  runId: string;
  /** `gpt-4.1 vs gpt-4o · schema 49/50 (−1) · p95 −35% · cost −62% · 7 changed · Review` */
  line: string;
  /** The line without the trailing action, for tree descriptions. */
  summary: string;
  details: string[];
  passFail: string;
  regressed: boolean;
  /** A sweep's recommendation; absent for a run of one candidate. */
  recommendation?: RecommendationText;
}

export class RunVerdicts implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private verdicts = new Map<string, SiteVerdict>();
  private running: Promise<void> | null = null;
  private again = false;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly roots: () => string[], private readonly runs: RunCache, private readonly log: vscode.LogOutputChannel) {
    // Runs written by the CLI (or another window) count too.
    const watcher = vscode.workspace.createFileSystemWatcher('**/.promptshift/runs/*/{summary,review}.json');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => { clearTimeout(timer); timer = setTimeout(() => void this.refresh(), 300); };
    this.disposables.push(watcher, watcher.onDidCreate(soon), watcher.onDidChange(soon), watcher.onDidDelete(soon), { dispose: () => clearTimeout(timer) });
  }

  forSite(callSiteId: string): SiteVerdict | undefined {
    return this.verdicts.get(callSiteId);
  }

  /** Recomputes every verdict; calls while one runs are folded into one more pass after it. */
  refresh(): Promise<void> {
    if (this.running) { this.again = true; return this.running; }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.compute();
        } catch (e) {
          this.log.warn(`Run verdicts: ${e instanceof Error ? e.message : String(e)}`);
        }
      } while (this.again);
    })().finally(() => { this.running = null; });
    return this.running;
  }

  /** Resolves once no refresh is running (tests wait on this, never on a sleep). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async compute(): Promise<void> {
    const runs = (await Promise.all(this.roots().map((r) => listRuns(r)))).flat()
      .sort((a, b) => (b.createdAt ?? b.runId).localeCompare(a.createdAt ?? a.runId));
    const next = new Map<string, SiteVerdict>();
    for (const info of runs) {
      if (info.problem || info.callSites.every((c) => next.has(c.id))) continue;
      const loaded = await this.runs.get(info.dir);
      if (!loaded.ok) { this.log.warn(`Run ${info.runId}: ${loaded.error}`); continue; }
      if (loaded.run.sweepProblem) { this.log.warn(`Run ${info.runId}: ${loaded.run.sweepProblem}`); continue; }
      const read = await readReview(info.dir);
      for (const r of loaded.run.sweeps ?? []) {
        if (next.has(r.callSiteId) || r.arms.baseline.n === 0) continue;
        const rec = recommendationText(r.recommendation, r.models.baseline, r.candidates.length);
        next.set(r.callSiteId, {
          callSiteId: r.callSiteId, runDir: info.dir, runId: info.runId, line: rec.line, summary: rec.summary,
          details: [...rec.tooltip, `Run ${info.runId}${info.createdAt ? ` · ${info.createdAt}` : ''}`], passFail: '', regressed: rec.model === null, recommendation: rec,
        });
      }
      if (loaded.run.sweeps) continue;
      for (const site of loaded.run.sites) {
        const c = site.comparison;
        if (next.has(c.callSiteId) || c.arms.baseline.n + c.arms.candidate.n === 0) continue;
        const input = {
          comparison: c, significance: site.significance, simulated: loaded.run.simulated,
          review: read.ok ? reviewSummary(read.review, c.callSiteId, c.cases.map((x) => x.caseId)) : undefined,
        };
        next.set(c.callSiteId, {
          callSiteId: c.callSiteId, runDir: info.dir, runId: info.runId,
          line: verdictLine(input), summary: verdictLine(input, false).replace(/^\$\([\w-]+\) /, ''),
          details: verdictDetails(input, { runId: info.runId, createdAt: info.createdAt }),
          passFail: passFailText(c), regressed: site.significance.regressed,
        });
      }
    }
    this.verdicts = next;
    this.changed.fire();
  }
}
