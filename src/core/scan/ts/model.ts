// The model a call site uses: the literal at the call (`model`), or what a reader finds by following
// a same-file constant, default, class field or params object (`modelResolved`), plus where the
// string literal sits so the editor can offer "Replace model" on exactly that text.
import ts from 'typescript';
import type { SourceSpan } from '../../callsite';
import type { Candidate } from './classify';
import { importOf, sdkOf } from './clients';
import { Ctx, deref, isStringy, objectOf, unwrap } from './values';
import { vendorModelArgument } from './vendors';

export interface ModelInfo {
  model: string | null;
  modelExpr: string;
  modelResolved: string | null;
  modelSpan: SourceSpan | null;
}

const NO_MODEL: ModelInfo = { model: null, modelExpr: '', modelResolved: null, modelSpan: null };

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
    if (dep) return { ...own, modelResolved: dep.text, modelSpan: spanOf(dep, ctx.sf) };
  }
  return own;
}

function modelAt(arg: ts.Expression, c: Candidate, ctx: Ctx): ModelInfo {
  const modelExpr = arg.getText(ctx.sf);
  const found = findModelLiteral(arg, ctx, c.shape === 'vercel', 0);
  if (!found) return { ...NO_MODEL, modelExpr };
  // "At the call" means the literal is written inside this call with nothing resolved on the way.
  const atCall = !found.resolved && found.node.getStart(ctx.sf) >= c.node.getStart(ctx.sf) && found.node.end <= c.node.end;
  const id = c.shape === 'initChatModel' || found.prefixed ? withoutProviderPrefix(found.node.text) : found.node.text;
  return {
    model: atCall ? id : null,
    modelExpr,
    modelResolved: atCall ? null : id,
    modelSpan: spanOf(found.node, ctx.sf),
  };
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
  const found = dep && findModelLiteral(dep, ctx, false, 0);
  return found ? found.node : undefined;
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

/** `prefixed`: a registry id (`'openai:gpt-4o'`) whose model id follows the provider's name. */
interface Literal { node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral; resolved: boolean; prefixed?: boolean }

/**
 * Follows the model expression to its string literal. For the Vercel AI SDK the model is a provider
 * call (`openai('gpt-4o')`, `azure.responses(DEPLOYMENT)`, `wrapLanguageModel({ model })`); a mock
 * model (`new MockLanguageModelV2()`) has no id.
 */
function findModelLiteral(expr: ts.Expression, ctx: Ctx, providerCalls: boolean, depth: number): Literal | undefined {
  if (depth > 6) return undefined;
  const f = deref(expr, ctx);
  // `options.modelId ?? ""` falls back to nothing: an empty string names no model.
  if (isStringy(f.node)) return f.node.text.trim() ? { node: f.node, resolved: f.resolved } : undefined;
  if (!providerCalls) return undefined;
  let call = unwrap(f.node);
  if (ts.isAwaitExpression(call)) call = unwrap(call.expression);
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return undefined;
  const callee = unwrap(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  if (/mock/i.test(callee.getText(ctx.sf))) return undefined;
  const first = call.arguments[0];
  let inner: Literal | undefined;
  if (name === 'wrapLanguageModel') {
    const m = objectOf(first, ctx)?.props.get('model');
    inner = m ? findModelLiteral(m, ctx, true, depth + 1) : undefined;
  } else if (name === 'languageModel' && ts.isPropertyAccessExpression(callee)) {
    inner = lookedUpModel(callee.expression, first, ctx, depth);
  } else {
    inner = findModelLiteral(first, ctx, false, depth + 1);
    // A helper of the app's own (`getModel('fallback')`, `getModel(TOOL_NAME)`) may look the model
    // up by a task name; its argument is taken for a model only when it reads as one.
    if (inner && !isKnownProvider(callee, ctx) && !readsAsModelId(inner.node.text)) inner = undefined;
  }
  return inner ? { ...inner, resolved: inner.resolved || f.resolved } : undefined;
}

const PROVIDER_METHODS = new Set(['chat', 'responses', 'completion', 'messages']);

/**
 * A provider the AI SDK world defines: imported from an `@ai-sdk/*` or other provider package
 * (`openai`, `azure.responses`), built here by a `createX(...)` factory, called through a method
 * only providers have (`gateway.chat(id)`), or called on the spot (`createOpenAI({ baseURL })('id')`).
 */
function isKnownProvider(callee: ts.Expression, ctx: Ctx): boolean {
  if (ts.isCallExpression(callee)) return true;
  // `provider.chat(id)`, `provider.responses(id)`: only AI SDK providers are called this way.
  if (ts.isPropertyAccessExpression(callee) && PROVIDER_METHODS.has(callee.name.text)) return true;
  const base = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : callee;
  const info = importOf(base, ctx);
  if (info) return sdkOf(info.module) === 'ai-provider' || sdkOf(info.module) === 'ai' || /provider/i.test(info.module);
  const built = unwrap(deref(base, ctx).node);
  return ts.isCallExpression(built) && /^create[A-Z]\w*$/.test(unwrap(built.expression).getText(ctx.sf));
}

/** Model ids carry a version number or a model family's name; task names (`fallback`, `lite`) do not. */
const MODEL_FAMILY = /(^|[^a-z])(gpt|claude|haiku|sonnet|opus|gemini|gemma|llama|mistral|mixtral|codestral|qwen|deepseek|command|sonar|grok|phi|davinci|kimi|glm)/i;

function readsAsModelId(id: string): boolean {
  return /\d/.test(id) || MODEL_FAMILY.test(id);
}

/**
 * `myProvider.languageModel('title-model')` looks a model up by a name the app chose for it in
 * `customProvider({ languageModels: { 'title-model': openai('gpt-4o') } })`: that name is no model
 * id. The entry is followed when the provider is built in this file. An SDK provider
 * (`openai.languageModel('gpt-4o')`, or one `createOpenAI(...)` builds here) and a registry
 * (`registry.languageModel('openai:gpt-4o')`) take real ids.
 */
function lookedUpModel(provider: ts.Expression, keyExpr: ts.Expression, ctx: Ctx, depth: number): Literal | undefined {
  const key = findModelLiteral(keyExpr, ctx, false, depth + 1);
  if (!key) return undefined;
  if (key.node.text.includes(':')) return { ...key, prefixed: true };
  if (isSdkProvider(provider, ctx)) return key;
  const built = unwrap(deref(provider, ctx).node);
  if (!ts.isCallExpression(built)) return undefined;
  if (isSdkProvider(built.expression, ctx)) return key;
  if (!/customProvider$/.test(built.expression.getText(ctx.sf))) return undefined;
  const models = objectOf(built.arguments[0], ctx)?.props.get('languageModels');
  const entry = models && objectOf(models, ctx)?.props.get(key.node.text);
  const found = entry && findModelLiteral(entry, ctx, true, depth + 1);
  return found ? { node: found.node, resolved: true } : undefined;
}

/** A name imported from an `@ai-sdk/*` provider package: `openai`, `createOpenAI`, ... */
function isSdkProvider(e: ts.Expression, ctx: Ctx): boolean {
  const info = importOf(e, ctx);
  return !!info && sdkOf(info.module) === 'ai-provider';
}
