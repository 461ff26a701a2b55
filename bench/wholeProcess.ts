// Whole-process figures for bench/scan: `promptshift scan` as a user runs it (node dist/cli.js, Node's
// start, loading and exit included) beside `rg -l` with the prefilter's pattern over the same tree, in
// the same run. Wall time from here; peak RSS and CPU time (user + system, every thread) from the
// process itself (a preload that prints process.resourceUsage() on exit) and, for rg, from GNU time
// when present. On a machine other work keeps busy, CPU time is the steadier of the two.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PREFILTER_SOURCE } from '../src/core/scan/files';
import { scanIndexPath } from '../src/node/scanIndex';

export interface ProcessRun { ms: number; rssMb: number | null; cpuMs: number | null; stdout: string }

const USAGE_PRELOAD = resolve('bench/.tmp/report-usage.js');
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p) && spawnSync(p, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0);

function timedSpawn(cmd: string, args: string[], env: Record<string, string> = {}): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, ...env } });
  return { ms: performance.now() - t, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The baseline: rg -l (grep -rlE without ripgrep) with the scanner's prefilter pattern. */
export function baseline(root: string): ProcessRun & { tool: string; files: number } {
  const rg = spawnSync('rg', ['--version']).status === 0;
  const [cmd, args] = rg ? ['rg', ['-l', PREFILTER_SOURCE, root]] : ['grep', ['-rlE', PREFILTER_SOURCE, root]];
  const r = GNU_TIME ? timedSpawn(GNU_TIME, ['-f', '[usage] %M %U %S', cmd, ...args]) : timedSpawn(cmd, args);
  return { tool: rg ? 'rg -l' : 'grep -rlE (ripgrep not installed)', ms: r.ms, ...usageOf(r.stderr), stdout: r.stdout, files: r.stdout.split('\n').filter(Boolean).length };
}

/**
 * `node dist/cli.js scan ROOT --json`, with (`warm`) or without the scan index left by the run before.
 * `codeCache: 'off'` runs without the CLI's V8 code cache of its bundles (a first run after install).
 */
export function cliScan(root: string, index: 'none' | 'warm', codeCache: 'on' | 'off' = 'on'): ProcessRun {
  if (index === 'none') rmSync(scanIndexPath(root), { force: true });
  writeFileSync(USAGE_PRELOAD, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\n[usage] ${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}\\n`); });\n");
  const r = timedSpawn(process.execPath, ['-r', USAGE_PRELOAD, resolve('dist/cli.js'), 'scan', root, '--json'], { PROMPTSHIFT_CODE_CACHE: codeCache });
  if (r.status !== 0) throw new Error(`promptshift scan ${root} failed: ${r.stderr}`);
  return { ms: r.ms, ...usageOf(r.stderr), stdout: r.stdout };
}

/** `[usage] <max RSS KB> <user s> <system s>` from a process's stderr. */
function usageOf(stderr: string): { rssMb: number | null; cpuMs: number | null } {
  const m = /\[usage\] (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  return m ? { rssMb: Number(m[1]) / 1024, cpuMs: (Number(m[2]) + Number(m[3])) * 1000 } : { rssMb: null, cpuMs: null };
}

/**
 * Node's own start-up, an empty script in the same environment: the part of every CLI figure that no
 * code of ours runs in. NODE_EXTRA_CA_CERTS (set on some machines for a proxy) makes node read those
 * certificates first: ~40 ms on the 2-core VM this was measured on.
 */
export function nodeStartup(): { ms: number; note: string } {
  const runs = [0, 1, 2].map(() => timedSpawn(process.execPath, ['-e', '0']).ms);
  const note = process.env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is set here: node reads those certificates before any script)' : '';
  return { ms: Math.min(...runs), note };
}

export function cliBuilt(): boolean {
  return existsSync(join('dist', 'cli.js'));
}

/** Call sites and errors of a `scan --json` output, for identity checks (stats.ms differs by nature). */
export function comparableOutput(stdout: string): string {
  const r = JSON.parse(stdout) as { callSites: unknown; errors: unknown; stats: { files: number; parsedFiles: number } };
  return JSON.stringify({ callSites: r.callSites, errors: r.errors, files: r.stats.files, parsedFiles: r.stats.parsedFiles });
}
