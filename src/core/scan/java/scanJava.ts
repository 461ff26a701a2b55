// The Java scanner: tree-sitter-java parses the file, javaValues.ts indexes it, and each request
// method of the official SDKs is described: openai/openai-java (`client.chat().completions()
// .create|createStreaming(params)`, `client.responses().create(..)`, `client.completions().create`,
// `client.async()...`, Azure through `AzureApiKeyCredential`/`azureServiceVersion`/an Azure base
// URL), anthropics/anthropic-sdk-java (`client.messages().create(..)`, `client.beta().messages()`),
// and Azure's com.azure.ai.openai client (`getChatCompletions(deployment, options)`). Mockito
// stubs (`when(..)`, `verify(..)`) and test doubles (`mock(..)`, `@Mock` fields) are not call sites.
import type { ApiFamily } from '../../callsite';
import type { RawCallSite } from '../raw';
import { field, named, snakeCase, type Node, callPosition, createTreeSitterScanner, type GrammarLoader, type TreeSitterScanner, type TreeSitterScannerOptions } from '../common/treeSitter';
import { promptOfParts, type PartsMessage } from '../common/template';
import { modelFields, NO_MODEL, type ModelFields } from '../common/modelValue';
import { JSON_MODE_SCHEMA } from '../common/jsonSchema';
import { args, buildJavaIndex, enclosingFunction, follow, lookup, modelValue, nameOf, numberValue, textParts, unwrap, type Ctx, type JavaIndex } from './javaValues';
import { JAVA_SCOPES, treeSitterScopeOf } from '../common/scopeName';

export type JavaScanner = TreeSitterScanner;

export function createJavaScanner(loadGrammar: GrammarLoader, options: TreeSitterScannerOptions = {}): Promise<JavaScanner> {
  return createTreeSitterScanner(loadGrammar, 'tree-sitter-java.wasm', collect, options);
}

type Kind = 'chat' | 'responses' | 'legacy' | 'anthropic' | 'azure-sdk';

/** `a.b().c().m(..)`: the names after the root, method last. */
function chainOf(call: Node): { root: Node; names: string[] } {
  const names: string[] = [];
  let n: Node | null = call;
  while (n && (n.type === 'method_invocation' || n.type === 'field_access')) {
    names.unshift(n.type === 'method_invocation' ? nameOf(n) : field(n, 'field')?.text ?? '');
    n = field(n, 'object');
  }
  return { root: n ?? call, names };
}

