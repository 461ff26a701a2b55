// The promptshift command: one verb a module, each `run(argv, io) → exit code`. Verb modules load on
// demand so `promptshift scan` never pays for the replay engine.
import { EXIT_BAD_INPUT, processIo, UsageError, type CliIo } from './io';

type Verb = (argv: string[], io: CliIo) => Promise<number>;

const VERBS: Record<string, () => Promise<{ run: Verb }>> = {
  scan: () => import('./commands/scan.js'),
  replay: () => import('./commands/replay.js'),
  compare: () => import('./commands/compare.js'),
  merge: () => import('./commands/merge.js'),
  canary: () => import('./commands/canary.js'),
  demo: () => import('./commands/demo.js'),
};

const USAGE = `Usage: promptshift <command> [options]

Commands:
  scan [DIR] [--json] [--include GLOB]... [--exclude GLOB]...   inventory the prompt call sites
  replay (--callsite ID [--cases FILE] | --all) --candidate MODEL [--baseline MODEL] [--base-url URL]
         [--api-key-env NAME] [--concurrency N] [--repeats N] [--budget-usd X] [--shard I/N]
         [--run-dir DIR] [--no-cache] [--resume RUN_DIR] [--batch] [--json]
                                                               replay call sites against two models
  compare RUN_DIR [--json | --markdown] [--html FILE] [--fail-on EXPR] [--junit FILE] [--format github]
                                                               metrics and differences of a run
  merge RUN_DIR... [--out DIR] [--json]                        join shard runs of one plan into one run
  demo                                                         run the whole flow on the bundled sample workspace

See docs: https://github.com/promptshift/promptshift#readme
`;

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    io.stdout(USAGE);
    return verb ? 0 : EXIT_BAD_INPUT;
  }
  const load = VERBS[verb];
  if (!load) {
    io.stderr(`promptshift: unknown command '${verb}'\n\n${USAGE}`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await (await load()).run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`promptshift ${verb}: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`promptshift: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exitCode = 2; },
  );
}
