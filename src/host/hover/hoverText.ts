// Hover Markdown for a model id: catalog facts and lifecycle status. Pure (no vscode).
import type { HoverFacts, ModelStatus } from '../../core/models/lifecycle';
import { escapeInline, inlineCode, safeLink } from '../markdown';

const STATUS_LABEL: Record<ModelStatus['kind'], string> = {
  retired: '⛔ Retired',
  retiring: '⚠️ Retiring soon',
  deprecated: 'Deprecated',
  active: 'Active',
  unknown: 'Unknown',
};

/** `facts` comes from lifecycle.hoverFacts, whose values are already escaped; undefined when not in the catalog. */
export function modelHoverMarkdown(id: string, facts: HoverFacts | undefined, status: ModelStatus, retrievedOn?: string): string {
  if (!facts) {
    return [
      `${inlineCode(id)} is not in the Promptshift model catalog.`,
      escapeInline('Add it (with its retirement date and replacement) in the setting promptshift.models.catalog.'),
    ].join('\n\n');
  }
  const lines = [
    `**${facts.id}** ${escapeInline(`(${facts.provider})`)} · ${STATUS_LABEL[status.kind]}`,
  ];
  if (status.kind === 'retired' || status.kind === 'retiring' || status.kind === 'deprecated') lines.push(escapeInline(status.message));
  lines.push(facts.rows.map((r) => `- **${escapeInline(r.label)}:** ${r.value}`).join('\n'));
  const source = safeLink(facts.source.replace(/^https:\/\//, ''), facts.source);
  lines.push(`Source: ${source}${retrievedOn ? escapeInline(` (catalog retrieved ${retrievedOn})`) : ''}`);
  return lines.join('\n\n');
}
