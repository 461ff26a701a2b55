// The promptshift command: one verb a module, each `run(argv, io) → exit code`. Verbs load on demand
// (each is a bundle of its own in dist/), and `--help` / `--version` are answered from the verb table
// and package.json alone, so they cost no more than node's own start.
import * as nodeModule from 'node:module';
import { EXIT_BAD_INPUT, EXIT_OK, isUsageError, processIo, type CliIo } from './io';
import { VERBS } from './verbs';
import { cliVersion } from './version';

function usage(): string {
  const width = Math.max(...Object.keys(VERBS).map((v) => v.length)) + 2;
  const lines = Object.entries(VERBS).map(([name, v]) => `  ${name.padEnd(width)}${v.summary}`);
  return `Usage: promptshift <command> [options]

Commands:
${lines.join('\n')}

Options:
  -h, --help     this help; \`promptshift <command> --help\` for a command's options
  -V, --version  print the version

The commands and file formats are described in the CLI section of README.md, which ships in this package.
`;
}

const isHelp = (a: string | undefined) => a === '--help' || a === '-h';

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === '--version' || verb === '-V') {
    io.stdout(`${cliVersion()}\n`);
    return EXIT_OK;
  }
  if (!verb || isHelp(verb) || verb === 'help') {
    const topic = verb === 'help' ? rest[0] : undefined;
    if (topic && VERBS[topic]) { io.stdout(VERBS[topic].help); return EXIT_OK; }
    io.stdout(usage());
    return verb ? EXIT_OK : EXIT_BAD_INPUT;
  }
  const entry = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  if (!entry) {
    io.stderr(`promptshift: unknown command '${verb}'\n\n${usage()}`);
    return EXIT_BAD_INPUT;
  }
  // Help wins wherever it stands before a lone `--` (flags after it are positionals).
  const flags = rest.indexOf('--') >= 0 ? rest.slice(0, rest.indexOf('--')) : rest;
  if (flags.some(isHelp)) {
    io.stdout(entry.help);
    return EXIT_OK;
  }
  try {
    return await (await entry.load()).run(rest, io);
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr(`promptshift ${verb}: ${e.message}\n(see promptshift ${verb} --help)\n`);
      return EXIT_BAD_INPUT;
    }
    throw e;
  }
}

/**
 * V8's compiled code of the bundles is kept on disk, so compiling dist/scanner.js (it carries the
 * TypeScript compiler: ~0.25 s, plus the functions compiled lazily while parsing) is paid once per
 * version rather than on every scan. Node 22.1+ does it itself (in the OS temp folder, keyed by file
 * content); on older nodes src/node/bundleCodeCache.ts does it for the scanner, which each bundle
 * and scan worker reads from the environment: on unless PROMPTSHIFT_CODE_CACHE=off.
 */
function enableCompileCache(): void {
  try {
    (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  } catch {
    // A cache that cannot be written (read-only temp folder) only costs the compile.
  }
  process.env.PROMPTSHIFT_CODE_CACHE ??= 'on';
}

if (require.main === module) {
  enableCompileCache();
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`promptshift: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exitCode = 2; },
  );
}
