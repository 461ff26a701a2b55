// Which calls a Python file's index records as candidates, and the ways a file uses SDK methods
// without calling them at once: stored (`create = client.chat.completions.create`), handed to a
// forwarder, stubbed in place or patched out in a test. Split from fileIndex.ts, whose walk uses it.
import type { Node } from './tree';
import { field, named, unparen } from './tree';
import type { FileIndex, Scope } from './indexTypes';

/** Last names of the helpers that call their first argument with the rest (checked by import in family.ts). */
export const FORWARDER_LAST = new Set(['to_thread', 'partial', 'run_in_threadpool', 'run_sync']);
/** Last names of helpers that return a callable for the method they wrap: `sync_to_async(method)(...)`. */
export const WRAPPER_LAST = new Set(['sync_to_async', 'async_to_sync', 'asyncify']);

/**
 * LangChain constructors and factories that are call sites, under their own names. `OpenAI` and
 * `AzureOpenAI` are LangChain's completion-model LLM classes only when imported from a LangChain
 * module (family.ts checks); from `openai` they are the SDK's clients.
 */
export const LANGCHAIN_NAMES = new Set(['ChatOpenAI', 'AzureChatOpenAI', 'ChatAnthropic', 'init_chat_model', 'OpenAI', 'AzureOpenAI']);

/**
 * Other vendors' request methods (family.ts checks the receiver): Gemini `generate_content`, Mistral
 * `chat.complete`, LiteLLM `completion`, Bedrock `converse`/`invoke_model`.
 */
export const VENDOR_METHODS = new Set([
  'generate_content', 'generate_content_stream', 'complete', 'complete_async', 'stream_async',
  'completion', 'acompletion', 'converse', 'converse_stream', 'invoke_model', 'invoke_model_with_response_stream',
  'send_message', 'send_message_async', 'send_message_stream',
]);

/** Last names of calls worth classifying; everything else is skipped during the walk. */
export const CANDIDATE_LAST = new Set(['create', 'parse', 'stream', 'run_tools', 'acreate', 'tool_runner', ...LANGCHAIN_NAMES, ...VENDOR_METHODS]);

/** Calls that replace or patch out something in a test: `mocker.patch`, `patch.object`, `monkeypatch.setattr`. */
export const PATCHING = /(^|\.)(patch(\.object|\.dict|\.multiple)?|setattr|setitem)$/;
/** What a patch must name to take an SDK out: the modules, their clients, or their request methods. */
export const SDK_NAMED = /\b(openai|anthropic|(Async)?(Azure)?OpenAI|(Async)?Anthropic|genai|litellm|mistralai|completions|messages)\b/;

/**
 * Words one of which a call's text must contain to be recorded (a candidate's last name, a forwarder,
 * a patch or a list mutation): a whole-word test on the call's text rejects most calls before any
 * field is read.
 * Exact, not a heuristic: the last name is an identifier token inside the call's text.
 */
export const RECORDED_CALL_WORD = new RegExp(`\\b(?:${[...CANDIDATE_LAST, ...FORWARDER_LAST, ...WRAPPER_LAST, 'append', 'extend', 'update', 'patch', 'setattr', 'setitem'].join('|')})\\b`);

/** `x.chat.completions.create` (not called): a method worth remembering under the name it is stored as. */
export function isSdkMethodRef(node: Node | null): boolean {
  const n = unparen(node);
  return !!n && n.type === 'attribute' && CANDIDATE_LAST.has(field(n, 'attribute')?.text ?? '');
}

/** The first argument, when it names an SDK method (`client.chat.completions.create`, a stored `create`). */
export function methodArgument(call: Node, index: FileIndex): Node | null {
  const target = unparen(named(field(call, 'arguments'))[0] ?? null);
  const name = target?.type === 'attribute' ? field(target, 'attribute')?.text : target?.type === 'identifier' ? target.text : null;
  return target && name && (CANDIDATE_LAST.has(name) || index.langchainAliases.has(name) || index.storedMethods.has(name)) ? target : null;
}

/**
 * Test set-ups that take an SDK out: `patch("openai.OpenAI")`, `mocker.patch.object(openai, ...)`,
 * `monkeypatch.setattr(client.messages, "create", fake)` (a method stubbed in place). True when
 * the call is one of these patching calls.
 */
export function recordPatch(node: Node, fn: Node, index: FileIndex): boolean {
  const dotted = fn.type === 'identifier' ? fn.text : fn.type === 'attribute' ? fn.text.replace(/\s+/g, '') : '';
  // The builtin setattr configures; `instructor.patch(OpenAI())` wraps a real client.
  if (!PATCHING.test(dotted) || dotted === 'setattr' || /^instructor\./.test(dotted)) return false;
  const args = named(field(node, 'arguments'));
  const first = unparen(args[0] ?? null);
  if (!first || first.type === 'call') return true;
  const name = args[1] && unparen(args[1])?.type === 'string' ? unparen(args[1])!.text.slice(1, -1) : null;
  if (name && CANDIDATE_LAST.has(name) && first.type !== 'string') {
    index.stubbed.set(`${first.text.replace(/\s+/g, '')}.${name}`, args[2] ?? null);
  } else if (SDK_NAMED.test(node.text)) {
    index.patchesSdk = true;
  }
  return true;
}

/**
 * Calls through a stored SDK method (`self._create(...)` after `self._create = client.chat.completions.create`)
 * carry none of the words the walk looks for, and the store may come after the call in the file
 * (a method defined above `__init__`): they are found in a second pass, only in files that store one.
 */
export function recordStoredMethodCalls(root: Node, index: FileIndex): void {
  const seen = new Set(index.calls.map((c) => c.node.id));
  for (const node of root.descendantsOfType('call')) {
    if (!node || seen.has(node.id)) continue;
    const fn = unparen(field(node, 'function'));
    const last = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' ? field(fn, 'attribute')?.text : undefined;
    if (last && index.storedMethods.has(last)) index.calls.push({ node, scope: scopeAt(index, node.startIndex) });
  }
}

/** The innermost scope holding `offset`. */
export function scopeAt(index: FileIndex, offset: number): Scope {
  let found = index.module;
  for (const s of index.scopes) if (s.node.startIndex <= offset && offset < s.end) found = s;
  return found;
}

