// The verb table: each verb's one-line summary, its `--help` text and how to load it. Help is
// answered from here, so `promptshift <verb> --help` never loads the verb (nor the parsers or the
// SDK behind it). A new verb is one entry here plus src/cli/commands/<verb>.ts exporting
// `run(argv, io)`; esbuild.mjs bundles every file of src/cli/commands/ on its own, so a verb's
// dependencies are read only when that verb runs.
import type { CliIo } from './io';
import { CANARY_HELP, COMPARE_HELP, DEMO_HELP, MERGE_HELP, REPLAY_HELP, SCAN_HELP } from './help';

export type VerbRun = (argv: string[], io: CliIo) => Promise<number>;

export interface Verb {
  /** One line in `promptshift --help`. */
  summary: string;
  /** The full text of `promptshift <verb> --help`. */
  help: string;
  load: () => Promise<{ run: VerbRun }>;
}

export const VERBS: Record<string, Verb> = {
  scan: { summary: 'inventory the prompt call sites of a workspace', help: SCAN_HELP, load: () => import('./commands/scan.js') },
  replay: { summary: 'replay call sites\' cases against a baseline and a candidate model', help: REPLAY_HELP, load: () => import('./commands/replay.js') },
  compare: { summary: 'metrics and differences of a run; gate CI with --fail-on', help: COMPARE_HELP, load: () => import('./commands/compare.js') },
  merge: { summary: 'join shard runs of one plan into one run directory', help: MERGE_HELP, load: () => import('./commands/merge.js') },
  canary: { summary: 'a staged rollout plan sized from a run, for flagd, LaunchDarkly, LiteLLM, Portkey, Argo, Flagger', help: CANARY_HELP, load: () => import('./commands/canary.js') },
  demo: { summary: 'the whole flow on the bundled sample workspace (no key, no network)', help: DEMO_HELP, load: () => import('./commands/demo.js') },
};
