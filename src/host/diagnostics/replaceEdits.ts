// WorkspaceEdits that replace a model id in its literal: at one call site, or at every call site
// whose model literal holds that id. The index is brought up to date for each file first.
import * as vscode from 'vscode';
import { effectiveModel, type CallSite } from '../../core/callsite';
import { modelRange } from '../positions';
import type { WorkspaceIndex } from '../scan/workspaceIndex';
import { replaceModelInLiteral } from './literal';

export interface ReplaceEverywhere {
  edit: vscode.WorkspaceEdit;
  /** Call sites that will use the new id (several may share one constant). */
  sites: number;
  files: number;
}

export class ModelReplacer {
  constructor(private readonly index: WorkspaceIndex) {}

  /** The edit for one call site, or undefined when its literal no longer holds `oldId`. */
  async forSite(site: CallSite, oldId: string, newId: string): Promise<vscode.WorkspaceEdit | undefined> {
    const uri = this.index.uriOf(site);
    const range = modelRange(site);
    if (!uri || !range) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    const current = (await this.index.ensureFresh(document)).find((s) => s.id === site.id) ?? site;
    const currentRange = modelRange(current) ?? range;
    const next = replaceModelInLiteral(document.getText(currentRange), oldId, newId);
    if (next === null) return undefined;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, currentRange, next);
    return edit;
  }

  /** One edit across the workspace for every call site using `oldId` in a literal. */
  async everywhere(oldId: string, newId: string): Promise<ReplaceEverywhere> {
    const edit = new vscode.WorkspaceEdit();
    const uris = new Map<string, vscode.Uri>();
    for (const site of this.index.callSites()) {
      const uri = effectiveModel(site) === oldId && site.modelSpan ? this.index.uriOf(site) : undefined;
      if (uri) uris.set(uri.toString(), uri);
    }
    let sites = 0;
    let files = 0;
    for (const uri of uris.values()) {
      const document = await vscode.workspace.openTextDocument(uri);
      const fresh = await this.index.ensureFresh(document);
      const done = new Set<string>();
      let touched = false;
      for (const site of fresh) {
        const range = modelRange(site);
        if (effectiveModel(site) !== oldId || !range) continue;
        const key = `${range.start.line}:${range.start.character}`;
        if (done.has(key)) { sites++; continue; }
        const next = replaceModelInLiteral(document.getText(range), oldId, newId);
        if (next === null) continue;
        done.add(key);
        edit.replace(uri, range, next);
        sites++;
        touched = true;
      }
      if (touched) files++;
    }
    return { edit, sites, files };
  }
}
