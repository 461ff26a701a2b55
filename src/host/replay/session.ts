// Drives one replay session over a run directory: the pre-run estimate and confirmation, then the
// engine (core/replay/engine.ts) with the CLI's node adapters (run store, cache), inside a
// cancellable progress notification. Cancel aborts in-flight requests and keeps finished results.
// Results stream into the Testing view as they are appended. The engine and the SDK are
// imported on first use so activation stays cheap.
import * as vscode from 'vscode';
import type { RunPlanFile, ResultRecord, RunSummary } from '../../core/replay/records';
import type { RunStore } from '../../core/replay/ports';
import type { EndpointOptions } from '../../llm/openaiClient';
import { loggerFor } from '../log';
import { readProxySettings, readSettings } from '../settings';
import { ApiKeys, missingKeyMessage } from '../secrets';
import { Commands } from '../ids';
import { markWalkthroughDone } from '../walkthrough';
import { needsKey, toEndpointOptions, type EndpointProfile } from './endpoints';
import type { LocalStandIn } from './localStandIn';
import { estimateText, needsConfirmation, progressText, redact, replayRefusal, summaryText, unreachableText } from './text';
import { isLocalEndpoint } from '../../core/replay/endpointKind';

/** Where the Testing view learns about a run (implemented by testing/controller.ts). */
export interface RunPublisher {
  record(r: ResultRecord): void;
  /** Final states from every record of the run (earlier sessions included), then ends the test run. */
  finish(records: AsyncIterable<ResultRecord>): Promise<void>;
}
export interface ReplayTesting {
  /** `runDir`: where the run is written, so results can link to the review and the diffs. */
  begin(plan: RunPlanFile, request?: vscode.TestRunRequest, runDir?: string): Promise<RunPublisher>;
}

export interface SessionDeps {
  log: vscode.LogOutputChannel;
  keys: ApiKeys;
  standIn: LocalStandIn;
  testing: ReplayTesting;
  onRunsChanged(): void;
}

export type ResolvedEndpoint = { ok: true; profile: EndpointProfile; options: EndpointOptions; baseURL: string | null } | { ok: false; error: string; setKey?: boolean };

