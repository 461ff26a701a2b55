// The Call Sites tooltip as Markdown text: model, family, place, the full prompt template and the
// schema. Every piece of source text is escaped or fenced (see ../markdown.ts). Pure (no vscode).
import { modelChoices, type CallSite, type ModelHop } from '../../core/callsite';
import { codeBlock, escapeInline, inlineCode, truncate } from '../markdown';
import { chainMarkdown } from './chainText';

const MAX_MESSAGE_CHARS = 2_000;
const MAX_SCHEMA_CHARS = 3_000;

export function schemaStatus(site: Pick<CallSite, 'hasSchema' | 'schema'>): string {
  if (!site.hasSchema) return 'no schema';
  return site.schema === null ? 'schema (not static)' : 'schema ✓';
}

/**
 * `file` is the path the tree shows; `status` an optional lifecycle sentence for the model;
 * `linkOf` the target of a provenance hop's link.
 */
export function callSiteTooltip(site: CallSite, file: string, status?: string, linkOf?: (hop: ModelHop) => string | undefined): string {
  const parts: string[] = [];
  const models = modelChoices(site);
  const modelText = models.length === 0 ? 'model not statically known' : models.map(inlineCode).join(' | ');
  parts.push(`**${escapeInline(site.api)}** · ${modelText} · ${escapeInline(`${file}:${site.line}`)}`);
  if (site.model === null && site.modelExpr) parts.push(`Model expression: ${inlineCode(truncate(site.modelExpr, 200))}`);
  const chain = chainMarkdown(site, linkOf);
  if (chain) parts.push(chain);
  if (status) parts.push(escapeInline(status));

  if (site.prompt && site.prompt.messages.length > 0) {
    parts.push('**Prompt**');
    for (const m of site.prompt.messages) {
      parts.push(`*${escapeInline(m.role)}*`);
      parts.push(codeBlock(truncate(m.content, MAX_MESSAGE_CHARS), 'text'));
    }
    if (site.prompt.holes.length) parts.push(`Holes: ${site.prompt.holes.map((h) => inlineCode(`{{${h}}}`)).join(', ')}`);
  } else {
    parts.push('*Prompt not statically recoverable.*');
  }

  if (site.hasSchema && site.schema !== null) {
    parts.push('**Schema**');
    parts.push(codeBlock(truncate(JSON.stringify(site.schema, null, 2), MAX_SCHEMA_CHARS), 'json'));
  } else {
    parts.push(`*${escapeInline(site.hasSchema ? 'Structured output with a schema that is not statically recoverable.' : 'No output schema.')}*`);
  }

  const params = Object.keys(site.params ?? {});
  if (params.length) {
    parts.push('**Parameters**');
    parts.push(codeBlock(truncate(JSON.stringify(site.params, null, 2), MAX_SCHEMA_CHARS), 'json'));
  }
  return parts.join('\n\n');
}
