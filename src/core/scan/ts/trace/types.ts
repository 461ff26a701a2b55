// The values TypeScript/JavaScript model tracing works with, the file context a node is read in,
// and what the cross-file pass answers (TsFlow). A value carries its provenance (`via`: the hops
// from the use outward); a string also the hop at the literal that wrote it (`def`).
import type ts from 'typescript';
import type { ModelHop } from '../../../callsite';
import type { SourceLines } from '../../flow/hops';
import type { Ctx } from '../values';

/** A parsed file of the workspace, as tracing reads it. */
export interface TsFile {
  path: string;
  sf: ts.SourceFile;
  ctx: Ctx;
  lines: SourceLines;
}

export interface StrT { k: 'str'; s: string; via?: ModelHop[]; def?: ModelHop; node?: ts.StringLiteralLike; prefixed?: boolean }

export type TVal =
  | StrT
  | { k: 'choice'; options: StrT[]; via?: ModelHop[] }
  /** An environment variable with no value known (no default in code, none in .env files). */
  | { k: 'env'; name: string; via?: ModelHop[] }
  | { k: 'unknown'; via?: ModelHop[]; stop?: ModelHop; node?: { text: string } | null }
  | { k: 'obj'; node: ts.ObjectLiteralExpression; file: TsFile; via?: ModelHop[] }
  | { k: 'arr'; node: ts.ArrayLiteralExpression; file: TsFile; via?: ModelHop[] }
  /** Configuration data read from a JSON/YAML/TOML file: entries are values with `config` hops. */
  | { k: 'map'; entries: Map<string, TVal>; via?: ModelHop[] }
  | { k: 'list'; items: TVal[]; via?: ModelHop[] }
  | { k: 'class'; decl: ts.ClassLikeDeclaration; file: TsFile; via?: ModelHop[] }
  | { k: 'instance'; decl: ts.ClassLikeDeclaration; file: TsFile; frame: TsFrame | null; via?: ModelHop[] }
  | { k: 'enum'; decl: ts.EnumDeclaration; file: TsFile; via?: ModelHop[] }
  | { k: 'fn'; decl: ts.SignatureDeclaration; file: TsFile; via?: ModelHop[] }
  | { k: 'module'; file: TsFile; via?: ModelHop[] }
  /** `process.env` (no shape), or an env object validated by a schema (zod, t3-env, envalid). */
  | { k: 'envobj'; shape: Map<string, { expr: ts.Expression; file: TsFile }> | null; via?: ModelHop[] }
  /** An expression tracing does not give a value to (a call it does not follow), kept for callers that inspect it. */
  | { k: 'expr'; node: ts.Expression; file: TsFile; via?: ModelHop[] }
  /** A file path the code builds (`path.join(__dirname, 'config.json')`): `exact` when relative to the workspace root. */
  | { k: 'file'; rel: string; exact: boolean; via?: ModelHop[] };

/** A call being followed into: the function's parameters take its arguments. */
export interface TsFrame {
  call: ts.CallExpression | ts.NewExpression;
  file: TsFile;
}

/** What a module specifier leads to in the workspace. */
export type TsModule = { kind: 'ts'; file: TsFile } | { kind: 'data'; value: TVal; path: string };

export interface TsFlow {
  /** The module an import in `from` names (relative, or through tsconfig paths), or null. */
  module(spec: string, from: string): TsModule | null;
  /** The value `.env`-style files of the workspace give a variable, with its `dotenv` hop, or null. */
  env(name: string, from: string): StrT | null;
  /** A JSON/YAML/TOML file the code reads, or null when it is not found. */
  config(file: { rel: string; exact: boolean }, from: string, format: 'json' | 'yaml' | 'toml' | 'any'): TVal | null;
  /** The workspace's calls of a function or constructor, or null when they cannot be found. */
  callers(decl: ts.SignatureDeclaration | ts.ClassLikeDeclaration, file: TsFile): TsFrame[] | null;
}

/** One trace: what it may ask, calls being followed into, and a step budget. */
export interface Tracer {
  flow: TsFlow | null;
  frames: Map<ts.Node, TsFrame>;
  active: Set<ts.Node>;
  steps: number;
}

export const MAX_TRACE_DEPTH = 40;
export const MAX_TRACE_STEPS = 20_000;

export function newTracer(flow: TsFlow | null): Tracer {
  return { flow, frames: new Map(), active: new Set(), steps: 0 };
}

export const UNKNOWN_T: TVal = { k: 'unknown' };
