// Python string operations a prompt is commonly built with, applied to statically known values:
// str.format, %-formatting, textwrap.dedent / inspect.cleandoc, and naming template holes.
import type { Node } from './tree';
import { field, named } from './tree';
import { sanitiseHoleName } from '../common/template';

/** A string value whose unknown parts are `{{name}}` holes. */
export interface Template {
  s: string;
  holes: string[];
}

/** A hole; its name is made safe as a JSON key for cases files (`user.name` → `user_name`). */
export function hole(name: string): Template {
  const safe = sanitiseHoleName(name);
  return { s: `{{${safe}}}`, holes: [safe] };
}

export function concatTemplates(parts: Template[]): Template {
  const holes: string[] = [];
  for (const p of parts) for (const h of p.holes) if (!holes.includes(h)) holes.push(h);
  return { s: parts.map((p) => p.s).join(''), holes };
}

/** A readable hole name for the expression that fills it: `doc`, `user.name`, `row.text`. */
export function holeName(node: Node | null): string {
  if (!node) return 'value';
  switch (node.type) {
    case 'identifier':
      return node.text;
    case 'attribute':
      return node.text.replace(/\s+/g, '');
    case 'subscript': {
      const base = holeName(field(node, 'value'));
      const key = field(node, 'subscript');
      const k = key && key.type === 'string' ? key.text.slice(1, -1).replace(/[^\w]/g, '') : '';
      return k ? `${base}.${k}` : base;
    }
    case 'call': {
      const args = named(field(node, 'arguments')).filter((a) => a.type !== 'keyword_argument');
      if (args.length === 1) return holeName(args[0]);
      return holeName(field(node, 'function'));
    }
    case 'parenthesized_expression': case 'await':
      return holeName(named(node)[0] ?? null);
    default: {
      const compact = node.text.replace(/[^\w.]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
      return compact || 'value';
    }
  }
}

/** textwrap.dedent: remove the longest common leading whitespace of non-blank lines. */
export function dedent(text: string): string {
  const lines = text.split('\n');
  let margin: string | null = null;
  for (const line of lines) {
    if (!line.trim()) continue;
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    if (margin === null || indent.length < margin.length) margin = indent;
  }
  if (!margin) return lines.map((l) => (l.trim() ? l : '')).join('\n');
  const m = margin.length;
  return lines.map((l) => (l.trim() ? l.slice(m) : '')).join('\n');
}

/** inspect.cleandoc: dedent all but the first line, strip leading/trailing blank lines. */
export function cleandoc(text: string): string {
  const [first, ...rest] = text.split('\n');
  const body = dedent(rest.join('\n')).split('\n');
  const lines = [first.trim(), ...body];
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines.join('\n');
}

export type FieldValue = (fieldName: string, index: number | null) => Template;

/**
 * str.format over a literal: `{name}`, `{0}`, `{}` and `{{`/`}}`. Conversions and format specs are
 * dropped; each field's value comes from `value` (a resolved constant or a hole).
 */
export function formatFields(text: string, value: FieldValue): Template {
  const parts: Template[] = [];
  let auto = 0;
  let buf = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' && text[i + 1] === '{') { buf += '{'; i++; continue; }
    if (ch === '}' && text[i + 1] === '}') { buf += '}'; i++; continue; }
    if (ch === '{') {
      const close = text.indexOf('}', i);
      if (close < 0) { buf += text.slice(i); break; }
      const inner = text.slice(i + 1, close).split(/[!:]/)[0].trim();
      parts.push({ s: buf, holes: [] });
      buf = '';
      const root = inner.split(/[.[]/)[0];
      if (root === '') parts.push(value('', auto++));
      else if (/^\d+$/.test(root)) parts.push(value(root, Number(root)));
      else parts.push(value(inner, null));
      i = close;
      continue;
    }
    buf += ch;
  }
  parts.push({ s: buf, holes: [] });
  return concatTemplates(parts);
}

/** `"... %s ..." % args` and `"%(name)s" % {...}`. */
export function percentFormat(text: string, value: FieldValue): Template {
  const parts: Template[] = [];
  let auto = 0;
  let last = 0;
  const re = /%(?:\(([^)]*)\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?([diouxXeEfFgGcrsa%])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push({ s: text.slice(last, m.index), holes: [] });
    last = m.index + m[0].length;
    if (m[2] === '%') { parts.push({ s: '%', holes: [] }); continue; }
    parts.push(m[1] !== undefined ? value(m[1], null) : value('', auto++));
  }
  parts.push({ s: text.slice(last), holes: [] });
  return concatTemplates(parts);
}