const MOCK_RE = /mock|fake|stub|spy/i;
const CREATE = new Set(['create', 'createStreaming']);
const STUBBING = new Set(['when', 'verify', 'given', 'thenReturn', 'doReturn']);
const MOCK_FIELD = /@(Mock|MockBean|MockitoBean|Spy|SpyBean|MockitoSpyBean)\b/;
const MOCK_VALUE = /^(Mockito\.)?(mock|spy)\s*\(/;

/** Fields the test framework fills with doubles: `@Mock OpenAIClient client;`. */
function mockFields(root: Node): Set<string> {
  const out = new Set<string>();
  if (!/@(Mock|Spy)/.test(root.text)) return out;
  for (const f of root.descendantsOfType('field_declaration')) {
    if (!f || !MOCK_FIELD.test(named(f).find((c) => c.type === 'modifiers')?.text ?? '')) continue;
    for (const d of f.childrenForFieldName('declarator')) {
      const name = d ? field(d, 'name') : null;
      if (name) out.add(name.text);
    }
  }
  return out;
}

/** The variable a chain starts from (`client` in `client.chat()`, `this.client.chat()`), when it is a double. */
function isDouble(index: JavaIndex, call: Node, root: Node, names: string[], doubles: Set<string>): boolean {
  const name = root.type === 'identifier' ? root.text : root.type === 'this' ? names[0] : null;
  if (!name) return false;
  if (doubles.has(name)) return true;
  const b = lookup({ index, at: call.startIndex, fn: enclosingFunction(call) }, name);
  return !!b && MOCK_VALUE.test(unwrap(b.value)?.text ?? '');
}

function classify(index: JavaIndex, call: Node, doubles: Set<string>): Kind | null {
  const { root, names } = chainOf(call);
  const [m, p1, p2] = [names[names.length - 1], names[names.length - 2], names[names.length - 3]];
  let kind: Kind | null = null;
  if (CREATE.has(m) && index.sdks.has('openai')) {
    if (p1 === 'completions' && p2 === 'chat') kind = 'chat';
    else if (p1 === 'responses') kind = 'responses';
    else if (p1 === 'completions') kind = 'legacy';
  }
  if (!kind && CREATE.has(m) && p1 === 'messages' && p2 !== 'threads' && index.sdks.has('anthropic')) kind = 'anthropic';
  if (!kind && index.sdks.has('azure') && /^get(Chat)?Completions(Stream)?(WithResponse)?$/.test(m) && !/^[A-Z]/.test(root.text)) kind = 'azure-sdk';
  if (!kind || args(call).length === 0) return null;
  if (MOCK_RE.test(root.text) || names.slice(0, -1).some((s) => MOCK_RE.test(s)) || isDouble(index, call, root, names, doubles)) return null;
  // `verify(client.chat().completions()).create(..)` checks a call the test made; it makes none.
  if (names.slice(0, -1).some((s) => STUBBING.has(s))) return null;
  for (let p = call.parent; p && p.type !== 'method_declaration'; p = p.parent) {
    if (p.type === 'method_invocation' && STUBBING.has(nameOf(p))) return null;
  }
  return kind;
}

const AZURE_RE = /AzureApiKeyCredential|azureServiceVersion|AzureOpenAIServiceVersion|\.openai\.azure\.com|AzureUrlPathMode/;

function isAzure(index: JavaIndex, call: Node, kind: Kind): boolean {
  if (kind === 'azure-sdk') return true;
  if (kind === 'anthropic') return false;
  const { root } = chainOf(call);
  const ctx: Ctx = { index, at: call.startIndex, fn: enclosingFunction(call) };
  const b = root.type === 'identifier' || root.type === 'field_access' ? lookup(ctx, root.text) : null;
  if (b) return AZURE_RE.test(b.value.text);
  const builders = index.calls.filter((c) => /^(OpenAIOkHttpClient|OpenAIOkHttpClientAsync)$/.test(field(c, 'object')?.text ?? ''));
  return builders.length > 0 && builders.every((c) => AZURE_RE.test(outermost(c).text));
}

function outermost(n: Node): Node {
  let o = n;
  while (o.parent && (o.parent.type === 'method_invocation' || o.parent.type === 'field_access')) o = o.parent;
  return o;
}

interface Step { name: string; args: Node[]; ctx: Ctx; direct: boolean }

/** The builder calls that made a params object, in order: `builder().model(..).addUserMessage(..)`. */
function builderSteps(node: Node | null, ctx: Ctx, direct: boolean, depth = 0): Step[] {
  if (depth > 8) return [];
  const { node: n, resolved, ctx: c } = follow(node, ctx);
  if (!n || n.type !== 'method_invocation') return [];
  const chain: Node[] = [];
  let r: Node | null = n;
  while (r && r.type === 'method_invocation') {
    chain.unshift(r);
    r = unwrap(field(r, 'object'));
  }
  const isDirect = direct && !resolved;
  let steps: Step[] = [];
  if (r && r.type === 'identifier') {
    // A builder variable: what made it, then the calls made on it before this point.
    const b = lookup(c, r.text);
    if (b) {
      steps = builderSteps(r, c, false, depth + 1);
      const varName = r.text;
      for (const call of c.index.calls) {
        if (call.startIndex <= b.start || call.startIndex >= c.at || enclosingFunction(call) !== c.fn) continue;
        const obj = unwrap(field(call, 'object'));
        if (obj?.type === 'identifier' && obj.text === varName && call.parent?.type === 'expression_statement') {
          steps.push({ name: nameOf(call), args: args(call), ctx: { ...c, at: call.startIndex }, direct: false });
        }
      }
    }
  }
  for (const step of chain) steps.push({ name: nameOf(step), args: args(step), ctx: c, direct: isDirect });
  return steps;
}

function collect(root: Node): RawCallSite[] {
  const index = buildJavaIndex(root);
  if (index.sdks.size === 0) return [];
  const doubles = mockFields(root);
  const out: RawCallSite[] = [];
  for (const call of index.calls) {
    const kind = classify(index, call, doubles);
    if (!kind) continue;
    const ctx: Ctx = { index, at: call.startIndex, fn: enclosingFunction(call) };
    const a = args(call);
    const steps = kind === 'azure-sdk' ? azureSteps(a, ctx) : builderSteps(a[0], ctx, true);
    const family: ApiFamily = kind === 'anthropic' ? 'anthropic.messages' : isAzure(index, call, kind) ? 'azure-openai'
      : kind === 'chat' ? 'openai.chat' : kind === 'responses' ? 'openai.responses' : 'openai.legacy';
    out.push({
      ...callPosition(call),
      api: family,
      ...model(steps),
      ...schema(steps),
      prompt: prompt(steps),
      params: params(steps),
      scope: treeSitterScopeOf(call, JAVA_SCOPES),
      callText: call.text,
    });
  }
  return out;
}

/** Azure's `getChatCompletions(deployment, new ChatCompletionsOptions(messages))` as builder-like steps. */
function azureSteps(a: Node[], ctx: Ctx): Step[] {
  const steps: Step[] = [];
  if (a[0]) steps.push({ name: 'model', args: [a[0]], ctx, direct: true });
  const { node: opts, ctx: c } = follow(a[1] ?? null, ctx);
  if (opts?.type === 'object_creation_expression') {
    const list = args(opts)[0];
    if (list) steps.push({ name: 'messages', args: [list], ctx: c, direct: true });
  }
  // `options.setTemperature(0.2)` statements on an options variable.
  const v = unwrap(a[1] ?? null);
  if (v?.type === 'identifier') {
    for (const call of ctx.index.calls) {
      if (call.startIndex >= ctx.at || enclosingFunction(call) !== ctx.fn || unwrap(field(call, 'object'))?.text !== v.text) continue;
      const m = /^set([A-Z]\w*)$/.exec(nameOf(call));
      if (m) steps.push({ name: m[1][0].toLowerCase() + m[1].slice(1), args: args(call), ctx, direct: false });
    }
  }
  return steps;
}

function model(steps: Step[]): ModelFields {
  const step = [...steps].reverse().find((s) => s.name === 'model' || s.name === 'deploymentName');
  const node = step?.args[0];
  return step && node ? modelFields(node, modelValue(node, step.ctx), step.direct) : NO_MODEL;
}

const ROLE_STEPS: Record<string, string> = {
  addSystemMessage: 'system', addDeveloperMessage: 'developer', addUserMessage: 'user', addAssistantMessage: 'assistant',
  system: 'system', instructions: 'system', input: 'user', prompt: 'user',
};
const AZURE_MESSAGES: Record<string, string> = {
  ChatRequestSystemMessage: 'system', ChatRequestUserMessage: 'user', ChatRequestAssistantMessage: 'assistant', ChatRequestDeveloperMessage: 'developer',
  ChatMessage: 'user',
};

function azureMessages(node: Node, ctx: Ctx): PartsMessage[] {
  const { node: n, ctx: c } = follow(node, ctx);
  if (!n) return [];
  const elements: { node: Node; ctx: Ctx }[] = [];
  if (n.type === 'method_invocation' && /^(asList|of)$/.test(nameOf(n))) for (const e of args(n)) elements.push({ node: e, ctx: c });
  const v = unwrap(node);
  if (v?.type === 'identifier') {
    for (const call of ctx.index.calls) {
      if (call.startIndex >= ctx.at || enclosingFunction(call) !== ctx.fn || nameOf(call) !== 'add' || unwrap(field(call, 'object'))?.text !== v.text) continue;
      const e = args(call)[0];
      if (e) elements.push({ node: e, ctx: { ...ctx, at: call.startIndex } });
    }
  }
  return elements.flatMap(({ node: e, ctx: ec }) => {
    const en = unwrap(e);
    if (en?.type !== 'object_creation_expression') return [];
    const role = AZURE_MESSAGES[field(en, 'type')?.text ?? ''];
    const a = args(en);
    const content = a[a.length - 1];
    return role && content ? [{ role, parts: textParts(content, ec) }] : [];
  });
}

function prompt(steps: Step[]): RawCallSite['prompt'] {
  const msgs: PartsMessage[] = [];
  for (const s of steps) {
    if (s.name === 'messages' && s.args[0]) msgs.push(...azureMessages(s.args[0], s.ctx));
    const role = ROLE_STEPS[s.name];
    if (!role || s.args.length !== 1) continue;
    const arg = unwrap(s.args[0]);
    if (arg?.type === 'field_access' || arg?.type === 'class_literal') continue;
    msgs.push({ role, parts: textParts(arg, s.ctx) });
  }
  return promptOfParts(msgs);
}

const PARAMS = new Set(['temperature', 'topP', 'maxTokens', 'maxCompletionTokens', 'maxOutputTokens', 'seed', 'n',
  'presencePenalty', 'frequencyPenalty', 'topK', 'store', 'parallelToolCalls']);

function params(steps: Step[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of steps) {
    if (!PARAMS.has(s.name) || s.args.length !== 1) continue;
    const v = numberValue(s.args[0], s.ctx);
    if (v !== undefined) out[snakeCase(s.name)] = v;
  }
  return out;
}

/** `responseFormat(..)`, `text(..)` (responses), `outputConfig(..)`/`outputFormat(..)` (Anthropic). */
function schema(steps: Step[]): Pick<RawCallSite, 'hasSchema' | 'schema'> {
  for (const s of steps) {
    if (!/^(responseFormat|text|outputConfig|outputFormat)$/.test(s.name) || !s.args[0]) continue;
    const { node: n, resolved } = follow(s.args[0], s.ctx);
    const t = n?.text ?? '';
    if (n?.type === 'class_literal' || /JsonSchema|json_schema|JsonOutputFormat|\.class\b/.test(t)) return { hasSchema: true, schema: null };
    if (/JsonObject|json_object/.test(t)) return { hasSchema: true, schema: JSON_MODE_SCHEMA };
    // A config handed in (a parameter, a field set elsewhere): its type says whether it holds a schema.
    const arg = unwrap(s.args[0]);
    if (!resolved && arg?.type === 'identifier' && /Structured\w*Config|JsonOutputFormat|ResponseFormat/.test(declaredType(arg) ?? '')) return { hasSchema: true, schema: null };
  }
  return { hasSchema: false, schema: null };
}

/** The declared type of a parameter or local variable named by `id`, read from the enclosing method. */
function declaredType(id: Node): string | null {
  for (let p = id.parent; p; p = p.parent) {
    if (p.type !== 'method_declaration' && p.type !== 'constructor_declaration') continue;
    for (const param of named(field(p, 'parameters'))) {
      if (field(param, 'name')?.text === id.text) return field(param, 'type')?.text ?? null;
    }
    return null;
  }
  return null;
}

