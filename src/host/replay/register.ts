// Everything of the replay in the editor: endpoint profiles and keys, "Replay…", the Testing view,
// the Runs view and the cases commands. Called once from activate(); the engine and the SDK are
// imported only when a replay starts.
import * as vscode from 'vscode';
import { Commands, Views } from '../ids';
import { onDidChangeSettings, readSettings } from '../settings';
import { ApiKeys, registerApiKeyCommands } from '../secrets';
import { callSiteFromArg } from '../callSiteArg';
import { ReplayTestController, type TestOutcome } from '../testing/controller';
import { RunsTree } from '../runs/runsTree';
import { registerRunCommands } from '../runs/commands';
import type { RunInfo } from '../runs/runIndex';
import { parseProfiles, type EndpointProfile } from './endpoints';
import { lastChoices, resumeRun, rootOfSite, startReplay, type FlowDeps } from './flow';
import { rootOf, workspaceRoots } from './roots';
import { LocalStandIn } from './localStandIn';
import { registerCasesCommands } from './casesCommands';
import { registerOrphanedCases, type OrphanScan } from './orphans';
import type { SessionOutcome } from './session';
import { isReplayOptions, replayRefusal } from './text';
import type { CaseRef } from '../review/caseRef';
import type { RunCache } from '../review/runCache';
import type { RunVerdicts } from '../review/verdicts';

export interface ReplayFeatureDeps {
  log: vscode.LogOutputChannel;
  scan: OrphanScan;
  /** Runs read for review (the Runs view's pass/fail per call site). */
  runs?: RunCache;
  /** Recomputed whenever the runs change. */
  verdicts?: RunVerdicts;
}

/** What the replay features expose on the extension's API (integration tests, other extensions). */
export interface ReplayApi {
  /** Latest Testing-view outcome per test item id (`cs:<callSiteId>/<caseId>/<arm>`). */
  testResults(): Record<string, TestOutcome>;
  /** Every item of the Testing view's "Promptshift replays", after rebuilding them. */
  testItemIds(): Promise<string[]>;
  /** Runs Testing-view items through the run profile (the last endpoint and candidate used). */
  runTests(ids: readonly string[]): Promise<void>;
  /** The workspace-trust guard: null when replaying is allowed, else the refusal shown. */
  replayRefusal(isTrusted: boolean): string | null;
  /** Past runs, newest first. */
  runs(): Promise<RunInfo[]>;
  /** A run's item in the Runs view once its rollout go / no-go is known (integration tests). */
  runItem(runDir: string): Promise<vscode.TreeItem | undefined>;
  /** The Runs view as it renders (items, descriptions, click commands). */
  readonly runsTree: vscode.TreeDataProvider<unknown>;
  /** The case behind a Testing-view item, in the latest run that reported it (Open Diff). */
  caseOfTest(testId: string): CaseRef | undefined;
}

export function registerReplayFeatures(context: vscode.ExtensionContext, { log, scan, runs, verdicts }: ReplayFeatureDeps): ReplayApi {
  const keys = new ApiKeys(context.secrets);
  const standIn = new LocalStandIn();
  let profiles: EndpointProfile[] | null = null;
  const currentProfiles = (): EndpointProfile[] => {
    if (!profiles) {
      const parsed = parseProfiles(readSettings().endpoints);
      for (const p of parsed.problems) log.warn(p);
      profiles = parsed.profiles;
    }
    return profiles;
  };
  const runsTree = new RunsTree(workspaceRoots, runs);
  const runsView = vscode.window.createTreeView(Views.runs, { treeDataProvider: runsTree, showCollapseAll: true });
  context.subscriptions.push(standIn, runsTree, runsView, onDidChangeSettings(() => { profiles = null; }));
  // A finished, resumed or deleted run changes the verdicts the CodeLens and Call Sites show.
  if (verdicts) context.subscriptions.push(runsTree.onDidChangeTreeData(() => void verdicts.refresh()));

  // The controller and the flow need each other: the run profile replays, and replays publish results.
  let flow: FlowDeps | null = null;
  const testing = new ReplayTestController({
    rootOf: (site) => rootOfSite(scan, site),
    whenIdle: () => scan.whenIdle(),
    callSites: () => scan.callSites(),
    note: (m) => log.info(m),
    replay: async (callSiteId, caseIds, request, token) => {
      const last = lastChoices(context.workspaceState);
      await startReplay(flow!, last ? { callSiteId, caseIds, endpoint: last.endpoint, candidate: last.candidate, candidates: last.candidates, testRequest: request, token } : { callSiteId, caseIds, testRequest: request, token });
    },
  });
  context.subscriptions.push(testing);
  flow = { log, keys, standIn, testing, scan, state: context.workspaceState, profiles: currentProfiles, onRunsChanged: () => runsTree.refresh() };
  const deps = flow;

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.replay, (arg?: unknown): Promise<SessionOutcome> => {
      if (isReplayOptions(arg)) return startReplay(deps, arg);
      return startReplay(deps, { site: callSiteFromArg(arg) });
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => runsTree.refresh()),
  );
  registerApiKeyCommands(context, keys, currentProfiles);
  registerRunCommands(context, { tree: runsTree, rootOf: (dir) => rootOf(vscode.Uri.file(dir)), resume: (dir, options) => resumeRun(deps, dir, options) });
  registerCasesCommands(context, scan);
  registerOrphanedCases(context, scan, log);

  return {
    testResults: () => testing.results(),
    testItemIds: async () => { await testing.refresh(); return testing.itemIds(); },
    runTests: (ids) => testing.runItems(ids),
    replayRefusal,
    runs: () => runsTree.list(),
    runItem: async (runDir) => {
      const run = (await runsTree.list()).find((r) => r.dir === runDir);
      if (!run) return undefined;
      await runsTree.verdicts.get(run.dir);
      return runsTree.getTreeItem({ kind: 'run', run, callSiteId: run.callSites[0]?.id ?? null });
    },
    runsTree: runsTree as vscode.TreeDataProvider<unknown>,
    caseOfTest: (testId) => testing.caseRefFor(testId),
  };
}
