// What a receiver is: an OpenAI/Azure/Anthropic client, the `openai` module itself, a test double,
// or unknown. Follows constructors through assignments, `with ... as`, `self.` attributes, parameter
// annotations, same-file factory functions and pytest fixtures, and wrappers such as
// `instructor.from_openai(OpenAI())`.
import type { Node } from './tree';
import { attributeChain, callArgs, dottedName, field, named, unparen } from './tree';
import { decoratorsOf, returnsOf, type Binding, type FileIndex, type Scope } from './fileIndex';
import { evaluate, newEvaluator } from './values';
import { classAttrBindings, lookup, qualifiedName, receiverClass } from './nameLookup';

/**
 * 'other-llm': a client from another vendor's SDK whose shape copies OpenAI's; 'genai' (google-genai's
 * `Client`), 'genai-model' (a Gemini `GenerativeModel`), 'mistral' and 'bedrock' (a boto3
 * `bedrock-runtime` client) have request methods of their own (vendors.ts); 'other': anything else
 * that is not a client (a class, a module).
 */
export type ClientKind = 'openai' | 'azure' | 'anthropic' | 'openai-module' | 'anthropic-module' | 'other-llm'
  | 'genai' | 'genai-model' | 'genai-chat' | 'mistral' | 'bedrock' | 'mock' | 'other' | 'unknown';

/** Kinds of clients that carry no OpenAI- or Anthropic-shaped methods. */
export const VENDOR_KINDS: ReadonlySet<ClientKind> = new Set(['genai', 'genai-model', 'genai-chat', 'mistral', 'bedrock']);

const OPENAI_CTORS = new Set(['OpenAI', 'AsyncOpenAI']);
const AZURE_CTORS = new Set(['AzureOpenAI', 'AsyncAzureOpenAI']);
const ANTHROPIC_CTORS = new Set(['Anthropic', 'AsyncAnthropic', 'AnthropicBedrock', 'AsyncAnthropicBedrock', 'AnthropicVertex', 'AsyncAnthropicVertex']);
/**
 * Other vendors' SDKs whose clients copy OpenAI's shape (`Groq().chat.completions.create`,
 * `Together()`, `ZhipuAI()`, `xai_sdk.Client().compat`, huggingface_hub's `InferenceClient`...):
 * their calls are the `other` family, as the TS scanner reports groq-sdk and together-ai.
 */
const OTHER_LLM_MODULES = new Set([
  'groq', 'together', 'cerebras', 'mistralai', 'cohere', 'portkey_ai', 'fireworks', 'zhipuai', 'zai',
  'xai_sdk', 'volcenginesdkarkruntime', 'huggingface_hub', 'ollama', 'dashscope',
]);
const MOCK_CALL = /(^|\.)(MagicMock|Mock|AsyncMock|NonCallableMock|NonCallableMagicMock|create_autospec|patch(\.object|\.multiple|\.dict)?|SimpleNamespace)$/;
/** Names people give test doubles: `mock_client`, `fake_openai`, `mocked`, `stub_llm`. */
export const MOCK_NAME = /(^|_)(mock|mocked|fake|stub|dummy)(_|$|[A-Z])|^(mock|fake|stub)|Mock/;
const MAX_DEPTH = 12;

export interface ClientResolver {
  index: FileIndex;
  /** Whether the file is a test module (test_*.py, *_test.py, conftest.py, under tests/). */
  isTestFile: boolean;
  /**
   * When set, the client constructors a resolution reached are added here: their arguments may name
   * the model (`AzureOpenAI(azure_deployment=...)`, `GenerativeModel("gemini-1.5-pro")`).
   */
  found?: ClientCtor[];
}

/** A client constructor call a receiver was traced to, with where to read its arguments. */
export interface ClientCtor { call: Node; kind: ClientKind; scope: Scope; at: number }

