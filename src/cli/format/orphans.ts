// Cases files that belong to no call site, said on stderr by `scan` and `replay --all`.
import type { CliIo } from '../io';
import type { OrphanedCases } from '../../node/replayInputs';

export function warnOrphans(io: CliIo, orphans: readonly OrphanedCases[]): void {
  if (!orphans.length) return;
  io.stderr(`warning: ${orphans.length} cases file(s) under .promptshift/cases belong to no call site (the call moved to another function or file, or was removed):\n`);
  for (const o of orphans) io.stderr(`  ${o.id}.jsonl\n`);
  io.stderr('  re-link one by renaming it to .promptshift/cases/<call site id>.jsonl (ids: `promptshift scan`), or with "Promptshift: Re-link Cases File…" in VS Code\n');
}
