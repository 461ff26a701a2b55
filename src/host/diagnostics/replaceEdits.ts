// WorkspaceEdits that replace a model ID where it is written — a literal at the call, or the same-file
// constant or default it resolves to — at one call site or at every call site using the ID. Shared by
// the Replace Model quick fixes and the Migrate actions. Each change carries a label saying where it
// lands and what else reads it; with `confirm` the refactor preview shows every change first.
import * as vscode from 'vscode';
import { effectiveModel, type CallSite } from '../../core/callsite';
import { describeDefinition, isShared, modelDefinition } from '../migrate/definition';
import { modelRange } from '../positions';
import type { WorkspaceIndex } from '../scan/workspaceIndex';
import { replaceModelInLiteral } from './literal';

export interface ReplaceEverywhere {
  edit: vscode.WorkspaceEdit;
  /** Call sites that will use the new id (several may share one constant). */
  sites: number;
  files: number;
  /** The call sites that will use the new id. */
  changed: CallSite[];
}

export interface ReplaceOptions {
  /** Show the refactor preview before applying (WorkspaceEditEntryMetadata.needsConfirmation). */
  confirm?: boolean;
}

export interface SiteEdit {
  edit: vscode.WorkspaceEdit;
  /** Where the edit lands, and what else reads the value. */
  where: string;
  /** The value is read by more than this call site. */
  shared: boolean;
  /** Every call site whose model the edit changes. */
  changed: CallSite[];
}

export class ModelReplacer {
  constructor(private readonly index: WorkspaceIndex) {}

  /** The edit for one call site, or undefined when its literal no longer holds `oldId`. */
  async forSite(site: CallSite, oldId: string, newId: string, options: ReplaceOptions = {}): Promise<SiteEdit | undefined> {
    const uri = this.index.uriOf(site);
    if (!uri || !site.modelSpan) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    const fresh = await this.index.ensureFresh(document);
    const current = fresh.find((s) => s.id === site.id) ?? site;
    const range = modelRange(current);
    const def = modelDefinition(current, fresh, document.getText());
    if (!range || !def) return undefined;
    const next = replaceModelInLiteral(document.getText(range), oldId, newId);
    if (next === null) return undefined;
    const where = describeDefinition(def, current);
    const shared = isShared(def);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, range, next, { needsConfirmation: !!options.confirm || shared, label: `${oldId} → ${newId}`, description: where });
    return { edit, where, shared, changed: def.sites };
  }

  /** One edit across the workspace for every call site using `oldId` in a literal or constant. */
  async everywhere(oldId: string, newId: string, options: ReplaceOptions = {}): Promise<ReplaceEverywhere> {
    const edit = new vscode.WorkspaceEdit();
    const uris = new Map<string, vscode.Uri>();
    for (const site of this.index.callSites()) {
      const uri = effectiveModel(site) === oldId && site.modelSpan ? this.index.uriOf(site) : undefined;
      if (uri) uris.set(uri.toString(), uri);
    }
    const changed: CallSite[] = [];
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
        if (done.has(key)) { changed.push(site); continue; }
        const next = replaceModelInLiteral(document.getText(range), oldId, newId);
        if (next === null) continue;
        done.add(key);
        const def = modelDefinition(site, fresh, document.getText());
        edit.replace(uri, range, next, { needsConfirmation: !!options.confirm, label: `${oldId} → ${newId}`, description: def ? describeDefinition(def, site) : `${site.path}:${site.line}` });
        changed.push(site);
        touched = true;
      }
      if (touched) files++;
    }
    return { edit, sites: changed.length, files, changed };
  }
}
