// The Testing view's "Promptshift replays": one test item per call site that has cases, and one test
// per case — run on both arms, so "4/4 passed" counts cases, never cases × arms (requests). Running
// items replays them (the run profile), and every replay — from the Testing view, the CodeLens, the
// palette or a resumed run — publishes its results here: a case passes when both arms pass (status
// and schema); its output in Test Results holds both outputs and schema errors, and a failed case's
// message offers Open Diff (baseline as "expected", candidate as "actual").
import * as vscode from 'vscode';
import { parseCases, type Arm } from '../../core/replay/cases';
import { candidateArms, type ResultRecord, type RunPlanFile } from '../../core/replay/records';
import type { CallSite } from '../../core/callsite';
import { Commands, TEST_CONTROLLER_ID } from '../ids';
import type { CaseRef } from '../review/caseRef';
import { caseFailureMarkdown, caseOutputText } from './caseReport';
import { casesFileOf } from '../replay/inputs';
import type { ReplayTesting, RunPublisher } from '../replay/session';
import { aggregate, caseLines, failureText, TestIds, toTerminal, verdictOf, type Verdict } from './verdicts';

/** Test messages of a case's outcome carry this, for the Open Diff item of their menu. */
export const CASE_MESSAGE_CONTEXT = 'promptshift.caseDiff';

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

interface ItemData { callSiteId: string; caseId?: string }

interface LiveCase { callSiteId: string; caseId: string; arms: Record<Arm, Verdict[]>; final: boolean }

