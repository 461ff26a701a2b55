// The editor's cross-file model pass: after a full scan, a file's rescan or a change to a
// configuration file (`.env`, JSON, YAML, TOML, properties), the call sites of a folder whose
// model is not a literal are followed again (core/scan/flow through node/modelFlow's disk reader,
// with open documents' unsaved text winning over the disk). Always from each file's own scan, so a
// removed `.env` value brings the code's default back. Debounced per folder; one run at a time.
// The pass runs in a scan worker (ScanPool.followModels): it reads files synchronously and may load
// the TypeScript compiler, which held the extension host for up to a second on a big repository.
import * as vscode from 'vscode';
import type { CallSite } from '../../core/callsite';
import type { FlowAnswer, FlowJob } from '../../node/modelFlow';
import { timeSlices } from '../../node/pace';

export interface FlowEntry {
  uri: vscode.Uri;
  rel: string;
  /** The file's own scan (what the pass starts from). */
  raw: CallSite[];
  /** What the index shows: the raw sites after the pass. */
  sites: CallSite[];
}

export interface FlowHost {
  entries(folder: vscode.WorkspaceFolder): FlowEntry[];
  /** The folder's source files (the index's listing), for module and caller lookups. */
  files(folder: vscode.WorkspaceFolder): readonly string[];
  /** The pass changed these files' call sites. */
  changed(uris: vscode.Uri[]): void;
}

const DEBOUNCE_MS = 150;
/** Entries compared with their new sites between two questions to the pace. */
const ENTRIES_PER_STEP = 64;
/** Configuration files a model may be read from: a change to one may change a call site's model. */
export const CONFIG_GLOB = '**/{.env,.env.*,*.env,*.json,*.yaml,*.yml,*.toml,*.properties}';

export class FlowRefresher implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private running: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly host: FlowHost, private readonly follow: (job: FlowJob) => Promise<FlowAnswer>, private readonly log: vscode.LogOutputChannel) {}

  /** Follows the folder's models again soon (several requests in a row make one run). */
  schedule(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const t = this.timers.get(key);
    if (t !== undefined) clearTimeout(t);
    else this.pending++;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.running = this.running.then(() => this.run(folder)).catch((e) => this.log.error(`Model flow failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`)).finally(() => { this.pending--; });
    }, DEBOUNCE_MS));
  }

  /** Resolves once no run is scheduled or under way. */
  async whenIdle(): Promise<void> {
    while (this.pending > 0) {
      await this.running;
      if (this.pending > 0) await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
    }
  }

  /** Follows the models now; the caller's entries get their new sites. */
  async run(folder: vscode.WorkspaceFolder): Promise<void> {
    if (folder.uri.scheme !== 'file') return;
    const entries = this.host.entries(folder).filter((e) => e.raw.some((s) => s.model === null));
    if (!entries.length) return;
    const started = Date.now();
    const open: [string, string][] = [];
    for (const d of vscode.workspace.textDocuments) {
      const f = vscode.workspace.getWorkspaceFolder(d.uri);
      if (f?.uri.toString() === folder.uri.toString() && d.isDirty) open.push([vscode.workspace.asRelativePath(d.uri, false), d.getText()]);
    }
    const answer = await this.follow({ root: folder.uri.fsPath, sites: entries.flatMap((e) => e.raw), paths: this.host.files(folder), overlay: open });
    if ('error' in answer) throw new Error(answer.error);
    const { sites, stats } = answer;
    const byPath = new Map<string, CallSite[]>();
    for (const s of sites) {
      const list = byPath.get(s.path);
      if (list) list.push(s);
      else byPath.set(s.path, [s]);
    }
    const changed: vscode.Uri[] = [];
    const pace = timeSlices();
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const next = byPath.get(e.rel) ?? [];
      if (JSON.stringify(next) !== JSON.stringify(e.sites)) {
        e.sites = next;
        changed.push(e.uri);
      }
      if (i % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) { const wait = pace(); if (wait) await wait; }
    }
    this.log.info(`Followed ${stats.followed} models in ${folder.name} in ${Date.now() - started} ms (${stats.byDotenv} by .env, ${stats.continued} across modules, ${stats.retraced} traced again).`);
    if (changed.length) this.host.changed(changed);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
