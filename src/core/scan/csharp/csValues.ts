// One walk over a C# file (usings, bindings, invocations) and what its expressions stand for:
// strings with {{holes}} (`$"..{x}.."`, `string.Format`, `+`, verbatim and raw literals), model ids
// (literals, same-file consts and fields, `?? "gpt-4o"` defaults) and object initializers.
import { decodeCEscapes, eachNode, field, named, type Node } from '../common/treeSitter';
import { holePart, type TemplatePart } from '../common/template';
import { addBinding, enclosingFunctionFinder, followNames, TOP_LEVEL, visibleBinding, type Binding, type Bindings, type Followed, type ReadPoint } from '../common/bindings';
import { expressionText, textOfName, type TextReader } from '../common/expressionText';
import { modelValueWith, type ModelValue } from '../common/modelValue';
import { csharpSdkModel } from '../common/sdkModels';

export interface CsIndex {
  usings: Set<'openai' | 'azure' | 'anthropic'>;
  bindings: Bindings;
  calls: Node[];
}

export const enclosingFunction = enclosingFunctionFinder(new Set(['method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression']));

const clean = (name: string) => name.replace(/^this\./, '').replace(/\s+/g, '');

export function buildCsIndex(root: Node): CsIndex {
  const index: CsIndex = { usings: new Set(), bindings: new Map(), calls: [] };
  const bind = (name: string, value: Node, at: Node, fn = enclosingFunction(at)) => addBinding(index.bindings, clean(name), { value, start: at.startIndex, fn });
  eachNode(root, (n) => {
    switch (n.type) {
      case 'using_directive': {
        const t = n.text;
        if (/\bAzure\.AI\.OpenAI\b/.test(t)) index.usings.add('azure');
        else if (/\bOpenAI\b/.test(t)) index.usings.add('openai');
        if (/\bAnthropic\b/.test(t)) index.usings.add('anthropic');
        return;
      }
      case 'variable_declarator': {
        const name = field(n, 'name');
        const parts = named(n);
        const value = parts[parts.length - 1];
        // Fields are visible to every member of the class: bound at class level.
        const isField = n.parent?.parent?.type === 'field_declaration';
        if (name && value && value.id !== name.id) bind(name.text, value, n, isField ? TOP_LEVEL : enclosingFunction(n));
        return;
      }
      case 'property_declaration': {
        const name = field(n, 'name');
        const value = field(n, 'value');
        if (name && value) bind(name.text, value, n, TOP_LEVEL);
        return;
      }
      case 'assignment_expression': {
        const left = field(n, 'left');
        const right = field(n, 'right');
        if (n.parent?.type === 'initializer_expression' || !left || !right) return;
        if (n.child(1)?.text !== '=' && n.child(1)?.text !== '??=') return;
        // A field assigned in a constructor is the field's value for the whole class.
        const inCtor = ancestorType(n, 'constructor_declaration');
        bind(left.text, right, n, inCtor && /^(this\.)?_/.test(left.text) ? TOP_LEVEL : enclosingFunction(n));
        return;
      }
      case 'invocation_expression':
        index.calls.push(n);
        return;
      default:
    }
  });
  return index;
}

function ancestorType(node: Node, type: string): boolean {
  for (let n = node.parent; n; n = n.parent) if (n.type === type) return true;
  return false;
}

export type Ctx = ReadPoint<CsIndex>;

export function lookup(ctx: Ctx, name: string): Binding | null {
  return visibleBinding(ctx.index.bindings, clean(name), ctx.at, ctx.fn);
}

export function unwrap(node: Node | null): Node | null {
  let n = node;
  for (let i = 0; n && i < 32; i++) {
    if (n.type === 'parenthesized_expression' || n.type === 'argument' || n.type === 'await_expression' || n.type === 'equals_value_clause') n = named(n).pop() ?? null;
    else if (n.type === 'cast_expression') n = field(n, 'value');
    else break;
  }
  return n;
}

/** Arguments of an invocation or object creation, with their names (`model: "gpt-4o"`). */
export function argList(call: Node): { name: string | null; value: Node }[] {
  const list = field(call, 'arguments') ?? named(call).find((c) => c.type === 'argument_list') ?? null;
  return named(list).flatMap((a) => {
    const value = unwrap(a);
    return value ? [{ name: field(a, 'name')?.text ?? null, value }] : [];
  });
}

export function memberName(call: Node): string {
  const fn = field(call, 'function');
  if (!fn) return '';
  if (fn.type === 'member_access_expression') return field(fn, 'name')?.text.replace(/<.*$/, '') ?? '';
  if (fn.type === 'generic_name') return named(fn)[0]?.text ?? '';
  return fn.type === 'identifier' ? fn.text : '';
}

const isName = (n: Node) => n.type === 'identifier' || (n.type === 'member_access_expression' && /^this\./.test(n.text));

/** Follows identifiers (and `this.x`) to their binding; `resolved` says one was crossed. */
export function follow(node: Node | null, ctx: Ctx): Followed<Ctx> {
  return followNames({ unwrap, isName, lookup }, node, ctx);
}

function dedent(body: string): string {
  const lines = body.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n[ \t]*$/, '').split(/\r?\n/);
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