/** The llm options of a profile: its key from secret storage or the environment, the stand-in started. */
export async function resolveEndpoint(deps: Pick<SessionDeps, 'keys' | 'standIn'>, profile: EndpointProfile): Promise<ResolvedEndpoint> {
  if (profile.builtin) {
    try {
      const url = await deps.standIn.url();
      return { ok: true, profile, options: toEndpointOptions(profile, '', url), baseURL: url };
    } catch (e) {
      return { ok: false, error: `The local stand-in did not start: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  const { key } = await deps.keys.get(profile);
  if (needsKey(profile) && !key) return { ok: false, error: missingKeyMessage(profile), setKey: true };
  // The built-in stand-in is on 127.0.0.1 and never proxied; a real endpoint goes through VS Code's proxy.
  const { proxyConfigFromEditor } = await import('../../llm/proxy');
  const { proxy, noProxy } = readProxySettings();
  const options = { ...toEndpointOptions(profile, key, undefined), proxy: proxyConfigFromEditor(proxy, noProxy, process.env) };
  return { ok: true, profile, options, baseURL: options.baseURL ?? (profile.kind === 'openai' ? 'https://api.openai.com/v1' : null) };
}

export interface SessionInput {
  root: string;
  plan: RunPlanFile;
  runDir: string;
  resume: boolean;
  endpoint: Extract<ResolvedEndpoint, { ok: true }>;
  concurrency: number;
  budgetUsd: number | null;
  /** Ask before sending when the estimate is above promptshift.replay.confirmAboveUsd. */
  confirm: boolean;
  /** Show the closing message with its actions (always shown, never awaited). */
  label: string;
  testRequest?: vscode.TestRunRequest;
  token?: vscode.CancellationToken;
}

export type SessionOutcome =
  | { ok: true; runDir: string; summary: RunSummary }
  /** `resumeDir`: the run stopped early and can be resumed (the endpoint could not be reached). */
  | { ok: false; error: string; notConfirmed?: boolean; resumeDir?: string };

/** A RunStore that also tells `onRecord` about each record once it is durable. */
function observed(store: RunStore, onRecord: (r: ResultRecord) => void): RunStore {
  return {
    writePlan: (p) => store.writePlan(p),
    appendResult: async (r) => { await store.appendResult(r); onRecord(r); },
    readResultLines: () => store.readResultLines(),
    writeSummary: (s) => store.writeSummary(s),
  };
}

export async function runSession(deps: SessionDeps, input: SessionInput): Promise<SessionOutcome> {
  // The one place requests leave the editor: the trust guard is checked here whatever the caller did.
  const refusal = replayRefusal(vscode.workspace.isTrusted);
  if (refusal) return { ok: false, error: refusal };
  const { plan } = input;
  const secrets = [input.endpoint.options.apiKey, ...Object.values(input.endpoint.options.headers ?? {})];
  const fail = (e: unknown): SessionOutcome => ({ ok: false, error: redact(e instanceof Error ? e.message : String(e), secrets) });

  const [{ executeRun, readFinished }, { estimateRun, charEstimator }, ports, catalogMod, { NodeRunStore }, { NodeCacheStore, cacheDir }, { nodeSha256 }, { systemClock }, { createOpenAiClient }] = await Promise.all([
    import('../../core/replay/engine'), import('../../core/replay/estimate'),
    import('../../core/replay/catalogPorts'), import('../../core/models/catalog'), import('../../node/runStore'),
    import('../../node/cacheStore'), import('../../node/sha256'), import('../../node/clock'), import('../../llm/openaiClient'),
  ]);

  const compiled = ports.compileValidators(plan);
  if (!compiled.ok) return { ok: false, error: `${compiled.callSite.path}:${compiled.callSite.line}: call site ${compiled.callSite.id}: ${compiled.error}` };
  const catalog = catalogMod.loadCatalog(catalogMod.BUILTIN_CATALOG, readSettings().catalogOverrides);
  const adapt = ports.catalogAdapt(catalog);
  const priceOf = ports.catalogPriceOf(catalog, plan);

  let client;
  try {
    client = createOpenAiClient(input.endpoint.options);
  } catch (e) {
    return fail(e);
  }

  const store = new NodeRunStore(input.runDir);
  const estimator = charEstimator;
  const finished = input.resume ? (await readFinished(store)).finished : undefined;
  const estimate = estimateRun(plan, priceOf, { adapt, estimator, finished });
  const threshold = readSettings().replayConfirmAboveUsd;
  if (input.confirm && needsConfirmation(estimate, threshold)) {
    const go = 'Replay';
    const answer = await vscode.window.showWarningMessage(
      `Replay ${input.label} against "${input.endpoint.profile.name}"?`,
      { modal: true, detail: `${estimateText(estimate)}.\nThis is above the confirmation threshold of $${threshold} (promptshift.replay.confirmAboveUsd).` },
      go,
    );
    if (answer !== go) return { ok: false, error: 'Replay not confirmed: nothing was sent.', notConfirmed: true };
  }

  const limits = input.endpoint.profile.rateLimits;
  const simulated = input.endpoint.profile.builtin === true || isLocalEndpoint(input.endpoint.baseURL);
  const testRun = await deps.testing.begin(plan, input.testRequest, input.runDir);
  deps.log.info(`Replay ${plan.runId} (${input.label}) → ${input.runDir}: ${estimateText(estimate)}; endpoint "${input.endpoint.profile.name}"`);

  let summary: RunSummary;
  try {
    summary = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: `Promptshift: replaying ${input.label}${input.endpoint.profile.builtin ? ' (local stand-in, not a real model)' : ''}`,
      cancellable: true,
    }, async (progress, token) => {
      const controller = new AbortController();
      const subs = [token.onCancellationRequested(() => controller.abort()), input.token?.onCancellationRequested(() => controller.abort())];
      if (input.token?.isCancellationRequested) controller.abort();
      let reported = 0;
      let last = 0;
      progress.report({ message: estimateText(estimate) });
      try {
        const s = await executeRun(plan, {
          client, store: observed(store, (r) => testRun.record(r)), cache: new NodeCacheStore(cacheDir(input.root)), clock: systemClock, sha256: nodeSha256,
          logger: loggerFor(deps.log), adapt, priceOf, estimator, validatorFor: (id) => compiled.validators.get(id) ?? null,
          concurrency: input.concurrency, budgetUsd: input.budgetUsd, resume: input.resume, signal: controller.signal,
          rateLimits: () => (limits ? limits : null),
          onProgress: (p) => {
            const now = Date.now();
            if (now - last < 150 && p.done < p.total) return;
            last = now;
            const pct = p.total ? (100 * p.done) / p.total : 100;
            progress.report({ message: progressText(p, simulated), increment: Math.max(0, pct - reported) });
            reported = Math.max(reported, pct);
          },
        });
        const { estimateDetail: _e, ...written } = s;
        return written;
      } finally {
        for (const d of subs) d?.dispose();
      }
    });
  } catch (e) {
    await store.close().catch(() => undefined);
    await testRun.finish(readAll(store)).catch(() => undefined);
    deps.onRunsChanged();
    return fail(e);
  }
  await store.close();
  await testRun.finish(readAll(store));
  deps.onRunsChanged();
  deps.log.info(`Replay ${plan.runId}: ${summaryText(summary, simulated)}`);
  if (summary.stopReason === 'unreachable') {
    const { endpointScope } = await import('../../core/replay/cacheKey');
    const error = unreachableText(endpointScope(input.endpoint.baseURL) ?? 'the endpoint', summary);
    deps.log.error(error);
    return { ok: false, error, resumeDir: input.runDir };
  }
  showClosingMessage(summary, input.runDir, simulated);
  markWalkthroughDone('replay');
  return { ok: true, runDir: input.runDir, summary };
}

async function* readAll(store: RunStore): AsyncGenerator<ResultRecord> {
  const { readResultRecords } = await import('../../core/replay/records');
  yield* readResultRecords(store.readResultLines());
}

function showClosingMessage(summary: RunSummary, runDir: string, simulated: boolean): void {
  const show = summary.stopReason === 'completed' && summary.errors === 0 ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  const review = 'Review';
  const results = 'Show Results';
  const folder = 'Open Run Folder';
  void show(`Promptshift: ${summaryText(summary, simulated)}`, review, results, folder).then((a) => {
    if (a === review) void vscode.commands.executeCommand(Commands.openReview, { runDir });
    else if (a === results) void vscode.commands.executeCommand('workbench.view.testing.focus');
    else if (a === folder) void vscode.commands.executeCommand(Commands.openRunFolder, runDir);
  });
}

/**
 * An error from the replay flow, with the action that fixes it: "Set API Key…", or for a run that
 * stopped early (`resumeDir`) "Resume Run" and the endpoint settings.
 */
export function showReplayError(message: string, setKey = false, resumeDir?: string): void {
  if (setKey) {
    void vscode.window.showErrorMessage(`Promptshift: ${message}`, 'Set API Key…').then((a) => { if (a) void vscode.commands.executeCommand(Commands.setApiKey); });
  } else if (resumeDir) {
    const resume = 'Resume Run';
    const settings = 'Endpoint Settings';
    void vscode.window.showErrorMessage(`Promptshift: ${message}`, resume, settings).then((a) => {
      if (a === resume) void vscode.commands.executeCommand(Commands.resumeRun, { runDir: resumeDir });
      else if (a === settings) void vscode.commands.executeCommand('workbench.action.openSettings', 'promptshift.endpoints');
    });
  } else void vscode.window.showErrorMessage(`Promptshift: ${message}`);
}
