// Everything of the review in the editor: the review panels (one per run, restored after a reload),
// Open Diff over read-only output documents, Next/Previous Changed Case, and Accept/Flag — the
// commands the panel's buttons, its context menu and scripts use. Called once from activate().
import * as vscode from 'vscode';
import { userInfo } from 'node:os';
import { withDecision } from '../../core/review/decisions';
import { updateReview } from '../../node/reviewStore';
import { MAX_COMMENT, type CaseKey, type Decision } from '../../protocol/review';
import { Commands, OUTPUT_SCHEME, REVIEW_VIEW_TYPE } from '../ids';
import { listRuns, runDescription } from '../runs/runIndex';
import { workspaceRoots } from '../replay/roots';
import { markWalkthroughDone } from '../walkthrough';
import { caseRefFrom, type CaseRef } from './caseRef';
import { openCaseDiff, OutputDocuments, stepChangedCase } from './outputDocs';
import { createReviewWebviewPanel, ReviewPanel, webviewOptions, type PanelDeps } from './panel';
import type { RunCache } from './runCache';
import type { RunVerdicts } from './verdicts';

export interface ReviewFeatureDeps {
  log: vscode.LogOutputChannel;
  runs: RunCache;
  verdicts: RunVerdicts;
  /** The case (and its latest run) behind a Testing-view item id, for Open Diff from test results. */
  caseOfTest(testId: string): CaseRef | undefined;
}

/** What the review exposes on the extension's API (integration tests, other extensions). */
export interface ReviewApi {
  /** Opens (or reveals) the panel of a run, optionally on one case. */
  open(runDir: string, focus?: CaseKey): ReviewPanel;
  panelFor(runDir: string): ReviewPanel | undefined;
  /** Hands a message to a run's panel handler exactly as if its webview had posted it. */
  receive(runDir: string, message: unknown): Promise<void>;
  /** Verdicts after the runs changed (the CodeLens and the Call Sites tree show these). */
  whenVerdictsIdle(): Promise<void>;
}

const SELECTION_KEY = 'promptshift.review.selection';
const MAX_REMEMBERED = 100;

