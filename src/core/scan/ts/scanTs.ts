// The TypeScript/JavaScript scanner: one syntax tree per file (no Program, no type checker, so a file
// scans alone and in milliseconds), one pass to learn what the file imports and builds, then each
// call or `new` is classified and described. Errors are data: a syntax error is reported with what
// could still be recovered, and nothing in here throws to the caller.
import ts from 'typescript';
import type { Language, ScanError } from '../../callsite';
import type { RawCallSite, RawFileScan } from '../raw';
import type { TreeSitterLanguage } from '../jobs';
import { classifyCall, classifyNew, inTestScaffolding, noteFacts, type Candidate, type FileFacts } from './classify';
import { modelOf } from './model';
import { paramsOf } from './params';
import { promptOfCall } from './prompt';
import { schemaOfCall } from './schema';
import { Ctx, objectOf } from './values';

const CALL = ts.SyntaxKind.CallExpression;
const NEW = ts.SyntaxKind.NewExpression;
const IMPORT = ts.SyntaxKind.ImportDeclaration;
const IMPORT_EQUALS = ts.SyntaxKind.ImportEqualsDeclaration;

/** The languages this scanner reads; tree-sitter reads the rest. */
export type ScriptLanguage = Exclude<Language, TreeSitterLanguage>;

const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

// Read once: the walk asks this of every node, and a property load per question adds up.
const FIRST_NODE = ts.SyntaxKind.FirstNode;
const FIRST_TYPE = ts.SyntaxKind.FirstTypeNode;
const LAST_TYPE = ts.SyntaxKind.LastTypeNode;
const INTERFACE = ts.SyntaxKind.InterfaceDeclaration;
const TYPE_ALIAS = ts.SyntaxKind.TypeAliasDeclaration;
const hasNoCalls = (k: ts.SyntaxKind) => k < FIRST_NODE || (k >= FIRST_TYPE && k <= LAST_TYPE) || k === INTERFACE || k === TYPE_ALIAS;

const SCRIPT_KIND: Record<ScriptLanguage, ts.ScriptKind> = {
  ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX, js: ts.ScriptKind.JS, jsx: ts.ScriptKind.JSX,
};

export function scanTypeScriptSource(path: string, text: string, language: ScriptLanguage): RawFileScan {
  try {
    return scan(path, text, language);
  } catch (e) {
    // The parser itself recurses; pathological nesting can exhaust the stack. That is this file's error.
    return { callSites: [], error: { path, message: `could not parse: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

function scan(path: string, text: string, language: ScriptLanguage): RawFileScan {
  // Parent pointers are set by our own walk below rather than by a second pass of the parser. JSDoc
  // is never read (an `@example` is not a call site), and skipping it parses real code ~2x faster.
  const sf = ts.createSourceFile(path, text, PARSE_OPTIONS, false, SCRIPT_KIND[language] ?? ts.ScriptKind.TS);
  const ctx = new Ctx(sf);
  const facts: FileFacts = { sdks: new Set(), kinds: new Set() };
  const calls: (ts.CallExpression | ts.NewExpression)[] = [];

  // Iterative walk: deeply nested code must not overflow our stack (the tree is already built).
  // Children are pushed straight onto the stack and the pushed run reversed in place, so the walk is
  // pre-order (call sites come out in document order) without a per-node scratch array; only the
  // few node kinds noteFacts reads are handed to it.
  const stack: ts.Node[] = [sf];
  let parent: ts.Node = sf;
  const push = (c: ts.Node) => {
    (c as { parent: ts.Node }).parent = parent;
    // Tokens, names and literals have no children, and types and type declarations hold no calls:
    // they get their parent pointer (name lookups walk up from a name) but are not walked into.
    if (!hasNoCalls(c.kind)) stack.push(c);
  };
  while (stack.length) {
    const node = stack.pop()!;
    const k = node.kind;
    if (k === CALL || k === NEW) {
      calls.push(node as ts.CallExpression | ts.NewExpression);
      noteFacts(node, ctx, facts);
    } else if (k === IMPORT || k === IMPORT_EQUALS) {
      noteFacts(node, ctx, facts);
    }
    parent = node;
    const base = stack.length;
    ts.forEachChild(node, push);
    for (let i = base, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i];
      stack[i] = stack[j];
      stack[j] = t;
    }
  }

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
