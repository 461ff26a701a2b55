// The editor's scan pool: workers that read and parse off the extension host's thread, started on
// demand and stopped after a while without work (each holds the TypeScript compiler: tens of MB).
// And what keeps a one-file rescan from waiting for a worker to start: starting one costs ~50 ms, its
// loading the compiler ~200 ms more of CPU, and its first parse then runs JIT-cold, so the first
// rescan after a pause took several times the 100 ms a rescan may take. So: while a source file of
// the workspace is open in an editor, one worker stays (ScanPoolOptions.keepWarm); and the first
// event about a file (a keystroke, a save, a change on disk) starts one, if none runs, and has it
// parse a small file of the same kind while the event's debounce runs.
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import type { GrammarLoader, ScanEngine } from '../../core/scan/index';
import { languageOf } from '../../core/scan/files';
import type { Pace } from '../../node/pace';
import { ScanPool } from '../../node/scanPool';
import { debounce } from './debounce';
import { WARM_UP } from './warmUp';

/** The scan workers stop after this long without work, and start again on demand. */
const WORKER_IDLE_MS = 30_000;

export class EditorScanPool implements vscode.Disposable {
  private scanPool: ScanPool | undefined;
  private enginePromise: Promise<ScanEngine> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The last editor closed: the kept worker goes once the pool's idle time has passed without one. */
  private readonly releaseSoon = debounce(() => { if (!this.openSource()) void this.scanPool?.stopIdleWorkers(); }, WORKER_IDLE_MS);

  /** `isSource` says whether a file is one the index scans; `pace` shares the thread when it must scan itself. */
  constructor(private readonly grammars: GrammarLoader, private readonly isSource: (uri: vscode.Uri) => boolean, private readonly pace: () => Pace) {
    this.subscriptions.push(
      vscode.window.tabGroups.onDidChangeTabs(() => this.editorsChanged()),
      { dispose: () => this.releaseSoon.cancel() },
    );
  }

  pool(): ScanPool {
    this.scanPool ??= new ScanPool(() => this.engine(), {
      idleMs: WORKER_IDLE_MS, keepWarm: () => this.keepWarm(), callerParses: false, workers: Math.min(availableParallelism(), 4), pace: this.pace(),
    });
    return this.scanPool;
  }

  /** What the idle timer does, now (integration tests): resolves to the workers left running. */
  stopIdle(): Promise<number> {
    return this.scanPool?.stopIdleWorkers() ?? Promise.resolve(0);
  }

  /** Loaded only if no worker can parse: the scanner brings the 10 MB TypeScript compiler. */
  private engine(): Promise<ScanEngine> {
    this.enginePromise ??= import('../../core/scan/index.js').then((m) => new m.ScanEngine(this.grammars));
    return this.enginePromise;
  }

  /** Whether a worker should stay: a source file of the workspace is open in an editor. */
  keepWarm(): boolean {
    return this.openSource() !== undefined;
  }

  /** Starts a worker ahead of a rescan of `uri`, if none runs. */
  warm(uri: vscode.Uri): void {
    const pool = this.pool();
    if (pool.workerCount()) return;
    void pool.scanFile(languageOf(uri.path) === 'py' ? WARM_UP.python : WARM_UP.script);
  }

  private editorsChanged(): void {
    const open = this.openSource();
    if (open) {
      this.releaseSoon.cancel();
      // Before the pool exists the first full scan is still to come, and starts the workers itself.
      if (this.scanPool) this.warm(open);
    } else {
      this.releaseSoon();
    }
  }

  private openSource(): vscode.Uri | undefined {
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputText && this.isSource(tab.input.uri)) return tab.input.uri;
      }
    }
    return undefined;
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    void this.scanPool?.close();
  }
}
