// The caches a scan reads on every run (the scan index, the flow cache) are written as ASCII: one
// non-ASCII character anywhere (a prompt in another language, a file name) made the whole decoded
// file a two-byte string, which node decodes from UTF-8 several times slower than it copies
// one-byte text, and every line, key and string parsed from it twice the size. Escaped as \uXXXX,
// JSON.parse gives back the same strings.
import { isAscii } from 'node:buffer';

const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON.stringify(value) with every character outside ASCII escaped: the same value to JSON.parse. */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value);
  return NON_ASCII.test(text) ? text.replace(NON_ASCII_ALL, escape) : text;
}

/** The text of `bytes`: copied as one-byte text when they are ASCII (what asciiJson writes), else decoded as UTF-8. */
export function decodeText(bytes: Buffer): string {
  // isAscii is node ≥ 18.15 / 19.6; without it, the UTF-8 decoder gives the same text.
  return typeof isAscii === 'function' && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
