// The hops of a model's provenance chain (CallSite.modelSource) as model tracing records them.
import type { ModelHop, ModelHopKind } from '../../callsite';
import type { Node } from './tree';
import type { Val } from './valueModel';
import type { Evaluator } from './values';

/** A hop at `node`'s line in the file `ev` evaluates. */
export function hopAt(ev: Evaluator, kind: ModelHopKind, node: Node, extra: Partial<ModelHop> = {}): ModelHop {
  return ev.trace!.lines.hop(kind, node.startPosition.row + 1, extra);
}

/** `v` reached through `hops` (outermost first). */
export function prepend(v: Val, hops: ModelHop[]): Val {
  if (!hops.length) return v;
  switch (v.k) {
    case 'num': case 'bool': return v;
    default: return { ...v, via: [...hops, ...(v.via ?? [])] };
  }
}

export function stopped(ev: Evaluator, node: Node, reason: string, via: ModelHop[] = []): Val {
  return { k: 'unknown', node, via, stop: hopAt(ev, 'stop', node, { reason }) };
}
