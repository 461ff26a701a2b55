// One review panel per run: owns its WebviewPanel and the message handler. The host reads the run,
// computes view models and diffs, and writes decisions; the webview renders and reports. Every
// message from the webview is validated first; a malformed one is logged and ignored.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { readReview } from '../../node/reviewStore';
import { emptyReview, REVIEW_FILE } from '../../core/review/decisions';
import { candidateArms } from '../../core/replay/records';
import { CASES_PAGE, describeRejected, isWebviewMessage, type CaseKey, type Decision, type HostMessage, type RunHeader, type WebviewMessage } from '../../protocol/review';
import { Commands, EXPORT_ROLLOUT_PLAN_COMMAND, REVIEW_VIEW_TYPE } from '../ids';
import type { CaseRef } from './caseRef';
import { newNonce, reviewHtml } from './html';
import { findCase, type LoadedRun, type RunCache } from './runCache';
import { caseDetail, caseRow, decisionChanges, siteSummary, type ShownDecision } from './viewModels';
import { sweepView } from './sweepViewModel';

export interface PanelDeps {
  runs: RunCache;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  decide(ref: CaseRef, decision: Decision | null, comment: string): Promise<{ ok: true } | { ok: false; error: string }>;
  openDiff(ref: CaseRef): Promise<boolean>;
  /** The case the reviewer was on, kept across closing and reopening the panel. */
  selection: { get(runDir: string): CaseKey | undefined; set(runDir: string, key: CaseKey): void };
}

/** Webview options: scripts on, and only the extension's own dist/ and media/ folders readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function panelTitle(run: LoadedRun | null, runDir: string): string {
  const first = run?.sites[0];
  if (!first) return `Review ${basename(runDir)}`;
  const more = run.sites.length > 1 ? ` +${run.sites.length - 1}` : '';
  return `Review ${basename(first.label)}${more}`;
}

/** Writes of review.json within this long of each other are read once. */
const REVIEW_SETTLE_MS = 150;
const shownKey = (k: CaseKey) => `${k.callSiteId}\u0000${k.caseId}`;

