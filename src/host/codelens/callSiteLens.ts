// CodeLens above each call site: "model · family · schema status", then actions (Replay…).
import * as vscode from 'vscode';
import { effectiveModel } from '../../core/callsite';
import { Commands, Settings } from '../ids';
import { SCANNED_LANGUAGES } from '../languages';
import type { ModelCatalogService } from '../models/catalogService';
import { callSiteStart } from '../positions';
import type { WorkspaceIndex } from '../scan/workspaceIndex';
import { readSettings } from '../settings';
import type { RunVerdicts } from '../review/verdicts';
import { APPLY_RECOMMENDATION_LENS_TITLE, infoLensTitle, REPLAY_LENS_TITLE } from './lensTitles';

export class CallSiteLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly index: WorkspaceIndex, private readonly catalog: ModelCatalogService, private readonly verdicts?: RunVerdicts) {
    const refresh = () => this.changed.fire();
    this.subscriptions.push(
      index.onDidChange(refresh),
      catalog.onDidChange(refresh),
      ...(verdicts ? [verdicts.onDidChange(refresh)] : []),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(Settings.codeLensEnabled)) refresh(); }),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!readSettings(document.uri).codeLensEnabled) return [];
    const sites = await this.index.ensureFresh(document);
    if (token.isCancellationRequested) return [];
    return sites.flatMap((site) => {
      const range = callSiteStart(site);
      const model = effectiveModel(site);
      const facts = model ? this.catalog.factsFor(model) : undefined;
      const flagged = facts && (facts.status.kind === 'retired' || facts.status.kind === 'retiring');
      const verdict = this.verdicts?.forSite(site.id);
      return [
        new vscode.CodeLens(range, {
          title: infoLensTitle(site, facts?.status.kind),
          command: '', // informational: the title is the content
          tooltip: flagged ? facts.status.message : 'Promptshift call site: model · API family · output schema',
        }),
        // After a run: what it found (after a sweep, its recommendation), and a click opens its review.
        ...(verdict ? [new vscode.CodeLens(range, {
          title: verdict.line,
          command: Commands.openReview,
          arguments: [{ runDir: verdict.runDir, callSiteId: site.id }],
          tooltip: verdict.details.join('\n'),
        })] : []),
        // After a sweep, the recommendation's action: the migrate edit to the recommended model.
        ...(verdict?.recommendation?.model ? [new vscode.CodeLens(range, {
          title: APPLY_RECOMMENDATION_LENS_TITLE,
          command: Commands.applyRecommendation,
          arguments: [{ callSiteId: site.id, model: verdict.recommendation.model }],
          tooltip: `Edit the code to use ${verdict.recommendation.model} (the refactor preview shows the change first)`,
        })] : []),
        new vscode.CodeLens(range, {
          title: REPLAY_LENS_TITLE,
          command: Commands.replay,
          arguments: [site],
          tooltip: 'Replay this call site against a baseline and a candidate model',
        }),
      ];
    });
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}

export function registerCallSiteLens(context: vscode.ExtensionContext, index: WorkspaceIndex, catalog: ModelCatalogService, verdicts?: RunVerdicts): void {
  const provider = new CallSiteLensProvider(index, catalog, verdicts);
  context.subscriptions.push(provider, vscode.languages.registerCodeLensProvider(SCANNED_LANGUAGES, provider));
}
