// promptshift.replay until the replay feature lands: the CodeLens and tree already pass the CallSite.
// The replay work replaces this registration (and this file) with the real command.
import * as vscode from 'vscode';
import { callSiteFromArg } from '../callSiteArg';
import { Commands } from '../ids';

export function registerReplayPlaceholder(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.replay, (arg?: unknown) => {
    const site = callSiteFromArg(arg);
    const where = site ? ` (${site.path}:${site.line})` : '';
    void vscode.window.showInformationMessage(`Promptshift: replay${where} arrives with the replay feature.`);
  }));
}
