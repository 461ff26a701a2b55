// promptshift compare RUN_DIR [--json | --markdown] [--html FILE] [--fail-on EXPR] [--junit FILE] [--format github]
//   [--volume CALLS_PER_MONTH] [--min-agreement X] [--text-similarity X] [--max-schema-drop X] [--max-error-increase X] [--root DIR]
// A sweep (several candidates) is compared per candidate against the baseline, with a recommendation
// per call site (the volume and gate flags; .promptshift/config.json "recommend" under DIR).
// Exit codes: 0, 1 when --fail-on holds for any call site, 2 bad usage or an unreadable run.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { sweepJson, type SweepReport } from '../../core/compare/sweepReport';
import type { RecommendGates } from '../../core/compare/recommend';
import { isSweep } from '../../core/replay/records';
import { renderSweepMarkdown } from '../../core/report/sweepMarkdown';
import { workspaceOfRun } from '../../node/recommendConfig';
import { sweepReportsOf } from '../../node/sweepReports';
import { formatSweepText } from '../format/sweep';
import { compareRun } from '../../core/compare/metrics';
import { contextOf, parseFailOn, type FailOnExpr } from '../../core/compare/failOn';
import { buildReport, type CallSiteReport } from '../../core/compare/report';
import { readResultRecords, type RunPlanFile } from '../../core/replay/records';
import { renderHtml } from '../../core/report/html';
import { renderMarkdown } from '../../core/report/markdown';
import { parseFlags } from '../args';
import { EXIT_BAD_INPUT, EXIT_GATE_FAILED, EXIT_OK, jsonText, UsageError, type CliIo } from '../io';
import { NodeRunStore } from '../../node/runStore';
import { readReview } from '../../node/reviewStore';
import type { ReviewFile } from '../../core/review/decisions';
import { formatGithub, formatJunit, formatText } from '../format/compare';


export const FLAGS = {
  json: { type: 'boolean' }, markdown: { type: 'boolean' }, html: { type: 'string' }, 'fail-on': { type: 'string' },
  junit: { type: 'string' }, format: { type: 'string' },
  volume: { type: 'string' }, 'min-agreement': { type: 'string' }, 'text-similarity': { type: 'string' },
  'max-schema-drop': { type: 'string' }, 'max-error-increase': { type: 'string' }, root: { type: 'string' },
} as const;

function rateFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name} must be a number from 0 to 1, got "${v}"`);
  return n;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (positionals.length !== 1) throw new UsageError('give one RUN_DIR');
  if (values.json && values.markdown) throw new UsageError('--json and --markdown are exclusive');
  if (values.format !== undefined && values.format !== 'github') throw new UsageError(`--format must be "github", got "${values.format}"`);
  if (values.html === '') throw new UsageError('--html needs a FILE');
  const gate = values['fail-on'] !== undefined ? parseFailOn(values['fail-on']) : null;
  if (gate && !gate.ok) { io.stderr(`promptshift compare: ${gate.error}\n`); return EXIT_BAD_INPUT; }

  const store = new NodeRunStore(resolve(io.cwd, positionals[0]));
  let plan: RunPlanFile | null = null;
  try {
    plan = await store.readPlan();
  } catch (e) {
    io.stderr(`promptshift compare: ${store.dir}: cannot read plan.json: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_BAD_INPUT;
  }
  // A review that cannot be read is not "no review": a gate on review.flagged would pass wrongly.
  const review = await readReview(store.dir);
  if (!review.ok) { io.stderr(`promptshift compare: ${review.error}\n`); return EXIT_BAD_INPUT; }
  for (const w of review.warnings) io.stderr(`warning: ${w}\n`);
  if (isSweep(plan)) return compareSweepRun(store, plan, review.review, values, io, gate?.ok ? gate.expr : null);
  let bad = 0;
  // Only --json prints every case's outputs; the other renderings show changed and failing cases.
  const comparisons = await compareRun(readResultRecords(store.readResultLines(), () => { bad++; }), plan, { outputs: values.json ? 'all' : 'changed' });
  if (bad) io.stderr(`warning: ${bad} unreadable line(s) in results.jsonl ignored\n`);
  const report: CallSiteReport[] = comparisons.map((c) => buildReport(c, { plan, review: review.review }));

  const failed = new Set<string>();
  if (gate?.ok) {
    for (const c of report) if (gate.expr.evaluate(contextOf(c))) failed.add(c.callSiteId);
  }
  if (values.json) io.stdout(jsonText(io, report.length === 1 ? report[0] : { callSites: report }));
  else if (values.markdown) io.stdout(renderMarkdown(report, { plan }));
  // The table is the default output; --html FILE and --format github stand in for it (CLI.md).
  else if (values.format !== 'github' && !values.html) io.stdout(formatText(report));
  return writeOutputs(report, plan, failed, values, io);
}

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

