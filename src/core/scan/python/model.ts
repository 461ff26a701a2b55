// The model a call uses: the literal at the call (`model`), or what a reader of the file resolves
// it to (`modelResolved`) through constants, defaults, class attributes, `**params` dicts and env
// lookups with a literal default. `modelSpan` points at the literal that holds the id.
import type { ModelHop, SourceSpan } from '../../callsite';
import type { Node } from './tree';
import { plainString, spanOf, unparen } from './tree';
import type { Scope } from './fileIndex';
import type { Classified } from './family';
import { evaluate, type Evaluator } from './values';
import type { Val } from './valueModel';
import type { EffectiveArgs } from './args';
import { chainOf, refineStop, stopHopFor } from '../flow/chain';
import { callArgs } from './tree';
import { generativeModelArg, stripLiteLLMProvider, vendorModelKeys } from './vendors';

export interface ModelInfo {
  model: string | null;
  modelExpr: string;
  modelResolved: string | string[] | null;
  modelSource: ModelHop[];
  modelSpan: SourceSpan | null;
}

/** Which keyword names carry the model for a family, in order of preference. */
function modelKeys(c: Classified): string[] {
  if (c.kind === 'langchain') {
    if (c.ctor === 'AzureChatOpenAI' || c.ctor === 'AzureOpenAI') return ['azure_deployment', 'deployment_name', 'model', 'model_name'];
    return ['model', 'model_name'];
  }
  if (c.kind === 'legacy-module') return ['model', 'engine', 'deployment_id'];
  if (c.family === 'other' && c.kind !== 'chat' && c.kind !== 'responses' && c.kind !== 'legacy' && c.kind !== 'anthropic') return vendorModelKeys(c.kind);
  return ['model'];
}

/** `init_chat_model("openai:gpt-4o")` and LiteLLM's `anthropic/claude-…` name the provider too; the model id is what follows it. */
function stripProvider(c: Classified, id: string): string {
  if (c.kind === 'litellm') return stripLiteLLMProvider(id);
  if (c.ctor !== 'init_chat_model') return id;
  const m = /^([a-z_-]+):(.+)$/.exec(id);
  return m ? m[2] : id;
}

/**
 * The model a request gets from its client when it names none: an Azure client's
 * `azure_deployment`, a Gemini `GenerativeModel`'s model. Literal when the constructor is part of
 * the call itself (`GenerativeModel("gemini-pro").generate_content(...)`), else resolved.
 */
function clientModel(ev: Evaluator, c: Classified, call: Node): ModelInfo | null {
  // Only clients that hold a model count (an Azure client, a Gemini model or chat session), not the
  // plain clients they were made from.
  const ctors = (c.clients ?? []).filter((k) => k.kind === 'azure' || k.kind === 'genai-model' || k.kind === 'genai-chat');
  if (!ctors.length) return null;
  const infos = ctors.map((ctor) => {
    const node = ctor.kind === 'genai-model' || ctor.kind === 'genai-chat' ? generativeModelArg(ctor.call)
      : ctor.kind === 'azure' ? callArgs(ctor.call).keywords.get('azure_deployment') ?? null : null;
    if (!node) return null;
    const inCall = ctor.call.startIndex >= call.startIndex && ctor.call.endIndex <= call.endIndex;
    const literal = plainString(node);
    if (literal !== null && inCall) {
      const n = unparen(node);
      return { model: literal, modelExpr: node.text, modelResolved: null, modelSource: [], modelSpan: n && n.type === 'string' ? spanOf(n) : null };
    }
    const v = evaluate(ev, node, ctor.scope, ctor.at);
    // With a trace (the model-flow pass), the hops from the client's constructor to the id.
    if (ev.trace) {
      const chain = chainOf(v, ev.trace.path);
      return chain.resolved === null ? null : { model: null, modelExpr: node.text, modelResolved: chain.resolved, modelSource: chain.hops, modelSpan: chain.span };
    }
    const resolved = v.k === 'str' && !v.holes.length && v.s ? v.s : null;
    return resolved === null ? null : { model: null, modelExpr: node.text, modelResolved: resolved, modelSource: [], modelSpan: v.k === 'str' && v.lit ? spanOf(v.lit) : null };
  });
  const first = infos[0];
  const same = (a: ModelInfo['modelResolved'], b: ModelInfo['modelResolved']) => JSON.stringify(a) === JSON.stringify(b);
  // Several clients that disagree (or one whose model is unknown) say nothing.
  if (!first || infos.some((i) => !i || i.model !== first.model || !same(i.modelResolved, first.modelResolved))) return null;
  return first;
}

export function resolveModel(ev: Evaluator, c: Classified, args: EffectiveArgs, scope: Scope, at: number, call: Node): ModelInfo {
  const none: ModelInfo = { model: null, modelExpr: '', modelResolved: null, modelSource: [], modelSpan: null };
  let node: Node | null = null;
  let val: Val | null = null;
  for (const key of modelKeys(c)) {
    const entry = args.get(key);
    if (!entry) continue;
    node = entry.node;
    // Passed directly at the call: a literal is `model`; through `**params` it is resolved.
    if (entry.direct && node) {
      const literal = plainString(node);
      if (literal !== null) {
        const n = unparen(node);
        return { model: stripProvider(c, literal), modelExpr: node.text, modelResolved: null, modelSource: [], modelSpan: n && n.type === 'string' ? spanOf(n) : null };
      }
      val = evaluate(ev, node, scope, at);
    } else {
      val = entry.val;
    }
    break;
  }
  if (!node && !val && (c.ctor === 'init_chat_model' || c.kind === 'litellm')) {
    const first = args.positional[0];
    if (first) {
      const literal = plainString(first);
      if (literal !== null) return { model: stripProvider(c, literal), modelExpr: first.text, modelResolved: null, modelSource: [], modelSpan: spanOf(first) };
      node = first;
      val = evaluate(ev, first, scope, at);
    }
  }
  if (!val && !node) return clientModel(ev, c, call) ?? none;
  if (!val) return node ? { ...none, modelExpr: node.text } : none;
  const modelExpr = node ? node.text : '';
  if (ev.trace) {
    const chain = chainOf(val, ev.trace.path, (id) => stripProvider(c, id));
    if (chain.resolved === null) {
      const stop = node ? stopHopFor(val, ev.trace.lines, node.startPosition.row + 1, node.text) : null;
      return { ...none, modelExpr, modelSource: refineStop(stop ? [...chain.hops, stop] : chain.hops, modelExpr) };
    }
    return { model: null, modelExpr, modelResolved: chain.resolved, modelSource: chain.hops, modelSpan: chain.span };
  }
  const resolved = val.k === 'str' && !val.holes.length && val.s ? stripProvider(c, val.s) : null;
  return {
    model: null,
    modelExpr,
    modelResolved: resolved,
    modelSource: [],
    modelSpan: resolved !== null && val.k === 'str' && val.lit ? spanOf(val.lit) : null,
  };
}
