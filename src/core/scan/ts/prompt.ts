// The prompt of a call site as a template: messages with same-file string constants inlined and
// everything only known at run time (`${doc}`, `+ question`, a parameter) turned into `{{hole}}`s.
import ts from './compiler';
import type { PromptTemplate } from '../../callsite';
import { holePart, joinParts, promptOfParts, sanitiseHoleName, type PartsMessage, type TemplatePart } from '../common/template';
import type { Candidate } from './classify';
import { Ctx, deref, isStringy, MAX_DEPTH, objectOf, stringValue, unwrap } from './values';

/** Methods that reshape a value without changing which value it is: the hole keeps the receiver's name. */
const PASS_THROUGH_METHODS = new Set(['join', 'trim', 'trimStart', 'trimEnd', 'toString', 'toUpperCase', 'toLowerCase', 'slice',
  'substring', 'map', 'filter', 'toFixed', 'toISOString', 'toLocaleString', 'toLocaleDateString', 'padStart', 'padEnd', 'replace', 'replaceAll']);
const TEXT_PART_TYPES = new Set(['text', 'input_text', 'output_text']);

export function promptOfCall(c: Candidate, props: Map<string, ts.Expression> | undefined, ctx: Ctx): PromptTemplate | null {
  // A Gemini model's `generateContent(prompt)` takes the prompt itself.
  if (!props && c.shape === 'gemini' && c.node.arguments?.[0]) return promptOfParts([{ role: 'user', parts: contentParts(c.node.arguments[0], ctx) }]);
  if (!props && c.shape !== 'azure-sdk') return null;
  const messages: PartsMessage[] = [];
  const single = (key: string, role: string) => {
    const v = props?.get(key);
    if (v) messages.push({ role, parts: contentParts(v, ctx) });
  };
  switch (c.shape) {
    case 'chat': case 'v3':
      messages.push(...messagesFrom(props?.get('messages'), ctx));
      single('prompt', 'user');
      break;
    case 'responses': {
      single('instructions', 'system');
      const input = props?.get('input');
      if (input) messages.push(...inputMessages(input, ctx));
      break;
    }
    case 'legacy':
      single('prompt', 'user');
      break;
    case 'azure-sdk': {
      // Positional: (deployment, messages | prompts, options).
      const second = c.node.arguments?.[1];
      const d = second && deref(second, ctx).node;
      if (c.method.endsWith('ChatCompletions')) messages.push(...messagesFrom(second, ctx));
      else if (d && ts.isArrayLiteralExpression(d)) for (const el of d.elements) messages.push({ role: 'user', parts: toParts(el, ctx, 0) });
      break;
    }
    case 'gemini': {
      const contents = props?.get('contents') ?? props?.get('message');
      if (contents) messages.push(...inputMessages(contents, ctx));
      break;
    }
    case 'messages': case 'vercel': case 'mistral': case 'bedrock':
      single('system', 'system');
      messages.push(...messagesFrom(props?.get('messages'), ctx));
      single('prompt', 'user');
      break;
    default:
      return null;
  }
  return promptOfParts(messages);
}

/** Responses `input`: a string is one user message, an array is a list of messages. */
function inputMessages(input: ts.Expression, ctx: Ctx): PartsMessage[] {
  return ts.isArrayLiteralExpression(deref(input, ctx).node) ? messagesFrom(input, ctx) : [{ role: 'user', parts: contentParts(input, ctx) }];
}

/** The literal messages of a messages array; spreads of known arrays are followed, unknown entries skipped. */
function messagesFrom(expr: ts.Expression | undefined, ctx: Ctx, depth = 0): PartsMessage[] {
  if (!expr || depth > 4) return [];
  const arr = deref(expr, ctx).node;
  if (!ts.isArrayLiteralExpression(arr)) return [];
  const out: PartsMessage[] = [];
  for (const el of arr.elements) {
    if (ts.isSpreadElement(el)) {
      out.push(...messagesFrom(el.expression, ctx, depth + 1));
      continue;
    }
    const msg = objectOf(el, ctx);
    if (!msg) continue;
    const content = msg.props.get('content');
    if (!content) continue;
    out.push({ role: stringValue(msg.props.get('role'), ctx) ?? 'user', parts: contentParts(content, ctx) });
  }
  return out;
}

