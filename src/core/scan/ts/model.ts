// The model a call site uses: the literal at the call (`model`), or what model tracing
// (trace/trace.ts) finds by following names, defaults, fields, params objects and, in the cross-file
// pass, other modules and configuration (`modelResolved`, with its chain in `modelSource`), plus
// where the string literal sits so the editor can offer "Replace model" on exactly that text.
import ts from './compiler';
import type { ModelHop, SourceSpan } from '../../callsite';
import type { Candidate } from './classify';
import { Ctx, deref, isStringy, objectOf, unwrap } from './values';
import { trace } from './trace/trace';
import { newTracer, type TsFile } from './trace/types';
import { SourceLines } from '../flow/hops';
import { chainOf, refineStop, stopHopFor } from '../flow/chain';
import { vendorModelArgument } from './vendors';

export interface ModelInfo {
  model: string | null;
  modelExpr: string;
  modelResolved: string | string[] | null;
  modelSource: ModelHop[];
  modelSpan: SourceSpan | null;
}

const NO_MODEL: ModelInfo = { model: null, modelExpr: '', modelResolved: null, modelSource: [], modelSpan: null };

/** Where LangChain constructors take the model, in the order a reader would look. */
const LANGCHAIN_MODEL_KEYS = ['model', 'modelName', 'model_name', 'azureOpenAIApiDeploymentName', 'deploymentName'];

export function spanOf(node: ts.Node, sf: ts.SourceFile): SourceSpan {
  const s = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const e = sf.getLineAndCharacterOfPosition(node.end);
  return { start: { line: s.line + 1, column: s.character + 1 }, end: { line: e.line + 1, column: e.character + 1 } };
}

/** The expression passed as the model, for each shape of call. */
export function modelArgument(c: Candidate, ctx: Ctx): ts.Expression | undefined {
  const args = c.node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const first = args[0];
  if (c.shape === 'azure-sdk') return first;
  if (c.shape === 'gemini' || c.shape === 'mistral' || c.shape === 'bedrock') return vendorModelArgument(c, ctx);
  if (c.shape === 'langchain' || c.shape === 'initChatModel') {
    // `initChatModel('openai:gpt-4o', {...})` and `new ChatOpenAI('gpt-4o')` take the id first;
    // otherwise it is a key of the options object.
    const d = first && deref(first, ctx).node;
    if (first && d && (isStringy(d) || c.shape === 'initChatModel') && !ts.isObjectLiteralExpression(d)) return first;
    const cfg = objectOf(first, ctx) ?? objectOf(args[1], ctx);
    for (const k of LANGCHAIN_MODEL_KEYS) {
      const v = cfg?.props.get(k);
      if (v) return v;
    }
    return undefined;
  }
  return objectOf(first, ctx)?.props.get('model');
}

export function modelOf(c: Candidate, ctx: Ctx): ModelInfo {
  const arg = modelArgument(c, ctx);
  const own = arg ? modelAt(arg, c, ctx) : NO_MODEL;
  if (own.model === null && own.modelResolved === null && c.api === 'azure-openai' && namesNoModel(arg, ctx)) {
    // `new AzureOpenAI({ deployment })` routes every request to that deployment, so Azure's own
    // samples pass `model: ""` or none at all; the deployment is the model a reader finds.
    const dep = clientDeployment(c, ctx);
    if (dep) {
      const span = spanOf(dep, ctx.sf);
      const lines = tsFileOf(ctx).lines;
      return { ...own, modelResolved: dep.text, modelSpan: span, modelSource: [lines.hop('constant', span.start.line, { span, holds: dep.text, name: 'deployment' })] };
    }
  }
  return own;
}

const files = new WeakMap<Ctx, TsFile>();

/** The scanned file as model tracing reads it (one per Ctx). */
export function tsFileOf(ctx: Ctx): TsFile {
  let f = files.get(ctx);
  if (!f) {
    const sf = ctx.sf;
    f = { path: sf.fileName, sf, ctx, lines: new SourceLines(sf.fileName, () => sf.text) };
    files.set(ctx, f);
  }
  return f;
}

function modelAt(arg: ts.Expression, c: Candidate, ctx: Ctx): ModelInfo {
  const modelExpr = arg.getText(ctx.sf);
  const file = tsFileOf(ctx);
  const v = trace(arg, file, newTracer(ctx.flow), 0, c.shape === 'vercel');
  const prefixed = new Set<string>();
  for (const o of v.k === 'choice' ? v.options : v.k === 'str' ? [v] : []) if (o.prefixed || c.shape === 'initChatModel') prefixed.add(o.s);
  const normalise = (id: string) => (prefixed.has(id) ? withoutProviderPrefix(id) : id);
  // "At the call" means the literal is written inside this call with nothing resolved on the way.
  if (v.k === 'str' && v.s.trim() && !v.via?.length && v.node && v.node.getStart(ctx.sf) >= c.node.getStart(ctx.sf) && v.node.end <= c.node.end) {
    return { model: normalise(v.s), modelExpr, modelResolved: null, modelSource: [], modelSpan: spanOf(v.node, ctx.sf) };
  }
  const chain = chainOf(v, file.path, normalise);
  if (chain.resolved !== null) return { model: null, modelExpr, modelResolved: chain.resolved, modelSource: chain.hops, modelSpan: chain.span };
  const line = ctx.sf.getLineAndCharacterOfPosition(arg.getStart(ctx.sf)).line + 1;
  const empty = v.k === 'str' && !v.s.trim();
  const stop = empty ? file.lines.hop('stop', line, { reason: 'an empty model: the client decides' }) : stopHopFor(v, file.lines, line, modelExpr);
  return { model: null, modelExpr, modelResolved: null, modelSource: refineStop(stop ? [...chain.hops, stop] : chain.hops, modelExpr), modelSpan: null };
}

/** No model argument, or an empty string: the request leaves the choice to the client. */
function namesNoModel(arg: ts.Expression | undefined, ctx: Ctx): boolean {
  if (!arg) return true;
  const d = deref(arg, ctx).node;
  return isStringy(d) && !d.text.trim();
}

/** Path segments between a client and the method: `azure.chat.completions.create` → `azure`. */
const API_SEGMENTS = new Set(['create', 'parse', 'stream', 'runTools', 'chat', 'completions', 'responses', 'beta']);

/** The literal `deployment` option of the client this call goes through, when the file builds it. */
function clientDeployment(c: Candidate, ctx: Ctx): ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | undefined {
  let recv = unwrap(c.node.expression);
  while (ts.isPropertyAccessExpression(recv) && API_SEGMENTS.has(recv.name.text)) recv = unwrap(recv.expression);
  let client = deref(recv, ctx).node;
  if (ts.isAwaitExpression(client)) client = unwrap(client.expression);
  if (!ts.isNewExpression(client)) return undefined;
  const dep = objectOf(client.arguments?.[0], ctx)?.props.get('deployment');
  const found = dep && deref(dep, ctx).node;
  return found && isStringy(found) && found.text.trim() ? found : undefined;
}

/**
 * `initChatModel('openai:gpt-4o')` names LangChain's provider too, as does an AI SDK registry id
 * (`registry.languageModel('openai:gpt-4o')`); the model id is what follows it (as the Python
 * scanner reports `init_chat_model("openai:gpt-4o")`). The span still covers the whole literal, so
 * a replacement keeps the prefix.
 */
function withoutProviderPrefix(id: string): string {
  const m = /^([a-z_-]+):(.+)$/.exec(id);
  return m ? m[2] : id;
}
