// Which calls are prompt call sites, and of which API family. The method path decides the shape
// (`chat.completions.create`, `messages.stream`, `generateObject`); the receiver decides the SDK
// when the file can tell, and paths that other libraries share (`messages.create` is also Twilio,
// `responses.create` a database table) need the receiver or the request itself to look like an LLM call.
// A new way to report a call site needs its words in ts/prefilter.ts too: files without them are not parsed.
import ts from './compiler';
import type { ApiFamily } from '../../callsite';
import { classKind, clientKindOf, importOf, nameHint, sdkOf, type ClientKind, type Sdk } from './clients';
import { accessKey, Ctx, deref, objectOf, unwrap } from './values';
import { propertyNameText } from './scope';
import { classifyVendorCall, classifyVendorNew, VENDOR_METHODS, vendorOfModule } from './vendors';

export type Shape = 'chat' | 'responses' | 'legacy' | 'messages' | 'v3' | 'azure-sdk' | 'vercel' | 'langchain' | 'initChatModel'
  | 'gemini' | 'mistral' | 'bedrock';

export interface Candidate {
  node: ts.CallExpression | ts.NewExpression;
  api: ApiFamily;
  shape: Shape;
  /** The method or function called: `create`, `parse`, `generateObject`, `ChatOpenAI`... */
  method: string;
}

/** What the whole file says about SDKs, for receivers a reader can only place by the file's imports. */
export interface FileFacts {
  sdks: Set<Sdk>;
  /** Kinds of clients constructed anywhere in the file. */
  kinds: Set<ClientKind>;
  /** Other vendors' SDKs the file imports (vendors.ts). */
  vendors: Set<'gemini' | 'mistral' | 'bedrock'>;
}

const CHAT_METHODS = new Set(['create', 'parse', 'stream', 'runTools', 'runFunctions']);
const RESPONSES_METHODS = new Set(['create', 'parse', 'stream']);
// toolRunner (beta.messages) runs the same Messages request in a tool loop.
const MESSAGES_METHODS = new Set(['create', 'stream', 'parse', 'toolRunner']);
const VERCEL_FUNCTIONS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);
const LANGCHAIN_CLASSES = new Set(['ChatOpenAI', 'AzureChatOpenAI', 'ChatAnthropic']);
/** LangChain's completion-model LLM classes: call sites only when imported from LangChain (the SDK's clients share the names). */
const LANGCHAIN_LLM_CLASSES = new Set(['OpenAI', 'AzureOpenAI']);
const LLM_REQUEST_KEYS = ['model', 'messages', 'input', 'instructions', 'prompt', 'max_tokens', 'system'];
const MOCK_NAME = /^(mock|fake|stub|spy|dummy)/i;
/** `@azure/openai` 1.x: `client.getChatCompletions(deployment, messages, options)`. */
const AZURE_SDK_METHODS = new Set(['getChatCompletions', 'streamChatCompletions', 'getCompletions', 'streamCompletions']);

/**
 * Every method name a call through a property path can be classified by (`beta` because it is
 * dropped from paths). A call whose callee is `x.<other>` or `x[computed]` can never be a call site,
 * so classifyCall rejects it before resolving any name: most calls in a file are such calls.
 */
const PATH_METHODS = new Set(['beta', 'createChatCompletion', 'createCompletion',
  ...CHAT_METHODS, ...RESPONSES_METHODS, ...MESSAGES_METHODS, ...AZURE_SDK_METHODS, ...VERCEL_FUNCTIONS, ...VENDOR_METHODS]);

interface Link { seg: string; obj: ts.Expression }

/** `a.b.c` → root `a` and links b, c (each with the object it is read from). */
function flatten(callee: ts.Expression): { root: ts.Expression; links: Link[] } {
  const links: Link[] = [];
  let e = unwrap(callee);
  for (let i = 0; i < 64 && (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)); i++) {
    const key = accessKey(e);
    if (key === undefined) break;
    links.unshift({ seg: key, obj: e.expression });
    e = unwrap(e.expression);
  }
  return { root: e, links };
}

/**
 * Puts back what aliases took out of a path: `const completions = client.chat.completions` or
 * `const { chat } = client` make `completions.create(...)` read as `client.chat.completions.create(...)`.
 */
