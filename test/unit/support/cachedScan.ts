// Helpers for tests of the caches `promptshift scan` keeps in .promptshift/cache/ (scan index, flow
// cache, kept answer): a workspace dated well in the past, the verb run in-process as a pipe would
// see it, and the scan of a copy with no cache at all, which every cached scan must equal.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../src/cli/commands/scan';
import { FIXTURES } from './paths';

export const OLD = new Date('2026-01-01T00:00:00Z');

/** Files and folders modified well before the scan (the caches skip what changed moments ago). */
export function age(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) age(join(dir, e.name));
    else utimesSync(join(dir, e.name), OLD, OLD);
  }
  utimesSync(dir, OLD, OLD);
}

/** A copy of the Python settings-flow fixture, dated OLD. */
export function flowWorkspace(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(FIXTURES, 'scan', 'flow', 'py_settings'), dir, { recursive: true });
  age(dir);
  return dir;
}

/** What `scan --json` prints to a pipe. */
export async function scanOutput(dir: string): Promise<string> {
  let out = '';
  let err = '';
  const code = await run(['--json', dir], { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: dir, env: {} });
  assert.equal(code, 0, err);
  return out;
}

/** `scan` of a copy of `dir` without .promptshift/ (so without any cache), as if it had run in `dir`. */
export async function scanFresh<T>(dir: string, scan: (dir: string) => Promise<T>, asIfIn: (value: T, copy: string) => T): Promise<T> {
  const copy = mkdtempSync(join(tmpdir(), 'promptshift-fresh-'));
  try {
    cpSync(dir, copy, { recursive: true });
    rmSync(join(copy, '.promptshift'), { recursive: true, force: true });
    return asIfIn(await scan(copy), copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
