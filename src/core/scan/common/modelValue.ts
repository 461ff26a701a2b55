// A model argument as the Go, Java and C# scanners report it: the id is `model` when it is written
// at the call, `modelResolved` when it was reached through a name (a const, a variable, a builder
// kept in a variable).
import type { SourceSpan } from '../../callsite';
import type { RawCallSite } from '../raw';
import { spanOf, type Node } from './treeSitter';

export interface ModelValue {
  id: string;
  /** Reached through a binding. */
  resolved: boolean;
  /** Where the literal holding the id is; null for an SDK constant. */
  span: SourceSpan | null;
}

export type ModelFields = Pick<RawCallSite, 'model' | 'modelExpr' | 'modelResolved' | 'modelSpan'>;

export const NO_MODEL: ModelFields = { model: null, modelExpr: '', modelResolved: null, modelSpan: null };

/** `direct`: the expression itself sits at the call (not in a params variable or helper). */
export function modelFields(expr: Node, value: ModelValue | null, direct: boolean): ModelFields {
  if (!value) return { model: null, modelExpr: expr.text, modelResolved: null, modelSpan: null };
  return direct && !value.resolved
    ? { model: value.id, modelExpr: expr.text, modelResolved: null, modelSpan: value.span }
    : { model: null, modelExpr: expr.text, modelResolved: value.id, modelSpan: value.span };
}

/** How a language states model ids beyond a string literal, and how it follows names to them. */
export interface ModelRules<C> {
  follow(node: Node | null, ctx: C): { node: Node | null; resolved: boolean; ctx: C };
  stringLiteral(node: Node): string | null;
  /** SDK constants, env lookups with a literal default...; null when `node` states no id. */
  otherForms(node: Node, ctx: C, resolved: boolean, recurse: (node: Node | null, ctx: C) => ModelValue | null): ModelValue | null;
}

const MAX_DEPTH = 12;

/** A model id only when the file states it; never a guess. An empty literal is no id. */
export function modelValueWith<C>(rules: ModelRules<C>, node: Node | null, ctx: C, depth = 0): ModelValue | null {
  if (depth > MAX_DEPTH) return null;
  const { node: n, resolved, ctx: c } = rules.follow(node, ctx);
  if (!n) return null;
  const literal = rules.stringLiteral(n);
  if (literal !== null) return literal ? { id: literal, resolved, span: spanOf(n) } : null;
  return rules.otherForms(n, c, resolved, (sub, subCtx) => modelValueWith(rules, sub, subCtx, depth + 1));
}
