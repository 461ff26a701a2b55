// Problems for retired (Error) and soon-retiring (Warning) model ids, on the model literal — at the
// call, or where the id is defined when the call reads it through names or configuration: a
// constant in another module, a settings default, a `.env` line, a YAML/JSON key (definitions.ts).
import * as vscode from 'vscode';
import { effectiveModel, type CallSite } from '../../core/callsite';
import { DIAGNOSTIC_SOURCE, Settings } from '../ids';
import type { ModelCatalogService } from '../models/catalogService';
import { modelRange, spanToRange } from '../positions';
import { modelDefinitions, sitesText } from './definitions';
import type { IndexChange, WorkspaceIndex } from '../scan/workspaceIndex';
import { readSettings } from '../settings';

export const RETIRED_CODE = 'retired-model';
export const RETIRING_CODE = 'retiring-model';

export class ModelDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('promptshift');
  private readonly subscriptions: vscode.Disposable[] = [this.collection];

  constructor(private readonly index: WorkspaceIndex, private readonly catalog: ModelCatalogService) {
    this.subscriptions.push(
      index.onDidChange((e) => this.onIndexChange(e)),
      catalog.onDidChange(() => this.updateAll()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(Settings.diagnosticsEnabled)) this.updateAll(); }),
    );
    this.updateAll();
  }

  updateAll(): void {
    this.collection.clear();
    if (!readSettings().diagnosticsEnabled) return;
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[]; seen: Set<string> }>();
    const add = (uri: vscode.Uri, d: vscode.Diagnostic) => {
      const k = uri.toString();
      const entry = byUri.get(k) ?? { uri, diagnostics: [], seen: new Set<string>() };
      byUri.set(k, entry);
      const key = `${d.range.start.line}:${d.range.start.character}`;
      if (entry.seen.has(key)) return;
      entry.seen.add(key);
      entry.diagnostics.push(d);
    };
    for (const { uri, sites } of this.index.filesWithSites()) for (const d of this.literalProblems(sites)) add(uri, d);
    for (const { uri, d } of this.definitionProblems()) add(uri, d);
    // One batch for the whole workspace: a set() per file is a message each to the workbench.
    this.collection.set([...byUri.values()].map(({ uri, diagnostics }): [vscode.Uri, vscode.Diagnostic[]] => [uri, diagnostics]));
  }

  /** Problems where an id the call sites read through names or configuration is written. */
  private definitionProblems(): { uri: vscode.Uri; d: vscode.Diagnostic }[] {
    const out: { uri: vscode.Uri; d: vscode.Diagnostic }[] = [];
    const byFolder = new Map<string, { folder: vscode.WorkspaceFolder; sites: CallSite[] }>();
    for (const site of this.index.callSites()) {
      if (site.model !== null || !site.modelSource.length) continue;
      const uri = this.index.uriOf(site);
      const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      const entry = byFolder.get(folder.uri.toString()) ?? { folder, sites: [] };
      byFolder.set(folder.uri.toString(), entry);
      entry.sites.push(site);
    }
    for (const { folder, sites } of byFolder.values()) {
      for (const def of modelDefinitions(sites)) {
        const d = this.problem(def.id, spanToRange(def.span), ` — the model of ${def.sites.length === 1 ? 'the call site' : `${def.sites.length} call sites`} at ${sitesText(def.sites)}`);
        if (d) out.push({ uri: vscode.Uri.joinPath(folder.uri, def.path), d });
      }
    }
    return out;
  }

  private problem(id: string, range: vscode.Range, suffix = ''): vscode.Diagnostic | undefined {
    const { status } = this.catalog.factsFor(id);
    if (status.kind !== 'retired' && status.kind !== 'retiring') return undefined;
    const d = new vscode.Diagnostic(range, status.message + suffix,
      status.kind === 'retired' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = status.kind === 'retired' ? RETIRED_CODE : RETIRING_CODE;
    return d;
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }

  /** A definition elsewhere may change with any file: every change redraws every problem (cheap: one pass over the call sites). */
  private onIndexChange(_change: IndexChange): void {
    this.updateAll();
  }

  /** Problems on the literals in the call sites' own file (call sites sharing one constant share one problem). */
  private literalProblems(sites: readonly CallSite[]): vscode.Diagnostic[] {
    const out: vscode.Diagnostic[] = [];
    for (const site of sites) {
      const id = effectiveModel(site);
      const range = modelRange(site);
      if (!id || !range || Array.isArray(site.modelResolved)) continue;
      const d = this.problem(id, range);
      if (d) out.push(d);
    }
    return out;
  }
}
