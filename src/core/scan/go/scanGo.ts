// The Go scanner: tree-sitter-go (WebAssembly, from @vscode/tree-sitter-wasm) parses the file, one
// walk indexes it (goIndex.ts), and each call whose method path is an SDK's request method is
// described. Official SDKs: openai/openai-go (`client.Chat.Completions.New|NewStreaming`,
// `client.Responses.New`, `client.Completions.New`, Azure through `azure.WithEndpoint` options) and
// anthropics/anthropic-sdk-go (`client.Messages.New`, `client.Beta.Messages.New`, the tool runner
// `client.Beta.Messages.NewToolRunner(tools, params)`); Azure's azopenai (`client.GetChatCompletions(ctx,
// azopenai.ChatCompletionsOptions{DeploymentName: ...}, nil)`); and the widely used community SDKs
// sashabaranov/go-openai (`client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{...})`,
// `CreateResponse`) and liushuangls/go-anthropic (`client.CreateMessages(ctx, anthropic.MessagesRequest{...})`).
// An app's own method of the same name called with something that is no SDK request (a string, a
// struct of its own) is not a call site. Pure and never throws for a file: every tree is deleted,
// parsing is time-capped.
import type { ApiFamily } from '../../callsite';
import type { RawCallSite } from '../raw';
import { field, named, snakeCase, type Node, callPosition, createTreeSitterScanner, type GrammarLoader, type TreeSitterScanner, type TreeSitterScannerOptions } from '../common/treeSitter';
import { promptOfParts, type PartsMessage, type TemplatePart } from '../common/template';
import { modelFields, NO_MODEL, type ModelFields } from '../common/modelValue';
import { JSON_MODE_SCHEMA } from '../common/jsonSchema';
import { buildGoIndex, enclosingFunction, lookup, type GoIndex, type GoSdk } from './goIndex';
import { args, calleeName, follow, jsonValue, keyed, modelValue, qualified, stringLiteral, structField, structOf, textParts, unwrap, type Ctx } from './goValues';
import { looksLikeRequest } from './goRequest';
import { classifyVendor, describeVendor, type VendorKind } from './goVendors';
import { GO_SCOPES, treeSitterScopeOf } from '../common/scopeName';

export type GoScanner = TreeSitterScanner;

export function createGoScanner(loadGrammar: GrammarLoader, options: TreeSitterScannerOptions = {}): Promise<GoScanner> {
  return createTreeSitterScanner(loadGrammar, 'tree-sitter-go.wasm', collect, options);
}

type Kind = 'chat' | 'responses' | 'legacy' | 'anthropic';
interface Classified { kind: Kind; family: ApiFamily; community: boolean; vendor?: VendorKind }

/** `a.b.c.M(...)`: the root node and the names after it, method last. */
function chainOf(call: Node): { root: Node; names: string[] } | null {
  const names: string[] = [];
  let n: Node | null = field(call, 'function');
  while (n && n.type === 'selector_expression') {
    names.unshift(field(n, 'field')?.text ?? '');
    n = field(n, 'operand');
  }
  return n && names.length ? { root: n, names } : null;
}

const MOCK_RE = /mock|fake|stub|spy/i;
const NEW = new Set(['New', 'NewStreaming']);
const TOOL_RUNNER = new Set(['NewToolRunner', 'NewToolRunnerStreaming']);
/** Request methods of the community SDKs and azopenai, called on the client itself, by SDK. */
const CLIENT_METHODS: Partial<Record<GoSdk, Record<string, Kind>>> = {
  goopenai: {
    CreateChatCompletion: 'chat', CreateChatCompletionStream: 'chat', CreateCompletion: 'legacy', CreateCompletionStream: 'legacy',
    CreateResponse: 'responses', CreateResponseStream: 'responses',
  },
  goanthropic: { CreateMessages: 'anthropic', CreateMessagesStream: 'anthropic' },
  azopenai: { GetChatCompletions: 'chat', GetChatCompletionsStream: 'chat', GetCompletions: 'legacy', GetCompletionsStream: 'legacy' },
};

