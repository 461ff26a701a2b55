// The prefilter's second stage for TypeScript/JavaScript (files.ts mightHoldScriptCall): whether the
// TypeScript scanner could report a call site in a file, judged from its text alone, without the
// compiler (this runs on every file that names an SDK, in workers and the editor's host alike).
// It must never say no to a file the scanner reports from: each test below is a condition
// classify.ts needs to report anything, read off its code, and written to err on the side of yes.
// KEEP IN STEP WITH classify.ts: a new way to report a call site needs its words here, and its
// fixtures prove it (test/unit/scan/scriptCallFilter.test.ts scans every corpus file held back here).
//
// In vercel/ai this holds back the SDK's own sources and tests, which name openai/anthropic,
// generateText and `messages` on every page and call no model: 10 of the 12 MB the first stage
// let through.

/** Property paths: `…completions|responses|messages . create|parse|stream|…(…)`. */
const PATH_KEYS = /\b(?:completions|responses|messages)\b/;
const PATH_KEY_SET: ReadonlySet<string> = new Set(['completions', 'responses', 'messages']);

/**
 * LangChain's names the classifier recognises (`OpenAI`: its completion-model LLM class): each counts
 * only when LangChain is named in the file (classifyNew, isLangchainName), as `langchain` in a module.
 */
const LANGCHAIN_NAMES = /\b(?:initChatModel|(?:Azure)?(?:Chat)?OpenAI|ChatAnthropic)\b/;
const LANGCHAIN = /langchain/;
/** The names that need no SDK import at all: the Azure SDK's and openai v3's methods, found by receiver. */
const RECEIVER_NAMES = /\b(?:(?:get|stream)(?:Chat)?Completions|create(?:Chat)?Completion)\b/;
const VERCEL_NAMES = /\b(?:generate|stream)(?:Text|Object)\b/;
/** What the AI SDK's re-exports are told by (classify.ts isReexportOfAi, AI_COMPANIONS). */
const COMPANIONS = /\b(?:(?:generate|stream)(?:Text|Object)|LanguageModel|CoreMessage|ModelMessage|UIMessage|tool|jsonSchema|stepCountIs|hasToolCall|Output|wrapLanguageModel|smoothStream|ToolSet|createOpenAI|embed|embedMany)\b/g;
const REEXPORT_MODULE = /^(?:.*\/)?ai(?:[-_]?sdk)?$/i;
/**
 * Other vendors' SDKs (vendors.ts vendorOfModule: Gemini, Vertex AI, Mistral, Bedrock): their
 * methods are common words (`complete`, `sendMessage`), so a file naming one of these modules is
 * parsed, whatever else it holds.
 */
const VENDOR_MODULES = /@google\/genai|@google\/generative-ai|@google-cloud\/vertexai|@mistralai\/mistralai|@aws-sdk\/client-bedrock-runtime/;

/** Whitespace and comments, where the language allows them between two tokens. */
const GAP = String.raw`(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n)*`;
/** A method read as a property (`.create`, `?.create`, `['create']`): the only way a path call ends. */
const METHOD_ACCESS = new RegExp(String.raw`(?:\?\.|\.|\[${GAP}['"\`])${GAP}(?:create|parse|stream|runTools|runFunctions|toolRunner)\b`, 'g');
/**
 * A module specifier naming the AI SDK (`ai`, `ai/rsc`, `npm:ai@4`, an esm.sh URL: clients.ts
 * normaliseModule) after `from`, `import` or `require(`, or any mention of LangChain. In such a
 * file any bare call may be the SDK's under another name, so only the words are asked for.
 */