/** Message content: a string template, or the text parts of a content array (images etc. skipped). */
function contentParts(expr: ts.Expression, ctx: Ctx): TemplatePart[] {
  const d = deref(expr, ctx).node;
  if (ts.isArrayLiteralExpression(d)) {
    const texts: TemplatePart[][] = [];
    for (const el of d.elements) {
      const part = objectOf(el, ctx);
      if (part) {
        const type = stringValue(part.props.get('type'), ctx) ?? 'text';
        const text = part.props.get('text');
        if (TEXT_PART_TYPES.has(type) && text) texts.push(toParts(text, ctx, 0));
      } else if (!ts.isSpreadElement(el)) {
        texts.push(toParts(el, ctx, 0));
      }
    }
    return joinParts(texts, '\n');
  }
  return toParts(expr, ctx, 0);
}

/** Text and holes of a string-valued expression. */
export function toParts(expr: ts.Expression, ctx: Ctx, depth: number): TemplatePart[] {
  let e = unwrap(expr);
  if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  if (depth > MAX_DEPTH || !ctx.tick()) return [holePart(holeName(e, ctx), holeSubject(e, ctx).getText(ctx.sf))];
  if (isStringy(e)) return [{ text: e.text }];
  if (ts.isNumericLiteral(e)) return [{ text: e.text }];
  if (ts.isTaggedTemplateExpression(e)) return toParts(e.template, ctx, depth + 1);
  if (ts.isTemplateExpression(e)) {
    const parts: TemplatePart[] = [{ text: e.head.text }];
    for (const span of e.templateSpans) {
      parts.push(...toParts(span.expression, ctx, depth + 1), { text: span.literal.text });
    }
    return parts;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return [...toParts(e.left, ctx, depth + 1), ...toParts(e.right, ctx, depth + 1)];
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const method = e.expression.name.text;
    const recv = deref(e.expression.expression, ctx).node;
    if (method === 'join' && ts.isArrayLiteralExpression(recv) && !recv.elements.some(ts.isSpreadElement)) {
      const sep = e.arguments.length === 0 ? ',' : stringValue(e.arguments[0], ctx);
      if (sep !== undefined) return joinParts(recv.elements.map((el) => toParts(el, ctx, depth + 1)), sep);
    }
    if ((method === 'trim' || method === 'trimStart' || method === 'trimEnd') && e.arguments.length === 0) {
      const inner = toParts(e.expression.expression, ctx, depth + 1);
      return inner.length === 1 && 'text' in inner[0] ? [{ text: (inner[0].text as string)[method]() }] : inner;
    }
  }
  if (isInlinable(e, ctx)) {
    const f = deref(e, ctx);
    if (f.node !== e) return toParts(f.node, ctx, depth + 1);
  }
  return [holePart(holeName(e, ctx), holeSubject(e, ctx).getText(ctx.sf))];
}

/**
 * Constants and fields are inlined; parameters are not, even with a default: at run time the
 * caller's value fills them, so they are holes.
 */
function isInlinable(e: ts.Expression, ctx: Ctx): boolean {
  if (ts.isIdentifier(e)) {
    const decl = ctx.scopes.lookup(e.text, e);
    return !!decl && ts.isVariableDeclaration(decl);
  }
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    let root = unwrap(e.expression);
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = unwrap(root.expression);
    return root.kind === ts.SyntaxKind.ThisKeyword || isInlinable(root, ctx);
  }
  return false;
}

/**
 * The value behind a hole, without reshaping (`doc.trim()`, `JSON.stringify(doc)`, `doc ?? ''` are
 * all `doc`), so one value gets one hole however the prompt formats it.
 */
function holeSubject(expr: ts.Expression, ctx: Ctx): ts.Expression {
  let e = unwrap(expr);
  for (let i = 0; i < 16; i++) {
    if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
    else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && PASS_THROUGH_METHODS.has(e.expression.name.text)) e = unwrap(e.expression.expression);
    else if (ts.isCallExpression(e) && e.arguments[0] && /^(JSON\.stringify|String)$/.test(e.expression.getText(ctx.sf))) e = unwrap(e.arguments[0]);
    else if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) e = unwrap(e.left);
    else break;
  }
  return e;
}

/** A readable name for a hole: the value's simple name (`input.doc` → `doc`), else a sanitised form. */
export function holeName(expr: ts.Expression, ctx: Ctx): string {
  const e = holeSubject(expr, ctx);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e)) {
    const k = unwrap(e.argumentExpression);
    return isStringy(k) ? sanitiseHoleName(k.text) : sanitiseHoleName(e.getText(ctx.sf));
  }
  // `formatDate(now)` is best known by what it computes.
  if (ts.isCallExpression(e) && ts.isIdentifier(unwrap(e.expression))) return (unwrap(e.expression) as ts.Identifier).text;
  return sanitiseHoleName(e.getText(ctx.sf));
}
