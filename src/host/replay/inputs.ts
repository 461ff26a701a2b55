// A call site's replay inputs in the workspace, through the same functions the CLI uses
// (node/replayInputs.ts): the cases file (naming convention or .promptshift/config.json link), the
// parsed cases and the schema. Problems come back as data, each with the file and line when known.
import type { CallSite } from '../../core/callsite';
import type { ReplayTarget } from '../../core/replay/plan';
import { casesFileFor, loadTarget, readCaseLinks, type InputProblem } from '../../node/replayInputs';
import { problemLocation } from './text';
import { isAbsolute, join } from 'node:path';

export interface LocatedProblem {
  text: string;
  /** Absolute path and 1-based line, when the problem names them. */
  file: string | null;
  line: number | null;
}

export type TargetOutcome =
  | { ok: true; target: ReplayTarget; casesFile: string }
  | { ok: false; kind: 'noCases'; message: string }
  | { ok: false; kind: 'problems'; problems: LocatedProblem[] };

/** The cases file of a call site (null when it has none), and a config.json problem if any. */
export async function casesFileOf(root: string, site: CallSite, note?: (message: string) => void): Promise<{ file: string | null; problem: string | null }> {
  const { links, problem } = await readCaseLinks(root);
  return { file: await casesFileFor(root, site, links, note), problem };
}

export function locate(root: string, p: InputProblem): LocatedProblem {
  const loc = problemLocation(p.text);
  if (!loc) return { text: p.text, file: null, line: null };
  return { text: p.text, file: isAbsolute(loc.file) ? loc.file : join(root, loc.file), line: loc.line };
}

/** Reads and checks a call site's cases (optionally only some of them) before anything is sent. */
export async function loadReplayTarget(root: string, site: CallSite, caseIds?: readonly string[], note?: (message: string) => void): Promise<TargetOutcome> {
  const { file, problem } = await casesFileOf(root, site, note);
  if (problem) return { ok: false, kind: 'problems', problems: [{ text: problem, file: join(root, '.promptshift', 'config.json'), line: null }] };
  if (!file) return { ok: false, kind: 'noCases', message: `No cases for ${site.path}:${site.line} yet: create .promptshift/cases/${site.id}.jsonl (Create Cases File) or link one in .promptshift/config.json.` };
  const problems: InputProblem[] = [];
  const target = await loadTarget(root, site, file, null, problems);
  if (!target) return { ok: false, kind: 'problems', problems: problems.map((p) => locate(root, p)) };
  if (caseIds?.length) {
    const wanted = new Set(caseIds);
    const cases = target.cases.filter((c) => wanted.has(c.id));
    if (!cases.length) return { ok: false, kind: 'problems', problems: [{ text: `${file}: none of the cases ${caseIds.join(', ')} is in the file any more`, file, line: null }] };
    return { ok: true, target: { ...target, cases }, casesFile: file };
  }
  return { ok: true, target, casesFile: file };
}
