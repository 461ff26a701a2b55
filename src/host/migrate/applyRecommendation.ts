// "Apply Recommendation": the migrate edit (migrateActions.ts, through the refactor preview) with the
// model the latest sweep of the call site recommends. Called from the CodeLens and the review
// panel's sweep view with { callSiteId, model }, from the Call Sites tree with the item, or from the
// palette for the call site under the cursor.
import * as vscode from 'vscode';
import type { CallSite } from '../../core/callsite';
import { callSiteFromArg } from '../callSiteArg';
import { Commands } from '../ids';
import type { RunVerdicts } from '../review/verdicts';

interface Deps {
  callSites(): readonly CallSite[];
  whenIdle(): Promise<void>;
  verdicts: RunVerdicts;
}

function targetOf(arg: unknown, sites: readonly CallSite[]): { site: CallSite | undefined; model: string | undefined } {
  const a = arg && typeof arg === 'object' ? (arg as Record<string, unknown>) : {};
  const model = typeof a.model === 'string' && a.model.trim() ? a.model.trim() : undefined;
  const site = callSiteFromArg(arg) ?? (typeof a.callSiteId === 'string' ? sites.find((s) => s.id === a.callSiteId) : undefined);
  return { site, model };
}

function siteAtCursor(sites: readonly CallSite[]): CallSite | undefined {
  const editor = vscode.window.activeTextEditor;
  const folder = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri);
  if (!editor || !folder) return undefined;
  const path = vscode.workspace.asRelativePath(editor.document.uri, false);
  const line = editor.selection.active.line + 1;
  return sites.find((s) => s.path === path && line >= s.line && line <= Math.max(s.line, s.endLine));
}

export function registerApplyRecommendation(context: vscode.ExtensionContext, deps: Deps): void {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.applyRecommendation, async (arg?: unknown): Promise<boolean> => {
    await deps.whenIdle();
    const sites = deps.callSites();
    const target = targetOf(arg, sites);
    const site = target.site ?? siteAtCursor(sites);
    if (!site) {
      void vscode.window.showInformationMessage('Promptshift: put the cursor in a call site that a sweep covered, or use the lightbulb CodeLens above it.');
      return false;
    }
    await deps.verdicts.whenIdle();
    const model = target.model ?? deps.verdicts.forSite(site.id)?.recommendation?.model ?? undefined;
    if (!model) {
      const verdict = deps.verdicts.forSite(site.id);
      void vscode.window.showInformationMessage(verdict?.recommendation
        ? `Promptshift: ${site.path}:${site.line} — ${verdict.recommendation.summary}. Nothing to apply.`
        : `Promptshift: ${site.path}:${site.line} has no sweep yet. Run one with \`promptshift replay --callsite ${site.id} --candidate A --candidate B …\` (or --sweep FAMILY).`);
      return false;
    }
    return (await vscode.commands.executeCommand<boolean>(Commands.migrate, site, model)) === true;
  }));
}
