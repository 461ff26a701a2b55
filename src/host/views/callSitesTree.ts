// The "Call Sites" tree: nodes from grouping.ts turned into TreeItems, the grouping persisted in
// workspaceState and mirrored in the promptshift.grouping context key.
import * as vscode from 'vscode';
import { effectiveModel, modelChoices, type CallSite, type ModelHop } from '../../core/callsite';
import { Commands, ContextKeys } from '../ids';
import type { ModelCatalogService } from '../models/catalogService';
import type { WorkspaceIndex } from '../scan/workspaceIndex';
import { familyIcon } from './familyIcons';
import {
  basename, buildTree, childrenOf, countLabel, DEFAULT_GROUPING, dirname, findSiteNode, isGrouping, parentOf,
  promptFirstLine, resolutionBadge, siteLabel, UNKNOWN_MODEL, type FileNode, type GroupNode, type Grouping, type SiteNode, type TreeNode,
} from './grouping';
import { callSiteTooltip } from './tooltip';
import { untrustedMarkdown } from '../untrustedMarkdown';
import type { RunVerdicts } from '../review/verdicts';
import { escapeInline } from '../markdown';

const GROUPING_STATE_KEY = 'promptshift.callSites.grouping';
/** Files are expanded while the tree is small enough to read at a glance. */
const EXPAND_FILES_UP_TO = 40;

export class CallSitesTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private roots: (GroupNode | FileNode)[] | undefined;
  private current: Grouping;
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined | void>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly catalog: ModelCatalogService,
    private readonly state: vscode.Memento,
    private readonly verdicts?: RunVerdicts,
  ) {
    const saved = state.get<string>(GROUPING_STATE_KEY);
    this.current = isGrouping(saved) ? saved : DEFAULT_GROUPING;
    void vscode.commands.executeCommand('setContext', ContextKeys.grouping, this.current);
    this.subscriptions.push(index.onDidChange(() => this.refresh()), catalog.onDidChange(() => this.refresh()));
    if (verdicts) this.subscriptions.push(verdicts.onDidChange(() => this.changed.fire()));
  }

  get grouping(): Grouping {
    return this.current;
  }

  async setGrouping(grouping: Grouping): Promise<void> {
    this.current = grouping;
    await this.state.update(GROUPING_STATE_KEY, grouping);
    await vscode.commands.executeCommand('setContext', ContextKeys.grouping, grouping);
    this.refresh();
  }

  refresh(): void {
    this.roots = undefined;
    this.changed.fire();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? childrenOf(node) : this.rootNodes();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return parentOf(node);
  }

  /** The leaf showing a call site, for TreeView.reveal. */
  nodeFor(site: Pick<CallSite, 'id' | 'path'>): SiteNode | undefined {
    return findSiteNode(this.rootNodes(), site);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') return this.groupItem(node);
    if (node.kind === 'file') return this.fileItem(node);
    return this.siteItem(node);
  }

  /** The tooltip is built only when the user hovers the item. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'site') {
      const model = effectiveModel(node.entry.site);
      const status = model ? this.catalog.factsFor(model).status : undefined;
      const flagged = status && (status.kind === 'retired' || status.kind === 'retiring' || status.kind === 'deprecated');
      const verdict = this.verdicts?.forSite(node.entry.site.id);
      const latest = verdict ? `**Latest run**\n\n${verdict.details.map((l) => `- ${escapeInline(l)}`).join('\n')}\n\n` : '';
      item.tooltip = untrustedMarkdown(latest + callSiteTooltip(node.entry.site, node.entry.file, flagged ? status.message : undefined, (hop) => this.hopLink(node.entry.site, hop)));
    }
    return item;
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }

  /** A provenance hop's place as a link that opens the file at the line. */
  private hopLink(site: CallSite, hop: ModelHop): string | undefined {
    const uri = this.index.uriOf(site);
    const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
    return folder ? vscode.Uri.joinPath(folder.uri, hop.path).with({ fragment: `L${hop.line}` }).toString() : undefined;
  }

  private rootNodes(): (GroupNode | FileNode)[] {
    const urgency = (model: string) => { const k = this.catalog.factsFor(model).status.kind; return k === 'retired' ? 0 : k === 'retiring' ? 1 : 2; };
    this.roots ??= buildTree(this.index.indexedSites(), this.current, urgency);
    return this.roots;
  }

  private groupItem(node: GroupNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.contextValue = node.grouping === 'model' ? 'modelGroup' : 'familyGroup';
    item.description = countLabel(node.count);
    if (node.grouping === 'family') {
      item.iconPath = new vscode.ThemeIcon(familyIcon(node.label));
      return item;
    }
    if (node.label === UNKNOWN_MODEL) {
      item.contextValue = 'unknownModelGroup';
      item.iconPath = new vscode.ThemeIcon('question');
      item.tooltip = 'The model is not known from the repository (chosen at run time, read from a database, or a required variable with no value): hover a call site for where following it stopped.';
      return item;
    }
    const { status, replacement } = this.catalog.factsFor(node.label);
    if (status.kind === 'retired') {
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      item.description = `${countLabel(node.count)} · retired ${status.retirementDate ?? ''}`.trim();
    } else if (status.kind === 'retiring') {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.description = `${countLabel(node.count)} · retiring ${status.retirementDate ?? ''}`.trim();
    } else {
      item.iconPath = new vscode.ThemeIcon('symbol-class');
    }
    item.tooltip = status.kind === 'unknown' ? `${node.label}: not in the model catalog.` : status.message;
    if (replacement) item.contextValue = `${item.contextValue}.replaceable`;
    return item;
  }

  private fileItem(node: FileNode): vscode.TreeItem {
    const first = node.sites[0]?.entry.site;
    const expanded = this.index.callSites().length <= EXPAND_FILES_UP_TO;
    const item = new vscode.TreeItem(basename(node.file), expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.contextValue = 'callSiteFile';
    const dir = dirname(node.file);
    item.description = dir ? `${dir} · ${node.count}` : String(node.count);
    item.tooltip = `${node.file} — ${countLabel(node.count)}`;
    const uri = first && this.index.uriOf(first);
    if (uri) item.resourceUri = uri;
    item.iconPath = vscode.ThemeIcon.File;
    return item;
  }

  private siteItem(node: SiteNode): vscode.TreeItem {
    const site = node.entry.site;
    const item = new vscode.TreeItem(siteLabel(site, this.current), vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    const verdict = this.verdicts?.forSite(site.id);
    item.contextValue = 'callSite';
    // After a run its verdict says more than the prompt's first line (which the tooltip still has);
    // a model found through configuration keeps its badge in front either way.
    const badge = resolutionBadge(site);
    const text = verdict ? verdict.summary : promptFirstLine(site);
    item.description = badge ? `${badge} · ${text}` : text;
    // A registry that may pick a retired id is as urgent as the retired id itself.
    const kinds = modelChoices(site).map((m) => this.catalog.factsFor(m).status.kind);
    const kind = kinds.includes('retired') ? 'retired' : kinds.includes('retiring') ? 'retiring' : 'unknown';
    const color = kind === 'retired' ? 'list.errorForeground' : kind === 'retiring' ? 'list.warningForeground' : undefined;
    item.iconPath = new vscode.ThemeIcon(familyIcon(site.api), color ? new vscode.ThemeColor(color) : undefined);
    item.command = { command: Commands.revealCallSite, title: 'Reveal Call Site', arguments: [site] };
    return item;
  }
}