function classify(index: GoIndex, call: Node): Classified | null {
  const chain = chainOf(call);
  if (!chain) return null;
  const { names, root } = chain;
  const rootName = root.type === 'identifier' ? root.text : '';
  // `openai.New(...)` on the package itself, or a call through a test double.
  if (index.imports.has(rootName) && names.length === 1) return null;
  if (MOCK_RE.test(root.text) || names.slice(0, -1).some((s) => MOCK_RE.test(s))) return null;
  const [m, p1, p2] = [names[names.length - 1], names[names.length - 2], names[names.length - 3]];
  const has = (sdk: string) => [...index.imports.values()].includes(sdk as never);
  const vendor = classifyVendor(index, names);
  if (vendor) return { kind: 'chat', family: 'other', community: false, vendor };
  let kind: Kind | null = null;
  let community = false;
  if (NEW.has(m) && has('openai')) {
    if (p1 === 'Completions' && p2 === 'Chat') kind = 'chat';
    else if (p1 === 'Responses') kind = 'responses';
    else if (p1 === 'Completions') kind = 'legacy';
  }
  if (!kind && (NEW.has(m) || (TOOL_RUNNER.has(m) && p2 === 'Beta')) && p1 === 'Messages' && has('anthropic') && p2 !== 'Threads') kind = 'anthropic';
  let azureSdk = false;
  if (!kind && !index.imports.has(rootName)) {
    for (const sdk of ['goopenai', 'goanthropic', 'azopenai'] as const) {
      const k = has(sdk) ? CLIENT_METHODS[sdk]?.[m] : undefined;
      if (!k) continue;
      kind = k;
      community = true;
      azureSdk = sdk === 'azopenai';
      break;
    }
  }
  if (!kind || args(call).length < 2 || !looksLikeRequest(index, call, args(call)[1])) return null;
  const apiLength = (kind === 'chat' && !community ? 3 : community ? 1 : 2) + (names.includes('Beta') ? 1 : 0);
  const viaField = names.length > apiLength;
  const family: ApiFamily = kind === 'anthropic' ? 'anthropic.messages' : azureSdk || isAzure(index, call, root, viaField) ? 'azure-openai'
    : kind === 'chat' ? 'openai.chat' : kind === 'responses' ? 'openai.responses' : 'openai.legacy';
  return { kind, family, community };
}

/** Azure: the client was made with `azure.With...` options (or go-openai's `DefaultAzureConfig`). */
function isAzure(index: GoIndex, call: Node, root: Node, viaField: boolean): boolean {
  const azureText = (t: string) => /\bazure\.With|DefaultAzureConfig|\.openai\.azure\.com|APITypeAzure/.test(t);
  if (root.type === 'identifier') {
    const b = lookup(index, root.text, call.startIndex, enclosingFunction(call));
    if (b && !viaField) return azureText(b.value.text) || followsAzure(index, b.value, 0);
    if (!viaField) return false;
  }
  // A client kept in a struct field: Azure when every client the file makes is Azure's.
  const ctors = index.calls.filter((c) => /^(NewClient|NewClientWithConfig)$/.test(calleeName(c)));
  return ctors.length > 0 && ctors.every((c) => azureText(c.text) || followsAzure(index, c, 0));
}

/** `openai.NewClientWithConfig(cfg)` where `cfg := openai.DefaultAzureConfig(...)`; options in a slice. */
function followsAzure(index: GoIndex, node: Node, depth: number): boolean {
  if (depth > 3 || node.type !== 'call_expression') return false;
  return args(node).some((a) => {
    const n = unwrap(a);
    if (!n || n.type !== 'identifier') return false;
    const b = lookup(index, n.text, node.startIndex, enclosingFunction(node));
    return !!b && (/\bazure\.With|DefaultAzureConfig/.test(b.value.text) || followsAzure(index, b.value, depth + 1));
  });
}

