// A call site's ID must survive edits elsewhere in the file and line shifts, so it hashes the file's
// path and the call's own text with whitespace and comments folded away; identical calls in one file
// are told apart by their order.

/**
 * 64-bit FNV-1a over UTF-16 code units, as 16 hex digits. Pure JS: core has no node:crypto. The
 * state is four 16-bit limbs in plain numbers: BigInt arithmetic made this a few per cent of a scan.
 * The FNV prime is 2^40 + 0x1b3, so a multiply is the state times 0x1b3 plus the state shifted 40 bits.
 */
export function fnv1a64(text: string): string {
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i);
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + ((h0 & 0xff) << 8);
    const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h0 >>> 8) + ((h1 & 0xff) << 8);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
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
