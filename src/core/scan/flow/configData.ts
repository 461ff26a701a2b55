// Configuration files as the cross-file pass reads them: a tree of maps, lists and scalars where
// every scalar knows where it is written (line and span), so a model id found there is reported,
// diagnosed and replaced in place. JSON (with comments and trailing commas: tsconfig, VS Code-style
// files) has a small parser here; YAML is the `yaml` package's, loaded by the caller on first need;
// TOML is read by a minimal reader (toml.ts) for the subset model settings are written in.
import type { SourceSpan } from '../../callsite';

export type ConfigNode =
  | { kind: 'map'; entries: [string, ConfigNode][]; line: number }
  | { kind: 'list'; items: ConfigNode[]; line: number }
  | { kind: 'scalar'; value: string | number | boolean | null; line: number; span: SourceSpan };

/** Offsets to 1-based line/column, from a table of line starts. */
export class Positions {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  span(start: number, end: number): SourceSpan {
    return { start: this.at(start), end: this.at(end) };
  }
}

/** A value by key path (`llm.model`), or undefined. */
export function configGet(node: ConfigNode, path: readonly string[]): ConfigNode | undefined {
  let n: ConfigNode | undefined = node;
  for (const key of path) {
    if (!n) return undefined;
    if (n.kind === 'map') n = n.entries.find(([k]) => k === key)?.[1];
    else if (n.kind === 'list' && /^\d+$/.test(key)) n = n.items[Number(key)];
    else return undefined;
  }
  return n;
}

const MAX_NESTING = 200;

/** JSON, and JSON with comments and trailing commas; null when it does not parse. */
export function parseJsonc(text: string): ConfigNode | null {
  const pos = new Positions(text);
  let i = 0;
  const skip = (): void => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text.startsWith('//', i)) { while (i < text.length && text[i] !== '\n') i++; continue; }
      if (text.startsWith('/*', i)) { const end = text.indexOf('*/', i + 2); i = end < 0 ? text.length : end + 2; continue; }
      return;
    }
  };
  const fail = (): never => { throw new SyntaxError(`bad JSON at ${i}`); };
  const str = (): string => {
    const start = i;
    const end = scanString(text, i);
    if (end < 0) fail();
    i = end;
    return JSON.parse(text.slice(start, end)) as string;
  };
  const value = (depth: number): ConfigNode => {
    if (depth > MAX_NESTING) fail();
    skip();
    const start = i;
    const line = pos.at(start).line;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, ConfigNode][] = [];
      for (;;) {
        skip();
        if (text[i] === '}') { i++; return { kind: 'map', entries, line }; }
        if (text[i] !== '"') fail();
        const key = str();
        skip();
        if (text[i++] !== ':') fail();
        entries.push([key, value(depth + 1)]);
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail();
      }
    }
    if (c === '[') {
      i++;
      const items: ConfigNode[] = [];
      for (;;) {
        skip();
        if (text[i] === ']') { i++; return { kind: 'list', items, line }; }
        items.push(value(depth + 1));
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail();
      }
    }
    if (c === '"') { const s = str(); return { kind: 'scalar', value: s, line, span: pos.span(start, i) }; }
    const m = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += m![0].length;
    const v = m![0] === 'true' ? true : m![0] === 'false' ? false : m![0] === 'null' ? null : Number(m![0]);
    return { kind: 'scalar', value: v, line, span: pos.span(start, i) };
  };
  try {
    const v = value(0);
    skip();
    return i >= text.length ? v : null;
  } catch {
    return null;
  }
}

/** The offset just past a JSON string starting at `i` (a double quote), or -1. */
function scanString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
    else if (c === '\n') return -1;
  }
  return -1;
}

/** The subset of the `yaml` package's API read here (its Document model with source ranges). */
export interface YamlModule {
  parseDocument(text: string): { contents: unknown; errors: unknown[] };
}

interface YNode { range?: [number, number, number]; items?: unknown[]; value?: unknown; key?: unknown }

/** YAML through the `yaml` package's document model (ranges give positions); null on a syntax error. */
export function parseYaml(text: string, yaml: YamlModule): ConfigNode | null {
  let doc: { contents: unknown; errors: unknown[] };
  try {
    doc = yaml.parseDocument(text);
  } catch {
    return null;
  }
  if (doc.errors.length) return null;
  const pos = new Positions(text);
  const convert = (n: unknown, depth: number): ConfigNode | null => {
    if (!n || typeof n !== 'object' || depth > MAX_NESTING) return null;
    const y = n as YNode;
    const start = y.range?.[0] ?? 0;
    const line = pos.at(start).line;
    if (Array.isArray(y.items)) {
      const pairs = y.items.every((p) => p && typeof p === 'object' && 'key' in (p as object));
      if (pairs) {
        const entries: [string, ConfigNode][] = [];
        for (const p of y.items as YNode[]) {
          const k = p.key && typeof p.key === 'object' ? (p.key as YNode).value : p.key;
          const v = convert(p.value, depth + 1);
          if ((typeof k === 'string' || typeof k === 'number') && v) entries.push([String(k), v]);
        }
        return { kind: 'map', entries, line };
      }
      return { kind: 'list', items: (y.items as unknown[]).map((x) => convert(x, depth + 1)).filter((x): x is ConfigNode => !!x), line };
    }
    const v = y.value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      return { kind: 'scalar', value: v, line, span: pos.span(start, y.range?.[1] ?? start) };
    }
    return null;
  };
  return convert(doc.contents, 0);
}

/** Java `.properties`: `key=value` or `key: value` per line, `#`/`!` comments; keys kept whole (`openai.model`). */
export function parseProperties(text: string): ConfigNode {
  const entries: [string, ConfigNode][] = [];
  text.split('\n').forEach((raw, i) => {
    const m = /^(\s*)([^#!\s][^=:\s]*)\s*[=:]\s*/.exec(raw);
    if (!m) return;
    const value = raw.slice(m[0].length).replace(/\r$/, '').trimEnd();
    const line = i + 1;
    const start = m[0].length + 1;
    entries.push([m[2], { kind: 'scalar', value, line, span: { start: { line, column: start }, end: { line, column: start + value.length } } }]);
  });
  return { kind: 'map', entries, line: 1 };
}
