// Deterministic randomness for the local endpoint: everything it "decides" (answer words, schema
// values, which request gets a fault) comes from a hash, so a run is reproducible to the byte.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so two bodies that differ only in key order hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The server's identity of a request: the canonical JSON of its body (model included). */
export function hashRequestBody(body: unknown): string {
  return sha256(canonicalJson(body)).slice(0, 16);
}

/**
 * A float in [0, 1) from any string parts. cyrb53, not sha256: an answer takes dozens of these and
 * the endpoint's CPU time shows up in every benchmark that runs it in-process.
 */
export function unitFloat(...parts: Array<string | number>): number {
  const str = parts.join('\u0000');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) / 9007199254740992;
}

/** An integer in [0, n) from any string parts. */
export function pick(n: number, ...parts: Array<string | number>): number {
  return Math.min(n - 1, Math.floor(unitFloat(...parts) * n));
}
