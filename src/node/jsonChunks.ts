// JSON.stringify(value, null, 2) as a sequence of pieces whose concatenation is the same text.
// plan.json holds every case of a run (twice for a single call site: CLI.md's `cases` and
// `callSites[0].cases`); for 10,000 cases that is a 12 MB string and a 12 MB Buffer made at once,
// which land in V8's large-object space and stay until a full GC — measured with bench/replay,
// about 60 MB of peak RSS. Written piece by piece, nothing that large ever exists.

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** What JSON.stringify leaves out of an object, and writes as null in an array. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * What is left of `budget` (about a character each) once `v` is counted, or a negative number as
 * soon as it runs out: counting stops there, so asking about a huge value costs no more than a small one.
 */
function budgetLeft(v: unknown, budget: number): number {
  if (typeof v === 'string') return budget - v.length - 2;
  if (Array.isArray(v)) {
    let left = budget - 2;
    for (let i = 0; i < v.length && left >= 0; i++) left = budgetLeft(v[i], left - 1);
    return left;
  }
  if (isPlainObject(v)) {
    let left = budget - 2;
    for (const k in v) {
      if (left < 0) break;
      left = budgetLeft(v[k], left - k.length - 4);
    }
    return left;
  }
  return budget - 8;
}

/**
 * Subtrees smaller than this are stringified in one call rather than descended into: a plan's cases
 * are thousands of small objects, and a generator step a key and a leaf made writing plan.json the
 * largest CPU cost of a replay's start-up (measured: ~0.05-0.09 s for a plan of 1,000 cases, a few ms now).
 */
const WHOLE_BELOW = 2048;

/** About how many characters of small array elements go into one JSON.stringify call. */
const RUN_CHARS = 8192;

/** budgetLeft(v, WHOLE_BELOW) — negative when `v` is too large to be stringified whole. */
const smallLeft = (v: unknown) => (typeof v !== 'object' || v === null ? WHOLE_BELOW - 8 : budgetLeft(v, WHOLE_BELOW));

/** The pieces of JSON.stringify(value, null, 2), nested at `indent`. Large arrays and plain objects are descended into. */
export function* prettyJsonPieces(value: unknown, indent = ''): Generator<string> {
  if (typeof value === 'object' && value !== null && budgetLeft(value, WHOLE_BELOW) >= 0) {
    const s = JSON.stringify(value, null, 2);
    yield indent && s.includes('\n') ? s.replace(/\n/g, `\n${indent}`) : s;
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    const inner = `${indent}  `;
    yield '[\n';
    for (let i = 0; i < value.length;) {
      // A run of small elements (a plan's cases) goes out in one JSON.stringify call, its brackets
      // cut off and its lines moved to this depth: per element, a generator's steps cost more than
      // the stringify itself.
      let j = i;
      for (let size = 0; j < value.length && size < RUN_CHARS; j++) {
        const left = smallLeft(value[j]);
        if (left < 0) break;
        size += WHOLE_BELOW - left;
      }
      if (j > i) {
        const body = JSON.stringify(value.slice(i, j), null, 2).slice(2, -2);
        yield indent ? indent + body.replace(/\n/g, `\n${indent}`) : body;
        i = j;
      } else {
        yield inner;
        if (omitted(value[i])) yield 'null';
        else yield* prettyJsonPieces(value[i], inner);
        i++;
      }
      yield i < value.length ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => !omitted(value[k]));
    if (keys.length > 0) {
      const inner = `${indent}  `;
      yield '{\n';
      for (let i = 0; i < keys.length; i++) {
        yield `${inner}${JSON.stringify(keys[i])}: `;
        yield* prettyJsonPieces(value[keys[i]], inner);
        yield i < keys.length - 1 ? ',\n' : '\n';
      }
      yield `${indent}}`;
      return;
    }
  }
  // Leaves, empty containers and anything with its own serialisation (toJSON, Map…): JSON.stringify,
  // re-indented. Newlines inside strings are escaped by JSON, so every raw newline is formatting.
  const s = JSON.stringify(value, null, 2);
  yield indent && s.includes('\n') ? s.replace(/\n/g, `\n${indent}`) : s;
}

/** A JSON file's text as JSON.stringify(value, null, 2) + '\n' would give it. */
export function* prettyJsonFile(value: unknown): Generator<string> {
  yield* prettyJsonPieces(value);
  yield '\n';
}

/** The same text in chunks of about `size` characters, for writes that are neither tiny nor huge. */
export function* chunked(pieces: Iterable<string>, size = 1 << 16): Generator<string> {
  let parts: string[] = [];
  let n = 0;
  for (const p of pieces) {
    parts.push(p);
    n += p.length;
    if (n >= size) {
      yield parts.join('');
      parts = [];
      n = 0;
    }
  }
  if (n > 0) yield parts.join('');
}
