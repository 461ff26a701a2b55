// Which files the scanner looks at, and the cheap text test that decides whether to parse one at all.
import type { Language } from '../callsite';
import { mightHoldScriptCallText, SCRIPT_PREFILTER_SOURCE } from './ts/prefilter';

const EXTENSIONS: Record<string, Language> = {
  '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx',
  '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx',
  '.py': 'py', '.pyi': 'py',
  '.go': 'go', '.java': 'java', '.cs': 'cs',
};

/** Every file-name ending the scanner reads, dot included; the editor's file globs are made from it. */
export const SOURCE_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

/** The languages tree-sitter parses; the others are the TypeScript compiler's. */
export const TREE_SITTER_LANGUAGES = ['py', 'go', 'java', 'cs'] as const satisfies readonly Language[];
export type TreeSitterLanguage = typeof TREE_SITTER_LANGUAGES[number];

export function isTreeSitterLanguage(language: Language): language is TreeSitterLanguage {
  return (TREE_SITTER_LANGUAGES as readonly Language[]).includes(language);
}

export function languageOf(path: string): Language | null {
  if (path.endsWith('.d.ts') || path.endsWith('.d.mts') || path.endsWith('.d.cts')) return null;
  const dot = path.lastIndexOf('.');
  if (dot < 0) return null;
  return EXTENSIONS[path.slice(dot).toLowerCase()] ?? null;
}

/**
 * Directories no scan descends into, whatever the ignore files say: dependencies, build output,
 * caches and tool state. Other folders whose names start with a dot are scanned like any folder
 * (Remix's `app/lib/.server/`, `.claude/` skills, `.github/` scripts hold real calls), and so is
 * `third_party/`, which apps use for code of their own as often as for copies of libraries; a
 * .gitignore or an exclude setting leaves either out.
 */
export const ALWAYS_SKIPPED_DIRS: readonly string[] = [
  'node_modules', '.git', 'dist', 'build', 'out', '.venv', 'venv', '__pycache__', '.tox',
  'vendor', '.next', '.nuxt', 'coverage', '.promptshift', '.vscode-test', 'site-packages',
  // Version control, editors and local history: copies of the workspace's own files.
  '.hg', '.svn', '.idea', '.vs', '.history',
  // Package managers, build tools and caches: bundles and copies of dependencies.
  '.yarn', '.pnpm-store', '.npm', '.cache', '.parcel-cache', '.turbo', '.nx', '.svelte-kit', '.output', '.vercel',
  '.netlify', '.wrangler', '.webpack', '.expo', '.angular', '.docusaurus', '.serverless', '.aws-sam', '.terraform',
  '.gradle', '.m2', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.nox', '.eggs', '.ipynb_checkpoints', '.direnv',
];

/** Minified or generated bundles: long lines or the usual file names. */
export function looksMinified(path: string, text: string): boolean {
  if (/\.min\.(js|mjs|cjs)$|[.-]bundle\.js$/.test(path)) return true;
  const probe = text.slice(0, 4096);
  const lines = probe.split('\n');
  return probe.length >= 4096 && lines.length <= 3;
}

/**
 * The prefilter: a file is parsed only when it mentions one of the SDKs, or makes a request the
 * scanners recognise by its shape alone. Kept as one regular expression (POSIX ERE syntax) so
 * bench/scan can hand the same pattern to grep as its baseline. It matches the files the word list
 * `openai OpenAI anthropic Anthropic generateText streamText generateObject streamObject ChatOpenAI
 * ChatAnthropic initChatModel langchain @ai-sdk completions` does (ChatOpenAI/ChatAnthropic contain
 * OpenAI/Anthropic; factored this way V8 tests a file about a third faster, and the scan runs it over
 * every file in the workspace), plus two shapes real code writes without naming an SDK anywhere in
 * the file, on a client handed in untyped: `claude` (a model id: `x.messages.create({ model:
 * 'claude-…' })`) and `responses|messages` `.create|.parse|.stream`, which both scanners report as
 * OpenAI Responses / Anthropic Messages from the request alone (and not Twilio's
 * `messages.create({ body, to })`, which has neither model nor messages). Last, the other vendors'
 * SDKs reported as the `other` family: Gemini (`google.genai`, `google.generativeai`,
 * `@google/generative-ai`, vertexai's `GenerativeModel`, `generate_content`/`generateContent`),
 * Mistral, LiteLLM and Bedrock (`bedrock-runtime`, `converse`). And OpenAI .NET's `CompleteChat`,
 * for C# files that import the SDK through the project's global usings and name it nowhere.
 *
 * Go and Java need no alternative of their own: their scanners report nothing in a file that does
 * not import an SDK, and every SDK import they know names one of these words
 * (`github.com/openai/openai-go`, `github.com/anthropics/anthropic-sdk-go`,
 * `github.com/sashabaranov/go-openai`, `github.com/liushuangls/go-anthropic`, `azopenai`, `com.openai`,
 * `com.anthropic`, `com.azure.ai.openai`, `using OpenAI.Chat`, `using Azure.AI.OpenAI`, `using Anthropic`,
 * `using Anthropic.SDK`).
 */
export const PREFILTER_SOURCE =
  'openai|OpenAI|[aA]nthropic|claude|(generate|stream)(Text|Object)|initChatModel|langchain|@ai-sdk|completions'
  + '|(responses|messages)\\.(create|parse|stream)'
  + '|genai|generative-?ai|GenerativeModel|generate_?[cC]ontent|[mM]istral|litellm|[bB]edrock|converse|CompleteChat';
const PREFILTER = new RegExp(PREFILTER_SOURCE);

export function mightContainCallSite(text: string): boolean {
  return PREFILTER.test(text);
}

/**
 * The prefilter's second stage, for TypeScript and JavaScript (most of a big repository, and the
 * costliest to parse): a file the first stage passed is parsed only if the TypeScript scanner could
 * report a call site in it, judged from its text (ts/prefilter.ts). The tree-sitter languages are
 * the first stage's alone.
 */
export const SCRIPT_CALL_SOURCE = SCRIPT_PREFILTER_SOURCE;

const SCRIPT_LANGUAGES: ReadonlySet<Language> = new Set<Language>(['ts', 'tsx', 'js', 'jsx']);

/** Whether a file that passed mightContainCallSite is worth parsing (always, outside TypeScript/JavaScript). */
export function mightHoldScriptCall(language: Language, text: string): boolean {
  return !SCRIPT_LANGUAGES.has(language) || mightHoldScriptCallText(text);
}

export type DecodeOutcome = { ok: true; text: string } | { ok: false; message: string };

// One decoder for every file: a fatal decode that throws leaves it ready for the next.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Binary and non-UTF-8 files are errors to report, never crashes. */
export function decodeSource(bytes: Uint8Array, maxBytes: number): DecodeOutcome {
  if (bytes.length > maxBytes) return { ok: false, message: `skipped: ${bytes.length} bytes is over the ${maxBytes}-byte limit` };
  const probe = bytes.subarray(0, 8000);
  if (probe.includes(0)) return { ok: false, message: 'skipped: binary file (contains NUL bytes)' };
  try {
    const text = UTF8.decode(bytes);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { ok: false, message: 'skipped: not valid UTF-8' };
  }
}
