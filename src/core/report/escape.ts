// Model output is untrusted text: in a report it must show as the characters it is, never as markup,
// a link, an image or a hidden comment. Markdown has no escape that survives every renderer (GFM
// autolinks "www.x.com" and "a@b.co" even in escaped text), so untrusted text goes ONLY into code —
// an inline code span or a fenced block — where no Markdown or HTML is interpreted. HTML escapes
// the five significant characters and nothing untrusted ever goes into an attribute.

const longestRun = (s: string, ch: string): number => {
  let best = 0, run = 0;
  for (const c of s) { run = c === ch ? run + 1 : 0; if (run > best) best = run; }
  return best;
};

/**
 * Untrusted text as an inline code span. Line breaks become "⏎" (a span is one line); in a table
 * cell, pipes are escaped as GFM requires even inside code. The delimiter is one backtick longer
 * than any run of backticks inside, so the text cannot close it.
 */
export function mdCode(text: string, opts: { inTable?: boolean; max?: number } = {}): string {
  let s = text.replace(/\r\n|\r|\n/g, ' ⏎ ');
  if (opts.max !== undefined && s.length > opts.max) s = `${s.slice(0, opts.max - 1)}…`;
  if (s.trim() === '') return s === '' ? '(empty)' : '(blank)';
  if (opts.inTable) s = s.replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestRun(s, '`') + 1);
  // A span that starts or ends with a backtick, or with a space at both ends, loses or merges characters unless padded.
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** Untrusted lines as a fenced code block whose fence no line inside can close. */
export function mdFence(lines: readonly string[], info = ''): string {
  const body = lines.join('\n').replace(/\r\n?/g, '\n');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * Our own sentences (figures, reasons, methods) as Markdown text: characters that could start
 * emphasis, code, links, HTML or a table cell are backslash-escaped. Not for untrusted text.
 */
export function mdText(text: string): string {
  return text.replace(/[\\`*_[\]<>|~!#]/g, (c) => `\\${c}`).replace(/&/g, '&amp;').replace(/\r?\n/g, ' ');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML character data (also safe inside a quoted attribute, though reports never put untrusted text there). */
export function html(text: string): string {
  // NUL and the other C0 controls but tab and newline: a parser replaces or drops them; show them as the code they are.
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