function expandAliases(chain: { root: ts.Expression; links: Link[] }, ctx: Ctx): { root: ts.Expression; links: Link[] } {
  let { root, links } = chain;
  for (let i = 0; i < 4 && ts.isIdentifier(root); i++) {
    const decl = ctx.scopes.lookup(root.text, root);
    let init: ts.Expression | undefined;
    let key: string | undefined;
    if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer) {
      init = unwrap(decl.initializer);
      if (!ts.isPropertyAccessExpression(init)) break;
    } else if (decl && ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && ts.isVariableDeclaration(decl.parent.parent)) {
      init = decl.parent.parent.initializer;
      key = propertyNameText(decl.propertyName ?? decl.name);
      if (!init || !key) break;
    } else break;
    const inner = flatten(init);
    links = [...inner.links, ...(key ? [{ seg: key, obj: init }] : []), ...links];
    root = inner.root;
  }
  return { root, links };
}

/** The client a path segment was read from, skipping `beta`: `client.beta.chat` → `client`. */
function receiverOf(link: Link): ts.Expression {
  let e = unwrap(link.obj);
  while (ts.isPropertyAccessExpression(e) && e.name.text === 'beta') e = unwrap(e.expression);
  return e;
}

export function classifyCall(call: ts.CallExpression, ctx: Ctx, facts: FileFacts): Candidate | undefined {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const key = accessKey(callee);
    if (key === undefined || !PATH_METHODS.has(key)) return undefined;
  }
  // A bare call (`foo(x)`) can only be Vercel's or LangChain's, and only in a file that mentions one
  // of them or calls one of Vercel's names (which a monorepo may re-export from its own module);
  // most calls in most files are bare, and resolving their names builds scope tables.
  else if (ts.isIdentifier(callee) && !facts.sdks.has('ai') && !facts.sdks.has('langchain') && !VERCEL_FUNCTIONS.has(callee.text)) return undefined;
  const chain = expandAliases(flatten(call.expression), ctx);
  const links = chain.links.filter((l) => l.seg !== 'beta');
  const segs = links.map((l) => l.seg);
  const n = segs.length;
  const last = segs[n - 1];
  const make = (api: ApiFamily, shape: Shape): Candidate => ({ node: call, api, shape, method: last ?? '' });

  if (n === 0 || (n === 1 && (isNamespaceOf(chain.root, 'ai', ctx) || isWrappedAi(chain.root, ctx)))) {
    const name = n === 0 ? vercelName(chain.root, call, ctx, facts) : VERCEL_FUNCTIONS.has(last) ? last : undefined;
    if (name) return usesMockModel(call, ctx) ? undefined : { node: call, api: 'vercel-ai', shape: 'vercel', method: name };
    if (n === 0 && isLangchainName(chain.root, 'initChatModel', ctx, facts)) return { node: call, api: 'langchain', shape: 'initChatModel', method: 'initChatModel' };
    return undefined;
  }
  if (n >= 3 && segs[n - 3] === 'chat' && segs[n - 2] === 'completions' && CHAT_METHODS.has(last)) {
    const api = openaiFamily(receiverOf(links[n - 3]), ctx, facts, () => true, 'openai.chat');
    return api ? make(api, 'chat') : undefined;
  }
  if (n >= 2 && segs[n - 2] === 'responses' && RESPONSES_METHODS.has(last)) {
    if (isResumeById(call, ctx)) return undefined;
    const api = openaiFamily(receiverOf(links[n - 2]), ctx, facts, () => requestLooksLike(call, ctx, facts, ['input', 'instructions', 'model']), 'openai.responses');
    return api ? make(api, 'responses') : undefined;
  }
  if (n >= 2 && segs[n - 2] === 'completions' && last === 'create' && segs[n - 3] !== 'chat') {
    const api = openaiFamily(receiverOf(links[n - 2]), ctx, facts, () => requestLooksLike(call, ctx, facts, ['prompt']), 'openai.legacy');
    return api ? make(api, 'legacy') : undefined;
  }
  if (n >= 2 && segs[n - 2] === 'messages' && MESSAGES_METHODS.has(last) && segs[n - 3] !== 'threads') {
    return anthropicMessages(receiverOf(links[n - 2]), call, ctx, facts) ? make('anthropic.messages', 'messages') : undefined;
  }
  if (AZURE_SDK_METHODS.has(last)) {
    const recv = receiverOf(links[n - 1]);
    if (isMockReceiver(recv, ctx)) return undefined;
    const kind = clientKindOf(recv, ctx);
    const azureFile = facts.kinds.has('azure-sdk') || facts.sdks.has('azure-sdk');
    return kind === 'azure-sdk' || (kind === undefined && azureFile) ? make('azure-openai', 'azure-sdk') : undefined;
  }
  if (last === 'createChatCompletion' || last === 'createCompletion') {
    const recv = receiverOf(links[n - 1]);
    if (isMockReceiver(recv, ctx)) return undefined;
    const kind = clientKindOf(recv, ctx);
    return kind === 'openai-v3' || (kind === undefined && facts.kinds.has('openai-v3')) ? make('openai.legacy', 'v3') : undefined;
  }
  if (facts.vendors.size && !isMockReceiver(receiverOf(links[n - 1]), ctx)) {
    return classifyVendorCall(call, segs, (k) => receiverOf(links[n - k]), ctx, facts);
  }
  return undefined;
}

