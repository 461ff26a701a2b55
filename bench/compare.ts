// bench/compare: the review's two speed targets, each against a baseline measured in the same run.
//  1. `promptshift compare` of a 20,000-result run (10,000 cases × 2 arms, JSON and text outputs,
//     some changed, some failing) as a WHOLE PROCESS (node start, bundle load, read, report, print):
//     target ≤ 1 s. Baseline: a node process that only reads results.jsonl and JSON.parses every line
//     (the least any compare must do). Printed: best-of wall, ratio to the baseline, peak RSS.
//     Then the same in-process (compareRun + buildReport alone), for where the time goes.
//  2. Two 200 KB outputs diffed (diffOutputs: side-by-side rows with word marks, and caseDiff, the
//     compact form of --json): target ≤ 100 ms each. Baseline: JSON.parse of both outputs.
// Run: node esbuild.mjs && node esbuild.mjs --tests --outdir=out-bench && node out-bench/bench/compare.js [run|diff|both|write DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareRun } from '../src/core/compare/metrics';
import { buildReport } from '../src/core/compare/report';
import { diffOutputs } from '../src/core/compare/outputDiff';
import { caseDiff } from '../src/core/compare/caseDiff';
import { readResultRecords } from '../src/core/replay/records';
import { NodeRunStore } from '../src/node/runStore';
import type { ResultRecord } from '../src/core/replay/records';
import { record, syntheticPlan, writeRun } from '../test/unit/support/runDir';

const CASES = 10_000;
const ROUNDS = 5;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const msf = (x: number) => `${x.toFixed(1)} ms`;
const best = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Deterministic pseudo-random numbers, so every run of the bench reads the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0; return s / 2 ** 32; };
}

const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango'.split(' ');

function* benchRecords(): Generator<ResultRecord> {
  const r = rng(7);
  const sentence = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  for (let i = 0; i < CASES; i++) {
    const caseId = `case-${i}`;
    const text = i % 10 === 0; // a tenth answer in prose
    const base = { summary: sentence(40), team: WORDS[i % 7], priority: `p${i % 3}`, tags: [WORDS[i % 5], WORDS[i % 11]], items: [{ id: 1, note: sentence(8) }, { id: 2, note: sentence(8) }] };
    const changed = r() < 0.3;
    const cand = changed ? { ...base, priority: `p${(i + 1) % 3}`, items: [base.items[0], { id: 2, note: sentence(8) }] } : base;
    const prose = (o: typeof base) => `${o.summary}.\nTeam ${o.team}, priority ${o.priority}.\n${o.items.map((x) => x.note).join('.\n')}.`;
    const b = text ? { output: prose(base), json: null } : { output: JSON.stringify(base), json: base };
    yield record({ caseId, latencyMs: 300 + Math.floor(r() * 400), usage: { input: 400, output: 120 }, costUsd: 0.0022, ...b });
    if (r() < 0.01) {
      yield record({ caseId, arm: 'candidate', status: 'error', error: { type: 'server', message: 'HTTP 500', status: 500 }, output: '', json: null, schema: null, costUsd: null, latencyMs: 50 });
      continue;
    }
    const c = text ? { output: prose(cand), json: null } : { output: JSON.stringify(cand), json: cand };
    const schema = r() < 0.03 ? { ok: false, errors: [{ path: '/team', message: 'must be one of the teams' }] } : { ok: true, errors: [] };
    yield record({ caseId, arm: 'candidate', latencyMs: 150 + Math.floor(r() * 300), usage: { input: 400, output: 118 }, costUsd: 0.00008, schema, ...c });
  }
}

/**
 * Wall time of a whole process, with its CPU time (user + system) and peak RSS from GNU time — CPU
 * time says more than wall on a shared, loaded machine — stdout discarded like a redirect to a file.
 */
