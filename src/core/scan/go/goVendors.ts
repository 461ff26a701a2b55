// Other vendors' Go SDKs, reported as the `other` family with their model: Gemini
// (google.golang.org/genai's `client.Models.GenerateContent(ctx, "gemini-2.0-flash", contents,
// config)`, and the older generative-ai-go / Vertex AI `client.GenerativeModel("gemini-1.5-pro")`
// whose `GenerateContent(ctx, parts...)` runs on that model) and Bedrock (aws-sdk-go-v2's
// bedrockruntime `Converse`, `ConverseStream`, `InvokeModel`, with `ModelId` in the input struct).
import type { RawCallSite } from '../raw';
import { field, named, type Node } from '../common/treeSitter';
import { modelFields, NO_MODEL, type ModelFields } from '../common/modelValue';
import { promptOfParts } from '../common/template';
import { enclosingFunction, lookup, type GoIndex } from './goIndex';
import { args, calleeName, modelValue, structField, structOf, textParts, unwrap, type Ctx } from './goValues';

export type VendorKind = 'gemini' | 'gemini-model' | 'bedrock';

const GEMINI_METHODS = new Set(['GenerateContent', 'GenerateContentStream']);
const BEDROCK_METHODS = new Set(['Converse', 'ConverseStream', 'InvokeModel', 'InvokeModelWithResponseStream']);

const has = (index: GoIndex, sdk: string) => [...index.imports.values()].includes(sdk as never);

/** The vendor request a call makes, given the names after its receiver (`names`, method last). */
export function classifyVendor(index: GoIndex, names: string[]): VendorKind | null {
  const m = names[names.length - 1];
  if (GEMINI_METHODS.has(m)) {
    if (has(index, 'genai') && names[names.length - 2] === 'Models') return 'gemini';
    if (has(index, 'genai-model')) return 'gemini-model';
  }
  if (BEDROCK_METHODS.has(m) && has(index, 'bedrock')) return 'bedrock';
  return null;
}

/** `model := client.GenerativeModel("gemini-1.5-pro")` that made the receiver of `model.GenerateContent(...)`. */
function generativeModelArg(call: Node, ctx: Ctx): { node: Node; ctx: Ctx; direct: boolean } | null {
  let recv = unwrap(field(field(call, 'function'), 'operand'));
  let direct = true;
  let c = ctx;
  for (let i = 0; recv && recv.type === 'identifier' && i < 4; i++) {
    const b = lookup(ctx.index, recv.text, c.at, c.fn);
    if (!b) return null;
    c = { ...c, at: b.start };
    direct = false;
    recv = unwrap(b.value);
  }
  if (!recv || recv.type !== 'call_expression' || calleeName(recv) !== 'GenerativeModel') return null;
  const a = args(recv)[0];
  return a ? { node: a, ctx: c, direct } : null;
}

/** Model, schema, prompt and params of a vendor call. */
export function describeVendor(kind: VendorKind, call: Node, index: GoIndex): Pick<RawCallSite, 'modelSpan' | 'model' | 'modelExpr' | 'modelResolved' | 'hasSchema' | 'schema' | 'prompt' | 'params'> {
  const ctx: Ctx = { index, at: call.startIndex, fn: enclosingFunction(call) };
  const a = args(call);
  const at = (n: { node: Node; ctx: Ctx; direct: boolean } | null): ModelFields => (n ? modelFields(n.node, modelValue(n.node, n.ctx), n.direct) : NO_MODEL);
  let model: ModelFields = NO_MODEL;
  let contents: Node[] = [];
  if (kind === 'gemini') {
    model = at(a[1] ? { node: a[1], ctx, direct: true } : null);
    contents = a[2] ? [a[2]] : [];
  } else if (kind === 'gemini-model') {
    model = at(generativeModelArg(call, ctx));
    contents = a.slice(1);
  } else {
    const s = structOf(a[1] ?? null, ctx);
    const varName = unwrap(a[1] ?? null)?.type === 'identifier' ? unwrap(a[1] ?? null)!.text : null;
    const id = s ? structField(s, varName, 'ModelId', call.startIndex) : null;
    model = at(id ? { ...id, direct: id.direct && s!.direct } : null);
  }
  // `genai.Text(prompt)` (one user turn) is the contents a reader can follow.
  const texts = contents.flatMap((n) => {
    const u = unwrap(n);
    return u?.type === 'call_expression' && calleeName(u) === 'Text' ? named(field(u, 'arguments')).slice(0, 1) : [];
  });
  const prompt = texts.length ? promptOfParts([{ role: 'user', parts: texts.flatMap((t) => textParts(t, ctx)) }]) : null;
  return { ...model, hasSchema: false, schema: null, prompt, params: {} };
}
