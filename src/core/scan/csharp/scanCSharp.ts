// The C# scanner: tree-sitter-c-sharp parses the file, csValues.ts indexes it, and each request
// method of the .NET SDKs is described. OpenAI .NET binds the model to the client, so the call
// site is `chat.CompleteChat(..)` / `CompleteChatAsync` / `CompleteChatStreaming(Async)` (or
// `responses.CreateResponse(Async)` / `CreateResponseStreaming(Async)`), and the model is read
// from how that client was made in the file: `new ChatClient("gpt-4o", key)`, `new(model: ..)`,
// `openAI.GetChatClient("gpt-4o")`; `AzureOpenAIClient(..).GetChatClient("deployment")` is
// azure-openai. Azure.AI.OpenAI 1.0-beta's `GetChatCompletions(Streaming)(Async)(options)` with
// `DeploymentName` (or the deployment beside the options, or first in their constructor) is
// azure-openai too. Anthropic: the official SDK's `client.Messages.Create(params)` (`Create<T>` is
// structured output), its tool runner `client.Beta.Messages.ToolRunner(params, tools)`, and
// tghamm/Anthropic.SDK's `client.Messages.GetClaudeMessageAsync(parameters)` /
// `StreamClaudeMessageAsync`. File-based apps (`dotnet run app.cs`) start with `#:package` and `#!`
// lines the grammar does not know; they are blanked before parsing.
import type { ApiFamily } from '../../callsite';
import type { RawCallSite } from '../raw';
import { field, named, snakeCase, type Node, callPosition, createTreeSitterScanner, type GrammarLoader, type TreeSitterScanner, type TreeSitterScannerOptions } from '../common/treeSitter';
import { promptOfParts, type PartsMessage } from '../common/template';
import { modelFields, NO_MODEL, type ModelFields } from '../common/modelValue';
import { JSON_MODE_SCHEMA } from '../common/jsonSchema';
import { argList, buildCsIndex, enclosingFunction, follow, initializer, literalValue, memberName, modelValue, stringLiteral, textParts, unwrap, type Ctx, type CsIndex } from './csValues';
import { CSHARP_SCOPES, treeSitterScopeOf } from '../common/scopeName';

export type CSharpScanner = TreeSitterScanner;

export async function createCSharpScanner(loadGrammar: GrammarLoader, options: TreeSitterScannerOptions = {}): Promise<CSharpScanner> {
  const scanner = await createTreeSitterScanner(loadGrammar, 'tree-sitter-c-sharp.wasm', collect, options);
  return { scan: (path, text) => scanner.scan(path, withoutAppDirectives(text)) };
}

