// The workspace's call sites, kept current: a full scan in the background (window progress, plus a
// cancellable notification when the user asks for it), then one file at a time as documents are
// edited, saved, created or deleted. The scanner is imported lazily so activation stays cheap.
import * as vscode from 'vscode';
import type { CallSite } from '../../core/callsite';
import type { GrammarLoader } from '../../core/scan/index';
import { timeSlices } from '../../node/pace';
import { ContextKeys } from '../ids';
import { readSettings } from '../settings';
import type { IndexedSite } from '../views/grouping';
import { GlobExcluder, GitignoreSet, PathFilter, SOURCE_GLOB } from './excludes';
import { folderExcludeGlobs, inSkippedDir, listFolder, relativePath, type FolderListing } from './fileListing';
import { readSource, scanFolder } from './folderScan';
import { CONFIG_GLOB, FlowRefresher } from './flowRefresh';
import { debounce } from './debounce';
import { PerFileQueue } from './perFileQueue';
import { EditorScanPool } from './editorPool';
import type { FileEntry, FileRescanStats, FullScanStats, IndexChange } from './indexTypes';

export type { FileRescanStats, FullScanStats, IndexChange } from './indexTypes';

/** Typing: a document is rescanned once its edits pause this long. */
const DEBOUNCE_MS = 300;
/** Saves and changes on disk: only events about one file that come together are merged. */
const DISK_DEBOUNCE_MS = 30;
/** The extension host is given back after this much work in a row (it must answer the user). */
const SLICE_MS = 8;

