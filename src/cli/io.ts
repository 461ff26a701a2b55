// What a CLI verb sees of the process, so tests can run verbs in-process.
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
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
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
});
