// The TypeScript/JavaScript scanner: one syntax tree per file (no Program, no type checker, so a file
// scans alone and in milliseconds), one pass to learn what the file imports and builds, then each
// call or `new` is classified and described. Errors are data: a syntax error is reported with what
// could still be recovered, and nothing in here throws to the caller.
import ts from './compiler';
import type { Language, ScanError } from '../../callsite';
import type { RawCallSite, RawFileScan } from '../raw';
import type { TreeSitterLanguage } from '../jobs';
import { classifyCall, classifyNew, inTestScaffolding, noteClient, noteFacts, type Candidate, type FileFacts } from './classify';
import { modelOf } from './model';
import { paramsOf } from './params';
import { promptOfCall } from './prompt';
import { schemaOfCall } from './schema';
import { Ctx, objectOf } from './values';
import { walkForCalls } from './walk';
import { tsScopeOf } from './scopeName';
import type { TsFlow } from './trace/types';

const CALL = ts.SyntaxKind.CallExpression;
const NEW = ts.SyntaxKind.NewExpression;

/** The languages this scanner reads; tree-sitter reads the rest. */
export type ScriptLanguage = Exclude<Language, TreeSitterLanguage>;

const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

const SCRIPT_KIND: Record<ScriptLanguage, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX, js: ts.ScriptKind.JS, jsx: ts.ScriptKind.JSX,
};

/** `flow` (the cross-file pass) lets model tracing follow imports, callers, the environment and configuration. */
export function scanTypeScriptSource(path: string, text: string, language: ScriptLanguage, flow: TsFlow | null = null): RawFileScan {
  try {
    return scan(path, text, language, flow);
  } catch (e) {
    // The parser itself recurses; pathological nesting can exhaust the stack. That is this file's error.
    return { callSites: [], error: { path, message: `could not parse: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

function scan(path: string, text: string, language: ScriptLanguage, flow: TsFlow | null): RawFileScan {
  // Parent pointers are set by our own walk below rather than by a second pass of the parser. JSDoc
  // is never read (an `@example` is not a call site), and skipping it parses real code ~2x faster.
  const sf = ts.createSourceFile(path, text, PARSE_OPTIONS, false, SCRIPT_KIND[language] ?? ts.ScriptKind.TS);
  const ctx = new Ctx(sf);
  ctx.flow = flow;
  const facts: FileFacts = { sdks: new Set(), kinds: new Set(), vendors: new Set() };
  const calls: (ts.CallExpression | ts.NewExpression)[] = [];

  walkForCalls(sf, (node) => {
    if (node.kind === CALL || node.kind === NEW) calls.push(node as ts.CallExpression | ts.NewExpression);
    noteFacts(node, ctx, facts);
  });
  for (const node of calls) if (node.kind === NEW) noteClient(node as ts.NewExpression, ctx, facts);

  const callSites: RawCallSite[] = [];
  for (const node of calls) {
    try {
      const c = ts.isCallExpression(node) ? classifyCall(node, ctx, facts) : classifyNew(node, ctx, facts);
      if (c && !inTestScaffolding(node, sf)) callSites.push(describe(c, ctx));
    } catch {
      // A construct this scanner does not understand costs one call site, never the file.
    }
  }
  return { callSites, error: syntaxError(path, sf) };
}

/** The options object of the call: the first argument, or LangChain's second (`initChatModel(id, opts)`). */
function requestProps(c: Candidate, ctx: Ctx): Map<string, ts.Expression> | undefined {
  const args = c.node.arguments ?? [];
  if (c.shape === 'langchain' || c.shape === 'initChatModel') return (objectOf(args[0], ctx) ?? objectOf(args[1], ctx))?.props;
  if (c.shape === 'azure-sdk') return objectOf(args[2], ctx)?.props;
  return objectOf(args[0], ctx)?.props;
}

function describe(c: Candidate, ctx: Ctx): RawCallSite {
  const { sf } = ctx;
  const start = sf.getLineAndCharacterOfPosition(c.node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(c.node.end);
  const props = requestProps(c, ctx);
  const schema = schemaOfCall(c, props, ctx);
  return {
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    api: c.api,
    ...modelOf(c, ctx),
    hasSchema: schema.hasSchema,
    schema: schema.schema,
    prompt: promptOfCall(c, props, ctx),
    params: paramsOf(c, props, ctx),
    scope: tsScopeOf(c.node, sf),
    callText: c.node.getText(sf),
  };
}

function syntaxError(path: string, sf: ts.SourceFile): ScanError | null {
  // parseDiagnostics is internal to the compiler API but stable for years; read it defensively.
  const diags = (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  const d = diags?.[0];
  if (!d) return null;
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const line = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start).line + 1 : undefined;
  return { path, message: `syntax error: ${message}`, ...(line !== undefined ? { line } : {}) };
}
