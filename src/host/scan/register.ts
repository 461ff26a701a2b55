// Placeholder: the scan features (tree, CodeLens, diagnostics) register here.
import * as vscode from 'vscode';
import { Commands } from '../ids';

export interface ScanFeatureDeps {
  log: vscode.LogOutputChannel;
}

export function registerScanFeatures(context: vscode.ExtensionContext, _deps: ScanFeatureDeps): void {
  const notYet = () => vscode.window.showInformationMessage('Promptshift: not available yet.');
  for (const id of [Commands.rescan, Commands.groupByModel, Commands.groupByFile, Commands.groupByFamily,
    Commands.revealCallSite, Commands.replaceModel, Commands.replaceModelEverywhere, Commands.replay]) {
    context.subscriptions.push(vscode.commands.registerCommand(id, notYet));
  }
}
