// Everything a developer sees of the scan: the workspace index, the Call Sites tree, CodeLens,
// hovers, diagnostics with quick fixes, and the status bar item. Called once from activate().
import * as vscode from 'vscode';
import type { CallSite } from '../../core/callsite';
import { registerCallSiteLens } from '../codelens/callSiteLens';
import { ModelDiagnostics } from '../diagnostics/modelDiagnostics';
import { registerReplaceModel } from '../diagnostics/replaceModelActions';
import { registerModelHover } from '../hover/modelHover';
import { Views } from '../ids';
import { ModelCatalogService } from '../models/catalogService';
import { onDidChangeSettings } from '../settings';
import { registerStatusBar, type StatusBarView } from '../statusBar';
import { CallSitesTree } from '../views/callSitesTree';
import type { Grouping, TreeNode } from '../views/grouping';
import { registerScanCommands } from './commands';
import { extensionGrammarLoader } from './grammars';
import { WorkspaceIndex, type FileRescanStats, type FullScanStats } from './workspaceIndex';
import { EvidenceIndex } from '../migrate/evidence';
import { registerMigrationMemory, type MigrationMemory } from '../migrate/memory';
import { registerMigrate } from '../migrate/migrateActions';
import type { RunVerdicts } from '../review/verdicts';
import type { RunCache } from '../review/runCache';

export interface ScanFeatureDeps {
  log: vscode.LogOutputChannel;
  /** Latest run verdicts, shown on the CodeLens and in the Call Sites tree. */
  verdicts?: RunVerdicts;
  /** Runs read once for review, the CodeLens and the migrate actions' evidence. */
  runs: RunCache;
}

/** What the scan features expose on the extension's API (integration tests, other extensions). */
export interface ScanApi {
  /** Resolves when no scan is running or scheduled. */
  whenIdle(): Promise<void>;
  /** Every call site in the workspace, ordered by folder, path and position. */
  callSites(): readonly CallSite[];
  /** The file a call site lives in (CallSite.path is relative to its workspace folder). */
  uriOf(site: Pick<CallSite, 'id' | 'path'>): vscode.Uri | undefined;
  /** Fires when the set of call sites changes. */
  readonly onDidChange: vscode.Event<unknown>;
  /** The model each call site used before a migration edit (Replay's default baseline). */
  readonly migrations: MigrationMemory;
  /** The Call Sites tree exactly as the view renders it. */
  readonly tree: vscode.TreeDataProvider<TreeNode> & { readonly grouping: Grouping };
  /** What the last finished full scan did (time, files, how many came from the scan index). */
  lastFullScan(): FullScanStats | undefined;
  /** The last one-file rescan: its file, the time from reading it (and from the event about it) to its sites in the index. */
  lastFileRescan(): FileRescanStats | undefined;
  /**
   * Stops the scan workers as their idle timer would, now, if none is busy (one stays while a source
   * file of the workspace is open in an editor); resolves to the workers left running.
   */
  stopIdleWorkers(): Promise<number>;
  /** The status bar item's text as shown. */
  readonly statusBar: StatusBarView;
}

export function registerScanFeatures(context: vscode.ExtensionContext, { log, verdicts, runs }: ScanFeatureDeps): ScanApi {
  const catalog = new ModelCatalogService(log);
  const index = new WorkspaceIndex(extensionGrammarLoader(context.extensionUri), log);
  const tree = new CallSitesTree(index, catalog, context.workspaceState, verdicts);
  const view = vscode.window.createTreeView(Views.callSites, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    catalog, index, tree, view,
    onDidChangeSettings(() => catalog.reload()),
    index.onDidChangeScanning((scanning) => { view.message = scanning ? 'Scanning the workspace for call sites…' : undefined; }),
  );

  registerScanCommands(context, { index, tree });
  registerCallSiteLens(context, index, catalog, verdicts);
  registerModelHover(context, index, catalog);
  context.subscriptions.push(new ModelDiagnostics(index, catalog));
  const memory = registerMigrationMemory(context);
  const evidence = new EvidenceIndex(runs);
  context.subscriptions.push(evidence);
  registerReplaceModel(context, index, catalog, memory);
  registerMigrate(context, { index, catalog, evidence, memory });
  const statusBar = registerStatusBar(context, index, catalog);

  index.start();
  return {
    whenIdle: () => index.whenIdle(), callSites: () => index.callSites(), uriOf: (site) => index.uriOf(site),
    onDidChange: index.onDidChange, migrations: memory, tree, lastFullScan: () => index.lastFullScan, lastFileRescan: () => index.lastFileRescan,
    stopIdleWorkers: () => index.stopIdleWorkers(), statusBar,
  };
}
