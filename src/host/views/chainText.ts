// How a call site's model was found, as Markdown: one line per hop of its modelSource, each with a
// link to where it is (when the host gives one), the id a hop defines, and why following stopped.
// Every piece of source text is inline code or escaped (see ../markdown.ts). Pure (no vscode).
import type { CallSite, ModelHop } from '../../core/callsite';
import { escapeInline, inlineCode } from '../markdown';

const KIND_TEXT: Record<ModelHop['kind'], string> = {
  constant: 'constant', import: 'imported', attribute: 'attribute', parameter: 'parameter default', argument: 'argument a caller passes',
  settings: 'settings field', 'env-default': 'environment lookup with a default', env: 'environment variable', dotenv: 'set in', config: 'configuration',
  return: 'returned by', registry: 'one of several', stop: 'stops',
};

const MAX_SHOWN = 14;

/** `linkOf` gives a hop's target (a file URI with a line fragment), or undefined to show the place as text. */
export function chainMarkdown(site: Pick<CallSite, 'model' | 'modelResolved' | 'modelSource'>, linkOf: (hop: ModelHop) => string | undefined = () => undefined): string {
  if (site.model !== null || !site.modelSource.length) return '';
  const ids = site.modelResolved === null ? [] : Array.isArray(site.modelResolved) ? site.modelResolved : [site.modelResolved];
  const head = ids.length > 1
    ? `**Resolved through configuration** — one of ${ids.map(inlineCode).join(', ')} (a registry or switch picks)`
    : ids.length ? `**Resolved through configuration** — ${inlineCode(ids[0])}` : '**Model not known from the repository**';
  const hops = site.modelSource.slice(0, MAX_SHOWN).map((h, i) => `${i + 1}. ${hopLine(h, linkOf(h))}`);
  if (site.modelSource.length > MAX_SHOWN) hops.push(escapeInline(`… ${site.modelSource.length - MAX_SHOWN} more`));
  return [head, hops.join('\n')].join('\n\n');
}

function hopLine(h: ModelHop, link: string | undefined): string {
  const place = `${h.path}:${h.line}`;
  const where = link && /^(file|vscode-[\w-]+):/.test(link) ? `[${escapeInline(place)}](${link.replace(/[()\s]/g, encodeURIComponent)})` : escapeInline(place);
  const what = escapeInline(KIND_TEXT[h.kind]) + (h.name && h.kind !== 'stop' ? ` ${inlineCode(h.name)}` : '');
  if (h.kind === 'stop') return `*${escapeInline(h.reason ?? 'not known statically')}* — ${where}`;
  const holds = h.holds !== undefined ? ` → ${inlineCode(h.holds)}` : '';
  return `${what} — ${where}${h.text ? ` ${inlineCode(h.text)}` : ''}${holds}`;
}
