import * as vscode from 'vscode';
import { Commands, Views } from '../ids';

export function registerGeneralCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.showLog, () => log.show(true)),
    vscode.commands.registerCommand(Commands.focusCallSites, () => vscode.commands.executeCommand(`${Views.callSites}.focus`)),
  );
}