export function classifyNew(node: ts.NewExpression, ctx: Ctx, facts: FileFacts): Candidate | undefined {
  const target = unwrap(node.expression);
  const name = ts.isIdentifier(target) ? target.text : ts.isPropertyAccessExpression(target) ? target.name.text : '';
  const info = importOf(target, ctx);
  // Apps subclass LangChain's models under the same name (`class ChatOpenAI extends LangchainChatOpenAI`
  // in a module of their own) and build those; in a file that imports LangChain, the name still says it.
  const fromLangchain = info ? LANGCHAIN_CLASSES.has(info.name)
    && (sdkOf(info.module) === 'langchain' || (sdkOf(info.module) === undefined && facts.sdks.has('langchain'))) : undefined;
  const byName = info === undefined && LANGCHAIN_CLASSES.has(name) && facts.sdks.has('langchain')
    && !(ts.isIdentifier(target) && ctx.scopes.lookup(target.text, target));
  const llmClass = !!info && LANGCHAIN_LLM_CLASSES.has(info.name) && sdkOf(info.module) === 'langchain';
  if (!fromLangchain && !byName && !llmClass) return facts.vendors.has('bedrock') ? classifyVendorNew(node, ctx) : undefined;
  return { node, api: 'langchain', shape: 'langchain', method: info?.name ?? name };
}

/** The family of an OpenAI-shaped call, or undefined when the receiver is not (or may not be) an OpenAI client. */
function openaiFamily(recv: ts.Expression, ctx: Ctx, facts: FileFacts, looksRight: () => boolean, family: ApiFamily): ApiFamily | undefined {
  if (isMockReceiver(recv, ctx)) return undefined;
  const kind = clientKindOf(recv, ctx);
  if (kind === 'anthropic' || kind === 'openai-v3') return undefined;
  if (kind) return kind === 'azure' ? 'azure-openai' : kind === 'other' ? 'other' : family;
  const hint = nameHint(recv);
  if (hint === 'anthropic') return undefined;
  if (!looksRight() && !hint && !(family === 'openai.chat')) return undefined;
  if (hint === 'azure') return 'azure-openai';
  // An untyped receiver in a file that only ever builds Azure (or only other vendors') clients.
  const openaiLike = [...facts.kinds].filter((k) => k !== 'anthropic' && k !== 'openai-v3');
  if (openaiLike.length === 1 && openaiLike[0] === 'azure') return 'azure-openai';
  if (openaiLike.length === 1 && openaiLike[0] === 'other' && !facts.sdks.has('openai')) return 'other';
  return family;
}

function anthropicMessages(recv: ts.Expression, call: ts.CallExpression, ctx: Ctx, facts: FileFacts): boolean {
  if (isMockReceiver(recv, ctx)) return false;
  const kind = clientKindOf(recv, ctx);
  if (kind) return kind === 'anthropic';
  const hint = nameHint(recv);
  if (hint) return hint === 'anthropic';
  const req = objectOf(call.arguments[0], ctx);
  if (req) return req.props.has('model') && (req.props.has('max_tokens') || req.props.has('messages'));
  return facts.sdks.has('anthropic') || facts.kinds.has('anthropic');
}

