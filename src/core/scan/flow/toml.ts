// A minimal TOML reader, with positions, for the subset model settings are written in
// (`pyproject.toml`'s `[tool.app]`, `config.toml`): comments, `[table]` and `[a."b.c"]` headers,
// `key = value` with bare, quoted and dotted keys, and single-line values — basic strings
// ("…" with escapes), literal strings ('…'), integers, floats and booleans. Everything else
// (multi-line strings, arrays, inline tables, arrays of tables, dates) is skipped: a key holding one
// is simply absent, so nothing is ever read wrongly, only not read. Kept here rather than taking a
// TOML library as a dependency: model ids only ever sit in the subset, and this keeps positions.
import { Positions, type ConfigNode } from './configData';

type MapNode = Extract<ConfigNode, { kind: 'map' }>;

/** Splits `a."b.c".d` into keys; null when it is not a valid key. */
function keyPath(text: string): string[] | null {
  const out: string[] = [];
  const re = /\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(\.|$)/y;
  let i = 0;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return null;
    out.push(m[1] ?? (m[2] !== undefined ? JSON.parse(`"${m[2]}"`) as string : m[3]));
    i = re.lastIndex;
    if (!m[4]) break;
  }
  return out.length && i >= text.length ? out : null;
}

function child(map: MapNode, key: string, line: number): MapNode | null {
  const found = map.entries.find(([k]) => k === key)?.[1];
  if (found) return found.kind === 'map' ? found : null;
  const made: MapNode = { kind: 'map', entries: [], line };
  map.entries.push([key, made]);
  return made;
}

/** A value at the start of `rest`: its JS value and length, or null when outside the subset. */
function scalar(rest: string): { value: string | number | boolean; length: number } | null {
  let m = /^"((?:[^"\\\n]|\\.)*)"/.exec(rest);
  if (m && !rest.startsWith('"""')) {
    try {
      return { value: JSON.parse(`"${m[1]}"`) as string, length: m[0].length };
    } catch {
      return null;
    }
  }
  m = /^'([^'\n]*)'/.exec(rest);
  if (m && !rest.startsWith("'''")) return { value: m[1], length: m[0].length };
  m = /^(true|false)(?![\w-])/.exec(rest);
  if (m) return { value: m[1] === 'true', length: m[0].length };
  m = /^[+-]?(\d[\d_]*)(\.\d[\d_]*)?([eE][+-]?\d+)?(?![\w:-])/.exec(rest);
  if (m) return { value: Number(m[0].replace(/_/g, '')), length: m[0].length };
  return null;
}

export function parseToml(text: string): ConfigNode {
  const pos = new Positions(text);
  const root: MapNode = { kind: 'map', entries: [], line: 1 };
  let table: MapNode | null = root;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = pos.at(lineStart).line;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    if (trimmed.startsWith('[[')) { table = null; continue; }
    const header = /^\[([^\]]+)\]\s*(#.*)?$/.exec(trimmed);
    if (header) {
      const path = keyPath(header[1]);
      table = root;
      for (const k of path ?? []) table = table && child(table, k, line);
      if (!path) table = null;
      continue;
    }
    if (!table) continue;
    const eq = /^((?:[A-Za-z0-9_.-]|\s|"(?:[^"\\]|\\.)*"|'[^']*')+?)\s*=\s*/.exec(raw.trimStart());
    if (!eq) continue;
    const path = keyPath(eq[1].trim());
    const indent = raw.length - raw.trimStart().length;
    const valueAt = indent + eq[0].length;
    const v = scalar(raw.slice(valueAt));
    if (!path || !v) continue;
    const after = raw.slice(valueAt + v.length).trim();
    if (after && !after.startsWith('#')) continue;
    let target: MapNode | null = table;
    for (const k of path.slice(0, -1)) target = target && child(target, k, line);
    if (!target) continue;
    const start = lineStart + valueAt;
    target.entries.push([path[path.length - 1], { kind: 'scalar', value: v.value, line, span: pos.span(start, start + v.length) }]);
  }
  return root;
}
