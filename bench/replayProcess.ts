// bench/replayProcess: `promptshift replay` as users run it — a whole `node dist/cli.js` process, start-up,
// scan and all — against the local stand-in endpoint in a process of its own (20 ms a request), so
// the endpoint's CPU is not billed to the client: it is read from /proc for the endpoint's process
// and printed apart. Each row is the median of several runs, interleaved with a bare `node -e 0`
// measured in the same run, so a loaded machine shows as a slower baseline rather than as a regression:
//   - `--help` and `--version` (target: close to a bare node start);
//   - start-up: `replay --callsite ID --budget-usd 0` (scan, plan, everything before the first
//     request, then stop) — the CPU a replay spends before it sends anything;
//   - 20 cases × 2 models = 40 requests, `replay --callsite ID` (scan + replay; target ≤ 0.6 s wall,
//     ≤ 120 MB peak RSS), and the same 40 requests from a planned run, `replay --resume DIR` (no scan);
//   - workload W: 1,000 cases × 2 models at concurrency 16 (target ≤ 1.3× the ideal
//     2,000 × 20 ms / 16 = 2.5 s), fault-free and with 20% faults (429 with a fractional
//     Retry-After, 500, connection reset, truncated JSON; target ≤ 1.5× fault-free, 0 errors);
//   - a 5-arm sweep: 1,000 cases × (the baseline + 4 candidates) = 5,000 requests at concurrency 16
//     (target ≤ 1.15× the ideal 5,000 × 20 ms / 16 = 6.25 s, peak RSS ≤ 150 MB).
// Wall time depends on the machine's load; CPU time (user + system, from GNU time) much less, so
// every replay row also prints the client's CPU per request beyond its start-up:
// (CPU − start-up CPU) / requests. For W to reach its ideal the client's whole CPU must stay well
// under the ideal wall time (2.5 s) on a machine with cores to spare.
// Peak RSS and CPU come from GNU time (/usr/bin/time), when present. With `--baseline OTHER/dist/cli.js`
// (a production build of another commit, e.g. `git archive COMMIT | tar -x -C DIR` and a build there)
// the replay rows are measured for it too, interleaved, so before and after share the machine's load.
// Run: npm run build:prod && node esbuild.mjs --tests --outdir=out-bench && node out-bench/bench/replayProcess.js [runs] [--baseline CLI]
// Profile: `… replayProcess.js --profile DIR` writes a V8 CPU profile of one W (after the warm-up W) to DIR.
// Quiet mode — the three targets only (start-up, 40 requests, W, the 5-arm sweep), one verdict line
// each, for a final figure on an otherwise idle machine:
//   npm run build:prod && node esbuild.mjs --tests --outdir=out-bench && node out-bench/bench/replayProcess.js quiet [runs]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalEndpointProcess, type RemoteLocalEndpoint } from '../src/llm/localEndpoint/process';
import type { FaultOptions } from '../src/llm/localEndpoint/faults';
import { SOURCE } from '../test/unit/replay/workspace';