function reviewer(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** The run directory from the arguments openReview receives (CodeLens, Runs view, scripts). */
function reviewTarget(arg: unknown): { runDir: string; focus?: CaseKey } | undefined {
  if (typeof arg === 'string') return { runDir: arg };
  if (arg instanceof vscode.Uri) return { runDir: arg.fsPath };
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  if (a.kind === 'run' && a.run && typeof (a.run as { dir?: unknown }).dir === 'string') return { runDir: (a.run as { dir: string }).dir };
  if (typeof a.runDir !== 'string') return undefined;
  const ref = caseRefFrom(a);
  return ref ? { runDir: ref.runDir, focus: { callSiteId: ref.callSiteId, caseId: ref.caseId } } : { runDir: a.runDir };
}

export function registerReviewFeatures(context: vscode.ExtensionContext, deps: ReviewFeatureDeps): ReviewApi {
  const { log, runs, verdicts } = deps;
  const panels = new Map<string, ReviewPanel>();
  const remembered = () => context.workspaceState.get<Record<string, CaseKey>>(SELECTION_KEY, {});

  const decide = async (ref: CaseRef, decision: Decision | null, comment: string): Promise<{ ok: true } | { ok: false; error: string }> => {
    const entry = decision ? { decision, comment: comment.slice(0, MAX_COMMENT), by: reviewer(), at: new Date().toISOString() } : null;
    // In a sweep the case shown pairs the baseline with one candidate arm: the decision is on that arm,
    // which is what the sweep's report and the canary read.
    const loaded = await runs.get(ref.runDir);
    const arm = loaded.ok ? loaded.run.sites.find((s) => s.comparison.callSiteId === ref.callSiteId)?.arm : undefined;
    const out = await updateReview(ref.runDir, (r) => withDecision(r, { callSiteId: ref.callSiteId, caseId: ref.caseId, ...(arm ? { arm } : {}) }, entry));
    if (!out.ok) { log.error(`Review decision on ${ref.caseId} not saved: ${out.error}`); return out; }
    log.info(`Review: ${ref.caseId} (${ref.callSiteId}) ${decision ?? 'cleared'}${comment && decision === 'flagged' ? ` — ${comment}` : ''}`);
    panels.get(ref.runDir)?.showDecision(ref, decision, decision ? comment : '');
    void verdicts.refresh();
    return { ok: true };
  };

  const panelDeps: PanelDeps = {
    runs, log, extensionUri: context.extensionUri, decide,
    openDiff: (ref) => openCaseDiff(runs, ref),
    selection: {
      get: (runDir) => remembered()[runDir],
      set: (runDir, key) => {
        const all = { ...remembered(), [runDir]: key };
        const keys = Object.keys(all);
        for (const k of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete all[k];
        void context.workspaceState.update(SELECTION_KEY, all);
      },
    },
  };

  const adopt = (panel: vscode.WebviewPanel, runDir: string, focus?: CaseKey): ReviewPanel => {
    const p = new ReviewPanel(panel, runDir, panelDeps, focus);
    panels.set(runDir, p);
    p.onDidDispose(() => { if (panels.get(runDir) === p) panels.delete(runDir); });
    return p;
  };

  const open = (runDir: string, focus?: CaseKey): ReviewPanel => {
    markWalkthroughDone('review');
    const existing = panels.get(runDir);
    if (existing) { existing.reveal(focus); return existing; }
    return adopt(createReviewWebviewPanel('Review', context.extensionUri), runDir, focus);
  };

  const pickRun = async (): Promise<string | undefined> => {
    const all = (await Promise.all(workspaceRoots().map((r) => listRuns(r)))).flat().filter((r) => !r.problem);
    if (!all.length) { void vscode.window.showInformationMessage('Promptshift: no runs to review yet. Replay a call site first.'); return undefined; }
    const pick = await vscode.window.showQuickPick(all.map((r) => ({ ...runDescription(r), detail: r.callSites.map((c) => `${c.path}:${c.line}`).join(', '), dir: r.dir })), { placeHolder: 'Review which run?' });
    return pick?.dir;
  };

  const caseArg = (arg: unknown): CaseRef | undefined => {
    const direct = caseRefFrom(arg);
    if (direct) return direct;
    // Testing view: a test item, or {test, message} from a test message's menu.
    const a = arg as { id?: unknown; test?: { id?: unknown } } | undefined;
    const id = typeof a?.id === 'string' ? a.id : typeof a?.test?.id === 'string' ? a.test.id : undefined;
    return id ? deps.caseOfTest(id) : undefined;
  };

  context.subscriptions.push(
    { dispose: () => { for (const p of [...panels.values()]) p.dispose(); } },
    vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, new OutputDocuments(runs)),
    vscode.window.registerWebviewPanelSerializer(REVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const runDir = state && typeof state === 'object' && typeof (state as { runDir?: unknown }).runDir === 'string' ? (state as { runDir: string }).runDir : undefined;
        if (!runDir || panels.has(runDir)) { panel.dispose(); return; }
        panel.webview.options = webviewOptions(context.extensionUri);
        adopt(panel, runDir);
      },
    }),
    vscode.commands.registerCommand(Commands.openReview, async (arg?: unknown) => {
      const target: { runDir: string; focus?: CaseKey } | undefined = reviewTarget(arg) ?? (await pickRun().then((runDir) => (runDir ? { runDir } : undefined)));
      if (!target) return undefined;
      open(target.runDir, target.focus);
      return target.runDir;
    }),
    vscode.commands.registerCommand(Commands.openDiff, async (arg?: unknown) => {
      const ref = caseArg(arg);
      if (!ref) { void vscode.window.showInformationMessage('Promptshift: this case has no results to compare yet.'); return false; }
      return openCaseDiff(runs, ref);
    }),
    vscode.commands.registerCommand(Commands.nextChangedCase, (arg?: unknown) => stepChangedCase(runs, 1, caseRefFrom(arg))),
    vscode.commands.registerCommand(Commands.previousChangedCase, (arg?: unknown) => stepChangedCase(runs, -1, caseRefFrom(arg))),
    vscode.commands.registerCommand(Commands.acceptCase, async (arg?: unknown) => {
      const ref = caseArg(arg);
      return ref ? decide(ref, 'accepted', '') : { ok: false, error: 'no case given' };
    }),
    vscode.commands.registerCommand(Commands.flagCase, async (arg?: unknown) => {
      const ref = caseArg(arg);
      if (!ref) return { ok: false, error: 'no case given' };
      const given = (arg as { comment?: unknown }).comment;
      const comment = typeof given === 'string' ? given : await vscode.window.showInputBox({ prompt: `Flag ${ref.caseId}: what is wrong with this output?`, placeHolder: 'Comment (optional)' });
      if (comment === undefined) return { ok: false, error: 'cancelled' };
      return decide(ref, 'flagged', comment);
    }),
  );

  return {
    open,
    panelFor: (runDir) => panels.get(runDir),
    receive: async (runDir, message) => { await panels.get(runDir)?.receive(message); },
    whenVerdictsIdle: () => verdicts.whenIdle(),
  };
}