function collect(root: Node): RawCallSite[] {
  const index = buildGoIndex(root);
  if (index.imports.size === 0) return [];
  const out: RawCallSite[] = [];
  for (const call of index.calls) {
    const c = classify(index, call);
    if (!c) continue;
    if (c.vendor) {
      out.push({ ...callPosition(call), api: c.family, ...describeVendor(c.vendor, call, index), scope: treeSitterScopeOf(call, GO_SCOPES), callText: call.text });
      continue;
    }
    const ctx: Ctx = { index, at: call.startIndex, fn: enclosingFunction(call) };
    const arg = args(call)[1];
    const s = structOf(arg, ctx);
    const varName = unwrap(arg)?.type === 'identifier' ? unwrap(arg)!.text : null;
    const get = (name: string) => (s ? structField(s, varName, name, call.startIndex) ?? embeddedField(s, varName, name, call.startIndex) : null);
    out.push({
      ...callPosition(call),
      api: c.family,
      // azopenai names a deployment (`Deployment` in its first betas).
      ...model(get('Model') ?? get('DeploymentName') ?? get('Deployment'), s?.direct ?? true),
      ...schema(get),
      prompt: prompt(c, get),
      params: params(s ? s.lit : null, s?.ctx ?? ctx, varName, call.startIndex),
      scope: treeSitterScopeOf(call, GO_SCOPES),
      callText: call.text,
    });
  }
  return out;
}

type Getter = (name: string) => { node: Node; ctx: Ctx; direct: boolean } | null;

/** Request structs embedded in another: the tool runner's params, go-anthropic's stream request. */
const EMBEDDED = ['BetaMessageNewParams', 'MessageNewParams', 'MessagesRequest'];

function embeddedField(s: { lit: Node; ctx: Ctx }, varName: string | null, name: string, callAt: number): ReturnType<Getter> {
  for (const key of EMBEDDED) {
    const e = structField(s, varName, key, callAt);
    const inner = e ? structOf(e.node, e.ctx) : null;
    const found = inner ? structField(inner, null, name) : null;
    if (found && e && inner) return { ...found, direct: found.direct && e.direct && inner.direct };
  }
  return null;
}

function model(entry: ReturnType<Getter>, structDirect: boolean): ModelFields {
  return entry ? modelFields(entry.node, modelValue(entry.node, entry.ctx), structDirect && entry.direct) : NO_MODEL;
}

const ROLE_FUNCS: Record<string, string> = {
  UserMessage: 'user', SystemMessage: 'system', DeveloperMessage: 'developer', AssistantMessage: 'assistant',
  NewUserMessage: 'user', NewAssistantMessage: 'assistant', NewUserTextMessage: 'user', NewAssistantTextMessage: 'assistant',
};
/** azopenai's message structs: `&azopenai.ChatRequestUserMessage{Content: ...}`. */
const AZURE_MESSAGE = /ChatRequest(System|User|Assistant|Developer)Message$/;


/** Text of a union (`{OfString: openai.String(x)}`), a text block (`anthropic.NewTextBlock(x)`), or a string. */
function unionText(node: Node | null, ctx: Ctx): TemplatePart[] {
  const n = follow(node, ctx).node;
  if (!n) return [];
  if (n.type === 'composite_literal' || n.type === 'literal_value') {
    const k = keyed(n);
    const v = k.get('OfString') ?? k.get('Text') ?? k.get('Content') ?? k.get('OfText');
    return v ? unionText(v, ctx) : [];
  }
  if (n.type === 'call_expression' && /^New(Beta)?(Text|TextBlock)$|^NewChatRequest\w*MessageContent$/.test(calleeName(n))) return unionText(args(n)[0] ?? null, ctx);
  return textParts(n, ctx);
}

function messagesOf(node: Node | null, ctx: Ctx, depth = 0): PartsMessage[] {
  if (depth > 8) return [];
  const { node: n, at } = follow(node, ctx);
  if (!n) return [];
  if (n.type === 'call_expression' && calleeName(n) === 'append') {
    const [first, ...rest] = args(n);
    return [...messagesOf(first, { ...ctx, at }, depth + 1), ...rest.flatMap((e) => message(e, ctx))];
  }
  if (n.type !== 'composite_literal') return [];
  return named(field(n, 'body')).flatMap((e) => message(e, ctx));
}

