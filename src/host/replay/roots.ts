// Which workspace folder's .promptshift a call site, a run or a command belongs to. In a multi-root
// workspace each folder keeps its own cases, config and runs, beside the code they describe.
import * as vscode from 'vscode';

/** The workspace folders on disk, in the workspace's order. */
export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** The folder holding `uri` (a call site's file, a run directory), else the first folder. */
export function rootOf(uri: vscode.Uri | undefined): string | undefined {
  const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
  return folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : workspaceRoots()[0];
}
