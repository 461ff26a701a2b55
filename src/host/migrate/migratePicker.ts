// The candidate picker of the migrate commands: candidates with replay evidence first (their verdict
// beside them), the catalog's recommendation, then the provider's live models; any typed ID works.
import * as vscode from 'vscode';
import { BUILTIN_CATALOG, loadCatalog } from '../../core/models/catalog';
import type { ModelCatalogService } from '../models/catalogService';
import { candidateChoices } from '../replay/choices';
import { readSettings } from '../settings';
import type { Evidence } from './evidence';
import type { Proposal } from './migrateActions';

/** `go: schema 49/50 (−1) · …`, `no-go: reviewers flagged 2 cases`, or that no replay exists yet. */
export function verdictText(e: Evidence | undefined): string {
  if (!e) return 'no replay yet';
  return e.verdict.go ? `go: ${e.verdict.headline}` : `no-go: ${e.verdict.reasons.join('; ')}`;
}

export async function pickMigrationTarget(catalog: ModelCatalogService, model: string, proposals: readonly Proposal[], title: string): Promise<string | undefined> {
  const items: Array<vscode.QuickPickItem & { id?: string }> = proposals.map((p) => ({
    label: `${p.evidence?.verdict.go ? '$(pass)' : p.evidence ? '$(error)' : '$(circle-outline)'} ${p.candidate}`,
    description: verdictText(p.evidence),
    detail: p.evidence ? `replay ${p.evidence.runId}` : undefined,
    id: p.candidate,
  }));
  const seen = new Set(proposals.map((p) => p.candidate.toLowerCase()));
  const choices = candidateChoices(loadCatalog(BUILTIN_CATALOG, readSettings().catalogOverrides), model, catalog.today());
  const rest = choices.filter((c) => !seen.has(c.id.toLowerCase())).map((c) => ({ label: c.id, description: `${c.description} · no replay yet`, id: c.id }));
  if (rest.length) items.push({ label: 'Other models', kind: vscode.QuickPickItemKind.Separator }, ...rest);
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { id?: string }>();
  qp.title = `${title}: ${model} → ?`;
  qp.placeholder = 'Pick the model to migrate to, or type any model ID (the refactor preview shows every change first)';
  qp.items = items;
  qp.matchOnDescription = true;
  return new Promise((resolve) => {
    const subs = [
      qp.onDidChangeValue((v) => {
        const typed = v.trim();
        qp.items = typed && !items.some((i) => i.id === typed) ? [{ label: typed, description: 'model ID as typed', id: typed }, ...items] : items;
      }),
      qp.onDidAccept(() => { resolve(qp.selectedItems[0]?.id ?? (qp.value.trim() || undefined)); qp.hide(); }),
      qp.onDidHide(() => { resolve(undefined); for (const d of subs) d.dispose(); qp.dispose(); }),
    ];
    qp.show();
  });
}
