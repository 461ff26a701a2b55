// The Runs view: past replay runs per call site, newest first, with their models and counts.
import * as vscode from 'vscode';
import { groupByCallSite, listRuns, runDescription, type CallSiteRuns, type RunInfo } from './runIndex';
import { RolloutVerdicts } from './rolloutVerdicts';

export type RunsNode =
  | { kind: 'callSite'; group: CallSiteRuns }
  | { kind: 'run'; run: RunInfo; callSiteId: string | null };

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private runs: Promise<RunInfo[]> | null = null;
  /** Each finished run's rollout go / no-go, shown beside it. */
  readonly verdicts = new RolloutVerdicts(() => this.changed.fire());

  /** `roots`: the workspace folders, each with its own .promptshift/runs. */
  constructor(private readonly roots: () => string[]) {}

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

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'callSite') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.group.runs.length} run${node.group.runs.length === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('symbol-method');
      item.contextValue = 'runCallSite';
      return item;
    }
    const r = node.run;
    const { label, description } = runDescription(r, node.callSiteId ?? undefined);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.callSiteId ?? '-'}/${r.runId}`;
    // The verdict needs the results: computed in the background, the item refreshed when it arrives.
    const verdict = r.problem || r.resumable ? undefined : this.verdicts.peek(r.dir);
    if (!r.problem && !r.resumable) void this.verdicts.get(r.dir);
    const rollout = verdict && verdict.verdict !== 'unavailable' ? `rollout ${verdict.verdict.toUpperCase()}` : '';
    item.description = r.problem ?? [description, rollout].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(`Run ${r.runId}\n${r.dir}\n${r.problem ?? description}${verdict ? `\nRollout plan: ${verdict.verdict.toUpperCase()}${verdict.reasons.length ? `\n- ${verdict.reasons.join('\n- ')}` : ''}` : ''}`);
    const s = r.summary;
    item.iconPath = new vscode.ThemeIcon(r.problem ? 'warning' : r.resumable ? 'debug-pause' : s && s.errors ? 'warning' : 'pass');
    item.contextValue = r.resumable ? 'run.resumable' : 'run';
    item.command = { command: 'vscode.open', title: 'Open Summary', arguments: [vscode.Uri.file(`${r.dir}/${s ? 'summary.json' : 'plan.json'}`)] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