export function stringLiteral(node: Node | null): string | null {
  const n = unwrap(node);
  if (!n) return null;
  if (n.type === 'string_literal') return decodeCEscapes(n.text.replace(/u8$/, '').slice(1, -1));
  if (n.type === 'verbatim_string_literal') return n.text.replace(/u8$/, '').slice(2, -1).replace(/""/g, '"');
  if (n.type === 'raw_string_literal') {
    const t = n.text.replace(/u8$/, '');
    const q = /^"+/.exec(t)![0].length;
    const body = t.slice(q, t.length - q);
    return body.includes('\n') ? dedent(body) : body;
  }
  return null;
}

export function modelValue(node: Node | null, ctx: Ctx): ModelValue | null {
  return modelValueWith({ follow, stringLiteral, otherForms: defaultedModel }, node, ctx);
}

/** Environment.GetEnvironmentVariable("MODEL") ?? "gpt-4o", config["Model"] ?? "gpt-4o"; SDK constants (`Model.ClaudeSonnet4_5`). */
function defaultedModel(n: Node, c: Ctx, resolved: boolean, recurse: (node: Node | null, ctx: Ctx) => ModelValue | null): ModelValue | null {
  if (n.type === 'member_access_expression') {
    const owner = field(n, 'expression')?.text.split('.').pop() ?? '';
    const id = csharpSdkModel(owner, field(n, 'name')?.text ?? '');
    return id ? { id, resolved, span: null } : null;
  }
  if (n.type !== 'binary_expression' || field(n, 'operator')?.text !== '??') return null;
  const v = recurse(field(n, 'right'), c);
  return v ? { ...v, resolved: true } : null;
}

function holeFor(n: Node): TemplatePart {
  if (n.type === 'identifier') return holePart(n.text);
  if (n.type === 'member_access_expression') return holePart(field(n, 'name')?.text ?? 'value', n.text);
  if (n.type === 'invocation_expression') return holePart(memberName(n) || 'value');
  return holePart('value');
}

export function textParts(node: Node | null, ctx: Ctx): TemplatePart[] {
  return expressionText({ unwrap, stringLiteral, holeFor, compose: composedText }, node, ctx);
}

/** C#'s own ways of making a string: names, `$"..{x}.."` interpolation, `string.Format`. */
function composedText(n: Node, ctx: Ctx, read: TextReader<Ctx>): TemplatePart[] | null {
  if (n.type === 'identifier') return textOfName(n, follow(n, ctx), read, holeFor);
  if (n.type === 'interpolated_string_expression') return interpolatedText(n, read);
  if (n.type === 'invocation_expression' && memberName(n) === 'Format') return formatText(n, ctx, read);
  return null;
}

function interpolatedText(n: Node, read: TextReader<Ctx>): TemplatePart[] {
  const verbatim = /@/.test(n.child(0)?.text ?? '');
  const parts: TemplatePart[] = [];
  for (const c of named(n)) {
    if (c.type === 'string_content') parts.push({ text: verbatim ? c.text.replace(/""/g, '"') : decodeCEscapes(c.text) });
    else if (c.type === 'escape_sequence') parts.push({ text: decodeCEscapes(c.text) });
    else if (c.type === 'interpolation') {
      const e = named(c).find((x) => x.type !== 'interpolation_brace' && x.type !== 'interpolation_format_clause' && x.type !== 'interpolation_alignment_clause');
      parts.push(e ? read.onePart(e) : holePart('value'));
    }
  }
  return parts.map((p) => ('text' in p ? { text: p.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}') } : p));
}

/** `string.Format("..{0}..", x)`; null when the format is not a literal the file states. */
function formatText(n: Node, ctx: Ctx, read: TextReader<Ctx>): TemplatePart[] | null {
  const a = argList(n);
  const format = a[0] ? stringLiteral(follow(a[0].value, ctx).node) : null;
  if (format === null) return null;
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of format.matchAll(/\{(\d+)(?:[,:][^}]*)?\}/g)) {
    parts.push({ text: format.slice(last, m.index).replace(/\{\{/g, '{').replace(/\}\}/g, '}') });
    const arg = a[Number(m[1]) + 1]?.value;
    parts.push(arg ? read.onePart(arg) : holePart('value'));
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push({ text: format.slice(last) });
  return parts;
}

/** `new X { A = 1, B = "s" }` → Map(A → 1's node, ...). Also collection initializers' items under ''. */
export function initializer(node: Node | null): { props: Map<string, Node>; items: Node[] } {
  const props = new Map<string, Node>();
  const items: Node[] = [];
  const init = node ? (field(node, 'initializer') ?? named(node).find((c) => c.type === 'initializer_expression') ?? (node.type === 'initializer_expression' ? node : null)) : null;
  for (const c of named(init)) {
    if (c.type === 'assignment_expression') {
      const l = field(c, 'left');
      const r = field(c, 'right');
      if (l && r) props.set(l.text, r);
    } else items.push(c);
  }
  return { props, items };
}

export function literalValue(node: Node | null, ctx: Ctx): unknown {
  const { node: n } = follow(node, ctx);
  if (!n) return undefined;
  if (n.type === 'integer_literal' || n.type === 'real_literal') {
    const v = Number(n.text.replace(/[fFdDmMlLuU]+$/, '').replace(/_/g, ''));
    return Number.isFinite(v) ? v : undefined;
  }
  if (n.type === 'prefix_unary_expression' && n.child(0)?.text === '-') {
    const v = literalValue(named(n)[0] ?? null, ctx);
    return typeof v === 'number' ? -v : undefined;
  }
  if (n.type === 'boolean_literal') return n.text === 'true';
  return stringLiteral(n) ?? undefined;
}
