// promptshift compare RUN_DIR [--json | --markdown] [--html FILE] [--fail-on EXPR] [--junit FILE] [--format github]
// Exit codes: 0, 1 when --fail-on holds for any call site, 2 bad usage or an unreadable run.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { compareRun } from '../../core/compare/metrics';
import { contextOf, parseFailOn } from '../../core/compare/failOn';
import { buildReport, type CallSiteReport } from '../../core/compare/report';
import { readResultRecords, type RunPlanFile } from '../../core/replay/records';
import { renderHtml } from '../../core/report/html';
import { renderMarkdown } from '../../core/report/markdown';
import { parseFlags } from '../args';
import { EXIT_BAD_INPUT, EXIT_GATE_FAILED, EXIT_OK, UsageError, type CliIo } from '../io';
import { NodeRunStore } from '../../node/runStore';
import { readReview } from '../../node/reviewStore';
import { formatGithub, formatJunit, formatText } from '../format/compare';


export const FLAGS = {
  json: { type: 'boolean' }, markdown: { type: 'boolean' }, html: { type: 'string' }, 'fail-on': { type: 'string' },
  junit: { type: 'string' }, format: { type: 'string' },
} as const;

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
  let bad = 0;
  // Only --json prints every case's outputs; the other renderings show changed and failing cases.
  const comparisons = await compareRun(readResultRecords(store.readResultLines(), () => { bad++; }), plan, { outputs: values.json ? 'all' : 'changed' });
  if (bad) io.stderr(`warning: ${bad} unreadable line(s) in results.jsonl ignored\n`);
  const report: CallSiteReport[] = comparisons.map((c) => buildReport(c, { plan, review: review.review }));

  const failed = new Set<string>();
  if (gate?.ok) {
    for (const c of report) if (gate.expr.evaluate(contextOf(c))) failed.add(c.callSiteId);
  }
  if (values.json) io.stdout(JSON.stringify(report.length === 1 ? report[0] : { callSites: report }, null, 2) + '\n');
  else if (values.markdown) io.stdout(renderMarkdown(report, { plan }));
  // The table is the default output; --html FILE and --format github stand in for it (CLI.md).
  else if (values.format !== 'github' && !values.html) io.stdout(formatText(report));
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