export class ReviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private run: LoadedRun | null = null;
  /** Messages posted to the webview, by type (for the extension's API and its tests). */
  readonly sent = new Map<HostMessage['type'], number>();
  /** Each case's decision as the webview shows it, to tell a change of review.json made elsewhere. */
  private readonly shown = new Map<string, ShownDecision>();
  private reviewTimer: ReturnType<typeof setTimeout> | undefined;
  /** Reviews read after review.json changed, one after another (an older read never lands last). */
  private reviewRead: Promise<void> = Promise.resolve();

  constructor(readonly panel: vscode.WebviewPanel, readonly runDir: string, private readonly deps: PanelDeps, private focus: CaseKey | undefined) {
    const webview = panel.webview;
    webview.options = webviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'promptshift.svg');
    const asUri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, ...p)).toString();
    webview.html = reviewHtml({
      cspSource: webview.cspSource, script: asUri('dist', 'webview.js'), style: asUri('media', 'review.css'), codicons: asUri('dist', 'codicons', 'codicon.css'),
    }, newNonce(), `Review ${basename(runDir)}`);
    this.disposables.push(
      this.disposed,
      webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      ...this.watchReview(),
    );
  }

  /**
   * review.json written elsewhere (another window, a script, a pull): the decisions shown follow it.
   * Bursts of writes are read once; the panel's own decisions are already shown and post nothing.
   */
  private watchReview(): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(this.runDir), REVIEW_FILE));
    const changed = () => {
      clearTimeout(this.reviewTimer);
      this.reviewTimer = setTimeout(() => { this.reviewRead = this.reviewRead.then(() => this.reviewChanged()).catch(() => undefined); }, REVIEW_SETTLE_MS);
    };
    return [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed), { dispose: () => clearTimeout(this.reviewTimer) }];
  }

  private async reviewChanged(): Promise<void> {
    if (!this.shown.size || !this.disposables.length) return;
    const read = await readReview(this.runDir);
    if (!read.ok) { await this.post({ type: 'error', message: `review.json cannot be read, so decisions are not shown: ${read.error}` }); return; }
    const run = this.run;
    const changes = decisionChanges(this.shown.values(), read.review, (id) => run?.sites.find((s) => s.comparison.callSiteId === id)?.arm);
    if (!changes.length) return;
    this.deps.log.info(`Review panel ${basename(this.runDir)}: review.json changed elsewhere; ${changes.length} decision${changes.length === 1 ? '' : 's'} updated`);
    // A sweep's loaded reports carry the decisions of loading time: the next read recomputes them.
    if (this.run?.sweeps) this.deps.runs.forget(this.runDir);
    for (const c of changes) this.showDecision(c, c.decision, c.comment);
  }

  reveal(focus?: CaseKey): void {
    if (focus) { this.focus = focus; void this.post({ type: 'focus', ...focus }); }
    this.panel.reveal(undefined, false);
  }

  /** The handler of webview messages (the same one the webview's postMessage reaches). */
  async receive(raw: unknown): Promise<void> {
    if (!isWebviewMessage(raw)) { this.deps.log.warn(`Review panel ${basename(this.runDir)}: ignored ${describeRejected(raw)}`); return; }
    try {
      await this.handle(raw);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.deps.log.error(`Review panel ${basename(this.runDir)}: ${message}`);
      await this.post({ type: 'error', message });
    }
  }

  /** A decision made outside the panel (webview context menu, command): show it. */
  showDecision(key: CaseKey, decision: Decision | null, comment: string): void {
    this.shown.set(shownKey(key), { callSiteId: key.callSiteId, caseId: key.caseId, decision, comment });
    void this.post({ type: 'decision', ...key, decision, comment });
  }

  dispose(): void {
    const ds = this.disposables.splice(0);
    if (!ds.length) return;
    this.disposed.fire();
    for (const d of ds) d.dispose();
    this.panel.dispose();
  }

  private async handle(m: WebviewMessage): Promise<void> {
    const ref = (k: CaseKey): CaseRef => ({ runDir: this.runDir, callSiteId: k.callSiteId, caseId: k.caseId });
    switch (m.type) {
      case 'ready': return this.sendRun();
      case 'refresh': this.deps.runs.forget(this.runDir); return this.sendRun();
      case 'select': {
        const run = this.run ?? await this.load();
        const found = run && findCase(run, m.callSiteId, m.caseId);
        if (!found) { await this.post({ type: 'error', message: `No case "${m.caseId}" in this run.` }); return; }
        this.deps.selection.set(this.runDir, { callSiteId: m.callSiteId, caseId: m.caseId });
        await this.post({ type: 'detail', detail: caseDetail(found.site.comparison, found.x) });
        return;
      }
      case 'decide': {
        const out = await this.deps.decide(ref(m), m.decision, m.comment);
        if (out.ok) this.showDecision(m, m.decision, m.decision ? m.comment : '');
        else await this.post({ type: 'error', message: `The decision was not saved: ${out.error}` });
        return;
      }
      case 'openDiff': await this.deps.openDiff(ref(m)); return;
      case 'exportRolloutPlan':
        if ((await vscode.commands.getCommands(true)).includes(EXPORT_ROLLOUT_PLAN_COMMAND)) await vscode.commands.executeCommand(EXPORT_ROLLOUT_PLAN_COMMAND, this.runDir);
        return;
      case 'migrate': return this.migrate();
      case 'applyRecommendation': {
        const run = this.run ?? await this.load();
        const model = run?.sweeps?.find((r) => r.callSiteId === m.callSiteId)?.recommendation.model;
        if (!model) { await this.post({ type: 'error', message: 'No candidate of this sweep is recommended for that call site: nothing to apply.' }); return; }
        await vscode.commands.executeCommand(Commands.applyRecommendation, { callSiteId: m.callSiteId, model });
        return;
      }
    }
  }

  /**
   * The run's candidate into the code: one call site through "Migrate to…", several sharing a
   * baseline model through "Migrate All…"; both show the refactor preview before anything changes.
   */
  private async migrate(): Promise<void> {
    const run = this.run ?? await this.load();
    const planned = run?.plan.callSites ?? [];
    if (!planned.length) return;
    // A sweep has one arm per candidate model: the user picks which one goes into the code.
    const models = [...new Set(planned.flatMap((p) => candidateArms(p.arms).map((a) => p.arms[a].model)))];
    const candidate = models.length === 1 ? models[0] : await vscode.window.showQuickPick(models, { title: 'Migrate the code to which candidate of the sweep?' });
    if (!candidate) return;
    const baselines = new Set(planned.map((p) => p.arms.baseline.model));
    if (planned.length === 1) await vscode.commands.executeCommand(Commands.migrate, planned[0].callSite, candidate);
    else if (baselines.size === 1) await vscode.commands.executeCommand(Commands.migrateAll, [...baselines][0], candidate);
    else await vscode.commands.executeCommand(Commands.migrateAll, undefined, candidate);
  }

  private async load(): Promise<LoadedRun | null> {
    const loaded = await this.deps.runs.get(this.runDir);
    if (!loaded.ok) { await this.post({ type: 'error', message: `This run cannot be read: ${loaded.error}` }); return null; }
    this.run = loaded.run;
    this.panel.title = panelTitle(loaded.run, this.runDir);
    return loaded.run;
  }

  private async sendRun(): Promise<void> {
    const run = await this.load();
    if (!run) return;
    const read = await readReview(this.runDir);
    if (!read.ok) await this.post({ type: 'error', message: `review.json cannot be read, so decisions are not shown: ${read.error}` });
    if (run.sweepProblem) await this.post({ type: 'error', message: `The sweep's recommendation cannot be computed: ${run.sweepProblem}` });
    const review = read.ok ? read.review : emptyReview();
    const rows = run.sites.flatMap((s) => s.comparison.cases.map((x) => caseRow(s.comparison.callSiteId, x, review, s.arm)));
    this.shown.clear();
    for (const r of rows) this.shown.set(shownKey(r), { callSiteId: r.callSiteId, caseId: r.caseId, decision: r.decision, comment: r.comment });
    await this.post({
      type: 'init', header: await this.header(run),
      sites: run.sweeps ? [] : run.sites.map((s) => siteSummary(s.comparison, s.significance, s.label, run.simulated)),
      sweeps: (run.sweeps ?? []).map((r) => sweepView(r, run.sites.find((s) => s.comparison.callSiteId === r.callSiteId)?.label ?? r.callSiteId)),
      total: rows.length,
    });
    for (let start = 0; start < rows.length; start += CASES_PAGE) {
      await this.post({ type: 'cases', start, total: rows.length, rows: rows.slice(start, start + CASES_PAGE) });
    }
    const focus = this.focus ?? this.deps.selection.get(this.runDir);
    this.focus = undefined;
    if (focus) await this.post({ type: 'focus', ...focus });
  }

  private async header(run: LoadedRun): Promise<RunHeader> {
    const s = run.summary;
    const url = run.plan.endpoint?.baseURL ?? null;
    return {
      runId: run.plan.runId, runDir: this.runDir, createdAt: (run.plan.createdAt ?? '').replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC'),
      endpoint: url ? (run.simulated ? `local endpoint ${url}` : url) : 'endpoint not recorded',
      simulated: run.simulated,
      status: s ? `${s.done}/${s.total} requests${s.stopReason === 'completed' ? '' : ` · ${s.stopReason}`}` : `${run.records} results · no summary (interrupted)`,
      canExportRollout: (await vscode.commands.getCommands(true)).includes(EXPORT_ROLLOUT_PLAN_COMMAND),
    };
  }

  private async post(m: HostMessage): Promise<boolean> {
    // A message answering a request the user closed the panel on (e.g. while Apply Recommendation
    // ran) has nowhere to go: the webview getter throws once the panel is disposed.
    if (!this.disposables.length) return false;
    this.sent.set(m.type, (this.sent.get(m.type) ?? 0) + 1);
    try {
      return await this.panel.webview.postMessage(m);
    } catch {
      return false;
    }
  }
}

export function createReviewWebviewPanel(title: string, extensionUri: vscode.Uri): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, title, vscode.ViewColumn.Active, { ...webviewOptions(extensionUri), enableFindWidget: true });
}
