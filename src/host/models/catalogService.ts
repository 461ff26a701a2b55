// The model catalog as the editor sees it: the built-in data merged with promptshift.models.catalog,
// rebuilt when settings change, and each model id's lifecycle status for today.
import * as vscode from 'vscode';
import { BUILTIN_CATALOG, loadCatalog, lookupModel, type Catalog, type ModelInfo } from '../../core/models/catalog';
import { lifecycleOf, type ModelStatus } from '../../core/models/lifecycle';
import { TODAY_ENV, resolveToday } from '../../core/models/today';
import { readSettings } from '../settings';

export interface ModelFacts {
  id: string;
  info: ModelInfo | undefined;
  status: ModelStatus;
  /** The recommended replacement, following chains of retired replacements. */
  replacement: string | undefined;
}

/**
 * "Today" for lifecycle verdicts: promptshift.lifecycle.today, else PROMPTSHIFT_TODAY, else the local
 * calendar date of the developer looking at the editor.
 */
export function lifecycleToday(now = new Date()): string {
  return resolveToday([readSettings().lifecycleToday, process.env[TODAY_ENV]], now).date;
}

export class ModelCatalogService implements vscode.Disposable {
  private catalog: Catalog;
  private retiringWithinDays = 90;
  private facts = new Map<string, ModelFacts>();
  private badPin: string | undefined;
  /** promptshift.lifecycle.today, read with the other settings on reload. */
  private pin = '';
  private day = '';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.catalog = this.build();
    this.readLifecycleSettings();
  }

  /** The date verdicts are given for (pinned or the clock's); logs a pin that is not a date. */
  today(): string {
    const t = resolveToday([this.pin, process.env[TODAY_ENV]], new Date());
    if (t.invalidPin !== undefined && t.invalidPin !== this.badPin) {
      this.badPin = t.invalidPin;
      this.log.warn(`Ignoring the lifecycle date "${t.invalidPin}" (promptshift.lifecycle.today or ${TODAY_ENV}): it is not a YYYY-MM-DD date; using ${t.date}.`);
    }
    if (t.date !== this.day) {
      if (this.day) this.log.info(`Model lifecycles are now judged as of ${t.date}${t.pinned ? ' (pinned)' : ''}.`);
      this.day = t.date;
      this.facts.clear();
    }
    return t.date;
  }

  /** Re-reads settings; fires onDidChange. */
  reload(): void {
    this.catalog = this.build();
    this.readLifecycleSettings();
    this.facts.clear();
    this.changed.fire();
  }

  lookup(id: string): ModelInfo | undefined {
    return lookupModel(this.catalog, id);
  }

  /** Status and replacement of a model id today (cached per day). */
  factsFor(id: string): ModelFacts {
    const today = this.today();
    const key = id.trim().toLowerCase();
    let f = this.facts.get(key);
    if (!f) {
      const { info, status, replacement } = lifecycleOf(this.catalog, id, today, this.retiringWithinDays);
      f = { id, info, status, replacement };
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

  private readLifecycleSettings(): void {
    const s = readSettings();
    this.retiringWithinDays = s.retiringWithinDays;
    this.pin = s.lifecycleToday;
    this.today();
  }

  private build(): Catalog {
    const catalog = loadCatalog(BUILTIN_CATALOG, readSettings().catalogOverrides);
    for (const w of catalog.warnings) this.log.warn(w);
    return catalog;
  }
}
