// The Testing view's "Promptshift replays": one test item per call site that has cases, a child per
// case and a grandchild per arm (baseline, candidate). Running items replays them (the run profile),
// and every replay — from the Testing view, the CodeLens, the palette or a resumed run — publishes its
// results here: pass/fail from the status and the schema, the latency as duration, the output as text.
import * as vscode from 'vscode';
import { parseCases, ARMS, type Arm } from '../../core/replay/cases';
import type { ResultRecord, RunPlanFile } from '../../core/replay/records';
import type { CallSite } from '../../core/callsite';
import { TEST_CONTROLLER_ID } from '../ids';
import { casesFileOf } from '../replay/inputs';
import type { ReplayTesting, RunPublisher } from '../replay/session';
import { aggregate, caseLines, failureText, TestIds, toTerminal, verdictOf, type Verdict } from './verdicts';

export interface TestOutcome {
  state: 'passed' | 'failed';
  durationMs: number;
  message: string | null;
}

export interface TestingDeps {
  /** The folder whose .promptshift holds the call site's cases. */
  rootOf(site: CallSite): string | undefined;
  whenIdle(): Promise<void>;
  callSites(): readonly CallSite[];
  /** Says in the log what a one-time migration did (cases files renamed to new call-site IDs). */
  note(message: string): void;
  /** Replays one call site (only `caseIds` when given) for the run profile. */
  replay(callSiteId: string, caseIds: string[] | undefined, request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void>;
}

interface ItemData { callSiteId: string; caseId?: string; arm?: Arm }

export class ReplayTestController implements ReplayTesting, vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly outcomes = new Map<string, TestOutcome>();
  private refreshing: Promise<void> | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: TestingDeps) {
    this.controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, 'Promptshift replays');
    this.controller.resolveHandler = async (item) => { if (!item) await this.refresh(); };
    this.controller.refreshHandler = () => this.refresh();
    this.controller.createRunProfile('Replay', vscode.TestRunProfileKind.Run, (request, token) => this.runHandler(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher('**/.promptshift/{cases/**/*.jsonl,config.json}');
    const later = () => { void this.refresh(); };
    this.disposables.push(this.controller, watcher, watcher.onDidCreate(later), watcher.onDidChange(later), watcher.onDidDelete(later));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Outcomes of the latest results per test item id (for the extension's API and its tests). */
  results(): Record<string, TestOutcome> {
    return Object.fromEntries(this.outcomes);
  }

  /** Every test item id, depth first. */
  itemIds(): string[] {
    const out: string[] = [];
    const walk = (c: vscode.TestItemCollection) => c.forEach((i) => { out.push(i.id); walk(i.children); });
    walk(this.controller.items);
    return out;
  }

  /** Rebuilds the items from the call sites and their cases files (calls overlapping are joined). */
  refresh(): Promise<void> {
    this.refreshing ??= this.build().finally(() => { this.refreshing = null; });
    return this.refreshing;
  }

  private async build(): Promise<void> {
    await this.deps.whenIdle();
    const items: vscode.TestItem[] = [];
    for (const site of this.deps.callSites()) {
      const root = this.deps.rootOf(site);
      if (!root) continue;
      const { file } = await casesFileOf(root, site, (m) => this.deps.note(m));
      if (!file) continue;
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
      } catch {
        continue;
      }
      items.push(this.siteItem(root, site, file, text));
    }
    this.controller.items.replace(items);
  }

  private siteItem(root: string, site: CallSite, file: string, text: string): vscode.TestItem {
    const siteUri = vscode.Uri.joinPath(vscode.Uri.file(root), site.path);
    const item = this.controller.createTestItem(TestIds.callSite(site.id), `${site.path}:${site.line}`, siteUri);
    item.range = new vscode.Range(site.line - 1, 0, site.line - 1, 0);
    item.description = site.api;
    this.data.set(item, { callSiteId: site.id });
    const parsed = parseCases(text, site.prompt);
    const fileUri = vscode.Uri.file(file);
    if (!parsed.ok) {
      const rel = vscode.workspace.asRelativePath(fileUri);
      item.error = parsed.errors.slice(0, 5).map((e) => `${rel}:${e.line}: ${e.message}`).join('\n');
      return item;
    }
    const lines = caseLines(text);
    for (const c of parsed.cases) {
      const line = (lines.get(c.id) ?? 1) - 1;
      const caseItem = this.controller.createTestItem(TestIds.case(site.id, c.id), c.id, fileUri);
      caseItem.range = new vscode.Range(line, 0, line, 0);
      this.data.set(caseItem, { callSiteId: site.id, caseId: c.id });
      for (const arm of ARMS) {
        const armItem = this.controller.createTestItem(TestIds.arm(site.id, c.id, arm), arm, fileUri);
        armItem.range = caseItem.range;
        this.data.set(armItem, { callSiteId: site.id, caseId: c.id, arm });
        caseItem.children.add(armItem);
      }
      item.children.add(caseItem);
    }
    return item;
  }

  private find(id: string): vscode.TestItem | undefined {
    const [top] = id.split('/');
    let item = this.controller.items.get(top);
    if (!item || item.id === id) return item;
    const caseId = id.split('/').slice(0, 2).join('/');
    item = item.children.get(caseId);
    if (!item || item.id === id) return item;
    return item.children.get(id);
  }

  /** Runs these items through the run profile, as a click in the Testing view does (API and tests). */
  async runItems(ids: readonly string[], token?: vscode.CancellationToken): Promise<void> {
    await this.refresh();
    const items = ids.map((id) => this.find(id)).filter((i): i is vscode.TestItem => !!i);
    await this.runHandler(new vscode.TestRunRequest(items), token ?? new vscode.CancellationTokenSource().token);
  }

  /** The run profile: one replay per call site, only the selected cases when cases were picked. */
  private async runHandler(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const picked = request.include ?? [...iter(this.controller.items)];
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const bySite = new Map<string, Set<string> | 'all'>();
    for (const item of picked) {
      const d = this.data.get(item);
      if (!d || excluded.has(item.id)) continue;
      const prev = bySite.get(d.callSiteId);
      if (!d.caseId) { bySite.set(d.callSiteId, 'all'); continue; }
      if (prev === 'all') continue;
      (prev ?? bySite.set(d.callSiteId, new Set()).get(d.callSiteId) as Set<string>).add(d.caseId);
    }
    for (const [callSiteId, cases] of bySite) {
      if (token.isCancellationRequested) break;
      const caseIds = cases === 'all' ? undefined : [...cases].filter((c) => !excluded.has(TestIds.case(callSiteId, c)));
      await this.deps.replay(callSiteId, caseIds, request, token);
    }
  }

  async begin(plan: RunPlanFile, request?: vscode.TestRunRequest): Promise<RunPublisher> {
    await this.refresh();
    const armItems: vscode.TestItem[] = [];
    for (const pc of plan.callSites) for (const c of pc.cases) for (const arm of ARMS) {
      const it = this.find(TestIds.arm(pc.callSite.id, c.id, arm));
      if (it) { armItems.push(it); it.description = pc.arms[arm].model; }
    }
    const include = request ?? new vscode.TestRunRequest(plan.callSites.map((pc) => this.find(TestIds.callSite(pc.callSite.id))).filter((i): i is vscode.TestItem => !!i));
    const run = this.controller.createTestRun(include, `Promptshift replay ${plan.runId}`, true);
    for (const it of armItems) run.enqueued(it);
    const ended = { value: false };
    return {
      record: (r) => { if (!ended.value) this.apply(run, r.callSiteId, r.caseId, r.arm, verdictOf(r), false); },
      finish: async (records) => {
        const byArm = new Map<string, { r: ResultRecord; v: Verdict[] }>();
        try {
          for await (const r of records) {
            const k = TestIds.arm(r.callSiteId, r.caseId, r.arm);
            const e = byArm.get(k) ?? byArm.set(k, { r, v: [] }).get(k)!;
            e.v.push(verdictOf(r));
          }
          const byCase = new Map<string, { callSiteId: string; caseId: string; failed: boolean; ms: number }>();
          for (const { r, v } of byArm.values()) {
            const agg = aggregate(v);
            if (!agg) continue;
            this.apply(run, r.callSiteId, r.caseId, r.arm, agg, true);
            const ck = TestIds.case(r.callSiteId, r.caseId);
            const c = byCase.get(ck) ?? byCase.set(ck, { callSiteId: r.callSiteId, caseId: r.caseId, failed: false, ms: 0 }).get(ck)!;
            c.failed ||= !agg.passed;
            c.ms += agg.durationMs;
          }
          for (const [id, c] of byCase) {
            const item = this.find(id);
            const state = c.failed ? 'failed' : 'passed';
            this.outcomes.set(id, { state, durationMs: c.ms, message: c.failed ? 'an arm failed' : null });
            if (!item) continue;
            if (c.failed) run.failed(item, new vscode.TestMessage('One or both arms failed: see baseline and candidate below.'), c.ms);
            else run.passed(item, c.ms);
          }
          // Arms the run never reached (cancelled, budget) are skipped, not left spinning.
          for (const it of armItems) if (!byArm.has(it.id)) run.skipped(it);
        } finally {
          ended.value = true;
          run.end();
        }
      },
    };
  }

  private apply(run: vscode.TestRun, callSiteId: string, caseId: string, arm: Arm, v: Verdict, final: boolean): void {
    const id = TestIds.arm(callSiteId, caseId, arm);
    this.outcomes.set(id, { state: v.passed ? 'passed' : 'failed', durationMs: v.durationMs, message: v.passed ? null : failureText(v) });
    const item = this.find(id);
    if (!item) return;
    const location = item.uri && item.range ? new vscode.Location(item.uri, item.range) : undefined;
    if (v.passed) {
      run.passed(item, v.durationMs);
      if (final) run.appendOutput(toTerminal(`[${caseId} · ${arm} · ${v.model}${v.cached ? ' · cached' : ''}] ${v.output}\n`), location, item);
    } else {
      const msg = new vscode.TestMessage(failureText(v));
      if (v.output) msg.actualOutput = v.output;
      msg.location = location;
      run.failed(item, msg, v.durationMs);
    }
  }
}

function* iter(c: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const all: vscode.TestItem[] = [];
  c.forEach((i) => all.push(i));
  yield* all;
}
