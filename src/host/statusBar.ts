// Status bar item: call-site count and how many use a retired/retiring model; click focuses the tree.
import * as vscode from 'vscode';
import { effectiveModel } from '../core/callsite';
import { Commands } from './ids';
import type { ModelCatalogService } from './models/catalogService';
import type { WorkspaceIndex } from './scan/workspaceIndex';
import { readSettings } from './settings';
import { statusBarText, statusBarTooltip, type StatusCounts } from './statusBarText';

/** What the status bar item shows, for the extension's API (the scale suite times the count's arrival). */
export interface StatusBarView {
  readonly text: string;
  /** Whether the item still says a scan is under way. */
  readonly scanning: boolean;
  /** Fires after each redraw of the item. */
  readonly onDidUpdate: vscode.Event<void>;
}

export function registerStatusBar(context: vscode.ExtensionContext, index: WorkspaceIndex, catalog: ModelCatalogService): StatusBarView {
  const item = vscode.window.createStatusBarItem('promptshift.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Promptshift Call Sites';
  item.command = Commands.focusCallSites;

  const updated = new vscode.EventEmitter<void>();
  let scanning = false;
  const update = () => {
    const counts: StatusCounts = { callSites: 0, retired: 0, retiring: 0, scanning: index.isScanning, retiringWithinDays: readSettings().retiringWithinDays };
    for (const site of index.callSites()) {
      counts.callSites++;
      const id = effectiveModel(site);
      const kind = id ? catalog.factsFor(id).status.kind : 'unknown';
      if (kind === 'retired') counts.retired++;
      else if (kind === 'retiring') counts.retiring++;
    }
    item.text = statusBarText(counts);
    item.tooltip = statusBarTooltip(counts);
    item.backgroundColor = counts.retired ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (vscode.workspace.workspaceFolders?.length) item.show();
    else item.hide();
    scanning = counts.scanning;
    updated.fire();
  };

  context.subscriptions.push(
    item, updated,
    index.onDidChange(update),
    index.onDidChangeScanning(update),
    catalog.onDidChange(update),
    vscode.workspace.onDidChangeWorkspaceFolders(update),
  );
  update();
  return { get text() { return item.text; }, get scanning() { return scanning; }, onDidUpdate: updated.event };
}
