// Problems for retired (Error) and soon-retiring (Warning) model ids, on the model literal.
import * as vscode from 'vscode';
import { effectiveModel, type CallSite } from '../../core/callsite';
import { DIAGNOSTIC_SOURCE, Settings } from '../ids';
import type { ModelCatalogService } from '../models/catalogService';
import { modelRange } from '../positions';
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
    // One batch for the whole workspace: a set() per file is a message each to the workbench.
    const all: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const { uri, sites } of this.index.filesWithSites()) {
      const diagnostics = this.diagnosticsOf(sites);
      if (diagnostics.length) all.push([uri, diagnostics]);
    }
    this.collection.set(all);
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }

  private onIndexChange(change: IndexChange): void {
    if (!change.uris) return this.updateAll();
    if (!readSettings().diagnosticsEnabled) return;
    for (const uri of change.uris) this.update(uri, this.index.sitesIn(uri));
  }

  private update(uri: vscode.Uri, sites: readonly CallSite[]): void {
    const diagnostics = this.diagnosticsOf(sites);
    if (diagnostics.length) this.collection.set(uri, diagnostics);
    else this.collection.delete(uri);
  }

  private diagnosticsOf(sites: readonly CallSite[]): vscode.Diagnostic[] {
    const diagnostics: vscode.Diagnostic[] = [];
    const seen = new Set<string>();
    for (const site of sites) {
      const id = effectiveModel(site);
      const range = modelRange(site);
      if (!id || !range) continue;
      const key = `${range.start.line}:${range.start.character}`;
      if (seen.has(key)) continue; // call sites sharing one constant share one problem
      const { status } = this.catalog.factsFor(id);
      if (status.kind !== 'retired' && status.kind !== 'retiring') continue;
      seen.add(key);
      const d = new vscode.Diagnostic(range, status.message,
        status.kind === 'retired' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = status.kind === 'retired' ? RETIRED_CODE : RETIRING_CODE;
      diagnostics.push(d);
    }
    return diagnostics;
  }
}
