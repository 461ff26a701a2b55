// Hover on a model id literal (the call site's modelSpan): catalog facts and lifecycle status.
import * as vscode from 'vscode';
import { effectiveModel } from '../../core/callsite';
import { BUILTIN_CATALOG, USER_SOURCE } from '../../core/models/catalog';
import { hoverFacts } from '../../core/models/lifecycle';
import { SCANNED_LANGUAGES } from '../languages';
import type { ModelCatalogService } from '../models/catalogService';
import { modelRange } from '../positions';
import type { WorkspaceIndex } from '../scan/workspaceIndex';
import { untrustedMarkdown } from '../untrustedMarkdown';
import { modelHoverMarkdown } from './hoverText';

export class ModelHoverProvider implements vscode.HoverProvider {
  constructor(private readonly index: WorkspaceIndex, private readonly catalog: ModelCatalogService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const sites = await this.index.ensureFresh(document);
    for (const site of sites) {
      const range = modelRange(site);
      const id = effectiveModel(site);
      if (!range || !id || !range.contains(position)) continue;
      const { info, status } = this.catalog.factsFor(id);
      const retrievedOn = info && info.source !== USER_SOURCE ? BUILTIN_CATALOG.retrievedOn : undefined;
      const markdown = modelHoverMarkdown(id, info && hoverFacts(info), status, retrievedOn);
      return new vscode.Hover(untrustedMarkdown(markdown), range);
    }
    return undefined;
  }
}

export function registerModelHover(context: vscode.ExtensionContext, index: WorkspaceIndex, catalog: ModelCatalogService): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(SCANNED_LANGUAGES, new ModelHoverProvider(index, catalog)));
}