export class ReplayTestController implements ReplayTesting, vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly outcomes = new Map<string, TestOutcome>();
  /** The run that last reported each case (test item id → run directory), for Open Diff. */
  private readonly caseRuns = new Map<string, string>();
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

  /** The case behind a case test item, in the latest run that reported it. */
  caseRefFor(testId: string): CaseRef | undefined {
    const runDir = this.caseRuns.get(testId);
    const m = /^cs:([^/]+)\/(.+)$/.exec(testId);
    return runDir && m ? { runDir, callSiteId: m[1], caseId: m[2] } : undefined;
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
    item.description = `${site.api} · ${parsed.cases.length} case${parsed.cases.length === 1 ? '' : 's'}, each on baseline and candidate`;
    const lines = caseLines(text);
    for (const c of parsed.cases) {
      const line = (lines.get(c.id) ?? 1) - 1;
      const caseItem = this.controller.createTestItem(TestIds.case(site.id, c.id), c.id, fileUri);
      caseItem.range = new vscode.Range(line, 0, line, 0);
      this.data.set(caseItem, { callSiteId: site.id, caseId: c.id });
      item.children.add(caseItem);
    }
    return item;
  }

  private find(id: string): vscode.TestItem | undefined {
    const [top] = id.split('/');
    const item = this.controller.items.get(top);
    if (!item || item.id === id) return item;
    return item.children.get(id.split('/').slice(0, 2).join('/'));
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

  async begin(plan: RunPlanFile, request?: vscode.TestRunRequest, runDir?: string): Promise<RunPublisher> {
    await this.refresh();
    const live = new Map<string, LiveCase>();
    const caseItems: vscode.TestItem[] = [];
    for (const pc of plan.callSites) for (const c of pc.cases) {
      const id = TestIds.case(pc.callSite.id, c.id);
      live.set(id, { callSiteId: pc.callSite.id, caseId: c.id, arms: { baseline: [], candidate: [] }, final: false });
      const it = this.find(id);
      if (it) { caseItems.push(it); it.description = `${pc.arms.baseline.model} ↔ ${candidateArms(pc.arms).map((a) => pc.arms[a].model).join(', ')}`; }
      if (runDir) this.caseRuns.set(id, runDir);
    }
    const include = request ?? new vscode.TestRunRequest(plan.callSites.map((pc) => this.find(TestIds.callSite(pc.callSite.id))).filter((i): i is vscode.TestItem => !!i));
    const cases = live.size;
    const run = this.controller.createTestRun(include, `Promptshift replay ${plan.runId} · ${cases} case${cases === 1 ? '' : 's'}, each on baseline and candidate`, true);
    for (const it of caseItems) run.enqueued(it);
    const repeats = Math.max(1, plan.repeats ?? 1);
    const ended = { value: false };
    const add = (acc: Map<string, LiveCase>, r: ResultRecord) => {
      const c = acc.get(TestIds.case(r.callSiteId, r.caseId));
      if (!c || !isPairArm(r.arm)) return undefined;
      c.arms[r.arm].push(verdictOf(r));
      return c;
    };
    return {
      record: (r) => {
        // The Testing view shows runs of one candidate; a sweep's arms are compared in the review.
        if (ended.value || !isPairArm(r.arm)) return;
        const c = add(live, r);
        this.setArmOutcome(r.callSiteId, r.caseId, r.arm, verdictOf(r));
        if (!c || c.final) return;
        const item = this.find(TestIds.case(c.callSiteId, c.caseId));
        if (c.arms.baseline.length >= repeats && c.arms.candidate.length >= repeats) { c.final = true; this.finalize(run, c, runDir); } else if (item) run.started(item);
      },
      finish: async (records) => {
        // Every record of the run (earlier sessions of a resumed run included) decides the cases
        // that were not complete while they streamed in.
        const all = new Map<string, LiveCase>();
        for (const [id, c] of live) all.set(id, { ...c, arms: { baseline: [], candidate: [] } });
        try {
          for await (const r of records) add(all, r);
          for (const [id, c] of all) if (!live.get(id)?.final) this.finalize(run, c, runDir);
        } finally {
          ended.value = true;
          run.end();
        }
      },
    };
  }

  private setArmOutcome(callSiteId: string, caseId: string, arm: Arm, v: Verdict): void {
    this.outcomes.set(TestIds.arm(callSiteId, caseId, arm), { state: v.passed ? 'passed' : 'failed', durationMs: v.durationMs, message: v.passed ? null : failureText(v) });
  }

  /** One case's final state: passed when both arms passed; its report as output, a message when it failed. */
  private finalize(run: vscode.TestRun, c: LiveCase, runDir: string | undefined): void {
    const b = aggregate(c.arms.baseline);
    const d = aggregate(c.arms.candidate);
    if (b) this.setArmOutcome(c.callSiteId, c.caseId, 'baseline', b);
    if (d) this.setArmOutcome(c.callSiteId, c.caseId, 'candidate', d);
    const id = TestIds.case(c.callSiteId, c.caseId);
    const item = this.find(id);
    if (!b && !d) { if (item) run.skipped(item); return; }
    const durationMs = (b?.durationMs ?? 0) + (d?.durationMs ?? 0);
    const complete = !!b && !!d;
    const passed = complete && b.passed && d.passed;
    this.outcomes.set(id, { state: passed ? 'passed' : 'failed', durationMs, message: passed ? null : complete ? 'an arm failed' : 'not run on both arms' });
    if (!item) return;
    const location = item.uri && item.range ? new vscode.Location(item.uri, item.range) : undefined;
    run.appendOutput(toTerminal(caseOutputText(c.caseId, b, d)), location, item);
    if (!complete) { run.skipped(item); return; }
    if (passed) { run.passed(item, durationMs); return; }
    const ref = runDir ? { runDir, callSiteId: c.callSiteId, caseId: c.caseId } : null;
    const link = ref ? `command:${Commands.openDiff}?${encodeURIComponent(JSON.stringify([ref]))}` : null;
    const md = new vscode.MarkdownString(caseFailureMarkdown(c.caseId, b, d, link));
    md.isTrusted = { enabledCommands: [Commands.openDiff] };
    md.supportHtml = false;
    const msg = vscode.TestMessage.diff(md, b.output, d.output);
    msg.contextValue = CASE_MESSAGE_CONTEXT;
    msg.location = location;
    run.failed(item, msg, durationMs);
  }
}

function* iter(c: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const all: vscode.TestItem[] = [];
  c.forEach((i) => all.push(i));
  yield* all;
}

function isPairArm(arm: string): arm is Arm {
  return arm === 'baseline' || arm === 'candidate';
}