function message(node: Node, ctx: Ctx): PartsMessage[] {
  const n = unwrap(node);
  if (!n) return [];
  if (n.type === 'call_expression') {
    const role = ROLE_FUNCS[calleeName(n).replace(/^NewBeta/, 'New')];
    if (!role) return [];
    const parts = args(n).flatMap((a, i) => [...(i ? [{ text: '\n' }] : []), ...unionText(a, ctx)]);
    return [{ role, parts }];
  }
  if (n.type === 'composite_literal' || n.type === 'literal_value') {
    const k = keyed(n);
    const r = k.get('Role');
    const content = k.get('Content');
    const azure = AZURE_MESSAGE.exec(field(n, 'type')?.text ?? '');
    if (azure && content) return [{ role: azure[1].toLowerCase(), parts: unionText(content, ctx) }];
    if (!r || !content) return [];
    const q = qualified(r);
    const role = q ? q[1].replace(/^(ChatMessageRole|Role)/, '').toLowerCase() : stringLiteral(r) ?? 'user';
    return [{ role, parts: unionText(content, ctx) }];
  }
  return [];
}

function prompt(c: Classified, get: Getter): RawCallSite['prompt'] {
  const msgs: PartsMessage[] = [];
  const system = get('System') ?? get('Instructions');
  if (system) {
    const sn = follow(system.node, system.ctx).node;
    const parts = sn?.type === 'composite_literal' && field(sn, 'type')?.type === 'slice_type'
      ? named(field(sn, 'body')).flatMap((e, i) => [...(i ? [{ text: '\n' }] : []), ...unionText(e, system.ctx)])
      : unionText(system.node, system.ctx);
    if (parts.length) msgs.push({ role: 'system', parts });
  }
  const m = get('Messages');
  if (m) msgs.push(...messagesOf(m.node, m.ctx));
  const input = c.kind === 'responses' ? get('Input') : c.kind === 'legacy' ? get('Prompt') : null;
  if (input) {
    const parts = unionText(input.node, input.ctx);
    if (parts.length) msgs.push({ role: 'user', parts });
  }
  return promptOfParts(msgs);
}

const PARAMS = new Set(['Temperature', 'TopP', 'MaxTokens', 'MaxCompletionTokens', 'MaxOutputTokens', 'Seed', 'N',
  'PresencePenalty', 'FrequencyPenalty', 'ReasoningEffort', 'Stop', 'TopK', 'Store', 'ParallelToolCalls', 'Stream']);

function params(lit: Node | null, ctx: Ctx, varName: string | null, callAt: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!lit) return out;
  for (const name of PARAMS) {
    const entry = structField({ lit, ctx }, varName, name, callAt);
    if (!entry) continue;
    const n = follow(entry.node, entry.ctx).node;
    let v = jsonValue(n, entry.ctx);
    const q = qualified(n);
    if (v === undefined && q && name === 'ReasoningEffort') v = q[1].replace(/^ReasoningEffort/, '').toLowerCase();
    if (v !== undefined && v !== null) out[snakeCase(name)] = v;
  }
  return out;
}

/** `ResponseFormat` (chat), `Text.Format` (responses), `OutputConfig`/`OutputFormat` (Anthropic). */
function schema(get: Getter): Pick<RawCallSite, 'hasSchema' | 'schema'> {
  const none = { hasSchema: false, schema: null };
  const entry = get('ResponseFormat') ?? get('Text') ?? get('OutputConfig') ?? get('OutputFormat');
  if (!entry) return none;
  const n = follow(entry.node, entry.ctx).node;
  if (!n) return none;
  const text = n.text;
  if (/JSONSchema|json_schema|OfJSONSchema|JSONOutputFormat/.test(text)) {
    const s = findKeyed(n, 'Schema', 0, entry.ctx);
    const value = s ? jsonValue(s, entry.ctx) : undefined;
    return { hasSchema: true, schema: value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null };
  }
  if (/JSONObject|json_object/.test(text)) return { hasSchema: true, schema: JSON_MODE_SCHEMA };
  return none;
}

function findKeyed(node: Node, key: string, depth: number, ctx: Ctx): Node | null {
  if (depth > 8) return null;
  if (node.type === 'composite_literal' || node.type === 'literal_value') {
    const k = keyed(node);
    const v = k.get(key);
    if (v) return v;
    for (const child of k.values()) {
      const inner = follow(child, ctx).node;
      if (inner && (inner.type === 'composite_literal' || inner.type === 'literal_value')) {
        const found = findKeyed(inner, key, depth + 1, ctx);
        if (found) return found;
      }
    }
  }
  return null;
}

