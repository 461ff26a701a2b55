// The rollout commands: "Export Rollout Plan…" from the Runs view, the palette, or another view
// (the review panel) that passes a run directory.
import * as vscode from 'vscode';
import { Commands, ROLLOUT_DRAFT_SCHEME } from '../ids';
import type { RunInfo } from '../runs/runIndex';
import { runDescription } from '../runs/runIndex';
import { runDirOf } from '../runs/commands';
import { exportInteractive, exportNonInteractive, isExportRequest, rolloutDrafts, type ExportOutcome } from './exportPlan';

export interface RolloutDeps {
  log: vscode.LogOutputChannel;
  runs(): Promise<RunInfo[]>;
}

async function pickRun(deps: RolloutDeps): Promise<string | undefined> {
  const runs = (await deps.runs()).filter((r) => !r.problem);
  if (!runs.length) { void vscode.window.showInformationMessage('Promptshift: no replay runs in this workspace yet.'); return undefined; }
  const pick = await vscode.window.showQuickPick(runs.map((r) => ({ ...runDescription(r), detail: r.callSites.map((c) => `${c.path}:${c.line}`).join(', '), dir: r.dir })), { placeHolder: 'Export the rollout plan of which run?' });
  return pick?.dir;
}

export function registerRolloutFeatures(context: vscode.ExtensionContext, deps: RolloutDeps): void {
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(ROLLOUT_DRAFT_SCHEME, rolloutDrafts));
  context.subscriptions.push(vscode.commands.registerCommand(Commands.exportRolloutPlan, async (arg?: unknown): Promise<ExportOutcome | undefined> => {
    try {
      if (isExportRequest(arg)) return await exportNonInteractive(arg);
      const dir = runDirOf(arg) ?? await pickRun(deps);
      return dir ? await exportInteractive(dir) : undefined;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      deps.log.error(`Export Rollout Plan: ${error}`);
      void vscode.window.showErrorMessage(`Promptshift: ${error}`);
      return { ok: false, error };
    }
  }));
}