/** The kind a constructor or factory call produces, or null when it is not one we know. */
function ctorKind(r: ClientResolver, call: Node, q: string, scope: Scope, at: number): ClientKind | null {
  const parts = q.split('.');
  const last = parts[parts.length - 1];
  const mod = parts.length > 1 ? parts[0] : null;
  const vendor = vendorCtorKind(q);
  if (vendor) return vendor;
  if (mod !== null && OTHER_LLM_MODULES.has(mod)) return 'other-llm';
  if (mod !== null && mod !== 'openai' && mod !== 'anthropic') return null;
  if (AZURE_CTORS.has(last) && mod !== 'anthropic') return 'azure';
  if (OPENAI_CTORS.has(last) && mod !== 'anthropic') return isAzureEndpoint(r, call, scope, at) ? 'azure' : 'openai';
  if (ANTHROPIC_CTORS.has(last) && mod !== 'openai') return 'anthropic';
  // Both SDKs export their clients as `Client` and `AsyncClient` too; bare, those names mean nothing.
  if (last === 'Client' || last === 'AsyncClient') {
    if (mod === 'openai' && parts.length === 2) return isAzureEndpoint(r, call, scope, at) ? 'azure' : 'openai';
    if (mod === 'anthropic' && parts.length === 2) return 'anthropic';
  }
  return null;
}

function vendorCtorKind(q: string): ClientKind | null {
  if (q === 'google.genai.Client') return 'genai';
  if (/^(google\.generativeai|vertexai(\.preview)?\.generative_models)\.GenerativeModel$/.test(q)) return 'genai-model';
  if (q === 'mistralai.Mistral') return 'mistral';
  return null;
}