/** compare for a sweep: each candidate against the baseline, the recommendation per call site. */
async function compareSweepRun(store: NodeRunStore, plan: RunPlanFile, review: ReviewFile, values: Values, io: CliIo, gate: FailOnExpr | null): Promise<number> {
  const volume = values.volume === undefined ? undefined : Number(values.volume);
  if (volume !== undefined && (!Number.isFinite(volume) || volume < 0 || values.volume!.trim() === '')) throw new UsageError(`--volume must be a number of calls per month, got "${values.volume}"`);
  const flagGates: Partial<RecommendGates> = {};
  const set = (k: keyof RecommendGates, v: number | undefined) => { if (v !== undefined) flagGates[k] = v; };
  set('minAgreement', rateFlag('min-agreement', values['min-agreement']));
  set('textSimilarity', rateFlag('text-similarity', values['text-similarity']));
  set('maxSchemaPassDrop', rateFlag('max-schema-drop', values['max-schema-drop']));
  set('maxErrorRateIncrease', rateFlag('max-error-increase', values['max-error-increase']));
  const root = values.root ? resolve(io.cwd, values.root) : workspaceOfRun(store.dir, io.cwd);
  let bad = 0, pass = 0;
  // Unreadable lines are counted on the first pass only: each candidate's pass reads the same file.
  const records = () => { const first = pass++ === 0; return readResultRecords(store.readResultLines(), () => { if (first) bad++; }); };
  const built = await sweepReportsOf(store.dir, plan, records, review, { root, flags: { volume, gates: flagGates }, outputs: values.json ? 'all' : 'changed' });
  if (!built.ok) { for (const p of built.problems) io.stderr(`promptshift compare: ${p}\n`); return EXIT_BAD_INPUT; }
  if (bad) io.stderr(`warning: ${bad} unreadable line(s) in results.jsonl ignored\n`);
  const reports: SweepReport[] = built.value;
  const pairs: CallSiteReport[] = reports.flatMap((r) => r.candidates.map((c) => r.pairs[c.arm]));
  const failed = new Set<string>();
  if (gate) {
    for (const r of reports) {
      const shown = r.pairs[r.recommendation.arm ?? r.candidates[0]?.arm ?? ''];
      if (shown && gate.evaluate({ ...contextOf(shown), recommended: r.recommendation.model !== null })) failed.add(r.callSiteId);
    }
  }
  if (values.json) io.stdout(jsonText(io, reports.length === 1 ? sweepJson(reports[0]) : { callSites: reports.map(sweepJson) }));
  else if (values.markdown) io.stdout(renderSweepMarkdown(reports, { plan }));
  else if (values.format !== 'github' && !values.html) io.stdout(formatSweepText(reports));
  return writeOutputs(pairs, plan, failed, values, io);
}

/** What a run and a sweep write alike: annotations, JUnit, HTML (of the pair reports), and the gate's exit code. */
async function writeOutputs(report: CallSiteReport[], plan: RunPlanFile | null, failed: Set<string>, values: Values, io: CliIo): Promise<number> {
  if (values.format === 'github') io.stdout(formatGithub(report, plan, failed));
  if (values.junit) await writeFile(resolve(io.cwd, values.junit), formatJunit(report));
  if (values.html) {
    const file = resolve(io.cwd, values.html);
    await writeFile(file, renderHtml(report, { plan, generatedAt: new Date().toISOString() }));
    io.stderr(`HTML report: ${file}\n`);
  }
  if (failed.size) {
    io.stderr(`--fail-on "${values['fail-on']}" holds for ${[...failed].join(', ')}\n`);
    return EXIT_GATE_FAILED;
  }
  return EXIT_OK;
}
