// promptshift canary RUN_DIR --format F [--stages 10,25,50,100] [--stage N] [--flag-key KEY] [--rps R]
//   [--force] [--out FILE|DIR] [--candidate MODEL]
// A sweep plans each call site's recommended candidate unless --candidate names one.
// Exit codes: 0 written; 1 the plan is no-go and --force was not given (reasons on stderr); 2 bad input.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EXPORT_FORMATS, exportPlan, isExportFormat, type ExportFile } from '../../core/canary/export/index';
import type { PlanOptions } from '../../core/canary/types';
import { writeFilesInto } from '../../node/exportFiles';
import { planForRun } from '../../node/rolloutInput';
import { parseFlags } from '../args';
import { EXIT_BAD_INPUT, EXIT_GATE_FAILED, EXIT_OK, UsageError, type CliIo } from '../io';

function numberFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
  return n;
}

function stagesFlag(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  return raw.split(',').map((s) => numberFlag('stages', s.trim())!);
}

async function isDirectory(path: string): Promise<boolean> {
  try { return (await stat(path)).isDirectory(); } catch { return false; }
}

/** Writes the files: --out DIR (or ending in /) takes them all by name; --out FILE takes the first, the rest go beside it. */
export async function writeExport(files: ExportFile[], out: string, asDirectory = false): Promise<string[]> {
  if (asDirectory || await isDirectory(out)) return writeFilesInto(files, out);
  const [first, ...rest] = files;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, first.content);
  return [out, ...await writeFilesInto(rest, dirname(out))];
}

export const FLAGS = {
  format: { type: 'string' }, stage: { type: 'string' }, stages: { type: 'string' }, 'flag-key': { type: 'string' },
  rps: { type: 'string' }, force: { type: 'boolean' }, out: { type: 'string' }, candidate: { type: 'string' },
} as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (positionals.length !== 1) throw new UsageError('give one RUN_DIR');
  if (!values.format) throw new UsageError(`--format is required (one of ${EXPORT_FORMATS.join(', ')})`);
  if (!isExportFormat(values.format)) throw new UsageError(`unknown format "${values.format}" (one of ${EXPORT_FORMATS.join(', ')})`);
  const flagKey = values['flag-key'];
  if (flagKey !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(flagKey)) throw new UsageError(`--flag-key "${flagKey}" may hold only letters, digits, '.', '_' and '-'`);
  const options: PlanOptions = { stages: stagesFlag(values.stages), rps: numberFlag('rps', values.rps), flagKey };
  const stage = numberFlag('stage', values.stage);

  const runDir = resolve(io.cwd, positionals[0]);
  const planned = await planForRun(runDir, options, [], values.candidate);
  if (!planned.ok) { io.stderr(`promptshift canary: ${planned.error}\n`); return EXIT_BAD_INPUT; }
  const { plan, warnings } = planned.value;
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  const files = exportPlan(plan, values.format, { stage });
  if (!files.ok) { io.stderr(`promptshift canary: ${files.error}\n`); return EXIT_BAD_INPUT; }

  if (plan.decision.verdict === 'no-go') {
    io.stderr(`The plan is NO-GO:\n${plan.decision.reasons.map((r) => `  - ${r}\n`).join('')}`);
    if (!values.force) { io.stderr('Nothing written. Resolve the reasons and replay, or pass --force to export anyway.\n'); return EXIT_GATE_FAILED; }
    io.stderr('--force: exporting anyway; the files record the no-go verdict.\n');
  }
  if (values.out) {
    const written = await writeExport(files.value, resolve(io.cwd, values.out), /[\\/]$/.test(values.out));
    for (const p of written) io.stderr(`wrote ${p}\n`);
  } else if (files.value.length === 1) {
    io.stdout(files.value[0].content);
  } else {
    for (const f of files.value) io.stdout(`==> ${f.name} <==\n${f.content}${f.content.endsWith('\n') ? '' : '\n'}\n`);
  }
  return EXIT_OK;
}

/**
 * Every format of a run's plan into DIR (the demo's last step): written whatever the verdict, since
 * each file records it. Returns the verdict and the files, or an error for a run without a plan.
 */
export async function writeAllFormats(runDir: string, dir: string, options: PlanOptions = {}): Promise<{ ok: true; verdict: string; reasons: string[]; files: string[] } | { ok: false; error: string }> {
  const planned = await planForRun(runDir, options);
  if (!planned.ok) return planned;
  const files: string[] = [];
  for (const format of EXPORT_FORMATS) {
    const exported = exportPlan(planned.value.plan, format);
    if (!exported.ok) return exported;
    files.push(...await writeExport(exported.value, dir, true));
  }
  const { verdict, reasons } = planned.value.plan.decision;
  return { ok: true, verdict, reasons, files };
}
