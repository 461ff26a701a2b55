// WorkspaceEdits that replace a model ID where it is written — a literal at the call, the same-file
// constant or default it resolves to, or a definition in another file the call reads it from (a
// constants module, a settings default, `.env`, a YAML/JSON key; definitions.ts) — at one call site
// or at every call site using the ID. Shared by the Replace Model quick fixes and the Migrate
// actions. Each change carries a label saying where it lands and what else reads it; with `confirm`,
// and always for a definition other code reads, the refactor preview shows every change first.
import * as vscode from 'vscode';
import { effectiveModel, type CallSite } from '../../core/callsite';
import { describeDefinition, isShared, modelDefinition } from '../migrate/definition';
import { modelRange } from '../positions';
import type { WorkspaceIndex } from '../scan/workspaceIndex';
import { replaceModelInLiteral } from './literal';
import { modelDefinitions, replaceBare, sitesText, type ModelDefinitionSite } from './definitions';
import { spanToRange } from '../positions';

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

  /** The definitions in `folder`'s files of the models its call sites read through names or configuration. */
  definitions(folder: vscode.WorkspaceFolder): ModelDefinitionSite[] {
    const key = folder.uri.toString();
    return modelDefinitions(this.index.callSites().filter((s) => {
      const uri = this.index.uriOf(s);
      return !!uri && vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === key;
    }));
  }

  /** The definition written at `range` of `uri`, if call sites read their model from there. */
  definitionAt(uri: vscode.Uri, range: vscode.Range): ModelDefinitionSite | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const rel = vscode.workspace.asRelativePath(uri, false);
    return this.definitions(folder).find((d) => d.path === rel && spanToRange(d.span).isEqual(range));
  }

  /**
   * The edit of a definition other files read (always through the refactor preview), saying which
   * call sites it changes; undefined when the text there no longer holds `oldId`.
   */
  async forDefinition(def: ModelDefinitionSite, folder: vscode.WorkspaceFolder, oldId: string, newId: string): Promise<SiteEdit | undefined> {
    const uri = vscode.Uri.joinPath(folder.uri, def.path);
    const document = await vscode.workspace.openTextDocument(uri);
    const range = spanToRange(def.span);
    const text = document.getText(range);
    const next = replaceModelInLiteral(text, oldId, newId) ?? replaceBare(text, oldId, newId);
    if (next === null) return undefined;
    const where = `${def.path}:${def.span.start.line}, the model of ${def.sites.length === 1 ? 'the call site' : `${def.sites.length} call sites`} at ${sitesText(def.sites)}`;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, range, next, { needsConfirmation: true, label: `${oldId} → ${newId}`, description: where });
    return { edit, where, shared: true, changed: def.sites };
  }

  /** The edit for one call site, or undefined when its literal no longer holds `oldId`. */
  async forSite(site: CallSite, oldId: string, newId: string, options: ReplaceOptions = {}): Promise<SiteEdit | undefined> {
    const uri = this.index.uriOf(site);
    if (uri && !site.modelSpan) {
      // Defined in another file (or a part of the chain this file does not hold): edit it there.
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const def = folder && this.definitions(folder).find((d) => d.id === oldId && d.sites.some((s) => s.id === site.id && s.path === site.path));
      return def && folder ? this.forDefinition(def, folder, oldId, newId) : undefined;
    }
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
    const edited = new Set<string>();
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
        edited.add(`${uri.toString()}|${range.start.line}:${range.start.character}`);
        edit.replace(uri, range, next, { needsConfirmation: !!options.confirm, label: `${oldId} → ${newId}`, description: def ? describeDefinition(def, site) : `${site.path}:${site.line}` });
        changed.push(site);
        touched = true;
      }
      if (touched) files++;
    }
    // Definitions in other files (a constants module, .env, YAML...): through the refactor preview.
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const def of this.definitions(folder)) {
        if (def.id !== oldId) continue;
        const one = await this.forDefinition(def, folder, oldId, newId);
        if (!one) continue;
        for (const [uri, edits] of one.edit.entries()) {
          for (const te of edits) {
            const key = `${uri.toString()}|${te.range.start.line}:${te.range.start.character}`;
            if (edited.has(key)) continue; // also a literal some call site reads in its own file
            edited.add(key);
            edit.replace(uri, te.range, te.newText, { needsConfirmation: true, label: `${oldId} → ${newId}`, description: one.where });
          }
        }
        changed.push(...def.sites.filter((s) => !changed.includes(s)));
        files++;
      }
    }
    return { edit, sites: changed.length, files, changed };
  }
}
