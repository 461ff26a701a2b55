// Which API family a call belongs to, from the shape of its attribute path and what its receiver
// is. The path alone decides the candidate family (`.chat.completions.create`); the receiver then
// confirms it, turns it into azure-openai, or rules it out (test doubles, other SDKs).
import type { ApiFamily } from '../../callsite';
import type { CallArgs, Node } from './tree';
import { callArgs, dottedName, field, forwardedArgs, named, unparen } from './tree';
import { LANGCHAIN_NAMES, type CandidateCall, type FileIndex, type Scope } from './fileIndex';
import { moduleIsAzure, nameHint, resolveClient, VENDOR_KINDS, type ClientCtor, type ClientKind, type ClientResolver } from './clients';
import { lookup, qualifiedName } from './nameLookup';
import { expandChain } from './chain';
import { classifyVendor, type VendorKind } from './vendors';

export type PathKind = 'chat' | 'responses' | 'legacy' | 'legacy-module' | 'anthropic' | 'langchain' | VendorKind;

export interface Classified {
  family: ApiFamily;
  kind: PathKind;
  /** The constructor's last name for LangChain calls (ChatOpenAI, AzureChatOpenAI, ...). */
  ctor?: string;
  /** The client constructors the receiver was traced to (`AzureOpenAI(azure_deployment=...)`). */
  clients?: ClientCtor[];
}

const CHAT_METHODS = new Set(['create', 'parse', 'stream', 'run_tools']);
const RESPONSES_METHODS = new Set(['create', 'parse', 'stream']);
// tool_runner (beta.messages) runs the same Messages request in a tool loop.
const ANTHROPIC_METHODS = new Set(['create', 'stream', 'parse', 'tool_runner']);
const TRANSPORT = new Set(['with_raw_response', 'with_streaming_response']);
/** Parents of `.messages` that are not Anthropic (OpenAI Assistants threads, Twilio conversations). */
const NOT_ANTHROPIC_PARENTS = new Set(['threads', 'conversations', 'runs', 'chat', 'thread']);

interface PathMatch { kind: PathKind; consumed: number }

/** Matches the tail of `[root, ...segments]`; `consumed` counts attribute steps owned by the API path. */
function matchPath(names: string[]): PathMatch | null {
  const method = names[names.length - 1];
  let i = names.length - 2;
  while (i >= 0 && TRANSPORT.has(names[i])) i--;
  const at = (k: number) => names[i - k];
  let kind: PathKind | null = null;
  let len = 0;
  if (at(0) === 'completions' && at(1) === 'chat' && CHAT_METHODS.has(method)) { kind = 'chat'; len = 2; }
  else if (at(0) === 'responses' && RESPONSES_METHODS.has(method)) { kind = 'responses'; len = 1; }
  else if (at(0) === 'completions' && method === 'create') { kind = 'legacy'; len = 1; }
  else if ((at(0) === 'ChatCompletion' || at(0) === 'Completion') && (method === 'create' || method === 'acreate')) { kind = 'legacy-module'; len = 1; }
  else if (at(0) === 'messages' && ANTHROPIC_METHODS.has(method)) { kind = 'anthropic'; len = 1; }
  if (!kind) return null;
  i -= len;
  if (kind === 'anthropic' && at(0) === 'prompt_caching') i--;
  if (at(0) === 'beta' && kind !== 'legacy-module') i--;
  if (kind === 'anthropic' && i >= 0 && NOT_ANTHROPIC_PARENTS.has(names[i])) return null;
  // The receiver is names[0..i]; it must exist except for `ChatCompletion.create` imported bare.
  if (i < 0 && kind !== 'legacy-module') return null;
  return { kind, consumed: names.length - 1 - i };
}

function kwargsLookLike(args: CallArgs, keys: string[]): boolean {
  return args.splats.length > 0 || keys.some((k) => args.keywords.has(k));
}

/** Helpers that call the method they are handed with the rest of their arguments, by import. */
const FORWARDERS = new Set(['asyncio.to_thread', 'functools.partial', 'starlette.concurrency.run_in_threadpool',
  'fastapi.concurrency.run_in_threadpool', 'anyio.to_thread.run_sync']);
/** Helpers that wrap the method they are handed into a callable taking the request: `sync_to_async(method)(...)`. */
const WRAPPERS = new Set(['asgiref.sync.sync_to_async', 'asgiref.sync.async_to_sync', 'asyncer.asyncify']);

/** Whether a candidate's forwarder really calls the method it was handed. */
function forwards(index: FileIndex, cand: CandidateCall, at: number): boolean {
  const { node: call, scope } = cand;
  const fn = unparen(field(call, 'function'));
  if (cand.via === 'wrapper') return WRAPPERS.has(qualifiedName(unparen(field(fn, 'function')), scope, at) ?? '');
  if (cand.via === 'library') return FORWARDERS.has(qualifiedName(fn, scope, at) ?? '');
  // A same-file helper whose body calls its first parameter: `def with_retries(fn, *args, **kwargs): ... fn(*args, **kwargs)`.
  if (!fn || fn.type !== 'identifier') return false;
  const def = lookup(fn.text, scope, at)?.bindings.find((b) => b.kind === 'def');
  if (!def || def.kind !== 'def') return false;
  const first = named(field(def.node, 'parameters'))[0];
  const param = first?.type === 'identifier' ? first.text : first ? field(first, 'name')?.text ?? named(first)[0]?.text : undefined;
  const body = field(def.node, 'body');
  return !!param && !!body && index.functions.has(fn.text) && new RegExp(`\\b${param}\\s*\\(`).test(body.text);
}

