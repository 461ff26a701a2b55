// One walk over a Java file (SDK imports, variable bindings, method invocations) and what its
// expressions stand for: strings with {{holes}} (`+`, `String.format`, `.formatted`), model ids
// (literals, `ChatModel.GPT_4O`-style SDK constants, same-file constants, env lookups with a
// literal default) and request builders (`X.builder().model(..).addUserMessage(..).build()`, also
// kept in a variable or a builder variable extended by later statements in the same method).
import { decodeCEscapes, eachNode, field, named, printfParts, spanOf, type Node } from '../common/treeSitter';
import { holePart, type TemplatePart } from '../common/template';
import { javaSdkModel } from '../common/sdkModels';
import type { SourceSpan } from '../../callsite';

export interface Binding { value: Node; start: number; fn: number }

export interface JavaIndex {
  sdks: Set<'openai' | 'anthropic' | 'azure'>;
  bindings: Map<string, Binding[]>;
  calls: Node[];
}

const FUNCTION_TYPES = new Set(['method_declaration', 'constructor_declaration', 'lambda_expression', 'static_initializer']);
const MAX_DEPTH = 12;

export function enclosingFunction(node: Node): number {
  for (let n = node.parent; n; n = n.parent) if (FUNCTION_TYPES.has(n.type)) return n.id;
  return -1;
}

export function buildJavaIndex(root: Node): JavaIndex {
  const index: JavaIndex = { sdks: new Set(), bindings: new Map(), calls: [] };
  const bind = (name: string, value: Node, at: Node) => {
    const list = index.bindings.get(name) ?? [];
    list.push({ value, start: at.startIndex, fn: enclosingFunction(at) });
    index.bindings.set(name, list);
  };
  eachNode(root, (n) => {
    if (n.type === 'import_declaration') {
      const t = n.text;
      if (/\bcom\.openai\./.test(t)) index.sdks.add('openai');
      if (/\bcom\.anthropic\./.test(t)) index.sdks.add('anthropic');
      if (/\bcom\.azure\.ai\.openai\b/.test(t)) index.sdks.add('azure');
    } else if (n.type === 'variable_declarator') {
      const name = field(n, 'name');
      const value = field(n, 'value');
      if (name && value) bind(name.text, value, n);
    } else if (n.type === 'assignment_expression' && n.child(1)?.text === '=') {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left && right) bind(left.text.replace(/^this\./, ''), right, n);
    } else if (n.type === 'method_invocation') {
      index.calls.push(n);
    }
  });
  return index;
}

export interface Ctx { index: JavaIndex; at: number; fn: number }

export function lookup(ctx: Ctx, name: string): Binding | null {
  const list = ctx.index.bindings.get(name.replace(/^this\./, ''));
  if (!list) return null;
  let best: Binding | null = null;
  for (const b of list) if (b.fn === ctx.fn && b.start < ctx.at && (!best || b.start > best.start)) best = b;
  if (best) return best;
  for (const b of list) if (b.fn === -1) return b;
  return null;
}

export function unwrap(node: Node | null): Node | null {
  let n = node;
  for (let i = 0; n && (n.type === 'parenthesized_expression' || n.type === 'cast_expression') && i < 32; i++) {
    n = n.type === 'cast_expression' ? field(n, 'value') : named(n)[0] ?? null;
  }
  return n;
}

export function args(call: Node): Node[] {
  return named(field(call, 'arguments'));
}

export function nameOf(call: Node): string {
  return field(call, 'name')?.text ?? '';
}

/** Follows identifiers to their binding; `resolved` says one was crossed. */
export function follow(node: Node | null, ctx: Ctx): { node: Node | null; resolved: boolean; ctx: Ctx } {
  let n = unwrap(node);
  let c = ctx;
  let resolved = false;
  for (let i = 0; n && i < MAX_DEPTH && (n.type === 'identifier' || (n.type === 'field_access' && /^this\./.test(n.text))); i++) {
    const b = lookup(c, n.text);
    if (!b || b.value.id === n.id) break;
    c = { ...c, at: b.start, fn: b.fn === -1 ? c.fn : b.fn };
    resolved = true;
    n = unwrap(b.value);
  }
  return { node: n, resolved, ctx: c };
}

