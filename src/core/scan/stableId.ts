// A call site's ID must survive edits elsewhere in the file and line shifts, so it hashes the file's
// path and the call's own text with whitespace and comments folded away; identical calls in one file
// are told apart by their order.

/** 64-bit FNV-1a over UTF-16 code units, as 16 hex digits. Pure JS: core has no node:crypto. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

export function normaliseCallText(callText: string): string {
  return callText
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1')
    .replace(/\s+/g, '');
}

function stemOf(path: string): string {
  const base = path.split('/').pop() ?? path;
  const stem = base.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return stem.slice(0, 40) || 'file';
}

/**
 * IDs for the calls of one file, given in source order. Safe as a file name
 * (`.promptshift/cases/<id>.jsonl`).
 */
export function assignStableIds(path: string, callTexts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const stem = stemOf(path);
  return callTexts.map((text) => {
    const base = `${stem}-${fnv1a64(`${path}\n${normaliseCallText(text)}`).slice(0, 10)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}
