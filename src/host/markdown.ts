// Markdown for hovers and tooltips from untrusted text (source strings, catalog entries from
// workspace settings). Nothing a file contains may render as markdown, HTML or a link: inline text
// is backslash-escaped, longer text goes in a fenced block whose fence the text cannot close.
// Pure (no vscode): the host wraps the result in a MarkdownString with isTrusted/supportHtml off.

/** Escapes every ASCII punctuation character (CommonMark allows it) and flattens line breaks. */
export function escapeInline(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Inline code that survives backticks in the text. */
export function inlineCode(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block longer than any backtick run inside the text, so the text cannot end it. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const lang = language.replace(/[^A-Za-z0-9_+-]/g, '');
  return `${fence}${lang}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/** Cuts long text, saying how much was left out. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (${text.length - max} more characters)`;
}

/** A link only for plain https URLs; anything else is shown as inert text. */
export function safeLink(label: string, url: string): string {
  if (/^https:\/\/[^\s()<>[\]`"']+$/.test(url)) return `[${escapeInline(label)}](${url})`;
  return escapeInline(url);
}