const REPO = resolve(__dirname, '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const LATENCY_MS = 20;
const FAULTS: FaultOptions = { rate: 0.2, kinds: ['429', '500', 'reset', 'truncated'], retryAfterSeconds: 0.25, seed: 'bench' };


interface Sample { wallMs: number; cpuMs: number | null; rssMb: number | null; serverCpuMs: number | null; code: number | null; stdout: string; stderr: string }

/** The endpoint's process, whose CPU each run reads apart from the client's. */
let serverPid: number | null = null;

/** CPU ms (user + system) a process has used so far, from /proc (Linux; null elsewhere). 10 ms ticks. */
function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

/** One process, timed by the wall clock here and (for its peak RSS) by GNU time. */
function timed(args: string[], cwd: string): Sample {
  const stats = join(tmpdir(), `ps-bench-time-${process.pid}.txt`);
  const argv = GNU_TIME ? [GNU_TIME, '-o', stats, '-f', '%M %U %S', process.execPath, ...args] : [process.execPath, ...args];
  const server0 = processCpuMs(serverPid);
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - t0;
  const server1 = processCpuMs(serverPid);
  const serverCpuMs = server0 !== null && server1 !== null ? server1 - server0 : null;
  let rssMb: number | null = null;
  let cpuMs: number | null = null;
  if (GNU_TIME && existsSync(stats)) {
    const [kb, user, system] = (readFileSync(stats, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    rssMb = Number.isFinite(kb) ? kb / 1024 : null;
    cpuMs = Number.isFinite(user + system) ? (user + system) * 1000 : null;
    rmSync(stats, { force: true });
  }
  return { wallMs, cpuMs, rssMb, serverCpuMs, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function workspace(cases: number): { root: string; id: string } {
  // The call site id comes from this branch's scan: a baseline must give the same id to compare.
  const root = mkdtempSync(join(tmpdir(), 'ps-bench-ws-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'summarize.ts'), SOURCE);
  // Dated an hour back, as a checked-out file is: a file written within the scan index's racy window
  // (2 s) is parsed again by the next scan, so the warm-up and the first measured W would each pay
  // a parse (≈0.4 s CPU) that a user's replay of a committed file never does.
  const hourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(join(root, 'src', 'summarize.ts'), hourAgo, hourAgo);
  const scan = timed([CLI, 'scan', '--json'], root);
  const id = (JSON.parse(scan.stdout) as { callSites: { id: string }[] }).callSites[0].id;
  mkdirSync(join(root, '.promptshift', 'cases'), { recursive: true });
  const lines = Array.from({ length: cases }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { doc: `Document ${i}: ${'lorem ipsum dolor sit amet '.repeat(20)}` } }));
  writeFileSync(join(root, '.promptshift', 'cases', `${id}.jsonl`), lines.join('\n') + '\n');
  return { root, id };
}

/** Medians, except rss (the highest seen). CPU (user + system) is what a loaded machine inflates least. */
interface Row { label: string; wall: number; cpu: number | null; rss: number | null; serverCpu: number | null; bare: number; bareCpu: number | null; note: string; requests: number }

/** One command to measure; `make(i)` gives its arguments for run i. */
interface Variant { label: string; make: (i: number) => string[] }

/**
 * Runs each variant `runs` times, each run beside a bare node start, the variants taking turns run by
 * run (this build, the baseline, this build, …) so that both see the same load and the same warmed-up
 * endpoint. `check` judges each outcome (exit code, errors) so a broken run is never reported as a fast one.
 */
function measureEach(variants: Variant[], runs: number, cwd: string, check: (s: Sample) => string | null, note = '', requests = 0): Row[] {
  const acc = variants.map(() => ({ walls: [] as number[], cpus: [] as number[], rss: [] as number[], bare: [] as number[], bareCpus: [] as number[], serverCpus: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    variants.forEach((v, k) => {
      const a = acc[k];
      const b = timed(['-e', '0'], cwd);
      a.bare.push(b.wallMs);
      if (b.cpuMs !== null) a.bareCpus.push(b.cpuMs);
      const s = timed(v.make(i), cwd);
      const problem = check(s);
      if (problem) throw new Error(`${v.label}: ${problem}\n${s.stderr}`);
      a.walls.push(s.wallMs);
      if (s.cpuMs !== null) a.cpus.push(s.cpuMs);
      if (s.rssMb !== null) a.rss.push(s.rssMb);
      if (s.serverCpuMs !== null) a.serverCpus.push(s.serverCpuMs);
    });
  }
  return variants.map((v, k) => {
    const a = acc[k];
    return {
      label: v.label, wall: median(a.walls), cpu: a.cpus.length ? median(a.cpus) : null, rss: a.rss.length ? Math.max(...a.rss) : null,
      serverCpu: a.serverCpus.length ? median(a.serverCpus) : null, bare: median(a.bare), bareCpu: a.bareCpus.length ? median(a.bareCpus) : null, note, requests,
    };
  });
}

function measure(label: string, runs: number, cwd: string, make: (i: number) => string[], check: (s: Sample) => string | null, note = '', requests = 0): Row {
  return measureEach([{ label, make }], runs, cwd, check, note, requests)[0];
}

const okExit = (s: Sample) => (s.code === 0 ? null : `exit ${s.code}`);
function replayChecked(expected: number) {
  return (s: Sample): string | null => {
    if (s.code !== 0) return `exit ${s.code}`;
    const { summary } = JSON.parse(s.stdout) as { summary: { done: number; errors: number } };
    if (summary.done !== expected) return `${summary.done} of ${expected} done`;
    if (summary.errors) return `${summary.errors} errors`;
    return null;
  };
}

/** A run directory holding only the plan of `replay --callsite` (nothing sent yet), copied per run. */
function plannedRun(root: string, id: string, url: string): string {
  const dir = join(root, 'planned');
  // --budget-usd 0 writes the plan and stops before the first request (exit 1).
  const r = timed([CLI, 'replay', '--callsite', id, '--candidate', 'gpt-4.1', '--base-url', url, '--run-dir', dir, '--budget-usd', '0', '--json'], root);
  if (!existsSync(join(dir, 'plan.json'))) throw new Error(`no plan written: ${r.stderr}`);
  rmSync(join(dir, 'results.jsonl'), { force: true });
  rmSync(join(dir, 'summary.json'), { force: true });
  return dir;
}

/** Client CPU a request beyond start-up: what W's whole-process ratio comes down to on a busy machine. */
function perRequest(r: Row, startupCpu: number | null): string {
  if (!r.requests || r.cpu === null || startupCpu === null) return '';
  return `, ${((r.cpu - startupCpu) / r.requests).toFixed(3)} ms CPU/request beyond start-up`;
}

function print(rows: Row[], ideal: Record<string, number>, startupCpu: Record<string, number | null>): void {
  for (const r of rows) {
    const vsIdeal = ideal[r.label] ? `, ${(r.wall / ideal[r.label]).toFixed(2)}× the ideal ${ideal[r.label]} ms` : '';
    const cpu = r.cpu !== null && r.bareCpu !== null ? `, CPU ${r.cpu.toFixed(0)} ms (bare ${r.bareCpu.toFixed(0)})` : '';
    const server = r.serverCpu !== null && r.requests ? `, endpoint process CPU ${r.serverCpu.toFixed(0)} ms` : '';
    const tag = r.label.endsWith('[baseline]') ? '[baseline]' : '';
    console.log(`  ${r.label.padEnd(58)} wall ${r.wall.toFixed(0).padStart(5)} ms (bare node ${r.bare.toFixed(0)} ms, +${(r.wall - r.bare).toFixed(0)})${vsIdeal}${cpu}${perRequest(r, startupCpu[tag] ?? null)}${r.rss !== null ? `, peak RSS ${r.rss.toFixed(0)} MB` : ''}${server}${r.note ? ` ${r.note}` : ''}`);
  }
}

const SWEEP = ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4.1'];
const budgetStop = (s: Sample) => (s.code === 1 && /Stopped \(budget\)/.test(s.stderr) ? null : `exit ${s.code}, expected a budget stop`);

interface Target { label: string; ideal: number; wallRatio?: number; wallMs?: number; rssMb?: number }

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build:prod first`);
  const args = process.argv.slice(2);
  const b = args.indexOf('--baseline');
  const baseline = b >= 0 ? resolve(args[b + 1]) : null;
  if (b >= 0) args.splice(b, 2);
  const quiet = args[0] === 'quiet';
  if (quiet) args.shift();
  const p = args.indexOf('--profile');
  const profileDir = p >= 0 ? resolve(args[p + 1]) : null;
  if (p >= 0) args.splice(p, 2);
  const runs = Math.max(1, Number(args[0] ?? (quiet ? 3 : 5)));
  const clis: { cli: string; tag: string }[] = [{ cli: CLI, tag: '' }, ...(baseline ? [{ cli: baseline, tag: ' [baseline]' }] : [])];
  const small = workspace(20);
  const big = workspace(1000);
  let server: RemoteLocalEndpoint | null = null;
  try {
    server = await startLocalEndpointProcess({ latencyMs: LATENCY_MS });
    serverPid = server.pid;
    const url = server.url;
    const planned = plannedRun(small.root, small.id, url);
    const rows: Row[] = [];
    const targets: Target[] = [];
    console.log(`replayProcess${quiet ? ' (quiet: the targets only)' : ''}: whole \`node dist/cli.js\` processes, local endpoint in its own process (${LATENCY_MS} ms), median of ${runs} runs${GNU_TIME ? '' : ' (no /usr/bin/time: no RSS or CPU)'}`);
    if (!quiet) {
      rows.push(measure('promptshift --help', runs, small.root, () => [CLI, '--help'], okExit));
      rows.push(measure('promptshift --version', runs, small.root, () => [CLI, '--version'], okExit));
      rows.push(measure('promptshift replay --help', runs, small.root, () => [CLI, 'replay', '--help'], okExit));
      if (baseline) rows.push(measure('promptshift --help [baseline]', runs, small.root, () => [baseline, '--help'], okExit));
    }
    const ideal: Record<string, number> = {};
    const startupCpu: Record<string, number | null> = {};
    const wRuns = Math.max(1, Math.ceil(runs / 2));
    const send = ['--base-url', url, '--concurrency', '16', '--no-cache', '--yes', '--json'];
    const w = ['replay', '--callsite', big.id, '--candidate', 'gpt-4.1', ...send];
    const sweep = ['replay', '--callsite', big.id, ...SWEEP.flatMap((m) => ['--candidate', m]), ...send];
    const idealW = (2000 * LATENCY_MS) / 16;
    const idealSweep = (5000 * LATENCY_MS) / 16;
    // The endpoint's first thousands of requests run its code cold (measured: 2.5× its CPU of a later
    // W, and the client's CPU up with it): one unmeasured W first, so every measured row meets it warm.
    const warm = timed([CLI, ...w], big.root);
    if (replayChecked(2000)(warm)) throw new Error(`warm-up W: ${replayChecked(2000)(warm)}\n${warm.stderr}`);
    if (profileDir) {
      // One W more with V8's sampling profiler on (a .cpuprofile for DevTools / speedscope), then stop:
      // the profile is of the same process the W row measures.
      const prof = timed(['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-interval', '200', CLI, ...w], big.root);
      if (replayChecked(2000)(prof)) throw new Error(`profiled W: ${replayChecked(2000)(prof)}\n${prof.stderr}`);
      console.log(`profiled W: wall ${prof.wallMs.toFixed(0)} ms, CPU ${prof.cpuMs?.toFixed(0)} ms; profile in ${profileDir}`);
      return;
    }
    const byRow = (rowsOf: Row[]) => { rows.push(...rowsOf); return rowsOf; };
    const startups = byRow(measureEach(clis.map(({ cli, tag }) => ({
      label: `start-up: scan + plan, nothing sent${tag}`,
      make: (i: number) => [cli, 'replay', '--callsite', small.id, '--candidate', 'gpt-4.1', '--base-url', url, '--run-dir', join(small.root, `startup-${i}${tag ? '-b' : ''}`), '--budget-usd', '0', '--json'],
    })), runs, small.root, budgetStop));
    clis.forEach(({ tag }, k) => { startupCpu[tag.trim()] = startups[k].cpu; });
    const small40 = byRow(measureEach(clis.map(({ cli, tag }) => ({
      label: `replay --callsite: 40 requests (scan + send)${tag}`,
      make: () => [cli, 'replay', '--callsite', small.id, '--candidate', 'gpt-4.1', '--base-url', url, '--no-cache', '--json'],
    })), runs, small.root, replayChecked(40), '', 40));
    for (const r of small40) ideal[r.label] = (40 / 8) * LATENCY_MS;
    targets.push({ label: '40 requests: wall ≤ 600 ms, RSS ≤ 120 MB', ideal: 0, wallMs: small40[0].wall, rssMb: small40[0].rss ?? undefined });
    if (!quiet) {
      const resumed = byRow(measureEach(clis.map(({ cli, tag }) => ({
        label: `replay --resume: 40 requests (no scan)${tag}`,
        make: (i: number) => {
          const dir = join(small.root, `resume-${i}${tag ? '-b' : ''}`);
          cpSync(planned, dir, { recursive: true });
          return [cli, 'replay', '--resume', dir, '--base-url', url, '--no-cache', '--json'];
        },
      })), runs, small.root, replayChecked(40), '', 40));
      for (const r of resumed) ideal[r.label] = (40 / 8) * LATENCY_MS;
    }
    const free = byRow(measureEach(clis.map(({ cli, tag }) => ({ label: `W: 2,000 requests, c=16, fault-free${tag}`, make: () => [cli, ...w] })), wRuns, big.root, replayChecked(2000), '', 2000));
    for (const r of free) ideal[r.label] = idealW;
    targets.push({ label: 'W: ≤ 1.3× ideal', ideal: idealW, wallRatio: 1.3, wallMs: free[0].wall });
    if (!quiet) {
      await server.setFaults(FAULTS);
      const faulty = byRow(measureEach(clis.map(({ cli, tag }) => ({ label: `W with 20% faults${tag}`, make: () => [cli, ...w] })), wRuns, big.root, replayChecked(2000), '(429 Retry-After 0.25 s, 500, reset, truncated)', 2000));
      await server.setFaults(null);
      for (const r of faulty) ideal[r.label] = idealW;
    }
    const swept = byRow(measureEach(clis.map(({ cli, tag }) => ({ label: `sweep: 1,000 cases × 5 arms = 5,000 requests, c=16${tag}`, make: () => [cli, ...sweep] })), wRuns, big.root, replayChecked(5000), '', 5000));
    for (const r of swept) ideal[r.label] = idealSweep;
    targets.push({ label: '5-arm sweep: ≤ 1.15× ideal, RSS ≤ 150 MB', ideal: idealSweep, wallRatio: 1.15, wallMs: swept[0].wall, rssMb: swept[0].rss ?? undefined });
    print(rows, ideal, startupCpu);
    if (!quiet) {
      for (const { tag } of clis) {
        const free = rows.find((r) => r.label === `W: 2,000 requests, c=16, fault-free${tag}`)!;
        const faulty = rows.find((r) => r.label === `W with 20% faults${tag}`)!;
        console.log(`  faults cost ${(faulty.wall / free.wall).toFixed(2)}× the fault-free W${tag} (target ≤ 1.5)`);
      }
    }
    console.log('targets (this build):');
    for (const t of targets) {
      const wallOk = t.wallRatio ? t.wallMs! / t.ideal <= t.wallRatio : t.wallMs! <= 600;
      const rssOk = t.rssMb === undefined || t.rssMb <= (t.wallRatio ? 150 : 120);
      const figure = t.wallRatio ? `${(t.wallMs! / t.ideal).toFixed(2)}× ideal` : `${t.wallMs!.toFixed(0)} ms`;
      console.log(`  ${t.label.padEnd(44)} ${figure}${t.rssMb !== undefined ? `, ${t.rssMb.toFixed(0)} MB` : ''}: ${wallOk && rssOk ? 'met' : 'NOT met'}`);
    }
  } finally {
    await server?.close();
    rmSync(small.root, { recursive: true, force: true });
    rmSync(big.root, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1; });
