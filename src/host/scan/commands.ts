// Commands of the Call Sites view: rescan, grouping, reveal.
import * as vscode from 'vscode';
import type { CallSite } from '../../core/callsite';
import { callSiteFromArg } from '../callSiteArg';
import { Commands } from '../ids';
import { callSiteLines, callSiteStart } from '../positions';
import type { CallSitesTree } from '../views/callSitesTree';
import type { Grouping } from '../views/grouping';
import type { WorkspaceIndex } from './workspaceIndex';

export interface ScanCommandDeps {
  index: WorkspaceIndex;
  tree: CallSitesTree;
}

export async function revealCallSite(index: WorkspaceIndex, site: CallSite | undefined): Promise<boolean> {
  const uri = site && index.uriOf(site);
  if (!site || !uri) {
    void vscode.window.showWarningMessage('Promptshift: that call site is no longer in the index; rescan the workspace.');
    return false;
  }
  const start = callSiteStart(site);
  const editor = await vscode.window.showTextDocument(uri, { selection: start, preview: true });
  editor.revealRange(callSiteLines(site), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

export function registerScanCommands(context: vscode.ExtensionContext, { index, tree }: ScanCommandDeps): void {
  const group = (g: Grouping) => () => tree.setGrouping(g);
  context.subscriptions.push(
    /** Rescans the whole workspace with a cancellable notification; resolves to the call-site count. */
    vscode.commands.registerCommand(Commands.rescan, () => index.rescanAll(true)),
    vscode.commands.registerCommand(Commands.groupByModel, group('model')),
    vscode.commands.registerCommand(Commands.groupByFile, group('file')),
    vscode.commands.registerCommand(Commands.groupByFamily, group('family')),
    vscode.commands.registerCommand(Commands.revealCallSite, (arg?: unknown) => revealCallSite(index, callSiteFromArg(arg))),
  );
}
