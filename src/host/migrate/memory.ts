// The model a call site used before a migration edit, so Replay compares against it afterwards: once
// the code says gpt-4.1, the baseline a user wants is still the gpt-4o that ran in production.
import * as vscode from 'vscode';
import { effectiveModel, type CallSite } from '../../core/callsite';
import { Commands } from '../ids';

const KEY = 'promptshift.migration.before';

interface Entry { before: string; after: string; at: string }

export class MigrationMemory {
  constructor(private readonly state: vscode.Memento) {}

  async remember(sites: readonly Pick<CallSite, 'id'>[], before: string, after: string): Promise<void> {
    if (before === after || !sites.length) return;
    const all = { ...this.state.get<Record<string, Entry>>(KEY, {}) };
    const at = new Date().toISOString();
    // A second migration keeps the first baseline: gpt-4o → gpt-4.1 → gpt-6-luna still compares to gpt-4o.
    for (const s of sites) all[s.id] = { before: all[s.id]?.after === before ? all[s.id].before : before, after, at };
    await this.state.update(KEY, all);
  }

  /** The model before the migration, while the code still holds the model it was migrated to. */
  before(site: Pick<CallSite, 'id' | 'model' | 'modelResolved'>): string | undefined {
    const e = this.state.get<Record<string, Entry>>(KEY, {})[site.id];
    return e && effectiveModel(site) === e.after ? e.before : undefined;
  }
}

/** The command a code action runs after its edit is applied, to remember the models it replaced. */
export function noteMigration(sites: readonly Pick<CallSite, 'id'>[], before: string, after: string): vscode.Command {
  return { command: Commands.noteMigration, title: 'Remember the model before the migration', arguments: [sites.map((s) => s.id), before, after] };
}

export function registerMigrationMemory(context: vscode.ExtensionContext): MigrationMemory {
  const memory = new MigrationMemory(context.workspaceState);
  context.subscriptions.push(vscode.commands.registerCommand(Commands.noteMigration, (ids: unknown, before: unknown, after: unknown) => {
    if (!Array.isArray(ids) || typeof before !== 'string' || typeof after !== 'string') return;
    return memory.remember(ids.filter((i): i is string => typeof i === 'string').map((id) => ({ id })), before, after);
  }));
  return memory;
}
