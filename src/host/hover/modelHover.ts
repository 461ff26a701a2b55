// Hovers on model ids: on the literal at a call (the call site's modelSpan), on a model expression
// that is not a literal (how the model was found, hop by hop, each hop a link), and on a definition
// other files read their model from (a constant, a settings default, a `.env` line, a YAML/JSON key:
// which call sites use it). Catalog facts and lifecycle status for the id in each case.
import * as vscode from 'vscode';
import { effectiveModel, type CallSite, type ModelHop } from '../../core/callsite';
import { BUILTIN_CATALOG, USER_SOURCE } from '../../core/models/catalog';
import { hoverFacts } from '../../core/models/lifecycle';
import { MODEL_DEFINITION_DOCUMENTS } from '../languages';
import type { ModelCatalogService } from '../models/catalogService';
import { modelRange, spanToRange } from '../positions';
import type { WorkspaceIndex } from '../scan/workspaceIndex';
import { untrustedMarkdown } from '../untrustedMarkdown';
import { modelHoverMarkdown } from './hoverText';
import { chainMarkdown } from '../views/chainText';
import { modelDefinitions } from '../diagnostics/definitions';
import { escapeInline } from '../markdown';

export class ModelHoverProvider implements vscode.HoverProvider {
  constructor(private readonly index: WorkspaceIndex, private readonly catalog: ModelCatalogService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const sites = await this.index.ensureFresh(document);
    for (const site of sites) {
      const range = modelRange(site) ?? this.expressionRange(document, site);
      const id = effectiveModel(site);
      if (!range || !range.contains(position)) continue;
      const parts = id ? [this.facts(id)] : [];
      const chain = chainMarkdown(site, (hop) => this.link(document.uri, hop));
      if (chain) parts.push(chain);
      if (parts.length) return new vscode.Hover(untrustedMarkdown(parts.join('\n\n---\n\n')), range);
    }
    return this.definitionHover(document, position);
  }

  /** The model expression written in the call's lines (`settings.OPENAI_MODEL`), when it is not a literal. */
  private expressionRange(document: vscode.TextDocument, site: CallSite): vscode.Range | undefined {
    const expr = site.modelExpr.trim();
    if (site.model !== null || !expr || expr.includes('\n')) return undefined;
    for (let line = site.line - 1; line < Math.min(document.lineCount, Math.max(site.line, site.endLine)); line++) {
      const at = document.lineAt(line).text.indexOf(expr);
      if (at >= 0) return new vscode.Range(line, at, line, at + expr.length);
    }
    return undefined;
  }

  /** On an id other files read their model from: its facts, and the call sites it is the model of. */
  private definitionHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return undefined;
    const rel = vscode.workspace.asRelativePath(document.uri, false);
    const inFolder = this.index.callSites().filter((s) => {
      const uri = this.index.uriOf(s);
      return !!uri && vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === folder.uri.toString();
    });
    for (const def of modelDefinitions(inFolder)) {
      const range = spanToRange(def.span);
      if (def.path !== rel || !range.contains(position)) continue;
      const uses = def.sites.map((s) => `[${escapeInline(`${s.path}:${s.line}`)}](${vscode.Uri.joinPath(folder.uri, s.path).with({ fragment: `L${s.line}` }).toString()})`);
      const text = [this.facts(def.id),
        `${escapeInline(`The model of ${def.sites.length === 1 ? 'the call site' : `${def.sites.length} call sites`}:`)} ${uses.slice(0, 8).join(', ')}${uses.length > 8 ? escapeInline(` and ${uses.length - 8} more`) : ''}`];
      return new vscode.Hover(untrustedMarkdown(text.join('\n\n')), range);
    }
    return undefined;
  }

  private facts(id: string): string {
    const { info, status } = this.catalog.factsFor(id);
    const retrievedOn = info && info.source !== USER_SOURCE ? BUILTIN_CATALOG.retrievedOn : undefined;
    return modelHoverMarkdown(id, info && hoverFacts(info), status, retrievedOn);
  }

  /** A hop's place, as a link opening its file at the line (paths are relative to the call site's folder). */
  private link(from: vscode.Uri, hop: ModelHop): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(from);
    return folder ? vscode.Uri.joinPath(folder.uri, hop.path).with({ fragment: `L${hop.line}` }).toString() : undefined;
  }
}

export function registerModelHover(context: vscode.ExtensionContext, index: WorkspaceIndex, catalog: ModelCatalogService): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(MODEL_DEFINITION_DOCUMENTS, new ModelHoverProvider(index, catalog)));
}
