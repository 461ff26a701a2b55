// "Migrate to <candidate>…" at a call site and "Migrate All <model> Call Sites…": the model ID is
// edited where it is defined, through the refactor preview (every change shown before it applies,
// undone in one step). Where a replay of the call site exists, its verdict rides along: the action
// is the preferred fix only when the verdict is go; with no evidence or a no-go it is still offered,
// marked as such.
import * as vscode from 'vscode';
import { effectiveModel, type CallSite } from '../../core/callsite';
import { callSiteFromArg } from '../callSiteArg';
import { ModelReplacer } from '../diagnostics/replaceEdits';
import { Commands, DIAGNOSTIC_SOURCE } from '../ids';
import { SCANNED_LANGUAGES } from '../languages';
import type { ModelCatalogService } from '../models/catalogService';
import { rootOf } from '../replay/roots';
import type { WorkspaceIndex } from '../scan/workspaceIndex';
import type { Evidence, EvidenceIndex } from './evidence';
import { noteMigration, type MigrationMemory } from './memory';
import { pickMigrationTarget, verdictText } from './migratePicker';

export interface Proposal {
  candidate: string;
  evidence: Evidence | undefined;
}

interface MigrateDeps {
  index: WorkspaceIndex;
  catalog: ModelCatalogService;
  evidence: EvidenceIndex;
  memory: MigrationMemory;
}

/** Candidates for a call site: those its replays tried (newest first), then the catalog's replacement. */
export async function proposalsFor(deps: MigrateDeps, site: CallSite): Promise<Proposal[]> {
  const model = effectiveModel(site);
  const uri = deps.index.uriOf(site);
  const root = rootOf(uri);
  if (!model || !root) return [];
  const out: Proposal[] = [];
  for (const e of await deps.evidence.forCallSite(root, site.id)) {
    if (e.baseline === model && e.candidate !== model && !out.some((p) => p.candidate === e.candidate)) out.push({ candidate: e.candidate, evidence: e });
  }
  const replacement = deps.catalog.factsFor(model).replacement;
  if (replacement && replacement !== model && !out.some((p) => p.candidate === replacement)) out.push({ candidate: replacement, evidence: undefined });
  return out.slice(0, 3);
}

export class MigrateActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };
  private readonly replacer: ModelReplacer;

  constructor(private readonly deps: MigrateDeps) {
    this.replacer = new ModelReplacer(deps.index);
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const sites = await this.deps.index.ensureFresh(document);
    const line = range.start.line + 1;
    const site = sites.find((s) => line >= s.line && line <= Math.max(s.line, s.endLine));
    const model = site && effectiveModel(site);
    if (!site || !model || !site.modelSpan) return [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const actions: vscode.CodeAction[] = [];
    for (const p of await proposalsFor(this.deps, site)) {
      const one = await this.replacer.forSite(site, model, p.candidate, { confirm: true });
      if (!one) continue;
      const action = new vscode.CodeAction(`Migrate to ${p.candidate}… — ${verdictText(p.evidence)}`, vscode.CodeActionKind.QuickFix);
      action.edit = one.edit;
      action.command = noteMigration(one.changed, model, p.candidate);
      action.isPreferred = p.evidence?.verdict.go === true;
      if (ours.length) action.diagnostics = ours;
      actions.push(action);
    }
    const other = new vscode.CodeAction('Migrate to another model…', vscode.CodeActionKind.QuickFix);
    other.command = { command: Commands.migrate, title: 'Migrate to another model…', arguments: [site] };
    actions.push(other);
    return actions;
  }
}

async function siteAtCursor(index: WorkspaceIndex): Promise<CallSite | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const line = editor.selection.active.line + 1;
  return (await index.ensureFresh(editor.document)).find((s) => line >= s.line && line <= Math.max(s.line, s.endLine));
}

/** A model ID from a command argument: the ID itself, or a model group of the Call Sites tree. */
function modelFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  const g = arg as { kind?: unknown; grouping?: unknown; label?: unknown } | undefined;
  return g && g.kind === 'group' && g.grouping === 'model' && typeof g.label === 'string' ? g.label : undefined;
}

export function registerMigrate(context: vscode.ExtensionContext, deps: MigrateDeps): void {
  const replacer = new ModelReplacer(deps.index);
  const apply = async (edit: vscode.WorkspaceEdit, sites: readonly CallSite[], from: string, to: string): Promise<boolean> => {
    // needsConfirmation on every change: VS Code opens the refactor preview; Discard leaves the code as it was.
    const applied = await vscode.workspace.applyEdit(edit);
    if (applied) await deps.memory.remember(sites, from, to);
    return applied;
  };
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(SCANNED_LANGUAGES, new MigrateActions(deps), MigrateActions.metadata),

    /** (site?, candidate?) → whether the edit was applied. */
    vscode.commands.registerCommand(Commands.migrate, async (arg?: unknown, candidate?: unknown) => {
      const site = callSiteFromArg(arg) ?? await siteAtCursor(deps.index);
      const model = site && effectiveModel(site);
      if (!site || !model || !site.modelSpan) {
        void vscode.window.showInformationMessage('Promptshift: put the cursor in a call site whose model is a literal or a same-file constant, or run Migrate from the Call Sites view.');
        return false;
      }
      const to = typeof candidate === 'string' && candidate.trim() ? candidate.trim()
        : await pickMigrationTarget(deps.catalog, model, await proposalsFor(deps, site), `Migrate ${site.path}:${site.line}`);
      if (!to) return false;
      const one = await replacer.forSite(site, model, to, { confirm: true });
      if (!one) {
        void vscode.window.showWarningMessage(`Promptshift: ${site.path}:${site.line} no longer uses ${model} in a literal; rescan (Promptshift: Rescan Workspace) and try again.`);
        return false;
      }
      return apply(one.edit, one.changed, model, to);
    }),

    /** (model or model group?, candidate?) → how many call sites now use the candidate. */
    vscode.commands.registerCommand(Commands.migrateAll, async (arg?: unknown, candidate?: unknown) => {
      await deps.index.whenIdle();
      const models = [...new Set(deps.index.callSites().map(effectiveModel).filter((m): m is string => !!m))].sort();
      const model = modelFromArg(arg) ?? (await vscode.window.showQuickPick(models, { title: 'Migrate All Call Sites: which model?' }));
      if (!model) return 0;
      const sites = deps.index.callSites().filter((s) => effectiveModel(s) === model && s.modelSpan);
      if (!sites.length) {
        void vscode.window.showInformationMessage(`Promptshift: no call site uses ${model} in a literal or same-file constant.`);
        return 0;
      }
      const proposals: Proposal[] = [];
      for (const s of sites) for (const p of await proposalsFor(deps, s)) if (!proposals.some((q) => q.candidate === p.candidate)) proposals.push(p);
      const to = typeof candidate === 'string' && candidate.trim() ? candidate.trim()
        : await pickMigrationTarget(deps.catalog, model, proposals, `Migrate all ${sites.length} ${model} call sites`);
      if (!to) return 0;
      const all = await replacer.everywhere(model, to, { confirm: true });
      if (!all.sites || !(await apply(all.edit, all.changed, model, to))) return 0;
      void vscode.window.showInformationMessage(`Promptshift: ${model} → ${to} in ${all.sites} call sites (${all.files} files). Save the files to keep the change; Undo reverts it in one step.`);
      return all.sites;
    }),
  );
}