const SDK_IMPORT = new RegExp(String.raw`\b(?:from|import|require)${GAP}(?:\(${GAP})?(['"\`])\s*(?:https?:\/\/[^/'"\`]+\/(?:v\d+\/)?)?(?:(?:npm|jsr|node):)?(?:(?:x|npm)\/)?ai(?:@[^/'"\`]*)?(?:\/[^'"\`]*)?\s*\1|langchain`);
/** A named import clause and its module: `import [type] [X,] { … } from 'm'`. */
const IMPORT_CLAUSE = new RegExp(String.raw`\bimport\s*(?:type\s+)?(?:[\w$]+\s*,\s*)?\{((?:[^}/]|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n|\/)*)\}${GAP}from${GAP}(['"\`])([^'"\`]*)\2`, 'g');
const IMPORT_CLAUSE_START = /\bimport\s*(?:type\s+)?(?:[\w$]+\s*,\s*)?\{/g;

/**
 * Escapes that could spell a key or name the classifier compares (`\u0063reate`, `'\x63reate'`,
 * octal, a line continuation, or an identity escape of a letter: `'\create'` is `'create'`).
 */
const CODE_ESCAPES = /\\(?:[ux0-7\r\n\u2028\u2029])/;
const LETTER_ESCAPE = /\\[ac-eg-mo-qswyzA-Z]/;
const WORDS = ['completions', 'responses', 'messages', 'chat', 'beta', 'create', 'parse', 'stream', 'runTools', 'runFunctions', 'toolRunner',
  'generateText', 'streamText', 'generateObject', 'streamObject', 'initChatModel', 'ChatOpenAI', 'AzureChatOpenAI', 'ChatAnthropic',
  'getChatCompletions', 'streamChatCompletions', 'getCompletions', 'streamCompletions', 'createChatCompletion', 'createCompletion',
  'model', 'prompt', 'system', 'langchain', 'ai', 'OpenAI', 'AzureOpenAI', 'genai', 'generative', 'vertexai', 'mistralai', 'bedrock'];
const SPELLED_WITH_ESCAPES = new RegExp(String.raw`(?<![\w$])(?:${WORDS.map((w) => [...w].map((c) => `\\\\?${c}`).join('')).join('|')})(?![\w$])`, 'g');

/** The patterns, for the scan index's key: another rule, another scan. */
export const SCRIPT_PREFILTER_SOURCE = [PATH_KEYS, METHOD_ACCESS, VERCEL_NAMES, LANGCHAIN_NAMES, RECEIVER_NAMES, COMPANIONS, REEXPORT_MODULE, VENDOR_MODULES, SDK_IMPORT, IMPORT_CLAUSE, CODE_ESCAPES, LETTER_ESCAPE, SPELLED_WITH_ESCAPES]
  .map((r) => r.source).join(' ');

/** Whether the TypeScript scanner could report a call site in `text` (a file the first stage passed). */
export function mightHoldScriptCallText(text: string): boolean {
  if (RECEIVER_NAMES.test(text) || VENDOR_MODULES.test(text)) return true;
  // classifyNew and initChatModel need LangChain named; bare calls in an AI SDK or LangChain file may be
  // aliases, so any of the names will do. A path call is read off its receiver as in any other file:
  // the SDK import changes which bare calls count, never which paths do (classify.ts classifyCall).
  if (SDK_IMPORT.test(text)) {
    return nameInCode(text, VERCEL_NAMES_ALL) || (LANGCHAIN.test(text) && nameInCode(text, LANGCHAIN_NAMES_ALL)) || propertyPathCall(text) || hasEscapes(text);
  }
  return reexportedVercelCall(text) || propertyPathCall(text) || hasEscapes(text);
}

const VERCEL_NAMES_ALL = new RegExp(VERCEL_NAMES.source, 'g');
const LANGCHAIN_NAMES_ALL = new RegExp(LANGCHAIN_NAMES.source, 'g');

/**
 * Whether one of `names` (global) may be code. The AI SDK's own packages name `streamText` and
 * `OpenAI` in their comments on every page (vercel/ai: 550 KB of files that call nothing), and a
 * comment is never a call site. Only a line that is a comment for sure is passed over: one starting `//`, or `*` / `/*`
 * inside a block comment opened at the start of a line; never a line with `${` or an odd number of
 * backticks (a template literal's line may start with anything, and end the literal before code).
 * Comments quote names in pairs of backticks (`streamText`); those lines are still comments.
 */
function nameInCode(text: string, names: RegExp): boolean {
  for (const m of text.matchAll(names)) if (!onCommentLine(text, m.index)) return true;
  return false;
}

function onCommentLine(text: string, at: number): boolean {
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  const line = text.slice(start, end < 0 ? text.length : end);
  if (line.includes('${') || line.split('`').length % 2 === 0) return false;
  const before = text.slice(start, at);
  if (/^\s*\/\//.test(before)) return true;
  if (!/^\s*(?:\/\*|\*)/.test(before)) return false;
  const open = text.lastIndexOf('/*', at);
  if (open < 0 || !/^\s*$/.test(text.slice(text.lastIndexOf('\n', open) + 1, open))) return false;
  const close = text.indexOf('*/', open + 2);
  return close > at;
}

/**
 * A path call (classify.ts: `completions.create`, `responses.parse`, `messages.stream`…) with no AI
 * SDK or LangChain import: the method is read off a receiver that is itself the path key, or an
 * alias of one (`const c = client.chat.completions; c.create(…)`, `const { messages: m } = a`); a
 * receiver this cannot name (`(x as Y).create`, a comment before the dot) counts as one.
 */
function propertyPathCall(text: string): boolean {
  if (!PATH_KEYS.test(text)) return false;
  const checked = new Set<string>();
  for (const m of text.matchAll(METHOD_ACCESS)) {
    const receiver = receiverBefore(text, m.index);
    // `beta` is dropped from paths (`x.messages.beta.create` reads as `x.messages.create`).
    if (receiver === undefined || receiver === 'beta' || PATH_KEY_SET.has(receiver)) return true;
    if (checked.has(receiver)) continue;
    checked.add(receiver);
    if (aliasOfPathKey(text, receiver)) return true;
  }
  return false;
}

/** The identifier right before an accessor at `at`, or undefined when it is not a plain identifier. */
function receiverBefore(text: string, at: number): string | undefined {
  let i = at - 1;
  let newline = false;
  for (; i >= 0 && isSpace(text.charCodeAt(i)); i--) if (text.charCodeAt(i) === 10) newline = true;
  const end = i + 1;
  for (; i >= 0 && isIdentifierChar(text.charCodeAt(i)); i--);
  const name = text.slice(i + 1, end);
  // Not a plain ASCII name (the patterns below could not find its declaration): a receiver unknown.
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || (i >= 0 && (text[i] === '/' || text[i] === '*'))) return undefined;
  // `x // note` on the line before `.create(`: the word before the dot may be a comment's.
  if (newline) {
    const line = text.slice(text.lastIndexOf('\n', i) + 1, end);
    if (line.includes('//') || line.includes('*/')) return undefined;
  }
  return name;
}

/**
 * What classify.ts expandAliases follows: `name [: Type] = ….<path key>` (a property access whose
 * last key is the path key, maybe cast: `as T`, `!`, parentheses), or `{ <path key>: name }`.
 */
function aliasOfPathKey(text: string, name: string): boolean {
  const n = String.raw`(?<![\w$])${name.replace(/\$/g, '\\$')}(?![\w$])`;
  const statement = String.raw`(?:[^;/]|\/\*[\s\S]*?\*\/|\/\/[^\n]*\n|\/)*?`;
  const lastKey = String.raw`(?:\?\.|\.)${GAP}(?:completions|responses|messages)(?:[ \t]|\/\*[\s\S]*?\*\/)*(?:[;,)!}\r\n]|\/\/|as\b|satisfies\b|$)`;
  return new RegExp(String.raw`${n}\s*(?::(?:[^=;{]|\{[^}]*\})*)?=${statement}${lastKey}`).test(text)
    || new RegExp(String.raw`\b(?:completions|responses|messages)['"\`]?${GAP}\]?${GAP}:${GAP}${n}`).test(text);
}

/**
 * An AI SDK function imported from a module of the app's own (classify.ts vercelName with
 * isReexportOfAi and looksLikeVercelRequest): the module's last segment is `ai`/`ai-sdk`, or the
 * same import takes another of the SDK's names; and a request with `model` and a prompt.
 */
function reexportedVercelCall(text: string): boolean {
  if (!VERCEL_NAMES.test(text) || !/\bmodel\b/.test(text) || !/\b(?:prompt|messages|system)\b/.test(text)) return false;
  let clauses = 0;
  for (const m of text.matchAll(IMPORT_CLAUSE)) {
    clauses++;
    const [, names, , module] = m;
    if (!VERCEL_NAMES.test(names)) continue;
    if (REEXPORT_MODULE.test(module) || (names.match(COMPANIONS)?.length ?? 0) >= 2) return true;
  }
  // An import clause this could not read whole: do not guess.
  return clauses < (text.match(IMPORT_CLAUSE_START)?.length ?? 0);
}

function hasEscapes(text: string): boolean {
  if (CODE_ESCAPES.test(text)) return true;
  if (!LETTER_ESCAPE.test(text)) return false;
  for (const m of text.matchAll(SPELLED_WITH_ESCAPES)) if (m[0].includes('\\')) return true;
  return false;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c > 127;
}
