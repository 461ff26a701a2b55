// promptshift merge RUN_DIR... [--out DIR] [--json]
// Joins shard runs of one plan into a new run directory: plan.json without the shard, results.jsonl
// deduplicated by work key (the first record of a key wins, in argument order), summary.json
// recomputed from the kept records. Plans that differ in anything but run id, creation time and
// shard are refused (exit 2, naming the field). Prints the new run directory (`--json`: {"runDir"}).
// A merge missing some shards is still written, with stopReason other than 'completed': resuming it
// (`replay --resume DIR`) sends the rest. Records are streamed: memory holds work keys only.
import { existsSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { mergedPlan, mergedSummary, MergeTally, planDifference, type MergeSource } from '../../core/replay/merge';
import { readResultRecords } from '../../core/replay/records';
import { parseFlags } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError, type CliIo } from '../io';
import { NodeRunStore, PLAN_FILE, RESULTS_FILE } from '../../node/runStore';
import { newRunId } from '../../node/runId';

const CHUNK = 1 << 20;

export const FLAGS = { out: { type: 'string' }, json: { type: 'boolean' } } as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (positionals.length === 0) throw new UsageError('give at least one RUN_DIR');
  const sources: MergeSource[] = [];
  for (const p of positionals) {
    const store = new NodeRunStore(resolve(io.cwd, p));
    try {
      sources.push({ dir: store.dir, plan: await store.readPlan(), summary: await store.readSummary() });
    } catch (e) {
      io.stderr(`promptshift merge: ${store.dir}: cannot read ${PLAN_FILE}: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_BAD_INPUT;
    }
  }
  const first = sources[0];
  for (const s of sources.slice(1)) {
    const field = planDifference(first.plan, s.plan);
    if (field) {
      io.stderr(`promptshift merge: ${s.dir} is not a shard of the same plan as ${first.dir}: plans differ in "${field}"\n`);
      return EXIT_BAD_INPUT;
    }
  }

  const runId = newRunId();
  const outDir = values.out ? resolve(io.cwd, values.out) : join(dirname(first.dir), runId);
  if (existsSync(join(outDir, PLAN_FILE))) throw new UsageError(`${outDir} already holds a run; give another --out DIR`);
  const plan = mergedPlan(first.plan, runId, new Date().toISOString());
  const out = new NodeRunStore(outDir);
  await mkdir(outDir, { recursive: true });

  // results.jsonl: written whole to a temp file, fsync'd once, renamed — never half there.
  const tally = new MergeTally();
  const target = join(outDir, RESULTS_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    let buf = '';
    for (const s of sources) {
      const bad: number[] = [];
      for await (const r of readResultRecords(new NodeRunStore(s.dir).readResultLines(), (n) => bad.push(n))) {
        if (!tally.add(r)) continue;
        buf += JSON.stringify(r) + '\n';
        if (buf.length >= CHUNK) { await fh.write(buf); buf = ''; }
      }
      if (bad.length) io.stderr(`warning: ${join(s.dir, RESULTS_FILE)}: ignored ${bad.length} unreadable line(s) (${bad.join(', ')})\n`);
    }
    if (buf) await fh.write(buf);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, target);
  const summary = mergedSummary(plan, tally, sources, new Date().toISOString());
  await out.writeSummary(summary);
  // plan.json last: a directory with a plan is a run, so an interrupted merge never looks like one.
  await out.writePlan(plan);

  io.stderr(`Merged ${sources.length} run(s): ${tally.kept}/${summary.total} results${tally.duplicates ? ` (${tally.duplicates} duplicate(s) dropped)` : ''}, $${summary.spentUsd.toFixed(4)} spent → ${outDir}\n`);
  if (summary.stopDetail) io.stderr(`${summary.stopDetail}\n`);
  io.stdout(values.json ? JSON.stringify({ runDir: outDir }) + '\n' : `${outDir}\n`);
  return EXIT_OK;
}
