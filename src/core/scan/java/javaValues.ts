// One walk over a Java file (SDK imports, variable bindings, method invocations) and what its
// expressions stand for: strings with {{holes}} (`+`, `String.format`, `.formatted`), model ids
// (literals, `ChatModel.GPT_4O`-style SDK constants, same-file constants, env lookups with a
// literal default) and request builders (`X.builder().model(..).addUserMessage(..).build()`, also
// kept in a variable or a builder variable extended by later statements in the same method).
import { decodeCEscapes, eachNode, field, named, printfParts, type Node } from '../common/treeSitter';
import { holePart, type TemplatePart } from '../common/template';
import { javaSdkModel } from '../common/sdkModels';
import { addBinding, enclosingFunctionFinder, followNames, visibleBinding, type Binding, type Bindings, type Followed, type ReadPoint } from '../common/bindings';
import { expressionText, textOfName, type TextReader } from '../common/expressionText';
import { modelValueWith, type ModelValue } from '../common/modelValue';

export interface JavaIndex {
  sdks: Set<'openai' | 'anthropic' | 'azure'>;
  bindings: Bindings;
  calls: Node[];
}

export const enclosingFunction = enclosingFunctionFinder(new Set(['method_declaration', 'constructor_declaration', 'lambda_expression', 'static_initializer']));

export function buildJavaIndex(root: Node): JavaIndex {
  const index: JavaIndex = { sdks: new Set(), bindings: new Map(), calls: [] };
  const bind = (name: string, value: Node, at: Node) => addBinding(index.bindings, name, { value, start: at.startIndex, fn: enclosingFunction(at) });
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

export type Ctx = ReadPoint<JavaIndex>;

export function lookup(ctx: Ctx, name: string): Binding | null {
  return visibleBinding(ctx.index.bindings, name.replace(/^this\./, ''), ctx.at, ctx.fn);
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

const isName = (n: Node) => n.type === 'identifier' || (n.type === 'field_access' && /^this\./.test(n.text));

/** Follows identifiers (and `this.x`) to their binding; `resolved` says one was crossed. */
export function follow(node: Node | null, ctx: Ctx): Followed<Ctx> {
  return followNames({ unwrap, isName, lookup }, node, ctx);
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

const DEFAULTING = new Set(['getOrDefault', 'orElse', 'getProperty', 'getenv', 'getEnv', 'envOr', 'or']);

export function modelValue(node: Node | null, ctx: Ctx): ModelValue | null {
  return modelValueWith({ follow, stringLiteral, otherForms: otherModelForms }, node, ctx);
}

/** `ChatModel.GPT_4O`, `ChatModel.of(..)`, `.toString()`, and env/config lookups with a literal default. */
function otherModelForms(n: Node, c: Ctx, resolved: boolean, recurse: (node: Node | null, ctx: Ctx) => ModelValue | null): ModelValue | null {
  if (n.type === 'field_access') {
    const id = javaSdkModel(field(n, 'field')?.text ?? '');
    return id ? { id, resolved, span: null } : null;
  }
  if (n.type === 'method_invocation') {
    const a = args(n);
    const name = nameOf(n);
    if (name === 'of' && a.length === 1) return recurse(a[0], c);
    if (name === 'toString' && a.length === 0) return recurse(field(n, 'object'), c);
    if (DEFAULTING.has(name) && a.length >= 1) {
      const v = recurse(a[a.length - 1], c);
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

export function textParts(node: Node | null, ctx: Ctx): TemplatePart[] {
  return expressionText({ unwrap, stringLiteral, holeFor, compose: composedText }, node, ctx);
}

/** Java's own ways of making a string: names, `String.format`, `.formatted`, `.strip()`. */
function composedText(n: Node, ctx: Ctx, read: TextReader<Ctx>): TemplatePart[] | null {
  if (n.type === 'identifier') return textOfName(n, follow(n, ctx), read, holeFor);
  if (n.type !== 'method_invocation') return null;
  const name = nameOf(n);
  const a = args(n);
  const obj = field(n, 'object');
  const printf = (format: string | null, rest: Node[]) => format === null ? null
    : printfParts(format, rest, (arg) => (arg ? read.onePart(arg) : holePart('value')));
  if (name === 'format' && obj?.text === 'String' && a.length >= 1) {
    const p = printf(stringLiteral(follow(a[0], ctx).node), a.slice(1));
    if (p) return p;
  }
  if (name === 'formatted' && obj) {
    const p = printf(stringLiteral(follow(obj, ctx).node), a);
    if (p) return p;
  }
  if ((name === 'strip' || name === 'trim' || name === 'stripIndent') && obj && a.length === 0) {
    const inner = read.parts(obj);
    return inner.map((p) => ('text' in p ? { text: name === 'stripIndent' ? p.text : p.text.trim() } : p));
  }
  return null;
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