export class WorkspaceIndex implements vscode.Disposable {
  private readonly files = new Map<string, FileEntry>();
  private readonly listings = new Map<string, FolderListing>();
  private readonly rescans = new PerFileQueue<vscode.Uri>((uri) => uri.toString(), (uri) => this.rescanNow(uri),
    (uri, e) => this.log.error(`${uri.fsPath}: rescan failed: ${e instanceof Error ? e.message : String(e)}`));
  private readonly siteUris = new WeakMap<CallSite, vscode.Uri>();
  private readonly changed = new vscode.EventEmitter<IndexChange>();
  private readonly scanningChanged = new vscode.EventEmitter<boolean>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.scanningChanged];
  /** Scans read and parse in worker threads, off the extension host's thread. */
  private readonly workers: EditorScanPool;
  private lastFull: FullScanStats | undefined;
  private full: { cts: vscode.CancellationTokenSource; done: Promise<number> } | undefined;
  /** Follows models that are not literals across files and configuration, per folder. */
  private readonly flow: FlowRefresher;
  private sorted: CallSite[] | undefined;
  /** Files rescanned or removed one by one while a full scan runs: their own result is newer than its listing. */
  private touchedDuringFull: Set<string> | undefined;
  private busy = 0;
  private lastRescan: FileRescanStats | undefined;
  /** When the first event about a file not yet rescanned arrived, by file. */
  private readonly eventAt = new Map<string, number>();

  readonly onDidChange = this.changed.event;
  /** Fires true when a full scan starts and false when the last one ends. */
  readonly onDidChangeScanning = this.scanningChanged.event;

  constructor(grammars: GrammarLoader, private readonly log: vscode.LogOutputChannel) {
    this.workers = new EditorScanPool(grammars, (uri) => this.candidate(uri), () => timeSlices(SLICE_MS));
    this.subscriptions.push(this.workers);
    this.flow = new FlowRefresher({
      entries: (folder) => [...this.files.values()].filter((e) => e.folder.uri.toString() === folder.uri.toString()),
      files: (folder) => this.listings.get(folder.uri.toString())?.files ?? [],
      changed: () => this.afterFlow(),
    }, (job) => this.workers.pool().followModels(job, grammars), log);
    this.subscriptions.push(this.flow);
  }

  // ---- Queries ----

  /** Every call site, ordered by folder, path and position. */
  callSites(): readonly CallSite[] {
    if (!this.sorted) {
      const folderOrder = (e: FileEntry) => e.folder.index;
      const entries = [...this.files.values()].sort((a, b) => folderOrder(a) - folderOrder(b) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
      this.sorted = entries.flatMap((e) => e.sites);
    }
    return this.sorted;
  }

  /** Call sites with the path the UI shows (prefixed by the folder name in a multi-root workspace). */
  indexedSites(): IndexedSite[] {
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    return this.callSites().map((site) => {
      const uri = this.siteUris.get(site);
      const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
      return { site, file: multiRoot && folder ? `${folder.name}/${site.path}` : site.path };
    });
  }

  /** Files with call sites, each with its sites. */
  *filesWithSites(): Iterable<{ uri: vscode.Uri; sites: readonly CallSite[] }> {
    for (const e of this.files.values()) if (e.sites.length) yield { uri: e.uri, sites: e.sites };
  }

  sitesIn(uri: vscode.Uri): readonly CallSite[] {
    return this.files.get(uri.toString())?.sites ?? [];
  }

  /** The file a call site lives in: by identity, else by id and path (a copy passed through a command). */
  uriOf(site: Pick<CallSite, 'id' | 'path'>): vscode.Uri | undefined {
    const known = this.siteUris.get(site as CallSite);
    if (known) return known;
    for (const e of this.files.values()) {
      if (e.rel === site.path && e.sites.some((s) => s.id === site.id)) return e.uri;
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder && site.path ? vscode.Uri.joinPath(folder.uri, site.path) : undefined;
  }

  /** The call sites of an open document as of its current text, rescanning now if the index is behind. */
  async ensureFresh(document: vscode.TextDocument): Promise<readonly CallSite[]> {
    const key = document.uri.toString();
    const entry = this.files.get(key);
    if (entry && (entry.version === document.version || (entry.version === undefined && !document.isDirty))) {
      await this.flow.whenIdle();
      return this.sitesIn(document.uri);
    }
    if (!this.candidate(document.uri)) return entry?.sites ?? [];
    this.rescans.cancel(key);
    await this.rescans.run(document.uri);
    await this.flow.whenIdle();
    return this.sitesIn(document.uri);
  }

  get isScanning(): boolean {
    return this.busy > 0;
  }

  /** What the last full scan did, once one has finished. */
  get lastFullScan(): FullScanStats | undefined { return this.lastFull; }

  get lastFileRescan(): FileRescanStats | undefined { return this.lastRescan; }
  /** Stops idle scan workers as their idle timer would (integration tests); resolves to those left. */
  stopIdleWorkers(): Promise<number> { return this.workers.stopIdle(); }

  /** Resolves once no full scan and no file rescan is running or scheduled. */
  async whenIdle(): Promise<void> {
    for (;;) {
      while (this.full || this.rescans.busy) {
        if (this.full) await this.full.done.catch(() => undefined);
        else await this.rescans.settle(DEBOUNCE_MS / 2);
      }
      await this.flow.whenIdle();
      if (!this.full && !this.rescans.busy) return;
    }
  }

  // ---- Lifecycle ----

  /** Starts watching the workspace and runs the first full scan in the background. */
  start(): void {
    const schedule = (uri: vscode.Uri) => this.schedule(uri, DISK_DEBOUNCE_MS);
    const sourceWatcher = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
    const treeWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    const gitignoreWatcher = vscode.workspace.createFileSystemWatcher('**/.gitignore');
    const configWatcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
    const configChanged = (uri: vscode.Uri) => { const f = vscode.workspace.getWorkspaceFolder(uri); if (f) this.flow.schedule(f); };
    const rescanSoon = debounce(() => void this.rescanAll(false), 1_000);
    // A .gitignore in a folder no scan enters changes nothing: the scan index's own, which its first
    // write creates in .promptshift/cache, set off a full rescan a second after every first scan.
    const gitignoreChanged = (uri: vscode.Uri) => { if (!inSkippedDir(uri)) rescanSoon(); };
    this.subscriptions.push(
      sourceWatcher, treeWatcher, gitignoreWatcher, configWatcher,
      configWatcher.onDidCreate(configChanged), configWatcher.onDidChange(configChanged), configWatcher.onDidDelete(configChanged),
      sourceWatcher.onDidCreate(schedule),
      sourceWatcher.onDidChange(schedule),
      treeWatcher.onDidDelete((uri) => this.remove(uri)),
      treeWatcher.onDidCreate((uri) => void this.folderCreated(uri)),
      gitignoreWatcher.onDidCreate(gitignoreChanged), gitignoreWatcher.onDidChange(gitignoreChanged), gitignoreWatcher.onDidDelete(gitignoreChanged),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length) return;
        this.schedule(e.document.uri, DEBOUNCE_MS);
        if (!this.candidate(e.document.uri)) configChanged(e.document.uri); // an unsaved .env or config file
      }),
      vscode.workspace.onDidSaveTextDocument((d) => schedule(d.uri)),
      // Closing a document with unsaved edits discards them: the disk text is the truth again.
      vscode.workspace.onDidCloseTextDocument((d) => { if (this.files.get(d.uri.toString())?.version !== undefined) schedule(d.uri); }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescanAll(false)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (['files.exclude', 'search.exclude', 'promptshift.scan'].some((s) => e.affectsConfiguration(s))) rescanSoon();
      }),
      { dispose: () => rescanSoon.cancel() },
    );
    void this.rescanAll(false);
  }

  dispose(): void {
    this.full?.cts.cancel();
    this.rescans.dispose();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }

  // ---- Full scan ----

  /** Scans every workspace folder; a running full scan is cancelled first. Resolves to the call-site count. */
  rescanAll(explicit: boolean): Promise<number> {
    const previous = this.full;
    previous?.cts.cancel();
    const cts = new vscode.CancellationTokenSource();
    const done = (previous?.done.catch(() => 0) ?? Promise.resolve(0)).then(() => this.runFullScan(cts, explicit));
    const current = { cts, done };
    this.full = current;
    void done.finally(() => {
      if (this.full === current) this.full = undefined;
      cts.dispose();
    });
    return done;
  }

  private async runFullScan(cts: vscode.CancellationTokenSource, explicit: boolean): Promise<number> {
    if (cts.token.isCancellationRequested) return this.callSites().length;
    this.setBusy(+1);
    try {
      const inWindow = (notification?: vscode.Progress<{ message?: string; increment?: number }>) =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Promptshift' }, (win) =>
          this.scanFolders(cts.token, (message, increment) => {
            win.report({ message });
            notification?.report({ message, increment });
          }));
      if (explicit) {
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Promptshift: scanning for call sites', cancellable: true },
          (progress, token) => {
            const sub = token.onCancellationRequested(() => cts.cancel());
            return Promise.resolve(inWindow(progress)).finally(() => sub.dispose());
          });
      } else {
        await inWindow();
      }
    } catch (e) {
      this.log.error(`Workspace scan failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      this.setBusy(-1);
    }
    return this.callSites().length;
  }

  private async scanFolders(token: vscode.CancellationToken, report: (message: string, increment: number) => void): Promise<void> {
    const started = Date.now();
    const settings = readSettings();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const live = new Set(folders.map((f) => f.uri.toString()));
    for (const [key, e] of this.files) if (!live.has(e.folder.uri.toString())) this.files.delete(key);
    const stats: FullScanStats = { ms: 0, listMs: 0, files: 0, callSites: 0, fromIndex: 0, scanned: 0 };
    let errors = 0;
    const touched = new Set<string>();
    this.touchedDuringFull = touched;
    for (const folder of folders) {
      if (token.isCancellationRequested) break;
      report(`listing ${folder.name}…`, 0);
      const listed = Date.now();
      const listing = await listFolder(folder, settings.scanExclude, token, this.log, timeSlices(SLICE_MS));
      stats.listMs += Date.now() - listed;
      this.listings.set(folder.uri.toString(), listing);
      let reported = 0;
      const scan = await scanFolder(folder, listing.files, this.workers.pool(), {
        maxFileBytes: settings.maxFileBytes, token, pace: timeSlices(SLICE_MS),
        report: (message, done, total) => {
          report(message, (100 * (done - reported)) / Math.max(1, total) / folders.length);
          reported = done;
        },
      });
      const next = new Map<string, FileEntry>();
      for (const f of scan.files) {
        if (f.error) { errors++; this.log.warn(`${f.rel}: ${f.error.message}`); }
        if (f.sites.length || f.version !== undefined) next.set(f.uri.toString(), { uri: f.uri, folder, rel: f.rel, raw: f.sites, sites: f.sites, version: f.version });
      }
      stats.files += scan.listed;
      stats.fromIndex += scan.index?.fromIndex ?? 0;
      stats.scanned += scan.index?.scanned ?? scan.listed;
      if (scan.index?.discarded) this.log.info(`${folder.name}: scan index not used (${scan.index.discarded}); rebuilt.`);
      if (scan.index?.writeError) this.log.warn(`${folder.name}: could not write the scan index: ${scan.index.writeError}`);
      const complete = !token.isCancellationRequested;
      for (const [key, e] of this.files) if (complete && e.folder.uri.toString() === folder.uri.toString() && !next.has(key) && !touched.has(key)) this.files.delete(key);
      for (const [key, e] of next) {
        if (touched.has(key)) continue;
        // An edit rescanned while the full scan ran is newer than what the full scan read.
        const existing = this.files.get(key);
        if (existing?.version !== undefined && e.version !== undefined && existing.version > e.version) continue;
        this.files.set(key, e);
      }
    }
    if (this.touchedDuringFull === touched) this.touchedDuringFull = undefined;
    this.reindex();
    for (const folder of folders) this.flow.schedule(folder);
    stats.callSites = this.callSites().length;
    stats.ms = Date.now() - started;
    if (!token.isCancellationRequested) this.lastFull = stats;
    const how = token.isCancellationRequested ? 'cancelled after' : 'scanned';
    this.log.info(`Workspace ${how} ${stats.files} files in ${stats.ms} ms (listing ${stats.listMs} ms; ${stats.fromIndex} unchanged, from the scan index): ${stats.callSites} call sites${errors ? `, ${errors} files skipped or with errors` : ''}.`);
    this.changed.fire({ uris: undefined });
  }

  // ---- One file ----

  private schedule(uri: vscode.Uri, delayMs: number): void {
    const source = this.candidate(uri);
    if (!source && !this.files.has(uri.toString())) return;
    // The worker starts while the debounce runs, not after it.
    if (source) this.workers.warm(uri);
    if (!this.eventAt.has(uri.toString())) this.eventAt.set(uri.toString(), Date.now());
    this.rescans.schedule(uri, delayMs);
  }

  private async rescanNow(uri: vscode.Uri): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const rel = folder && relativePath(folder, uri);
    const key = uri.toString();
    const eventAt = this.eventAt.get(key);
    this.eventAt.delete(key);
    this.touchedDuringFull?.add(key);
    if (!folder || rel === undefined || !this.candidate(uri)) {
      if (this.files.delete(key)) this.afterFileChange(uri);
      return;
    }
    const started = performance.now();
    const { file, version } = await readSource(uri, rel);
    if (file.readError && version === undefined) {
      // Gone (deleted or renamed away) between the event and now.
      if (this.files.delete(key)) this.afterFileChange(uri);
      return;
    }
    const read = performance.now();
    const scanned = await this.workers.pool().scanFile(file, { maxFileBytes: readSettings().maxFileBytes });
    const parsed = performance.now();
    // A half-typed document rarely parses: only the text on disk earns a warning.
    if (scanned.error) this.log[version === undefined ? 'warn' : 'debug'](`${rel}: ${scanned.error.message}`);
    const before = this.files.get(key);
    // Open documents keep an entry even without call sites, so ensureFresh knows their version is indexed.
    if (scanned.callSites.length || version !== undefined) this.files.set(key, { uri, folder, rel, raw: scanned.callSites, sites: scanned.callSites, version });
    else this.files.delete(key);
    if (JSON.stringify(before?.raw ?? []) !== JSON.stringify(scanned.callSites)) this.afterFileChange(uri);
    else if (before && scanned.callSites.length) Object.assign(this.files.get(key)!, { raw: before.raw, sites: before.sites }); // keep object identity
    const ms = (from: number, to = performance.now()) => Math.round(to - from);
    this.lastRescan = { rel, ms: ms(started), readMs: ms(started, read), parseMs: ms(read, parsed), sinceEventMs: eventAt === undefined ? undefined : Date.now() - eventAt };
    // Another file's model may come from this one (a constants module): the folder is followed again.
    this.flow.schedule(folder);
  }

  /** The model pass changed call sites; their definitions may sit in any file (a `.env`), so everything is redrawn. */
  private afterFlow(): void {
    this.reindex();
    this.changed.fire({ uris: undefined });
  }

  private afterFileChange(uri: vscode.Uri): void {
    this.reindex();
    this.changed.fire({ uris: [uri] });
  }

  /**
   * A folder created with files in it (a checkout, a copy, mkdir then write at once): the watcher
   * may report the folder alone, so its source files are looked up and rescanned.
   */
  private async folderCreated(uri: vscode.Uri): Promise<void> {
    if (this.candidate(uri) || inSkippedDir(vscode.Uri.joinPath(uri, '_'))) return;
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (stat?.type !== vscode.FileType.Directory) return;
    for (const file of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, SOURCE_GLOB))) this.schedule(file, DISK_DEBOUNCE_MS);
  }

  /** A deleted file or folder: drop what the index holds under it. */
  private remove(uri: vscode.Uri): void {
    const key = uri.toString();
    const prefix = key.endsWith('/') ? key : `${key}/`;
    const gone = [...this.files.keys()].filter((k) => k === key || k.startsWith(prefix));
    if (!gone.length) return;
    const uris = gone.map((k) => this.files.get(k)!.uri);
    for (const k of gone) { this.files.delete(k); this.rescans.cancel(k); this.eventAt.delete(k); this.touchedDuringFull?.add(k); }
    this.reindex();
    this.changed.fire({ uris });
  }

  /** Whether a file belongs in the index: a source file in a workspace folder that no exclude rule hides. */
  private candidate(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const rel = folder && relativePath(folder, uri);
    if (!folder || rel === undefined) return false;
    const listing = this.listings.get(folder.uri.toString());
    const filter = listing?.filter ?? new PathFilter(new GlobExcluder(folderExcludeGlobs(folder, readSettings().scanExclude)), new GitignoreSet());
    return filter.includes(rel);
  }

  private reindex(): void {
    this.sorted = undefined;
    for (const e of this.files.values()) for (const s of e.sites) this.siteUris.set(s, e.uri);
    void vscode.commands.executeCommand('setContext', ContextKeys.hasCallSites, this.callSites().length > 0);
  }

  private setBusy(delta: number): void {
    const was = this.busy > 0;
    this.busy += delta;
    if (was === this.busy > 0) return;
    void vscode.commands.executeCommand('setContext', ContextKeys.scanning, this.busy > 0);
    this.scanningChanged.fire(this.busy > 0);
  }
}