function dedentTextBlock(body: string): string {
  const lines = body.replace(/^[ \t]*\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  const last = lines[lines.length - 1];
  if (!last.trim()) lines[lines.length - 1] = '';
  return lines.map((l) => l.slice(cut).replace(/[ \t]+$/, '')).join('\n');
}

export function stringLiteral(node: Node | null): string | null {
  const n = unwrap(node);
  if (!n || n.type !== 'string_literal') return null;
  const t = n.text;
  if (t.startsWith('"""')) return decodeCEscapes(dedentTextBlock(t.slice(3, -3)));
  return decodeCEscapes(t.slice(1, -1));
}

export interface ModelValue { id: string; resolved: boolean; span: SourceSpan | null }

const DEFAULTING = new Set(['getOrDefault', 'orElse', 'getProperty', 'getenv', 'getEnv', 'envOr', 'or']);

export function modelValue(node: Node | null, ctx: Ctx, depth = 0): ModelValue | null {
  if (depth > MAX_DEPTH) return null;
  const { node: n, resolved, ctx: c } = follow(node, ctx);
  if (!n) return null;
  const lit = stringLiteral(n);
  if (lit !== null) return lit ? { id: lit, resolved, span: spanOf(n) } : null;
  if (n.type === 'field_access') {
    const id = javaSdkModel(field(n, 'field')?.text ?? '');
    return id ? { id, resolved, span: null } : null;
  }
  if (n.type === 'method_invocation') {
    const a = args(n);
    const name = nameOf(n);
    if (name === 'of' && a.length === 1) return modelValue(a[0], c, depth + 1);
    if (name === 'toString' && a.length === 0) return modelValue(field(n, 'object'), c, depth + 1);
    if (DEFAULTING.has(name) && a.length >= 1) {
      const v = modelValue(a[a.length - 1], c, depth + 1);
      return v && (a.length >= 2 || name === 'orElse') ? { ...v, resolved: true } : null;
    }
  }
  return null;
}

function holeFor(n: Node): TemplatePart {
  if (n.type === 'identifier') return holePart(n.text);
  if (n.type === 'field_access') return holePart(field(n, 'field')?.text ?? 'value', n.text);
  if (n.type === 'method_invocation') {
    const name = nameOf(n);
    const obj = field(n, 'object');
    if (/^get[A-Z]/.test(name) && obj) return holePart(name.slice(3, 4).toLowerCase() + name.slice(4), `${obj.text}.${name}`);
    if ((name === 'toString' || name === 'trim' || name === 'strip') && obj) return holeFor(unwrap(obj) ?? obj);
    return holePart(name || 'value');
  }
  return holePart('value');
}

export function textParts(node: Node | null, ctx: Ctx, depth = 0): TemplatePart[] {
  const n0 = unwrap(node);
  if (!n0) return [];
  if (depth > MAX_DEPTH) return [holeFor(n0)];
  const lit = stringLiteral(n0);
  if (lit !== null) return [{ text: lit }];
  if (n0.type === 'binary_expression' && field(n0, 'operator')?.text === '+') {
    return [...textParts(field(n0, 'left'), ctx, depth + 1), ...textParts(field(n0, 'right'), ctx, depth + 1)];
  }
  if (n0.type === 'identifier') {
    const { node: v, ctx: c, resolved } = follow(n0, ctx);
    if (!resolved || !v) return [holeFor(n0)];
    const inner = textParts(v, c, depth + 1);
    return inner.length === 1 && 'hole' in inner[0] ? [holeFor(n0)] : inner;
  }
  if (n0.type === 'method_invocation') {
    const name = nameOf(n0);
    const a = args(n0);
    const obj = field(n0, 'object');
    const printf = (format: string | null, rest: Node[]) => format === null ? null
      : printfParts(format, rest, (arg) => (arg ? single(textParts(arg, ctx, depth + 1), arg) : holePart('value')));
    if (name === 'format' && obj?.text === 'String' && a.length >= 1) {
      const p = printf(stringLiteral(follow(a[0], ctx).node), a.slice(1));
      if (p) return p;
    }
    if (name === 'formatted' && obj) {
      const p = printf(stringLiteral(follow(obj, ctx).node), a);
      if (p) return p;
    }
    if ((name === 'strip' || name === 'trim' || name === 'stripIndent') && obj && a.length === 0) {
      const inner = textParts(obj, ctx, depth + 1);
      return inner.map((p) => ('text' in p ? { text: name === 'stripIndent' ? p.text : p.text.trim() } : p));
    }
  }
  return [holeFor(n0)];
}

function single(parts: TemplatePart[], node: Node): TemplatePart {
  return parts.length === 1 ? parts[0] : holeFor(unwrap(node) ?? node);
}

export function numberValue(node: Node | null, ctx: Ctx): number | boolean | string | undefined {
  const { node: n } = follow(node, ctx);
  if (!n) return undefined;
  if (/^(decimal_integer_literal|decimal_floating_point_literal|hex_integer_literal)$/.test(n.type)) {
    const v = Number(n.text.replace(/[_lLfFdD]$/g, '').replace(/_/g, ''));
    return Number.isFinite(v) ? v : undefined;
  }
  if (n.type === 'unary_expression' && n.child(0)?.text === '-') {
    const v = numberValue(named(n)[0] ?? null, ctx);
    return typeof v === 'number' ? -v : undefined;
  }
  if (n.type === 'true' || n.type === 'false') return n.type === 'true';
  const s = stringLiteral(n);
  return s ?? undefined;
}
