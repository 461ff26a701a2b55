// Every command, view, setting and context key is named here once; test/unit/manifest.test.ts
// checks package.json against this file so the manifest and the code cannot drift.

export const EXTENSION_ID = 'promptshift.promptshift';

export const Commands = {
  rescan: 'promptshift.rescan',
  groupByModel: 'promptshift.groupByModel',
  groupByFile: 'promptshift.groupByFile',
  groupByFamily: 'promptshift.groupByFamily',
  revealCallSite: 'promptshift.revealCallSite',
  replaceModel: 'promptshift.replaceModel',
  replaceModelEverywhere: 'promptshift.replaceModelEverywhere',
  migrate: 'promptshift.migrate',
  migrateAll: 'promptshift.migrateAll',
  applyRecommendation: 'promptshift.applyRecommendation',
  noteMigration: 'promptshift.noteMigration',
  replay: 'promptshift.replay',
  showLog: 'promptshift.showLog',
  focusCallSites: 'promptshift.focusCallSites',
  setApiKey: 'promptshift.setApiKey',
  clearApiKey: 'promptshift.clearApiKey',
  createCasesFile: 'promptshift.createCasesFile',
  importCapturedRequests: 'promptshift.importCapturedRequests',
  relinkCasesFile: 'promptshift.relinkCasesFile',
  resumeRun: 'promptshift.resumeRun',
  openRunFolder: 'promptshift.openRunFolder',
  deleteRun: 'promptshift.deleteRun',
  refreshRuns: 'promptshift.refreshRuns',
  exportRolloutPlan: 'promptshift.exportRolloutPlan',
  openReview: 'promptshift.openReview',
  openDiff: 'promptshift.openDiff',
  nextChangedCase: 'promptshift.nextChangedCase',
  previousChangedCase: 'promptshift.previousChangedCase',
  acceptCase: 'promptshift.acceptCase',
  flagCase: 'promptshift.flagCase',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Commands that only make sense with an argument (tree items, CodeLens, quick fixes): hidden from the palette. */
export const INTERNAL_COMMANDS: readonly CommandId[] = [
  Commands.revealCallSite, Commands.replaceModel, Commands.replaceModelEverywhere, Commands.noteMigration,
  Commands.groupByModel, Commands.groupByFile, Commands.groupByFamily,
  Commands.openRunFolder, Commands.deleteRun,
  Commands.openDiff, Commands.acceptCase, Commands.flagCase,
];

/** "Export Rollout Plan…": the review panel offers it as a button, called with the run directory. */
export const EXPORT_ROLLOUT_PLAN_COMMAND = Commands.exportRolloutPlan;

/** The review panel's webview type (WebviewPanelSerializer, `webviewId` in menus). */
export const REVIEW_VIEW_TYPE = 'promptshift.review';
/** Read-only documents of case outputs, for VS Code's diff editor. */
export const OUTPUT_SCHEME = 'promptshift';
/** Read-only drafts of rollout plans, previewed before anything is written. */
export const ROLLOUT_DRAFT_SCHEME = 'promptshift-plan';

export const ViewContainers = { promptshift: 'promptshift' } as const;

export const Views = {
  callSites: 'promptshift.callSites',
  runs: 'promptshift.runs',
} as const;

export const Settings = {
  section: 'promptshift',
  modelCatalog: 'promptshift.models.catalog',
  diagnosticsEnabled: 'promptshift.diagnostics.enabled',
  retiringWithinDays: 'promptshift.diagnostics.retiringWithinDays',
  lifecycleToday: 'promptshift.lifecycle.today',
  scanExclude: 'promptshift.scan.exclude',
  scanMaxFileBytes: 'promptshift.scan.maxFileBytes',
  codeLensEnabled: 'promptshift.codeLens.enabled',
  endpoints: 'promptshift.endpoints',
  replayConfirmAboveUsd: 'promptshift.replay.confirmAboveUsd',
  replayConcurrency: 'promptshift.replay.concurrency',
  replayRepeats: 'promptshift.replay.repeats',
  replayBudgetUsd: 'promptshift.replay.budgetUsd',
} as const;

export const ContextKeys = {
  hasCallSites: 'promptshift.hasCallSites',
  scanning: 'promptshift.scanning',
  grouping: 'promptshift.grouping',
} as const;

/**
 * The walkthrough (contributes.walkthroughs): one migration from scan to rollout plan, a step per
 * stage in this order. Opened with workbench.action.openWalkthrough and WALKTHROUGH_FULL_ID.
 */
export const Walkthrough = {
  id: 'migrateModel',
  steps: ['scan', 'endpoint', 'cases', 'replay', 'review', 'rollout'],
  /** Context keys set once a step's work is done, however it was started (host/walkthrough.ts). */
  done: {
    endpoint: 'promptshift.walkthrough.apiKeySet',
    cases: 'promptshift.walkthrough.casesWritten',
    replay: 'promptshift.walkthrough.replayed',
    review: 'promptshift.walkthrough.reviewOpened',
    rollout: 'promptshift.walkthrough.rolloutExported',
  },
} as const;
export const WALKTHROUGH_FULL_ID = `${EXTENSION_ID}#${Walkthrough.id}`;

export const OUTPUT_CHANNEL_NAME = 'Promptshift';
/** The Testing view's controller (not a manifest contribution). */
export const TEST_CONTROLLER_ID = 'promptshift.replays';
export const DIAGNOSTIC_SOURCE = 'Promptshift';
