// The entry point: builds the dependencies and hands them to the host's register functions.
// Nothing else lives here, and nothing imports this file.
import * as vscode from 'vscode';
import { createLog } from './host/log';
import { registerGeneralCommands } from './host/commands/general';
import { registerScanFeatures, type ScanApi } from './host/scan/register';
import { registerReplayFeatures, type ReplayApi } from './host/replay/register';
import { registerRolloutFeatures } from './host/rollout/register';
import { registerReviewFeatures, type ReviewApi } from './host/review/register';
import { RunCache } from './host/review/runCache';
import { RunVerdicts } from './host/review/verdicts';
import { workspaceRoots } from './host/replay/roots';
import { registerApplyRecommendation } from './host/migrate/applyRecommendation';
import { onDidChangeSettings, readSettings } from './host/settings';

export interface PromptshiftApi {
  /** How long activate() took, for the activation-time measurement. */
  readonly activationMs: number;
  /** The workspace's call sites and the Call Sites tree (see host/scan/register.ts). */
  readonly scan: ScanApi;
  /** Replay: Testing-view outcomes, runs, the trust guard (see host/replay/register.ts). */
  readonly replay: ReplayApi;
  /** The review panel, case diffs and decisions (see host/review/register.ts). */
  readonly review: ReviewApi;
}

export function activate(context: vscode.ExtensionContext): PromptshiftApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log);
  registerGeneralCommands(context, log);
  const runs = new RunCache(() => readSettings().catalogOverrides);
  const verdicts = new RunVerdicts(workspaceRoots, runs, log);
  // Catalog overrides (negotiated prices) change sweep recommendations: the CodeLens and trees follow.
  context.subscriptions.push(verdicts, onDidChangeSettings(() => void verdicts.refresh()));
  const scan = registerScanFeatures(context, { log, verdicts, runs });
  const replay = registerReplayFeatures(context, { log, scan, runs, verdicts });
  const review = registerReviewFeatures(context, { log, runs, verdicts, caseOfTest: (id) => replay.caseOfTest(id) });
  registerApplyRecommendation(context, { callSites: () => scan.callSites(), whenIdle: () => scan.whenIdle(), verdicts });
  registerRolloutFeatures(context, { log, runs: () => replay.runs() });
  // Verdicts of earlier runs, read once the window is up (never on activation's critical path).
  setTimeout(() => void verdicts.refresh(), 0);
  const activationMs = performance.now() - started;
  log.info(`Promptshift ${context.extension.packageJSON.version} activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, scan, replay, review };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
