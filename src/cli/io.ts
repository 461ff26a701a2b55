// What a CLI verb sees of the process, so tests can run verbs in-process.
export interface CliIo {
  stdout(text: string): void;
  /** UTF-8 bytes to stdout as they are (without it, stdout() gets them decoded). */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** stdout is a terminal: `--json` is indented for a person to read (piped, it is compact). */
  stdoutIsTerminal?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_GATE_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Each verb is its own bundle (dist/cli-*.js) with its own copy of UsageError, so `instanceof` in
 * cli.js does not see a verb's usage errors: they are known by name instead.
 */
export function isUsageError(e: unknown): e is UsageError {
  return e instanceof Error && e.name === 'UsageError';
}

export const processIo = (): CliIo => ({
  stdout: (t) => process.stdout.write(t),
  stdoutBytes: (b) => process.stdout.write(b),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTerminal: process.stdout.isTTY === true,
});

/**
 * A `--json` answer: indented on a terminal, compact when piped, as other CLIs do (gh, jq -c): a scan
 * of a big repository prints megabytes, a third of them indentation, for a program to parse.
 */
export function jsonText(io: CliIo, value: unknown): string {
  return `${JSON.stringify(value, null, io.stdoutIsTerminal ? 2 : undefined)}\n`;
}
