// Call-site model shared by the scanner, the CLI and the editor. Positions are our own 1-based
// {line, column}; only src/host turns them into vscode.Range.

export type Language = 'ts' | 'tsx' | 'js' | 'jsx' | 'py' | 'go' | 'java' | 'cs';

export type ApiFamily =
  | 'openai.chat'
  | 'openai.responses'
  | 'openai.legacy'
  | 'azure-openai'
  | 'anthropic.messages'
  | 'vercel-ai'
  | 'langchain'
  | 'other';

export const API_FAMILIES: readonly ApiFamily[] = [
  'openai.chat', 'openai.responses', 'openai.legacy', 'azure-openai',
  'anthropic.messages', 'vercel-ai', 'langchain', 'other',
];

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

export interface SourceSpan {
  start: Position;
  end: Position;
}

export interface ChatMessage {
  role: string;
  content: string;
}

export interface PromptTemplate {
  messages: ChatMessage[];
  /** Template holes in {{name}} form, in order of first appearance, without braces. */
  holes: string[];
}

export type JsonSchema = Record<string, unknown> | boolean;

export interface CallSite {
  /**
   * Stable: a `promptshift-id:` comment's name, else the file stem and a hash of the path, the
   * enclosing named scope and the call's ordinal in it — unchanged by edits to the call itself.
   */
  id: string;
  /** The ID releases before 0.2 gave this call site (hash of its text); cases files named by it are migrated. */
  legacyId?: string;
  /** Relative to the scanned root, forward slashes. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  language: Language;
  api: ApiFamily;
  /** The literal model id at the call, or null when not statically known. */
  model: string | null;
  /** Source text of the model argument ("" when absent). */
  modelExpr: string;
  /**
   * The model the call uses under the workspace's default configuration when it is not a literal at
   * the call: one id, or every id a registry or switch picks among; null when not known.
   */
  modelResolved: string | string[] | null;
  /**
   * How modelResolved was found, hop by hop from the call outward ([] for a literal at the call); when
   * nothing was found, the hops followed and a last `stop` hop saying why.
   */
  modelSource: ModelHop[];
  /** Where the string literal holding the model id sits in this file (quotes included), for hovers and quick fixes. */
  modelSpan: SourceSpan | null;
  hasSchema: boolean;
  schema: JsonSchema | null;
  prompt: PromptTemplate | null;
  params: Record<string, unknown>;
}

/** What one step of following a model value is. */
export type ModelHopKind =
  /** A named value: `MODEL = "gpt-4o"`, `const MODEL = ...`. */
  | 'constant'
  /** A name imported from another module of the workspace (the hop is at the import). */
  | 'import'
  /** An attribute or property: `self.model = ...`, a class attribute, a dict or object entry. */
  | 'attribute'
  /** A parameter's default value. */
  | 'parameter'
  /** The value one of the workspace's own callers passes for a parameter. */
  | 'argument'
  /** A settings-class field (pydantic BaseSettings, a dataclass, a zod/env schema). */
  | 'settings'
  /** An environment lookup with a default in code (`os.getenv("X", "gpt-4o")`, `process.env.X ?? "..."`). */
  | 'env-default'
  /** An environment variable read with no default in code. */
  | 'env'
  /** A `.env`-style file that sets the variable (`.env`, `.env.local`; `.env.example` and the like as templates). */
  | 'dotenv'
  /** A key of a JSON, YAML, TOML or properties file the code reads. */
  | 'config'
  /** What a function of the workspace returns. */
  | 'return'
  /** A map, switch or conditional that picks among several ids (every one is listed). */
  | 'registry'
  /** Where following stops, with the reason (user input, a database, a required variable...). */
  | 'stop';

export interface ModelHop {
  kind: ModelHopKind;
  /** Relative to the scanned root, forward slashes. */
  path: string;
  /** 1-based. */
  line: number;
  /** The source line (trimmed, shortened). */
  text: string;
  /** The literal holding the id at this hop (quotes included, if any), when this hop defines a resolved id. */
  span?: SourceSpan;
  /** The id the literal at `span` holds. */
  holds?: string;
  /** The variable, key or name the hop is about (`OPENAI_MODEL`, `llm.model`). */
  name?: string;
  /** For `stop` hops: why following ends here. */
  reason?: string;
  /**
   * For a `stop` hop at the file's edge: the imported name and the members read from it
   * (`settings.model` → {module: 'app.config', name: 'settings', path: ['model']}), so the
   * cross-file pass can go on from the other module without tracing this file again. The pass
   * removes it.
   */
  follow?: { module: string; name: string; path: string[] };
}

export interface ScanError {
  path: string;
  message: string;
  line?: number;
}

export interface ScanStats {
  files: number;
  parsedFiles: number;
  ms: number;
}

export interface ScanResult {
  version: 1;
  root: string;
  callSites: CallSite[];
  stats: ScanStats;
  errors: ScanError[];
}

/**
 * The model a call site effectively uses: the literal, else the resolved value; when a registry or
 * switch picks among several, the first of them (callers that must say so use modelChoices).
 */
export function effectiveModel(site: Pick<CallSite, 'model' | 'modelResolved'>): string | null {
  if (site.model !== null) return site.model;
  const r = site.modelResolved;
  return Array.isArray(r) ? r[0] ?? null : r;
}

/** Every id the call site may use: [] when unknown, one for a literal or a single resolved id. */
export function modelChoices(site: Pick<CallSite, 'model' | 'modelResolved'>): string[] {
  if (site.model !== null) return [site.model];
  const r = site.modelResolved;
  return r === null ? [] : Array.isArray(r) ? [...r] : [r];
}

/** True when the model was found through names, defaults or configuration rather than written at the call. */
export function resolvedThroughConfiguration(site: Pick<CallSite, 'model' | 'modelResolved' | 'modelSource'>): boolean {
  return site.model === null && site.modelResolved !== null && site.modelSource.length > 0;
}