function processRun(args: string[]): { ms: number; cpuMs: number | null; rssKb: number | null } {
  const useTime = existsSync('/usr/bin/time');
  const cmd = useTime ? '/usr/bin/time' : process.execPath;
  const argv = useTime ? ['-f', '%U %S %M', process.execPath, ...args] : args;
  const t0 = performance.now();
  const p = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (p.status !== 0 && p.status !== 1) throw new Error(`${args.join(' ')} exited ${p.status}: ${p.stderr}`);
  const [user, sys, rss] = useTime ? p.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN, NaN];
  return { ms, cpuMs: Number.isFinite(user + sys) ? (user + sys) * 1000 : null, rssKb: Number.isFinite(rss) ? rss : null };
}

async function benchRun(): Promise<void> {
  const cli = resolve(__dirname, '..', '..', 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} missing: run \`node esbuild.mjs\` first`);
  const root = mkdtempSync(join(tmpdir(), 'ps-bench-compare-'));
  try {
    const dir = writeRun(join(root, 'run'), syntheticPlan(Array.from({ length: CASES }, (_, i) => `case-${i}`), { simulated: true }), benchRecords());
    const size = (spawnSync('du', ['-b', join(dir, 'results.jsonl')], { encoding: 'utf8' }).stdout.split('\t')[0]);
    console.log(`run: ${CASES * 2} results in ${(Number(size) / 1e6).toFixed(1)} MB (${CASES} cases × 2 arms; a tenth text, ~30% changed, some errors and schema failures)`);
    const baselineScript = `const fs=require('fs');const t=fs.readFileSync(${JSON.stringify(join(dir, 'results.jsonl'))},'utf8');let n=0;for(const l of t.split('\\n'))if(l)n+=JSON.parse(l).caseId.length;`;
    const variants: Array<[string, string[]]> = [
      ['baseline: node reads results.jsonl and JSON.parses each line', ['-e', baselineScript]],
      ['promptshift compare RUN (text table)', [cli, 'compare', dir]],
      ['promptshift compare RUN --json', [cli, 'compare', dir, '--json']],
      ['promptshift compare RUN --markdown', [cli, 'compare', dir, '--markdown']],
      ['promptshift compare RUN --html FILE', [cli, 'compare', dir, '--html', join(root, 'report.html')]],
      ['promptshift compare RUN --junit FILE --fail-on "review.flagged > 0"', [cli, 'compare', dir, '--junit', join(root, 'junit.xml'), '--fail-on', 'review.flagged > 0']],
    ];
    const results = variants.map(([label, args]) => {
      const runs = Array.from({ length: ROUNDS }, () => processRun(args));
      const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== null);
      return { label, ms: best(runs.map((r) => r.ms)), med: median(runs.map((r) => r.ms)), cpu: cpu.length ? best(cpu) : null, rss: Math.max(...runs.map((r) => r.rssKb ?? 0)) };
    });
    const base = results[0];
    console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
    console.log(`whole processes, best wall (median) and best CPU (user+sys) of ${ROUNDS}; target ≤ 1000 ms wall for compare:`);
    for (const r of results) {
      const cpu = r.cpu !== null && base.cpu ? `  CPU ${msf(r.cpu).padStart(9)} ${(r.cpu / base.cpu).toFixed(2)}x` : '';
      console.log(`  ${r.label.padEnd(72)} ${msf(r.ms).padStart(10)} (${msf(r.med)}) ${(r.ms / base.ms).toFixed(2)}x baseline${cpu}  peak RSS ${r.rss ? `${mb(r.rss * 1024)} MB` : 'n/a'}`);
    }

    // In process: where the time goes (warm after the first round).
    const store = new NodeRunStore(dir);
    const plan = await store.readPlan();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const [c] = await compareRun(readResultRecords(store.readResultLines()), plan);
      const t1 = performance.now();
      const rep = buildReport(c, { plan });
      const t2 = performance.now();
      times.push(t2 - t0);
      if (i === 2) console.log(`in process (3rd round): compareRun ${msf(t1 - t0)} (read + parse + metrics), buildReport ${msf(t2 - t1)} (diffs, paths, significance); ${rep.changed} changed cases`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function benchDiff(): void {
  const r = rng(11);
  const sentence = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  const lines = Array.from({ length: 2_600 }, (_, i) => `${i}: ${sentence(11)}`);
  const a = lines.join('\n');
  // Scattered edits: one word changed in every 25th line, a few lines inserted and removed.
  const b = lines.map((l, i) => (i % 25 === 0 ? l.replace(/ \w+$/, ' CHANGED') : l)).filter((_, i) => i % 400 !== 7).concat(['an added closing line']).join('\n');
  const c = Array.from({ length: 2_600 }, (_, i) => `${i}: ${sentence(11)}`).join('\n'); // unrelated text of the same size
  const items = (seed: number) => ({ items: Array.from({ length: 2_600 }, (_, i) => ({ id: i, priority: `p${(i * seed) % 3}`, note: `note ${i} ${WORDS[(i * seed) % WORDS.length]} ${WORDS[i % 7]}` })) });
  const ja = items(1), jb = items(2);
  const jaText = JSON.stringify(ja, null, 1), jbText = JSON.stringify(jb, null, 1);
  const kb = (s: string) => `${(s.length / 1024).toFixed(0)} KB`;
  // Wall and this thread's CPU per call: on a loaded machine the CPU time is the steadier figure.
  const time = (fn: () => void, n = 15) => {
    for (let i = 0; i < 2; i++) fn();
    const t: number[] = [], c: number[] = [];
    for (let i = 0; i < n; i++) {
      const c0 = process.cpuUsage(), t0 = performance.now();
      fn();
      t.push(performance.now() - t0);
      const d = process.cpuUsage(c0);
      c.push((d.user + d.system) / 1000);
    }
    return { med: median(t), max: Math.max(...t), cpu: median(c) };
  };
  const base = time(() => { JSON.parse(jaText); JSON.parse(jbText); });
  console.log(`baseline: JSON.parse of two ${kb(jaText)} JSON outputs: median ${msf(base.med)} (CPU ${msf(base.cpu)})`);
  const cases: Array<[string, () => unknown]> = [
    [`text ${kb(a)} vs ${kb(b)}, scattered edits — diffOutputs (rows + word marks)`, () => diffOutputs({ output: a }, { output: b })],
    [`text ${kb(a)} vs ${kb(c)}, unrelated — diffOutputs`, () => diffOutputs({ output: a }, { output: c })],
    [`JSON ${kb(jaText)} vs ${kb(jbText)}, a field in 2/3 of 2,600 items — diffOutputs`, () => diffOutputs({ output: jaText, json: ja }, { output: jbText, json: jb })],
    [`text scattered edits — caseDiff (compact, --json)`, () => caseDiff({ baseline: arm(a, null), candidate: arm(b, null) })],
    [`JSON — caseDiff (compact, --json)`, () => caseDiff({ baseline: arm(jaText, ja), candidate: arm(jbText, jb) })],
  ];
  console.log('two 200 KB outputs, median wall (max) and median CPU of 15 after 2 warm-up runs; target ≤ 100 ms:');
  for (const [label, fn] of cases) {
    const t = time(fn);
    console.log(`  ${label.padEnd(78)} ${msf(t.med).padStart(9)} (${msf(t.max)})  ${(t.med / base.med).toFixed(1)}x baseline  CPU ${msf(t.cpu)}`);
  }
}

function arm(output: string, json: unknown) {
  return { status: 'ok' as const, schemaOk: true, latencyMs: 1, output, json, schemaErrors: [], error: null, repeats: 1 };
}

async function main() {
  const what = process.argv[2] ?? 'both';
  // `write DIR`: only write the run, to profile compare on it (node --cpu-prof dist/cli.js compare DIR).
  if (what === 'write') { writeRun(process.argv[3], syntheticPlan(Array.from({ length: CASES }, (_, i) => `case-${i}`), { simulated: true }), benchRecords()); return; }
  if (what === 'run' || what === 'both') await benchRun();
  if (what === 'diff' || what === 'both') benchDiff();
}

void main();
