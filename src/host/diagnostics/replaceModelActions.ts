// Quick fixes on retired/retiring model problems, and the same two operations as commands:
// "Replace with <replacement>" (this call site) and "Replace <id> with <replacement> in all N call sites".
import * as vscode from 'vscode';
import { effectiveModel, type CallSite } from '../../core/callsite';
import { callSiteFromArg } from '../callSiteArg';
import { Commands, DIAGNOSTIC_SOURCE } from '../ids';
import { MODEL_DEFINITION_DOCUMENTS } from '../languages';
import type { ModelCatalogService } from '../models/catalogService';
import { modelRange } from '../positions';
import type { WorkspaceIndex } from '../scan/workspaceIndex';
import { ModelReplacer } from './replaceEdits';
import { noteMigration, type MigrationMemory } from '../migrate/memory';

export function everywhereTitle(oldId: string, newId: string, sites: number): string {
  return `Replace ${oldId} with ${newId} in all ${sites} call sites`;
}

export class ReplaceModelActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly index: WorkspaceIndex, private readonly catalog: ModelCatalogService, private readonly replacer: ModelReplacer) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (!ours.length) return [];
    const sites = await this.index.ensureFresh(document);
    const actions: vscode.CodeAction[] = [];
    const offeredEverywhere = new Set<string>();
    for (const diagnostic of ours) {
      const site = sites.find((s) => modelRange(s)?.isEqual(diagnostic.range));
      // Not a literal of a call site here: a definition other files read (a constant, .env, YAML...).
      const def = site ? undefined : this.replacer.definitionAt(document.uri, diagnostic.range);
      const oldId = site ? effectiveModel(site) : def?.id;
      const newId = oldId ? this.catalog.factsFor(oldId).replacement : undefined;
      if ((!site && !def) || !oldId || !newId) continue;
      const folder = vscode.workspace.getWorkspaceFolder(document.uri);
      const one = site ? await this.replacer.forSite(site, oldId, newId) : def && folder ? await this.replacer.forDefinition(def, folder, oldId, newId) : undefined;
      if (one) {
        const action = new vscode.CodeAction(one.shared ? `Replace with ${newId} (${one.where})` : `Replace with ${newId}`, vscode.CodeActionKind.QuickFix);
        action.edit = one.edit;
        action.command = noteMigration(one.changed, oldId, newId);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      if (offeredEverywhere.has(oldId)) continue;
      offeredEverywhere.add(oldId);
      const all = await this.replacer.everywhere(oldId, newId, { confirm: true });
      if (all.sites > 1) {
        const action = new vscode.CodeAction(everywhereTitle(oldId, newId, all.sites), vscode.CodeActionKind.QuickFix);
        action.edit = all.edit;
        action.command = noteMigration(all.changed, oldId, newId);
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    return actions;
  }
}

/** The call site under the cursor, for running the commands from the keyboard. */
async function siteAtCursor(index: WorkspaceIndex): Promise<CallSite | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const sites = await index.ensureFresh(editor.document);
  const pos = editor.selection.active;
  return sites.find((s) => modelRange(s)?.contains(pos)) ?? sites.find((s) => pos.line + 1 >= s.line && pos.line + 1 <= s.endLine);
}

async function chooseReplacement(catalog: ModelCatalogService, oldId: string, given: unknown): Promise<string | undefined> {
  if (typeof given === 'string' && given.trim()) return given.trim();
  const suggested = catalog.factsFor(oldId).replacement;
  return vscode.window.showInputBox({
    title: `Replace ${oldId}`,
    prompt: 'Model id to use instead',
    value: suggested ?? '',
    validateInput: (v) => (v.trim() ? undefined : 'Enter a model id'),
  });
}

export function registerReplaceModel(context: vscode.ExtensionContext, index: WorkspaceIndex, catalog: ModelCatalogService, memory: MigrationMemory): void {
  const replacer = new ModelReplacer(index);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(MODEL_DEFINITION_DOCUMENTS, new ReplaceModelActions(index, catalog, replacer), ReplaceModelActions.metadata),

    /** (site?: CallSite, replacement?: string) → whether the edit was applied. */
    vscode.commands.registerCommand(Commands.replaceModel, async (arg?: unknown, replacement?: string) => {
      const site = callSiteFromArg(arg) ?? await siteAtCursor(index);
      const oldId = site && effectiveModel(site);
      if (!site || !oldId || !site.modelSpan) {
        void vscode.window.showInformationMessage('Promptshift: no call site with a model literal here.');
        return false;
      }
      const newId = await chooseReplacement(catalog, oldId, replacement);
      if (!newId) return false;
      const one = await replacer.forSite(site, oldId, newId);
      if (!one) {
        void vscode.window.showWarningMessage(`Promptshift: the model literal no longer holds ${oldId}; rescan and try again.`);
        return false;
      }
      const applied = await vscode.workspace.applyEdit(one.edit);
      if (applied) await memory.remember(one.changed, oldId, newId);
      return applied;
    }),

    /** (modelId or call site?, replacement?: string) → the number of call sites changed. */
    vscode.commands.registerCommand(Commands.replaceModelEverywhere, async (arg?: unknown, replacement?: string) => {
      const site = typeof arg === 'string' ? undefined : callSiteFromArg(arg) ?? await siteAtCursor(index);
      const oldId = typeof arg === 'string' ? arg : site && effectiveModel(site);
      if (!oldId) {
        void vscode.window.showInformationMessage('Promptshift: no call site with a model literal here.');
        return 0;
      }
      const newId = await chooseReplacement(catalog, oldId, replacement);
      if (!newId) return 0;
      const all = await replacer.everywhere(oldId, newId, { confirm: true });
      if (all.sites === 0 || !(await vscode.workspace.applyEdit(all.edit))) return 0;
      await memory.remember(all.changed, oldId, newId);
      void vscode.window.showInformationMessage(`Promptshift: ${oldId} → ${newId} in ${all.sites} call sites (${all.files} files). Save the files to keep the change.`);
      return all.sites;
    }),
  );
}
