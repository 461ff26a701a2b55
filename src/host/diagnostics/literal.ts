// Reading and rewriting the string literal that holds a model id, keeping its quote style
// ('x', "x", `x`, Python r"x" / """x""", C# @"x" / $"x" / "x"u8). Pure (no vscode).

const LITERAL = /^([A-Za-z@$]{0,3})("""|'''|"|'|`)([\s\S]*)\2(u8)?$/;

interface Literal { prefix: string; quote: string; body: string; suffix: string }

function parse(text: string): Literal | null {
  const m = LITERAL.exec(text);
  if (!m) return null;
  const [, prefix, quote, body, suffix = ''] = m;
  if (quote === '`' && body.includes('${')) return null; // a template with holes is not a plain id
  if (/[f$]/i.test(prefix) && /[{}]/.test(body)) return null; // so is an f-string / C# $"" with fields
  if (verbatim({ prefix }) && /(^|[^"])"([^"]|$)/.test(body)) return null; // a lone " cannot be in @"…"
  return { prefix, quote, body, suffix };
}

/** C# verbatim strings (`@"C:\x"`): no escapes, and a quote is written twice. */
const verbatim = (lit: { prefix: string }) => lit.prefix.includes('@');

/** The string value of a literal, or null when the text is not a plain string literal. */
export function literalValue(text: string): string | null {
  const lit = parse(text);
  if (!lit) return null;
  if (verbatim(lit)) return lit.body.replace(/""/g, '"');
  if (/r/i.test(lit.prefix)) return lit.body;
  return lit.body.replace(/\\(.)/g, '$1');
}

function escapeFor(lit: Literal, value: string): string {
  if (verbatim(lit)) return value.replace(/"/g, '""');
  if (/r/i.test(lit.prefix) && !value.includes(lit.quote[0]) && !value.endsWith('\\')) return value;
  let out = value.replace(/\\/g, '\\\\');
  if (lit.quote.length === 1) out = out.split(lit.quote).join(`\\${lit.quote}`);
  else out = out.replace(new RegExp(lit.quote[0], 'g'), `\\${lit.quote[0]}`);
  if (lit.quote === '`') out = out.replace(/\$\{/g, '\\${');
  return out.replace(/\n/g, '\\n');
}

/**
 * The literal with `oldId` replaced by `newId`, same quotes and prefix. A provider prefix in the
 * literal (`'openai/gpt-4o'`, `"openai:gpt-4o"`) is kept. Null when the literal does not hold `oldId`.
 */
export function replaceModelInLiteral(text: string, oldId: string, newId: string): string | null {
  const lit = parse(text);
  const value = literalValue(text);
  if (!lit || value === null) return null;
  let next: string;
  if (value === oldId) next = newId;
  else {
    const m = /^([A-Za-z][\w-]*[/:])(.+)$/.exec(value);
    if (!m || (m[2] !== oldId && value !== `${m[1]}${oldId}`)) return null;
    next = m[1] + (newId.includes('/') || newId.includes(':') ? newId.replace(/^[A-Za-z][\w-]*[/:]/, '') : newId);
  }
  if (/r/i.test(lit.prefix) && (next.includes(lit.quote[0]) || next.endsWith('\\'))) {
    return `${lit.prefix.replace(/r/gi, '')}${lit.quote}${escapeFor({ ...lit, prefix: '' }, next)}${lit.quote}`;
  }
  return `${lit.prefix}${lit.quote}${escapeFor(lit, next)}${lit.quote}${lit.suffix}`;
}

/** Whether the literal text holds `id` (exactly, or after a provider prefix). */
export function literalHolds(text: string, id: string): boolean {
  return replaceModelInLiteral(text, id, id) !== null;
}
