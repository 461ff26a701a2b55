// The built CLI (dist/cli.js) as a whole program, for the end-to-end and CI recipe tests, and a
// fresh copy of the sample workspace as a checkout would have it.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { effectiveModel, type CallSite } from '../../../src/core/callsite';
import { REPO_ROOT } from '../support/paths';

export const CLI_JS = join(REPO_ROOT, 'dist', 'cli.js');
export const SAMPLE_WORKSPACE = join(REPO_ROOT, 'examples', 'sample-workspace');
const BUILD_LOCK = join(REPO_ROOT, '.dist-build.lock');

export interface ProcessResult { code: number | null; stdout: string; stderr: string }

/** Runs a command to its end without blocking this process's event loop (the stand-in endpoint lives here). */
export function runProcess(cmd: string, args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<ProcessResult> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { stderr += '\n[test] killed: too slow\n'; child.kill('SIGKILL'); }, opts.timeoutMs ?? 5 * 60_000);
    child.on('error', (e) => { clearTimeout(timer); fail(e); });
    child.on('close', (code) => { clearTimeout(timer); done({ code, stdout, stderr }); });
  });
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * dist/cli.js, built with `node esbuild.mjs` only when it is missing (`npm test` builds it before the
 * unit tests). Test files run in parallel processes, so one builds while the others wait on its lock.
 */
export async function ensureBuiltCli(): Promise<string> {
  const deadline = Date.now() + 10 * 60_000;
  while (!existsSync(CLI_JS)) {
    try {
      mkdirSync(BUILD_LOCK);
    } catch {
      let holder = 0;
      try { holder = Number(readFileSync(join(BUILD_LOCK, 'pid'), 'utf8')); } catch { /* being taken or just released */ }
      if (holder && !alive(holder)) rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`dist/cli.js is still missing; ${BUILD_LOCK} is held by ${holder}`);
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      writeFileSync(join(BUILD_LOCK, 'pid'), String(process.pid));
      if (existsSync(CLI_JS)) break;
      const r = await runProcess(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, env: { ...process.env } as Record<string, string> });
      if (r.code !== 0) throw new Error(`node esbuild.mjs failed (${r.code}):\n${r.stderr}`);
    } finally {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
  }
  return CLI_JS;
}

const temps: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs() (call it from an `after` hook). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** What a git checkout of the sample workspace holds: no runs or cache a local demo left behind. */
export function copySampleWorkspace(into?: string): string {
  const dest = into ?? tempDir('ps-sample-');
  cpSync(SAMPLE_WORKSPACE, dest, {
    recursive: true,
    filter: (src) => !/(^|[/\\])\.promptshift[/\\](runs|cache)([/\\]|$)/.test(relative(SAMPLE_WORKSPACE, src)),
  });
  return dest;
}

/** Every regular file under dir, not following symbolic links. */
export function regularFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return [];
    return st.isDirectory() ? regularFiles(p) : [p];
  });
}

/** The sample workspace's cases, by call-site id (the cases file's name). */
export function sampleCases(): Map<string, string[]> {
  const dir = join(SAMPLE_WORKSPACE, '.promptshift', 'cases');
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.jsonl')).map((f) => [
    f.slice(0, -'.jsonl'.length),
    readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { id: string }).id),
  ]));
}

/** The environment a CLI child gets: node on PATH, the pinned day, and only what the test adds. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  // The bundle code cache (src/node/bundleCodeCache.ts) follows the test run's switch, so the suite runs both ways.
  const codeCache = Object.fromEntries(['PROMPTSHIFT_CODE_CACHE', 'PROMPTSHIFT_CODE_CACHE_DIR'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
  return { PATH: `${join(process.execPath, '..')}${process.env.PATH ? `:${process.env.PATH}` : ''}`, PROMPTSHIFT_TODAY: '2026-11-15', ...codeCache, ...extra };
}

export interface JUnitCase { classname: string; name: string; failure?: { message: string } | string; skipped?: unknown }
export interface JUnitSuite { name: string; tests: string; failures: string; testcase: JUnitCase[] }

/** A JUnit file through a real XML parser: totals and suites (lists even when they hold one). */
export function readJUnit(path: string): { tests: number; failures: number; suites: JUnitSuite[] } {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' });
  const doc = parser.parse(readFileSync(path, 'utf8')) as { testsuites: { tests: string; failures: string; testsuite: JUnitSuite[] } };
  return { tests: Number(doc.testsuites.tests), failures: Number(doc.testsuites.failures), suites: doc.testsuites.testsuite };
}

/** compare --junit's testcase names for a call site: one per case and arm, "<case> [<arm>: <model>]". */
export function testcaseNames(site: CallSite, caseIds: string[], candidate: string): string[] {
  return caseIds.flatMap((c) => [`${c} [baseline: ${effectiveModel(site)}]`, `${c} [candidate: ${candidate}]`]).sort();
}
