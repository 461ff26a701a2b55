// The Runs view: past replay runs per call site, newest first, with their models and, for each call
// site, how many cases passed on each arm. A click opens the run's review panel.
import * as vscode from 'vscode';
import { Commands } from '../ids';
import type { RunCache } from '../review/runCache';
import { passCounts, passFailText } from '../review/verdictText';
import { groupByCallSite, listRuns, runDescription, type CallSiteRuns, type RunInfo } from './runIndex';
import { RolloutVerdicts } from './rolloutVerdicts';

export type RunsNode =
  | { kind: 'callSite'; group: CallSiteRuns }
  | { kind: 'run'; run: RunInfo; callSiteId: string | null };

interface SitePassFail { text: string; allPass: boolean }

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private runs: Promise<RunInfo[]> | null = null;
  /** Each finished run's rollout go / no-go, shown beside it. */
  readonly verdicts = new RolloutVerdicts(() => this.changed.fire());

  /** `roots`: the workspace folders, each with its own .promptshift/runs. */
  constructor(private readonly roots: () => string[], private readonly cache?: RunCache) {}

  refresh(): void {
    this.runs = null;
    this.changed.fire();
  }

  /** The runs as last listed (re-read after refresh). */
  list(): Promise<RunInfo[]> {
    this.runs ??= Promise.all(this.roots().map((root) => listRuns(root))).then((lists) => lists.flat());
    return this.runs;
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (node?.kind === 'run') return [];
    if (node?.kind === 'callSite') return node.group.runs.map((run) => ({ kind: 'run', run, callSiteId: node.group.callSiteId }));
    const { groups, unreadable } = groupByCallSite(await this.list());
    return [...groups.map((group) => ({ kind: 'callSite' as const, group })), ...unreadable.map((run) => ({ kind: 'run' as const, run, callSiteId: null }))];
  }

  /** Pass/fail of one call site in one run, from its results (null: no results, or unreadable). */
  private async passFail(run: RunInfo, callSiteId: string | null): Promise<SitePassFail | null> {
    if (!this.cache || run.problem || !callSiteId) return null;
    const loaded = await this.cache.get(run.dir);
    const site = loaded.ok ? loaded.run.sites.find((s) => s.comparison.callSiteId === callSiteId) : undefined;
    if (!site || site.comparison.arms.baseline.n + site.comparison.arms.candidate.n === 0) return null;
    const p = passCounts(site.comparison);
    return { text: passFailText(site.comparison), allPass: p.baseline.pass === p.baseline.ran && p.candidate.pass === p.candidate.ran };
  }

  async getTreeItem(node: RunsNode): Promise<vscode.TreeItem> {
    if (node.kind === 'callSite') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      const runs = `${node.group.runs.length} run${node.group.runs.length === 1 ? '' : 's'}`;
      const latest = node.group.runs[0] && await this.passFail(node.group.runs[0], node.group.callSiteId);
      item.description = latest ? `${runs} · latest: ${latest.text}` : runs;
      item.iconPath = new vscode.ThemeIcon('symbol-method');
      item.contextValue = 'runCallSite';
      return item;
    }
    const r = node.run;
    const { label, description } = runDescription(r, node.callSiteId ?? undefined);
    const pf = await this.passFail(r, node.callSiteId);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.callSiteId ?? '-'}/${r.runId}`;
    // The rollout verdict needs the results: computed in the background, the item refreshed when it arrives.
    const verdict = r.problem || r.resumable ? undefined : this.verdicts.peek(r.dir);
    if (!r.problem && !r.resumable) void this.verdicts.get(r.dir);
    const rollout = verdict && verdict.verdict !== 'unavailable' ? `rollout ${verdict.verdict.toUpperCase()}` : '';
    item.description = r.problem ?? [description, pf?.text, rollout].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(undefined, false);
    const rolloutText = verdict ? `\nRollout plan: ${verdict.verdict.toUpperCase()}${verdict.reasons.length ? `\n- ${verdict.reasons.join('\n- ')}` : ''}` : '';
    item.tooltip.appendText(`Run ${r.runId}\n${r.dir}\n${r.problem ?? description}${pf ? `\n${pf.text}` : ''}${rolloutText}\nClick to review.`);
    const s = r.summary;
    item.iconPath = r.problem ? new vscode.ThemeIcon('warning')
      : r.resumable ? new vscode.ThemeIcon('debug-pause')
      : pf ? new vscode.ThemeIcon(pf.allPass ? 'pass' : 'error', new vscode.ThemeColor(pf.allPass ? 'testing.iconPassed' : 'testing.iconFailed'))
      : new vscode.ThemeIcon(s && s.errors ? 'warning' : 'pass');
    item.contextValue = r.resumable ? 'run.resumable' : 'run';
    item.command = r.problem
      ? { command: Commands.openRunFolder, title: 'Open Run Folder', arguments: [r.dir] }
      : { command: Commands.openReview, title: 'Open Review', arguments: [{ runDir: r.dir, callSiteId: node.callSiteId ?? undefined }] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
