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
import { timeSlices } from '../../node/pace';

export const RETIRED_CODE = 'retired-model';
export const RETIRING_CODE = 'retiring-model';
/** Files looked at between two questions to the pace. */
const FILES_PER_STEP = 32;
/** Files whose problems go to the workbench in one message: small enough to serialise in a slice. */
const FILES_PER_SET = 200;

const signature = (ds: readonly vscode.Diagnostic[]) => JSON.stringify(ds.map((d) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity, d.message, d.code]));

export class ModelDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('promptshift');
  private readonly subscriptions: vscode.Disposable[] = [this.collection];
  /** What each file shows now, by URI: only files whose problems change are sent again. */
  private readonly shown = new Map<string, { uri: vscode.Uri; signature: string }>();
  /** The update under way, and whether another was asked for meanwhile (index changes come in bursts). */
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;

  constructor(private readonly index: WorkspaceIndex, private readonly catalog: ModelCatalogService) {
    this.subscriptions.push(
      index.onDidChange((e) => this.onIndexChange(e)),
      catalog.onDidChange(() => void this.updateAll()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(Settings.diagnosticsEnabled)) void this.updateAll(); }),
    );
    void this.updateAll();
  }

  /**
   * Redraws every problem, a slice of the extension host's time at a time, sending only the files
   * whose problems changed. Calls while one runs make one more run after it. Resolves when shown.
   */
  updateAll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async () => {
      do {
        this.again = false;
        await this.update();
      } while (this.again && !this.disposed);
    };
    this.running = run().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async update(): Promise<void> {
    const pace = timeSlices();
    const step = async () => { const wait = pace(); if (wait) await wait; };
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
    if (readSettings().diagnosticsEnabled) {
      let n = 0;
      for (const { uri, sites } of this.index.filesWithSites()) {
        for (const d of this.literalProblems(sites)) add(uri, d);
        if (++n % FILES_PER_STEP === 0) await step();
      }
      for (const { uri, d } of this.definitionProblems()) add(uri, d);
    }
    if (this.disposed) return;
    // Only what changed goes to the workbench, a batch of files per message.
    const changes: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
    for (const [k, { uri, diagnostics }] of byUri) {
      const sig = signature(diagnostics);
      if (this.shown.get(k)?.signature === sig) continue;
      this.shown.set(k, { uri, signature: sig });
      changes.push([uri, diagnostics]);
    }
    for (const [k, { uri }] of this.shown) {
      if (byUri.has(k)) continue;
      this.shown.delete(k);
      changes.push([uri, undefined]);
    }
    for (let i = 0; i < changes.length && !this.disposed; i += FILES_PER_SET) {
      this.collection.set(changes.slice(i, i + FILES_PER_SET));
      await step();
    }
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
    this.disposed = true;
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }

  /** A definition elsewhere may change with any file: every change redraws every problem (cheap: one pass over the call sites). */
  private onIndexChange(_change: IndexChange): void {
    void this.updateAll();
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