/** An untyped receiver is trusted when its request carries LLM keys, or the file uses the SDK and the request is not visible. */
function requestLooksLike(call: ts.CallExpression, ctx: Ctx, facts: FileFacts, keys: string[]): boolean {
  const req = objectOf(call.arguments[0], ctx);
  if (req) return keys.some((k) => req.props.has(k)) && LLM_REQUEST_KEYS.some((k) => req.props.has(k));
  return facts.sdks.has('openai');
}

/** `responses.stream({ response_id })` and `responses.create(id)`-style calls resume work; they carry no new prompt. */
function isResumeById(call: ts.CallExpression, ctx: Ctx): boolean {
  const first = call.arguments[0];
  if (!first) return false;
  const d = deref(first, ctx).node;
  if (ts.isStringLiteralLike(d)) return true;
  const req = objectOf(first, ctx);
  return !!req && req.props.has('response_id') && !req.props.has('input');
}

/** Hand-made fakes: `mockClient.chat...`, or a client that is an object literal of stubs. */
function isMockReceiver(recv: ts.Expression, ctx: Ctx): boolean {
  let root = unwrap(recv);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isCallExpression(root)) {
    if (!ts.isCallExpression(root) && MOCK_NAME.test(accessKey(root) ?? '')) return true;
    root = unwrap(root.expression);
  }
  if (ts.isIdentifier(root) && MOCK_NAME.test(root.text)) return true;
  return ts.isObjectLiteralExpression(deref(recv, ctx).node);
}

/** `generateText({ model: new MockLanguageModelV2(...) })` is a unit test of the caller, not a prompt call site. */
function usesMockModel(call: ts.CallExpression, ctx: Ctx): boolean {
  const model = objectOf(call.arguments[0], ctx)?.props.get('model');
  return !!model && /\bmock/i.test(deref(model, ctx).node.getText(ctx.sf));
}

function isNamespaceOf(root: ts.Expression, sdk: Sdk, ctx: Ctx): boolean {
  const info = importOf(root, ctx);
  return !!info && info.name === '*' && sdkOf(info.module) === sdk;
}

/**
 * Tracing libraries hand back the AI SDK they were given: `const traced = wrapAISDK(ai)` or
 * `const { generateText } = wrapAISDK(ai)` (LangSmith, Braintrust) with `import * as ai from 'ai'`.
 */
function wrapsAi(init: ts.Expression | undefined, ctx: Ctx): boolean {
  let e = init && unwrap(init);
  if (e && ts.isAwaitExpression(e)) e = unwrap(e.expression);
  return !!e && ts.isCallExpression(e) && e.arguments.some((a) => isNamespaceOf(a, 'ai', ctx));
}

/** `traced.generateText(...)`, and `generateText(...)` destructured from the wrapper (expandAliases puts the path back). */
function isWrappedAi(root: ts.Expression, ctx: Ctx): boolean {
  if (!ts.isIdentifier(root)) return wrapsAi(root, ctx);
  const decl = ctx.scopes.lookup(root.text, root);
  return !!decl && ts.isVariableDeclaration(decl) && wrapsAi(decl.initializer, ctx);
}

function vercelName(root: ts.Expression, call: ts.CallExpression, ctx: Ctx, facts: FileFacts): string | undefined {
  if (!ts.isIdentifier(root)) return undefined;
  const info = importOf(root, ctx);
  if (info) {
    if (!VERCEL_FUNCTIONS.has(info.name)) return undefined;
    const sdk = sdkOf(info.module);
    if (sdk === 'ai') return info.name;
    return sdk === undefined && isReexportOfAi(root, info.module, ctx) && looksLikeVercelRequest(call, ctx) ? info.name : undefined;
  }
  // `generateText` with no declaration at all (a global in a script, or an auto-import the file forgot).
  return VERCEL_FUNCTIONS.has(root.text) && !ctx.scopes.lookup(root.text, root) && facts.sdks.has('ai') ? root.text : undefined;
}

/** Names only the AI SDK exports; importing one beside `generateText` says the module re-exports `ai`. */
const AI_COMPANIONS = new Set(['LanguageModel', 'CoreMessage', 'ModelMessage', 'UIMessage', 'tool', 'jsonSchema', 'stepCountIs',
  'hasToolCall', 'Output', 'wrapLanguageModel', 'smoothStream', 'ToolSet', 'createOpenAI', 'embed', 'embedMany', ...VERCEL_FUNCTIONS]);

