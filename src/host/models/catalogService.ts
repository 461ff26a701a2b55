// The model catalog as the editor sees it: the built-in data merged with promptshift.models.catalog,
// rebuilt when settings change, and each model id's lifecycle status for today.
import * as vscode from 'vscode';
import { BUILTIN_CATALOG, loadCatalog, lookupModel, type Catalog, type ModelInfo } from '../../core/models/catalog';
import { modelStatus, replacementFor, type ModelStatus } from '../../core/models/lifecycle';
import { readSettings } from '../settings';

export interface ModelFacts {
  id: string;
  info: ModelInfo | undefined;
  status: ModelStatus;
  /** The recommended replacement, following chains of retired replacements. */
  replacement: string | undefined;
}

/** Local calendar date as YYYY-MM-DD: "today" for the developer looking at the editor. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export class ModelCatalogService implements vscode.Disposable {
  private catalog: Catalog;
  private retiringWithinDays: number;
  private facts = new Map<string, ModelFacts>();
  private day = localToday();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.catalog = this.build();
    this.retiringWithinDays = readSettings().retiringWithinDays;
  }

  /** Re-reads settings; fires onDidChange. */
  reload(): void {
    this.catalog = this.build();
    this.retiringWithinDays = readSettings().retiringWithinDays;
    this.facts.clear();
    this.changed.fire();
  }

  lookup(id: string): ModelInfo | undefined {
    return lookupModel(this.catalog, id);
  }

  /** Status and replacement of a model id today (cached per day). */
  factsFor(id: string): ModelFacts {
    const today = localToday();
    if (today !== this.day) {
      this.day = today;
      this.facts.clear();
    }
    const key = id.trim().toLowerCase();
    let f = this.facts.get(key);
    if (!f) {
      const info = lookupModel(this.catalog, id);
      const replacement = replacementFor(this.catalog, id, today)?.id ?? info?.replacement;
      f = { id, info, status: modelStatus(info, today, this.retiringWithinDays, replacement), replacement };
      this.facts.set(key, f);
    }
    return f;
  }

  /** retired or retiring within the configured window: what diagnostics and the status bar flag. */
  isFlagged(id: string | null): boolean {
    if (!id) return false;
    const kind = this.factsFor(id).status.kind;
    return kind === 'retired' || kind === 'retiring';
  }

  dispose(): void {
    this.changed.dispose();
  }

  private build(): Catalog {
    const catalog = loadCatalog(BUILTIN_CATALOG, readSettings().catalogOverrides);
    for (const w of catalog.warnings) this.log.warn(w);
    return catalog;
  }
}