/** `boto3.client("bedrock-runtime")`, `session.client(service_name="bedrock-runtime")`. */
function isBedrockClient(call: Node): boolean {
  const fn = unparen(field(call, 'function'));
  const name = fn?.type === 'attribute' ? field(fn, 'attribute')?.text : fn?.type === 'identifier' ? fn.text : '';
  if (name !== 'client') return false;
  const args = callArgs(call);
  const service = args.positional[0] ?? args.keywords.get('service_name');
  return !!service && /^['"]bedrock-runtime['"]$/.test(service.text);
}

/** A client class handed over uninstantiated (`self._build_client(AzureOpenAI)`): what it would build. */
function classRefKind(node: Node, scope: Scope, at: number): ClientKind | null {
  const n = unparen(node);
  if (!n || (n.type !== 'identifier' && n.type !== 'attribute')) return null;
  const q = qualifiedName(n, scope, at);
  if (!q) return null;
  const parts = q.split('.');
  const last = parts[parts.length - 1];
  if (parts[0] === 'openai' && AZURE_CTORS.has(last)) return 'azure';
  if (parts[0] === 'openai' && OPENAI_CTORS.has(last)) return 'openai';
  if (parts[0] === 'anthropic' && ANTHROPIC_CTORS.has(last)) return 'anthropic';
  return null;
}

/** An OpenAI client whose base URL is an Azure endpoint is an Azure client. */
function isAzureEndpoint(r: ClientResolver, call: Node, scope: Scope, at: number): boolean {
  const args = callArgs(call);
  for (const key of ['base_url', 'azure_endpoint', 'api_base']) {
    const node = args.keywords.get(key);
    if (!node) continue;
    if (/azure/i.test(node.text)) return true;
    const v = evaluate(newEvaluator(r.index, 'model'), node, scope, at);
    if (v.k === 'str' && /azure/i.test(v.s)) return true;
    if (namesMentionAzure(node, scope, at)) return true;
  }
  // Entra ID on the v1 endpoint: the key is a token provider from azure.identity, scoped to Azure's
  // Cognitive Services / AI Foundry audience, whatever the endpoint's variable is called.
  const key = args.keywords.get('api_key');
  if (key && (AZURE_TOKEN.test(key.text) || namesMentionAzure(key, scope, at, AZURE_TOKEN))) return true;
  return false;
}

const AZURE_TOKEN = /get_bearer_token_provider|cognitiveservices\.azure\.com|ai\.azure\.com/;

/**
 * Azure's v1 endpoint takes the plain OpenAI client: `base_url=f"{endpoint}/openai/v1/"` with
 * `endpoint = os.environ["AZURE_OPENAI_ENDPOINT"]`. What the names used there were set to says
 * Azure where the argument itself does not.
 */
function namesMentionAzure(node: Node, scope: Scope, at: number, mention = /azure/i): boolean {
  const names = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier');
  for (const id of names) {
    if (!id) continue;
    const found = lookup(id.text, scope, at);
    if (found?.bindings.some((b) => b.kind === 'value' && mention.test(b.value.text))) return true;
  }
  return false;
}

export function annotationKind(annotation: Node | null): ClientKind {
  const t = annotation ? annotation.text : '';
  if (/Mock\b/.test(t)) return 'mock';
  const azure = /\b(Async)?AzureOpenAI\b/.test(t);
  const openai = /\b(Async)?OpenAI\b/.test(t);
  const anthropic = /\b(Async)?Anthropic(Bedrock|Vertex)?\b/.test(t);
  // `OpenAI | Anthropic` could be either vendor: the call's shape decides, as for an untyped name.
  if ((azure || openai) && anthropic) return 'unknown';
  // `OpenAI | AzureOpenAI` is the OpenAI API whichever endpoint serves it, not an Azure-only client.
  if (openai) return 'openai';
  if (azure) return 'azure';
  if (anthropic) return 'anthropic';
  return 'unknown';
}

/**
 * What a receiver's own name says it is, for a receiver nothing in the file resolves (a parameter
 * without a type, an attribute set elsewhere): `anthropic`, `claude_client`, `azure_llm`,
 * `self.openai_client`. A call's name counts too (`get_azure_client()`). The TS scanner reads names
 * the same way.
 */
export function nameHint(expr: Node | null): ClientKind {
  let n = unparen(expr);
  if (n && n.type === 'await') n = unparen(named(n)[0] ?? null);
  if (n && n.type === 'call') n = unparen(field(n, 'function'));
  const name = !n ? '' : n.type === 'identifier' ? n.text : n.type === 'attribute' ? field(n, 'attribute')?.text ?? '' : '';
  if (/anthropic|claude/i.test(name)) return 'anthropic';
  if (/azure/i.test(name)) return 'azure';
  if (/openai|oai|gpt/i.test(name)) return 'openai';
  return 'unknown';
}

function merge(kinds: ClientKind[]): ClientKind {
  if (!kinds.length) return 'unknown';
  if (kinds.includes('mock')) return 'mock';
  const known = kinds.filter((k) => k !== 'unknown');
  if (!known.length) return 'unknown';
  return known.every((k) => k === known[0]) ? known[0] : 'unknown';
}

export function resolveClient(r: ClientResolver, expr: Node | null, scope: Scope, at: number, depth = 0): ClientKind {
  const n = unparen(expr);
  if (!n || depth > MAX_DEPTH) return 'unknown';
  switch (n.type) {
    case 'await': return resolveClient(r, named(n)[0] ?? null, scope, at, depth + 1);
    case 'call': return resolveCall(r, n, scope, at, depth);
    case 'identifier': return resolveName(r, n, scope, at, depth);
    case 'attribute': {
      const { root, segments } = attributeChain(n);
      if (segments.includes('return_value') || segments.includes('side_effect')) return 'mock';
      if (root.type === 'identifier' && MOCK_NAME.test(root.text)) return 'mock';
      const obj = unparen(field(n, 'object'));
      const attr = field(n, 'attribute')?.text ?? '';
      const cls = obj ? receiverClass(r.index, obj, scope) : null;
      if (cls) {
        const attrs = classAttrBindings(r.index, cls, attr);
        if (attrs.length) return merge(attrs.map((b) => bindingKind(r, b, depth + 1)));
        // `@property def llm(self): return AzureOpenAI(...)`, `@cached_property` too.
        const getter = methodOf(cls, attr);
        if (getter && decoratorsOf(getter).some((d) => /property\b/.test(d))) return returnedKind(r, getter, depth);
        return 'unknown';
      }
      if (segments.some((s) => MOCK_NAME.test(s))) return 'mock';
      // Set on a module-level object elsewhere in the file: `bp.openai_client = AsyncOpenAI(...)` in a start-up hook.
      const stored = obj?.type === 'identifier' ? r.index.moduleAttrs.get(`${obj.text}.${attr}`) : undefined;
      if (stored?.length) {
        const k = merge(stored.map((a) => resolveClient(r, a.value, a.scope, a.value.startIndex, depth + 1)));
        if (k !== 'unknown') return k;
      }
      // An attribute of another vendor's client is still theirs (`xai_sdk.Client(...).compat`).
      if (obj && resolveClient(r, obj, scope, at, depth + 1) === 'other-llm') return 'other-llm';
      return 'unknown';
    }
    default: return 'unknown';
  }
}

function resolveCall(r: ClientResolver, n: Node, scope: Scope, at: number, depth: number): ClientKind {
  const fn = unparen(field(n, 'function'));
  if (!fn) return 'unknown';
  // Test doubles, however imported: MagicMock(), mocker.patch(...), patch.object(...), SimpleNamespace(...).
  const dotted = dottedName(fn);
  const q = qualifiedName(fn, scope, at);
  if (dotted && MOCK_CALL.test(dotted) && !/^instructor\./.test(q ?? dotted)) return 'mock';
  const kind = (q ? ctorKind(r, n, q, scope, at) : null) ?? (isBedrockClient(n) ? 'bedrock' : null);
  if (kind) {
    r.found?.push({ call: n, kind, scope, at });
    return kind;
  }
  // `client.with_options(...)` and `.copy()` return the same kind of client.
  if (fn.type === 'attribute') {
    const method = field(fn, 'attribute')?.text;
    if (method === 'with_options' || method === 'copy') return resolveClient(r, field(fn, 'object'), scope, at, depth + 1);
    const chat = geminiChat(r, n, fn, method ?? '', scope, at, depth);
    if (chat) return chat;
  }
  // A same-file factory: `def get_client(): return OpenAI()`, or a method of this class (`self.get_client()`).
  if (fn.type === 'identifier') {
    const found = lookup(fn.text, scope, at);
    const def = found?.bindings.find((b) => b.kind === 'def');
    if (def && def.kind === 'def') {
      const k = returnedKind(r, def.fnScope, depth);
      if (k !== 'unknown') return k;
    }
    // An instance of a class this test module defines is a hand-made double (`RecordingClaude()`).
    const cls = found?.bindings.find((b) => b.kind === 'class');
    if (r.isTestFile && cls && cls.kind === 'class' && !named(field(cls.node, 'superclasses')).some((b) => /OpenAI|Anthropic/.test(b.text))) return 'mock';
  } else if (fn.type === 'attribute') {
    const obj = unparen(field(fn, 'object'));
    const cls = obj ? receiverClass(r.index, obj, scope) : null;
    const method = cls ? methodOf(cls, field(fn, 'attribute')?.text ?? '') : null;
    if (method) {
      const k = returnedKind(r, method, depth);
      if (k !== 'unknown') return k;
    }
  }
  const args = callArgs(n);
  // A factory handed the client class to build: `self._build_client(AzureOpenAI)`.
  for (const a of [...args.positional, ...args.keywords.values()]) {
    const k = classRefKind(a, scope, at);
    if (k) return k;
  }
  // Wrappers that return the client they are given: instructor.from_openai(...), instructor.patch(...), wrap_openai(...).
  const first = args.positional[0];
  if (first) {
    const k = resolveClient(r, first, scope, at, depth + 1);
    if (k === 'openai' || k === 'azure' || k === 'anthropic' || k === 'other-llm') return k;
  }
  return 'unknown';
}

/** A Gemini chat session: `model.start_chat(...)` on a GenerativeModel, `client.chats.create(model=...)`. */
function geminiChat(r: ClientResolver, call: Node, fn: Node, method: string, scope: Scope, at: number, depth: number): ClientKind | null {
  const obj = unparen(field(fn, 'object'));
  if (method === 'start_chat' && resolveClient(r, obj, scope, at, depth + 1) === 'genai-model') return 'genai-chat';
  if (method === 'create' && obj?.type === 'attribute' && field(obj, 'attribute')?.text === 'chats'
    && resolveClient(r, field(obj, 'object'), scope, at, depth + 1) === 'genai') {
    r.found?.push({ call, kind: 'genai-chat', scope, at });
    return 'genai-chat';
  }
  return null;
}

/** What a function or method returns, when every return agrees. */
function returnedKind(r: ClientResolver, fnScope: Scope, depth: number): ClientKind {
  return merge(returnsOf(fnScope).map((ret) => resolveClient(r, ret, fnScope, fnScope.end, depth + 1)));
}

/** A method defined in a class's body, by name. */
function methodOf(cls: Scope, name: string): Scope | null {
  const def = cls.bindings.get(name)?.find((b) => b.kind === 'def');
  return def && def.kind === 'def' ? def.fnScope : null;
}

function resolveName(r: ClientResolver, n: Node, scope: Scope, at: number, depth: number): ClientKind {
  const found = lookup(n.text, scope, at);
  if (!found) return MOCK_NAME.test(n.text) ? 'mock' : 'unknown';
  const k = merge(found.bindings.map((b) => bindingKind(r, b, depth + 1)));
  if (k === 'unknown' && MOCK_NAME.test(n.text)) return 'mock';
  return k;
}

function bindingKind(r: ClientResolver, b: Binding, depth: number): ClientKind {
  switch (b.kind) {
    case 'import':
      if (b.qualified === 'openai') return 'openai-module';
      if (b.qualified === 'anthropic') return 'anthropic-module';
      return 'other';
    case 'value': {
      const k = resolveClient(r, b.value, b.scope, b.at, depth);
      return k === 'unknown' && b.annotation ? annotationKind(b.annotation) : k;
    }
    case 'annotation': return annotationKind(b.annotation);
    case 'param': {
      const fromType = annotationKind(b.annotation);
      if (fromType !== 'unknown') return fromType;
      if (b.fallback) return resolveClient(r, b.fallback, b.scope.parent ?? b.scope, b.at, depth);
      return fixtureKind(r, b, depth);
    }
    case 'def': case 'class': return 'other';
    default: return 'unknown';
  }
}

/**
 * A test function's parameter is a pytest fixture: resolve it from a same-file fixture when there
 * is one; otherwise, in a test module, it is most likely a double and not a real call site.
 */
function fixtureKind(r: ClientResolver, b: Extract<Binding, { kind: 'param' }>, depth: number): ClientKind {
  const fnName = b.scope.name;
  const isTest = /^test_?/.test(fnName) || decoratorsOf(b.scope).some((d) => /fixture/.test(d));
  if (!isTest && !r.isTestFile) return 'unknown';
  for (const fixture of r.index.functions.get(b.name) ?? []) {
    if (!decoratorsOf(fixture).some((d) => /fixture/.test(d))) continue;
    const k = merge(returnsOf(fixture).map((ret) => resolveClient(r, ret, fixture, fixture.end, depth + 1)));
    if (k !== 'unknown') return k;
  }
  return r.isTestFile && isTest ? 'mock' : 'unknown';
}

/**
 * The pre-1.0 module-level client configured for Azure (`openai.api_type = "azure"`) where the call
 * runs: at the top of the file, or in the function making the call (or one enclosing it). Harnesses
 * keep an `openai_azure()` beside a plain `openai_chat()`, each setting the module up for itself;
 * the first one's settings say nothing about the second's calls.
 */
export function moduleIsAzure(index: FileIndex, alias: string, scope: Scope): boolean {
  for (const key of ['api_type', 'api_base', 'base_url', 'azure_endpoint']) {
    for (const a of index.moduleAttrs.get(`${alias}.${key}`) ?? []) {
      if (/azure/i.test(a.value.text) && (encloses(a.scope, scope) || sameClass(a.scope, scope))) return true;
    }
  }
  return false;
}

/**
 * Set up in a method (`__init__` mostly) of the class whose method makes the call: the service
 * configures the module for its own calls when it starts.
 */
function sameClass(setIn: Scope, callIn: Scope): boolean {
  const classOf = (s: Scope | null): Scope | null => {
    for (let x = s; x; x = x.parent) if (x.kind === 'function' && x.parent?.kind === 'class') return x.parent;
    return null;
  };
  const cls = classOf(setIn);
  return !!cls && cls === classOf(callIn);
}

function encloses(outer: Scope, inner: Scope): boolean {
  if (outer.kind === 'module') return true;
  for (let s: Scope | null = inner; s; s = s.parent) if (s === outer) return true;
  return false;
}
