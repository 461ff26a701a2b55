// The human-readable inventory printed by `scan` and `demo`.
import type { ScanResult } from '../../core/callsite';
import { effectiveModel } from '../../core/callsite';

export function formatInventory(result: ScanResult, annotate: (model: string | null) => string = () => ''): string {
  const lines: string[] = [];
  const byFile = new Map<string, typeof result.callSites>();
  for (const s of result.callSites) byFile.set(s.path, [...(byFile.get(s.path) ?? []), s]);
  for (const [path, sites] of byFile) {
    lines.push(path);
    for (const s of sites) {
      const model = effectiveModel(s);
      const resolved = Array.isArray(s.modelResolved) ? `one of ${s.modelResolved.join(', ')}` : s.modelResolved;
      const at = [...s.modelSource].reverse().find((h) => h.holds !== undefined);
      const from = at && at.path !== s.path ? ` via ${at.path}:${at.line}` : '';
      const stop = s.modelSource.at(-1)?.kind === 'stop' ? `: ${s.modelSource.at(-1)?.reason}` : '';
      const shown = s.model ? s.model : resolved ? `${resolved} (resolved from ${s.modelExpr}${from}${stop ? `; ${stop.slice(2)}` : ''})` : `? (${s.modelExpr || 'no model argument'}${stop})`;
      const schema = s.hasSchema ? (s.schema ? 'schema' : 'schema (not recoverable)') : 'text';
      const holes = s.prompt?.holes.length ? ` holes: ${s.prompt.holes.join(', ')}` : '';
      lines.push(`  ${String(s.line).padStart(4)}:${String(s.column).padEnd(3)} ${s.api.padEnd(18)} ${shown}  [${schema}]${holes}${annotate(model)}`);
      lines.push(`        id ${s.id}`);
    }
  }
  if (result.errors.length) {
    lines.push('', 'Not scanned:');
    for (const e of result.errors) lines.push(`  ${e.path}${e.line ? `:${e.line}` : ''}: ${e.message}`);
  }
  return lines.join('\n') + '\n';
}