/**
 * A method replaced in place (`client.chat.completions.create = fake`, `monkeypatch.setattr(client.messages,
 * "create", ...)`): in a test module always a double; elsewhere only when replaced by one (a tracing
 * wrapper put in its place still makes the request).
 */
function isStubbed(r: ClientResolver, fn: Node): boolean {
  const dotted = dottedName(fn);
  if (!dotted || !r.index.stubbed.has(dotted)) return false;
  if (r.isTestFile) return true;
  const by = unparen(r.index.stubbed.get(dotted) ?? null);
  return !by || by.type === 'lambda' || /Mock\b|^(mock|fake|stub)/i.test(by.text);
}

/**
 * The call's family, or null when it is not a call site. A forwarded method
 * (`asyncio.to_thread(client.chat.completions.create, ...)`) is classified as if called with the
 * forwarder's other arguments; a wrapped one (`sync_to_async(method)(...)`) with the outer call's.
 */
export function classifyCall(r: ClientResolver, cand: CandidateCall): Classified | null {
  const { node: call, scope, forwarded } = cand;
  const at = call.startIndex;
  if (forwarded && !forwards(r.index, cand, at)) return null;
  const fn = forwarded ?? unparen(field(call, 'function'));
  if (!fn || isStubbed(r, fn)) return null;
  const args = forwarded && cand.via !== 'wrapper' ? forwardedArgs(call) : callArgs(call);
  const chain = expandChain(r.index, fn, scope, at);
  const { names } = chain;
  const last = names[names.length - 1];
  const langchainName = !chain.expanded && (LANGCHAIN_NAMES.has(last) ? last : r.index.langchainAliases.get(last));
  if (langchainName) return classifyLangChain(fn, scope, at, langchainName);
  r.found = [];
  const vendor = classifyVendor(r, fn, chain, args, scope, at);
  if (vendor) return { family: 'other', kind: vendor, clients: r.found };
  const match = matchPath(names);
  if (!match) return null;
  let kind: ClientKind;
  const root = chain.root;
  r.found = [];
  if (match.kind === 'legacy-module' && match.consumed === names.length && root.type === 'identifier') {
    // `from openai import ChatCompletion; ChatCompletion.create(...)`
    const q = qualifiedName(root, scope, at);
    kind = q && q.startsWith('openai.') ? 'openai-module' : 'unknown';
    if (kind === 'unknown') return null;
  } else {
    const receiver = chain.receiver(match.consumed);
    kind = resolveClient(r, receiver.node, receiver.scope, receiver.at);
    if (kind === 'unknown') kind = nameHint(receiver.node);
  }
  const decided = decide(r, args, match.kind, kind, root, scope);
  return decided && { ...decided, clients: r.found };
}

function decide(r: ClientResolver, args: CallArgs, path: PathKind, kind: ClientKind, root: Node, scope: Scope): Classified | null {
  if (kind === 'mock' || kind === 'other' || VENDOR_KINDS.has(kind)) return null;
  const azure = kind === 'azure' || (kind === 'openai-module' && root.type === 'identifier' && moduleIsAzure(r.index, root.text, scope));
  const openaiFamily = (f: ApiFamily): Classified => ({ family: azure ? 'azure-openai' : kind === 'other-llm' ? 'other' : f, kind: path });
  switch (path) {
    case 'chat':
      if (kind === 'anthropic' || kind === 'anthropic-module') return null;
      return openaiFamily('openai.chat');
    case 'responses':
      if (kind === 'anthropic' || kind === 'anthropic-module') return null;
      // Resuming a stream by id is not a new prompt.
      if (args.keywords.has('response_id')) return null;
      if (kind === 'unknown' && !kwargsLookLike(args, ['input', 'model', 'instructions', 'prompt'])) return null;
      return openaiFamily('openai.responses');
    case 'legacy':
      if (kind === 'anthropic' || kind === 'anthropic-module') return null;
      if (kind === 'unknown' && !kwargsLookLike(args, ['prompt', 'model', 'engine'])) return null;
      return openaiFamily('openai.legacy');
    case 'legacy-module':
      if (kind !== 'openai-module' && !(kind === 'unknown' && root.type === 'identifier' && root.text === 'openai')) return null;
      return openaiFamily('openai.legacy');
    case 'anthropic':
      // Other vendors' clients have no Anthropic-shaped `messages.create`.
      if (kind === 'openai' || kind === 'azure' || kind === 'openai-module' || kind === 'other-llm') return null;
      if (kind === 'unknown' && !kwargsLookLike(args, ['max_tokens', 'messages', 'system'])) return null;
      return { family: 'anthropic.messages', kind: path };
    default:
      return null;
  }
}

/** LangChain's completion-model classes share the SDK clients' names; only LangChain's own count. */
const SDK_CLIENT_NAMES = new Set(['OpenAI', 'AzureOpenAI']);

function classifyLangChain(fn: Node, scope: Scope, at: number, last: string): Classified | null {
  const q = qualifiedName(fn, scope, at);
  // Bound to something that is not an import (a local class of the same name, a parameter).
  if (q === null) return null;
  const mod = q.includes('.') ? q.slice(0, q.lastIndexOf('.')) : '';
  if (mod && !/langchain/.test(mod)) return null;
  if (!mod && SDK_CLIENT_NAMES.has(last)) return null;
  return { family: 'langchain', kind: 'langchain', ctor: last };
}
