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
  /** Value found by resolving a same-file constant/default, else null. */
  modelResolved: string | null;
  /** Where the string literal holding the model id sits (quotes included), for hovers and quick fixes. */
  modelSpan: SourceSpan | null;
  hasSchema: boolean;
  schema: JsonSchema | null;
  prompt: PromptTemplate | null;
  params: Record<string, unknown>;
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

/** The model a call site effectively uses: the literal, else the resolved value. */
export function effectiveModel(site: Pick<CallSite, 'model' | 'modelResolved'>): string | null {
  return site.model ?? site.modelResolved;
}
