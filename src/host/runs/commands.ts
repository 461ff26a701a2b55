// The Runs view's actions: Open Run Folder, Resume Run (through the engine, never re-sending a
// finished request), Delete Run (after confirmation), Refresh.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { Commands } from '../ids';
import { deleteRun, runDescription, type RunInfo } from './runIndex';
import type { RunsNode, RunsTree } from './runsTree';

export interface ResumeOptions {
  endpoint?: string | Record<string, unknown>;
  confirm?: boolean;
  token?: vscode.CancellationToken;
}

/** The run directory from a tree node, a path, a Uri (the closing message passes a path) or `{runDir}`. */
export function runDirOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { runDir?: unknown }).runDir === 'string') return (arg as { runDir: string }).runDir;
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const n = arg as RunsNode | undefined;
  return n && n.kind === 'run' ? n.run.dir : undefined;
}

async function pickRun(tree: RunsTree, placeHolder: string, filter: (r: RunInfo) => boolean): Promise<string | undefined> {
  const runs = (await tree.list()).filter(filter);
  if (!runs.length) { void vscode.window.showInformationMessage('Promptshift: no such runs in this workspace.'); return undefined; }
  const pick = await vscode.window.showQuickPick(runs.map((r) => {
    const d = runDescription(r);
    return { label: d.label, description: d.description, detail: r.callSites.map((c) => `${c.path}:${c.line}`).join(', '), dir: r.dir };
  }), { placeHolder });
  return pick?.dir;
}

export function registerRunCommands(context: vscode.ExtensionContext, deps: { tree: RunsTree; rootOf(runDir: string): string | undefined; resume(runDir: string, options: ResumeOptions): Promise<unknown> }): void {
  const { tree } = deps;
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.refreshRuns, () => tree.refresh()),
    vscode.commands.registerCommand(Commands.openRunFolder, async (arg?: unknown) => {
      const dir = runDirOf(arg);
      if (!dir) return;
      // Reveal in the OS file manager on a desktop; remote windows (code-server, SSH) open plan.json.
      if (vscode.env.remoteName === undefined && vscode.env.uiKind === vscode.UIKind.Desktop) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(join(dir, 'plan.json')));
      else await vscode.window.showTextDocument(vscode.Uri.file(join(dir, 'plan.json')));
    }),
    vscode.commands.registerCommand(Commands.resumeRun, async (arg?: unknown) => {
      const dir = runDirOf(arg) ?? await pickRun(tree, 'Resume which run?', (r) => r.resumable);
      if (!dir) return;
      // Non-interactive use: {runDir, endpoint?, confirm?, token?} (tests, scripts).
      const o = arg && typeof arg === 'object' && 'runDir' in arg ? arg as ResumeOptions : {};
      return deps.resume(dir, { endpoint: o.endpoint, confirm: o.confirm, token: o.token });
    }),
    vscode.commands.registerCommand(Commands.deleteRun, async (arg?: unknown) => {
      const dir = runDirOf(arg);
      const root = dir && deps.rootOf(dir);
      if (!dir || !root) return;
      const del = 'Delete';
      const ok = await vscode.window.showWarningMessage(`Delete run ${vscode.workspace.asRelativePath(dir)}?`, { modal: true, detail: 'Its plan, results and summary are removed from disk.' }, del);
      if (ok !== del) return;
      try {
        await deleteRun(root, dir);
      } catch (e) {
        void vscode.window.showErrorMessage(`Promptshift: ${e instanceof Error ? e.message : String(e)}`);
      }
      tree.refresh();
    }),
  );
}