/** `#!/usr/bin/env dotnet`, `#:package X@1.0`, `#:property ...` as spaces: same offsets, nothing to parse. */
function withoutAppDirectives(text: string): string {
  if (!/^#[:!]/m.test(text)) return text;
  return text.replace(/^#[:!][^\r\n]*/gm, (line) => ' '.repeat(line.length));
}

type Kind = 'chat' | 'responses' | 'azure-legacy' | 'anthropic';

const CHAT = /^CompleteChat(Streaming)?(Async)?$/;
const RESPONSES = /^CreateResponse(Streaming)?(Async)?$/;
const AZURE_LEGACY = /^Get(Chat)?Completions(Streaming)?(Async)?$/;
/** Official SDK (`Create`, `CreateStreaming`, the tool runner) and tghamm/Anthropic.SDK's methods. */
const ANTHROPIC = /^(Create(Streaming)?(Async)?|ToolRunner(Streaming)?|(Get|Stream)ClaudeMessageAsync)$/;
const MOCK_RE = /mock|fake|stub|substitute/i;

function receiverOf(call: Node): Node | null {
  const fn = field(call, 'function');
  return fn?.type === 'member_access_expression' ? field(fn, 'expression') : null;
}

function classify(index: CsIndex, call: Node): Kind | null {
  const name = memberName(call);
  const recv = receiverOf(call);
  if (!recv || argList(call).length === 0) return null;
  const sdk = index.usings.has('openai') || index.usings.has('azure');
  let kind: Kind | null = null;
  if (sdk && CHAT.test(name)) kind = 'chat';
  else if (sdk && RESPONSES.test(name)) kind = 'responses';
  else if (index.usings.has('azure') && AZURE_LEGACY.test(name)) kind = 'azure-legacy';
  else if (index.usings.has('anthropic') && ANTHROPIC.test(name) && /(^|\.)Messages$/.test(recv.text)) kind = 'anthropic';
  if (!kind || MOCK_RE.test(recv.text)) return null;
  // Moq / NSubstitute setups: `mock.Setup(c => c.CompleteChatAsync(..))`, `.Received().CompleteChat(..)`.
  for (let p = call.parent; p && p.type !== 'method_declaration'; p = p.parent) {
    if (p.type === 'invocation_expression' && /^(Setup|Verify|Returns|Received|When|Arg)$/.test(memberName(p))) return null;
  }
  if (/\.Received\(|\.DidNotReceive\(/.test(recv.text)) return null;
  return kind;
}

interface Client { model: Node | null; modelCtx: Ctx; direct: boolean; azure: boolean | null }

const AZURE_TEXT = /AzureOpenAIClient|\.openai\.azure\.com|AzureKeyCredential/;

/** How the receiver client was made: its model argument, and whether it came from Azure. */
function clientOf(recv: Node, ctx: Ctx, depth = 0): Client {
  const { node: n, resolved, ctx: c } = follow(recv, ctx);
  const none: Client = { model: null, modelCtx: ctx, direct: false, azure: null };
  if (!n || depth > 6) return none;
  if (n.type === 'object_creation_expression' || n.type === 'implicit_object_creation_expression') {
    const a = argList(n);
    const m = a.find((x) => x.name === 'model' || x.name === 'deploymentName') ?? a.find((x) => !x.name);
    return { model: m?.value ?? null, modelCtx: c, direct: !resolved, azure: AZURE_TEXT.test(n.text) ? true : null };
  }
  if (n.type === 'invocation_expression' && /^Get(Chat|OpenAIResponse|Responses|Response)Client$/.test(memberName(n))) {
    const a = argList(n);
    const owner = receiverOf(n);
    const ownerFollowed = owner ? follow(owner, c).node : null;
    const azure = ownerFollowed ? AZURE_TEXT.test(ownerFollowed.text) || AZURE_TEXT.test(owner?.text ?? '') : null;
    return { model: a[0]?.value ?? null, modelCtx: c, direct: !resolved, azure: azure || null };
  }
  return none;
}

function collect(root: Node): RawCallSite[] {
  const index = buildCsIndex(root);
  if (index.usings.size === 0) inferUsings(index, root.text);
  if (index.usings.size === 0) return [];
  const fileAzure = index.usings.has('azure') && /AzureOpenAIClient/.test(root.text) && !/new\s+OpenAIClient\s*\(/.test(root.text);
  const out: RawCallSite[] = [];
  for (const call of index.calls) {
    const kind = classify(index, call);
    if (!kind) continue;
    const ctx: Ctx = { index, at: call.startIndex, fn: enclosingFunction(call) };
    const args = argList(call);
    let family: ApiFamily;
    let modelNode: { node: Node | null; ctx: Ctx; direct: boolean };
    let options: { props: Map<string, Node>; ctx: Ctx } = { props: new Map(), ctx };
    // Anthropic's request comes first (`ToolRunner(params, tools)`); Azure's options come last.
    const optionsArg = kind === 'anthropic' ? args.find((a) => a.name === 'parameters' || a.name === 'params') ?? args[0]
      : args.find((a) => a.name === 'options') ?? args.find((a, i) => i > 0 && isOptions(a.value, ctx))
      ?? (kind === 'azure-legacy' ? args[args.length - 1] : undefined);
    let optionsNode: Node | null = null;
    // Messages handed to the options' constructor (`new ChatCompletionsOptions(deployment, messages)`).
    const extraMessages: Node[] = [];
    if (optionsArg) {
      const f = follow(optionsArg.value, ctx);
      optionsNode = f.node;
      options = { props: initializer(f.node).props, ctx: f.ctx };
      // `options.Temperature = 0.2f;` statements on an options variable.
      const v = unwrap(optionsArg.value);
      if (v?.type === 'identifier') {
        for (const [k, list] of index.bindings) {
          if (!k.startsWith(`${v.text}.`)) continue;
          const b = list.filter((x) => x.fn === ctx.fn && x.start < ctx.at).pop();
          if (b) options.props.set(k.slice(v.text.length + 1), b.value);
        }
      }
    }
    if (kind === 'chat' || kind === 'responses') {
      const client = clientOf(receiverOf(call)!, ctx);
      const azure = client.azure ?? (index.usings.has('azure') && fileAzure);
      family = azure ? 'azure-openai' : kind === 'chat' ? 'openai.chat' : 'openai.responses';
      modelNode = { node: client.model, ctx: client.modelCtx, direct: client.direct };
    } else if (kind === 'azure-legacy') {
      family = 'azure-openai';
      // In the options, beside them (`deploymentOrModelName:` in the first betas), or first in their constructor.
      const beside = args.find((a) => a.name === 'deploymentOrModelName' || a.name === 'deploymentName')?.value
        ?? (args.length > 1 && !args[0].name ? args[0].value : null);
      const ctorArgs = optionsNode?.type === 'object_creation_expression' ? argList(optionsNode) : [];
      const inCtor = ctorArgs.find((a) => a.name === 'deploymentName') ?? (ctorArgs.length > 1 && !ctorArgs[0].name ? ctorArgs[0] : undefined);
      const dep = options.props.get('DeploymentName') ?? beside ?? inCtor?.value ?? null;
      if (inCtor && ctorArgs[1]) extraMessages.push(ctorArgs[1].value);
      modelNode = { node: dep, ctx: options.props.has('DeploymentName') || (!beside && inCtor) ? options.ctx : ctx, direct: true };
    } else {
      family = 'anthropic.messages';
      modelNode = { node: options.props.get('Model') ?? null, ctx: options.ctx, direct: true };
    }
    // `client.Messages.Create<Ticket>(..)` parses the reply into the type: structured output.
    const generic = kind === 'anthropic' && field(field(call, 'function'), 'name')?.type === 'generic_name';
    out.push({
      ...callPosition(call),
      api: family,
      ...model(modelNode),
      ...(generic ? { hasSchema: true, schema: null } : schema(options.props, options.ctx)),
      prompt: prompt(kind, [...args.filter((a) => a !== optionsArg && a.value !== modelNode.node).map((a) => a.value), ...extraMessages], options, ctx),
      params: params(options.props, options.ctx),
      scope: treeSitterScopeOf(call, CSHARP_SCOPES),
      callText: call.text,
    });
  }
  return out;
}

/**
 * Projects import the SDKs once for every file (`global using OpenAI.Chat;` in GlobalUsings.cs, or
 * `<Using Include="Azure.AI.OpenAI" />` in the .csproj), so a file may name none. Types only those
 * SDKs declare say which one the file uses.
 */
function inferUsings(index: CsIndex, text: string): void {
  // A file that declares such a type itself uses its own.
  if (/\b(class|interface|record|struct)\s+(ChatClient|OpenAIClient|AnthropicClient)\b/.test(text)) return;
  if (/\b(ChatCompletionsOptions|ChatRequest(System|User|Assistant)Message|AzureOpenAIClient|CompletionsOptions)\b/.test(text)) index.usings.add('azure');
  else if (/\b(ChatClient|OpenAIClient|OpenAIResponseClient|ResponsesClient)\b/.test(text) && /\b(CompleteChat|CreateResponse)\w*\s*\(/.test(text)) index.usings.add('openai');
  if (/\b(AnthropicClient)\b/.test(text) && /\bMessages\s*\.\s*(Create|GetClaudeMessageAsync|StreamClaudeMessageAsync)\b/.test(text)) index.usings.add('anthropic');
}

function isOptions(node: Node, ctx: Ctx): boolean {
  const n = follow(node, ctx).node;
  if (!n) return false;
  if (n.type === 'implicit_object_creation_expression') return initializer(n).props.size > 0;
  if (n.type === 'object_creation_expression') return /Options$/.test(field(n, 'type')?.text ?? '');
  return unwrap(node)?.type === 'identifier' && /options/i.test(node.text);
}

/** The declared type of a parameter of the enclosing method, when `name` is one. */
function parameterType(node: Node, name: string): string | null {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== 'method_declaration' && p.type !== 'constructor_declaration' && p.type !== 'local_function_statement') continue;
    for (const param of named(field(p, 'parameters'))) {
      if (field(param, 'name')?.text === name) return field(param, 'type')?.text ?? null;
    }
    return null;
  }
  return null;
}

function model(m: { node: Node | null; ctx: Ctx; direct: boolean }): ModelFields {
  return m.node ? modelFields(m.node, modelValue(m.node, m.ctx), m.direct) : NO_MODEL;
}

const ROLE_TYPES: Record<string, string> = {
  SystemChatMessage: 'system', UserChatMessage: 'user', AssistantChatMessage: 'assistant', DeveloperChatMessage: 'developer',
  ChatRequestSystemMessage: 'system', ChatRequestUserMessage: 'user', ChatRequestAssistantMessage: 'assistant',
  CreateSystemMessage: 'system', CreateUserMessage: 'user', CreateAssistantMessage: 'assistant', CreateDeveloperMessage: 'developer',
  CreateUserMessageItem: 'user', CreateSystemMessageItem: 'system', CreateDeveloperMessageItem: 'developer', CreateAssistantMessageItem: 'assistant',
};

function messagesOf(node: Node, ctx: Ctx, depth = 0): PartsMessage[] {
  if (depth > 6) return [];
  const n = unwrap(node);
  if (!n) return [];
  const str = stringLiteral(n);
  if (str !== null || n.type === 'interpolated_string_expression') return [{ role: 'user', parts: textParts(n, ctx) }];
  if (n.type === 'object_creation_expression' || n.type === 'invocation_expression') {
    const key = n.type === 'object_creation_expression' ? field(n, 'type')?.text ?? '' : memberName(n);
    const role = ROLE_TYPES[key];
    if (role) {
      const a = argList(n);
      const content = a[a.length - 1];
      return content ? [{ role, parts: textParts(content.value, ctx) }] : [];
    }
    if ((key === 'ChatMessage' || key === 'Message') && argList(n).length === 2) {
      const [r, content] = argList(n);
      return [{ role: r.value.text.replace(/^(ChatRole|RoleType)\./, '').toLowerCase(), parts: textParts(content.value, ctx) }];
    }
  }
  if (n.type === 'identifier') {
    const f = follow(n, ctx);
    const out: PartsMessage[] = f.resolved && f.node ? collection(f.node, f.ctx, depth) : [];
    // `messages.Add(new UserChatMessage(..))` before the call.
    for (const call of ctx.index.calls) {
      if (call.startIndex >= ctx.at || enclosingFunction(call) !== ctx.fn || memberName(call) !== 'Add' || receiverOf(call)?.text !== n.text) continue;
      const e = argList(call)[0];
      if (e) out.push(...messagesOf(e.value, { ...ctx, at: call.startIndex }, depth + 1));
    }
    // A string parameter passed as the prompt (`CompleteChat(prompt)` converts it to a user message).
    if (!out.length && !f.resolved && /^string\??$/.test(parameterType(n, n.text) ?? '')) out.push({ role: 'user', parts: textParts(n, ctx) });
    return out;
  }
  return collection(n, ctx, depth);
}

function collection(n: Node, ctx: Ctx, depth: number): PartsMessage[] {
  if (n.type === 'object_creation_expression' && ROLE_TYPES[field(n, 'type')?.text ?? '']) return messagesOf(n, ctx, depth + 1);
  // `new() { Role = Role.User, Content = "..." }` (Anthropic's MessageParam).
  const own = initializer(n).props;
  const role = own.get('Role');
  const content = own.get('Content');
  if ((n.type === 'implicit_object_creation_expression' || n.type === 'object_creation_expression') && role && content) {
    return [{ role: role.text.replace(/^.*\./, '').toLowerCase(), parts: textParts(content, ctx) }];
  }
  const { items } = initializer(n);
  const elements = items.length ? items : n.type === 'collection_expression' || n.type === 'element_binding_expression' ? named(n) : [];
  return elements.flatMap((e) => messagesOf(e, ctx, depth + 1));
}

function prompt(kind: Kind, positional: Node[], options: { props: Map<string, Node>; ctx: Ctx }, ctx: Ctx): RawCallSite['prompt'] {
  const msgs: PartsMessage[] = [];
  const system = options.props.get('Instructions') ?? options.props.get('System');
  if (system) msgs.push({ role: 'system', parts: textParts(system, options.ctx) });
  const fromOptions = options.props.get('Messages') ?? options.props.get('InputItems');
  if (fromOptions) msgs.push(...messagesOf(fromOptions, options.ctx));
  if (kind !== 'azure-legacy' || positional.length) for (const p of positional) msgs.push(...messagesOf(p, ctx));
  return promptOfParts(msgs);
}

const PARAM_NAMES: Record<string, string> = {
  MaxOutputTokenCount: 'max_completion_tokens', MaxTokens: 'max_tokens', Temperature: 'temperature', TopP: 'top_p',
  NucleusSamplingFactor: 'top_p', Seed: 'seed', FrequencyPenalty: 'frequency_penalty', PresencePenalty: 'presence_penalty',
  MaxCompletionTokens: 'max_completion_tokens', MaxOutputTokens: 'max_output_tokens', TopK: 'top_k',
};

function params(props: Map<string, Node>, ctx: Ctx): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of props) {
    const name = PARAM_NAMES[k];
    if (!name) continue;
    const value = literalValue(v, ctx);
    if (value !== undefined) out[name ?? snakeCase(k)] = value;
  }
  return out;
}

/** `ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(name, BinaryData.FromString("""{..}"""))`. */
function schema(props: Map<string, Node>, ctx: Ctx): Pick<RawCallSite, 'hasSchema' | 'schema'> {
  const fmt = props.get('ResponseFormat') ?? props.get('TextOptions') ?? props.get('OutputFormat');
  if (!fmt) return { hasSchema: false, schema: null };
  const n = follow(fmt, ctx).node;
  const t = n?.text ?? '';
  if (/JsonSchema/.test(t)) return { hasSchema: true, schema: literalSchema(n, ctx) };
  if (/JsonObject/.test(t)) return { hasSchema: true, schema: JSON_MODE_SCHEMA };
  return { hasSchema: false, schema: null };
}

function literalSchema(node: Node | null, ctx: Ctx): Record<string, unknown> | null {
  const stack: Node[] = node ? [node] : [];
  for (let i = 0; stack.length && i < 400; i++) {
    const n = stack.pop()!;
    if (n.type === 'invocation_expression' && /^From(String|Bytes)$/.test(memberName(n))) {
      const a = argList(n)[0];
      const inner = a ? follow(a.value, ctx).node : null;
      const src = inner?.type === 'invocation_expression' ? receiverOf(inner) : inner;
      const text = stringLiteral(src ? follow(src, ctx).node : null);
      if (text === null) return null;
      try {
        const v: unknown = JSON.parse(text);
        return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    }
    if (n.type === 'identifier') {
      const f = follow(n, ctx);
      if (f.resolved && f.node) stack.push(f.node);
      continue;
    }
    stack.push(...named(n));
  }
  return null;
}