/**
 * Monorepos re-export the AI SDK from a module of their own (`export * from 'ai'` in `core/aiSdk.ts`,
 * imported as `import { generateText, LanguageModel } from '@org/core/aiSdk'`). Projects also write
 * their own `generateText(prompt)` helpers, so the module must say it is the SDK: by its name
 * (`aiSdk`, `ai-sdk`, `…/ai`) or by the other names the same import takes from it.
 */
function isReexportOfAi(local: ts.Identifier, module: string, ctx: Ctx): boolean {
  const last = module.split('/').pop() ?? '';
  if (/^ai([-_]?sdk)?$/i.test(last)) return true;
  const decl = ctx.scopes.lookup(local.text, local);
  if (!decl || !ts.isImportSpecifier(decl)) return false;
  const siblings = decl.parent.elements.filter((el) => el !== decl);
  return siblings.some((el) => AI_COMPANIONS.has((el.propertyName ?? el.name).text));
}

/** Vercel's request: a `model` and a prompt, both in an options object this file shows. */
function looksLikeVercelRequest(call: ts.CallExpression, ctx: Ctx): boolean {
  const req = objectOf(call.arguments[0], ctx);
  return !!req && req.props.has('model') && (req.props.has('prompt') || req.props.has('messages') || req.props.has('system'));
}

function isLangchainName(root: ts.Expression, name: string, ctx: Ctx, facts: FileFacts): boolean {
  if (!ts.isIdentifier(root)) return false;
  const info = importOf(root, ctx);
  if (info) return sdkOf(info.module) === 'langchain' && info.name === name;
  return root.text === name && !ctx.scopes.lookup(root.text, root) && facts.sdks.has('langchain');
}

/** The SDKs a file imports, gathered during the walk (the clients it builds: noteClient). */
export function noteFacts(node: ts.Node, ctx: Ctx, facts: FileFacts): void {
  const k = node.kind;
  if (k !== ts.SyntaxKind.ImportDeclaration && k !== ts.SyntaxKind.CallExpression && k !== ts.SyntaxKind.ImportEqualsDeclaration) return;
  if (ts.isImportDeclaration(node) && ts.isStringLiteralLike(node.moduleSpecifier)) {
    noteModule(node.moduleSpecifier.text, facts);
  } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])
    && ((ts.isIdentifier(node.expression) && node.expression.text === 'require') || node.expression.kind === ts.SyntaxKind.ImportKeyword)) {
    noteModule(node.arguments[0].text, facts);
  } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteralLike(node.moduleReference.expression)) {
    const sdk = sdkOf(node.moduleReference.expression.text);
    if (sdk) facts.sdks.add(sdk);
  }
}

function noteModule(module: string, facts: FileFacts): void {
  const sdk = sdkOf(module);
  if (sdk) facts.sdks.add(sdk);
  const vendor = vendorOfModule(module);
  if (vendor) facts.vendors.add(vendor);
}

/**
 * The kind of client a `new` builds. Run after the walk: only then do the names inside it have
 * parents to resolve through (`new mod.Together()`, `new Client()` for `import { OpenAI as Client }`).
 */
export function noteClient(node: ts.NewExpression, ctx: Ctx, facts: FileFacts): void {
  const k = classKind(node.expression, ctx);
  if (k) facts.kinds.add(k === 'openai' ? (clientKindOf(node, ctx) ?? k) : k);
}

const MOCK_CALLEE = /^(expect|assert(\.\w+)?|(vi|jest)\.(mock|doMock|fn|spyOn|mocked)|sinon\.\w+|td\.\w+)$/;

/** Calls inside assertions and mock set-ups (`expect(...)`, `vi.mock(...)`, `.mockImplementation(...)`) are test scaffolding. */
export function inTestScaffolding(node: ts.Node, sf: ts.SourceFile): boolean {
  let child: ts.Node = node;
  for (let n = node.parent, i = 0; n && i < 200; child = n, n = n.parent, i++) {
    if (!ts.isCallExpression(n) || n.expression === child) continue;
    const callee = unwrap(n.expression);
    const text = ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? callee.getText(sf) : '';
    if (MOCK_CALLEE.test(text)) return true;
    if (ts.isPropertyAccessExpression(callee) && /^(mock\w*|returns|resolves|callsFake)$/.test(callee.name.text)) return true;
  }
  return false;
}
