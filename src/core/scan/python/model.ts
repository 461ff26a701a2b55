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
    if (c.ctor === 'AzureChatOpenAI') return ['azure_deployment', 'deployment_name', 'model', 'model_name'];
    return ['model', 'model_name'];
  }
  if (c.kind === 'legacy-module') return ['model', 'engine', 'deployment_id'];
  return ['model'];
}

/** `init_chat_model("openai:gpt-4o")` names the provider too; the model id is what follows it. */
function stripProvider(c: Classified, id: string): string {
  if (c.ctor !== 'init_chat_model') return id;
  const m = /^([a-z_-]+):(.+)$/.exec(id);
  return m ? m[2] : id;
}

export function resolveModel(ev: Evaluator, c: Classified, args: EffectiveArgs, scope: Scope, at: number): ModelInfo {
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
  if (!node && !val && c.ctor === 'init_chat_model') {
    const first = args.positional[0];
    if (first) {
      const literal = plainString(first);
      if (literal !== null) return { model: stripProvider(c, literal), modelExpr: first.text, modelResolved: null, modelSource: [], modelSpan: spanOf(first) };
      node = first;
      val = evaluate(ev, first, scope, at);
    }
  }
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
