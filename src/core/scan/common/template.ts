// Prompt templates shared by the language scanners: source fragments become text with `{{hole}}`
// placeholders, and the holes of a whole prompt are listed once, in order of first appearance.
import type { ChatMessage, PromptTemplate } from '../../callsite';

/**
 * A piece of a prompt: literal text, or a value only known at run time. `qualified` is the hole's
 * longer name (`a.name` for hole `name`), used when two different values would share a short name.
 */
export type TemplatePart = { text: string } | { hole: string; qualified?: string };

const HOLE_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;
const MAX_HOLE_NAME = 40;

/**
 * A hole name from an expression's source text: identifier characters only, so a cases file can
 * fill it as a JSON key. `user.name` and `items[0]` keep their shape readable (`user_name`, `items_0`).
 */
export function sanitiseHoleName(source: string): string {
  let name = source.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (name.length > MAX_HOLE_NAME) name = name.slice(0, MAX_HOLE_NAME).replace(/_+$/, '');
  if (!name) return 'value';
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export function holePart(name: string, qualified?: string): TemplatePart {
  const hole = sanitiseHoleName(name);
  return qualified === undefined ? { hole } : { hole, qualified: sanitiseHoleName(qualified) };
}

/**
 * Gives every distinct value of a prompt its own hole: when `${a.name}` and `${b.name}` would both
 * be `{{name}}`, they become `{{a_name}}` and `{{b_name}}`, so a cases file can fill them apart.
 * Rewrites the parts in place; call once per prompt, over all of its messages.
 */
export function disambiguateHoles(lists: readonly TemplatePart[][]): void {
  const variants = new Map<string, Set<string>>();
  for (const list of lists) {
    for (const p of list) {
      if (!('hole' in p)) continue;
      const set = variants.get(p.hole) ?? new Set<string>();
      set.add(p.qualified ?? p.hole);
      variants.set(p.hole, set);
    }
  }
  for (const list of lists) {
    list.forEach((p, i) => {
      if ('hole' in p && (variants.get(p.hole)?.size ?? 0) > 1 && p.qualified) list[i] = { hole: p.qualified };
    });
  }
}

/** Joins parts into one string, merging adjacent text. */
export function renderParts(parts: readonly TemplatePart[]): string {
  let out = '';
  for (const p of parts) out += 'text' in p ? p.text : `{{${p.hole}}}`;
  return out;
}

/** Concatenates part lists with a separator between them (the `[...].join(sep)` prompt style). */
export function joinParts(lists: readonly TemplatePart[][], separator: string): TemplatePart[] {
  const out: TemplatePart[] = [];
  lists.forEach((list, i) => {
    if (i > 0 && separator) out.push({ text: separator });
    out.push(...list);
  });
  return out;
}

/**
 * Holes of a prompt in order of first appearance. Read back from the rendered text so that holes
 * written as `{{name}}` inside the source strings (mustache-style prompt files) count too.
 */
export function holesOf(messages: readonly ChatMessage[]): string[] {
  const seen = new Set<string>();
  for (const m of messages) {
    for (const match of m.content.matchAll(HOLE_RE)) seen.add(match[1]);
  }
  return [...seen];
}

/** Merges hole lists keeping first-appearance order (for prompts assembled from several pieces). */
export function mergeHoles(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const h of list) seen.add(h);
  return [...seen];
}

/** The prompt of a call site, or null when nothing could be recovered. */
export function promptOf(messages: readonly ChatMessage[]): PromptTemplate | null {
  if (messages.length === 0) return null;
  return { messages: [...messages], holes: holesOf(messages) };
}

/** A message whose content is still parts: holes are told apart over the whole prompt before rendering. */
export interface PartsMessage {
  role: string;
  parts: TemplatePart[];
}

/** The prompt of messages built from parts: holes disambiguated across every message, then rendered. */
export function promptOfParts(messages: readonly PartsMessage[]): PromptTemplate | null {
  disambiguateHoles(messages.map((m) => m.parts));
  return promptOf(messages.map((m): ChatMessage => ({ role: m.role, content: renderParts(m.parts) })));
}
