// The entry point: builds the dependencies and hands them to the host's register functions.
// Nothing else lives here, and nothing imports this file.
import * as vscode from 'vscode';
import { createLog } from './host/log';
import { registerGeneralCommands } from './host/commands/general';
import { registerScanFeatures, type ScanApi } from './host/scan/register';
import { registerReplayFeatures, type ReplayApi } from './host/replay/register';
import { registerRolloutFeatures } from './host/rollout/register';

export interface PromptshiftApi {
  /** How long activate() took, for the activation-time measurement. */
  readonly activationMs: number;
  /** The workspace's call sites and the Call Sites tree (see host/scan/register.ts). */
  readonly scan: ScanApi;
  /** Replay: Testing-view outcomes, runs, the trust guard (see host/replay/register.ts). */
  readonly replay: ReplayApi;
}

export function activate(context: vscode.ExtensionContext): PromptshiftApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log);
  registerGeneralCommands(context, log);
  const scan = registerScanFeatures(context, { log });
  const replay = registerReplayFeatures(context, { log, scan });
  registerRolloutFeatures(context, { log, runs: () => replay.runs() });
  const activationMs = performance.now() - started;
  log.info(`Promptshift ${context.extension.packageJSON.version} activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, scan, replay };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
