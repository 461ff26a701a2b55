// An output parsed as JSON and checked against a compiled schema. No ajv here: a replay without a
// schema uses only this, and never loads the validator bundle (index.ts, dist/validator.js).
import type { SchemaVerdict, Validator } from './types';

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

const FENCE = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```/;

/** Parses a model's output as JSON, tolerating a ```json fenced block around it (models add them). */
export function parseJsonOutput(text: string): JsonParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'output is empty, expected JSON' };
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch (first) {
    const fenced = FENCE.exec(trimmed);
    if (fenced) {
      try {
        return { ok: true, value: JSON.parse(fenced[1]) };
      } catch (e) {
        return { ok: false, message: `output is not valid JSON (fenced block): ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    return { ok: false, message: `output is not valid JSON: ${first instanceof Error ? first.message : String(first)}` };
  }
}

/**
 * Whether what follows the opening `{` or `[` of `t` can continue a JSON text: false means
 * JSON.parse would certainly throw (a quick, allocation-free check).
 */
function secondTokenFits(t: string): boolean {
  let i = 1;
  while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i++;
  if (i >= t.length) return false;
  const c = t[i];
  if (t[0] === '{') return c === '"' || c === '}';
  return '{["-0123456789tfn]'.includes(c);
}

export interface OutputVerdict {
  /** The parsed output, or null when it is not JSON. */
  json: unknown;
  /** Null when there is no schema to check against. */
  schema: SchemaVerdict | null;
}

/**
 * Parses and validates one output. Without a validator the output is still parsed when it looks
 * like JSON (so compare can diff it structurally), and the schema verdict is null.
 */
export function validateOutput(text: string, validator: Validator | null): OutputVerdict {
  if (!validator) {
    const t = text.trimStart();
    if (!(t.startsWith('{') || t.startsWith('[') || t.startsWith('```'))) return { json: null, schema: null };
    // Prose such as "[note] ..." fails JSON.parse, and a thrown SyntaxError costs more than the rest
    // of the record; with no message to keep, a look at the second token decides it without one.
    if (!t.startsWith('```') && !secondTokenFits(t) && !t.includes('```')) return { json: null, schema: null };
    const parsed = parseJsonOutput(text);
    return { json: parsed.ok ? parsed.value : null, schema: null };
  }
  const parsed = parseJsonOutput(text);
  if (!parsed.ok) return { json: null, schema: { ok: false, errors: [{ path: '', message: parsed.message }] } };
  return { json: parsed.value, schema: validator.check(parsed.value) };
}
