// A small flag parser on node's util.parseArgs: repeated flags collect, unknown flags are usage errors.
import { parseArgs } from 'node:util';
import { UsageError } from './io';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export function parseFlags<T extends FlagSpec>(argv: string[], spec: T) {
  try {
    return parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}
