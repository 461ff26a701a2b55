// The cross-file pass for TypeScript/JavaScript: answers model tracing's questions (ts/trace/
// types.ts TsFlow) from the workspace — modules by import (tsModules.ts), JSON modules as data, the
// callers of a function or class, `.env` values and configuration files — and re-scans a file with
// those answers. Each file is parsed once per pass, with parent pointers (tracing climbs them).
import ts from '../ts/compiler';
import type { CallSite, Language, ModelHop } from '../../callsite';
import { chainOf, type Chain } from './chain';
import { isTestPath } from '../common/testPaths';
import { exportedValue, moduleOrData } from '../ts/trace/exports';
import { memberOf } from '../ts/trace/access';
import { prependT } from '../ts/trace/trace';
import type { RawCallSite } from '../raw';
import { scanTypeScriptSource, type ScriptLanguage } from '../ts/scanTs';
import { Ctx } from '../ts/values';
import { trace } from '../ts/trace/trace';
import { newTracer, type StrT, type TsFile, type TsFlow, type TsFrame, type TsModule, type TVal } from '../ts/trace/types';
import type { ConfigNode } from './configData';
import type { ConfigFiles, LoadedConfig } from './configFiles';
import type { DotenvFiles } from './dotenv';
import { SourceLines } from './hops';
import type { FlowFiles } from './ports';
import { TsModuleResolver } from './tsModules';
import { languageOf } from '../files';

const MAX_CALLERS = 64;
const SCRIPT_KIND: Record<string, ts.ScriptKind> = { ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX, js: ts.ScriptKind.JS, jsx: ts.ScriptKind.JSX };
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

export class TypeScriptFlow implements TsFlow {
  private readonly parsed = new Map<string, TsFile | null>();
  private readonly modules: TsModuleResolver;
  private readonly callerCache = new Map<string, TsFrame[] | null>();

  constructor(private readonly files: FlowFiles, private readonly dotenv: DotenvFiles, private readonly configs: ConfigFiles) {
    this.modules = new TsModuleResolver(files);
  }

  /** Re-scans a file with cross-file answers (its call sites, as the per-file scan reports them). */
  retrace(path: string, language: Language): RawCallSite[] {
    const text = this.files.read(path);
    return text === null ? [] : scanTypeScriptSource(path, text, language as ScriptLanguage, this).callSites;
  }

  /** Goes on from a one-file scan's continuation (its stop hop's `follow`), without scanning the site's file again. */
  continueFrom(site: CallSite, follow: NonNullable<ModelHop['follow']>): Chain | null {
    const mod = this.module(follow.module, site.path);
    if (!mod) return null;
    const tracer = newTracer(this);
    let v: TVal;
    if (mod.kind === 'data') v = follow.name === '*' || follow.name === 'default' ? mod.value : moduleOrData(mod, follow.name);
    else v = exportedValue(mod.file, follow.name, tracer, 0);
    const at = mod.kind === 'ts' ? mod.file : null;
    for (const key of follow.path) {
      if (v.k === 'map') v = prependT(v.entries.get(key) ?? { k: 'unknown' }, v.via ?? []);
      else if (at) v = memberOf(v, key, at.sf, at, tracer, 0, site.api === 'vercel-ai');
      else return null;
    }
    const chain = chainOf(v, site.path);
    return chain.resolved === null ? null : chain;
  }

  file(path: string): TsFile | null {
    if (this.parsed.has(path)) return this.parsed.get(path)!;
    const text = this.files.read(path);
    const language = languageOf(path);
    let out: TsFile | null = null;
    if (text !== null && language && SCRIPT_KIND[language] !== undefined) {
      try {
        const sf = ts.createSourceFile(path, text, PARSE_OPTIONS, true, SCRIPT_KIND[language]);
        const ctx = new Ctx(sf);
        ctx.flow = this;
        out = { path, sf, ctx, lines: new SourceLines(path, () => text) };
      } catch {
        out = null;
      }
    }
    this.parsed.set(path, out);
    return out;
  }

  module(spec: string, from: string): TsModule | null {
    const path = this.modules.resolve(spec, from);
    if (path === null) return null;
    if (path.endsWith('.json')) {
      const loaded = this.configs.parse(path, 'json');
      return loaded ? { kind: 'data', value: configT(loaded.root, loaded, []), path } : null;
    }
    const file = this.file(path);
    return file ? { kind: 'ts', file } : null;
  }

  env(name: string, from: string): StrT | null {
    const found = this.dotenv.lookup(name, from, false);
    return found ? { k: 'str', s: found.value, def: found.hop } : null;
  }

  config(file: { rel: string; exact: boolean }, from: string, format: 'json' | 'yaml' | 'toml' | 'any'): TVal | null {
    const loaded = this.configs.load(file, from, format);
    return loaded ? configT(loaded.root, loaded, []) : null;
  }

  /** The workspace's calls of a function (or `new` of a class): a call counts when its callee traces to this declaration. */
  callers(decl: ts.SignatureDeclaration | ts.ClassLikeDeclaration, file: TsFile): TsFrame[] | null {
    const name = declName(decl);
    if (!name) return null;
    const key = `${file.path}:${decl.pos}`;
    if (this.callerCache.has(key)) return this.callerCache.get(key)!;
    this.callerCache.set(key, null);
    const word = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`);
    const frames: TsFrame[] = [];
    const fromTests = isTestPath(file.path);
    for (const path of this.files.paths()) {
      const lang = languageOf(path);
      if (!lang || SCRIPT_KIND[lang] === undefined || frames.length >= MAX_CALLERS || (!fromTests && isTestPath(path))) continue;
      const text = this.files.read(path);
      if (text === null || !word.test(text)) continue;
      const other = this.file(path);
      if (other) this.callsIn(other, name, decl, file.path, frames);
    }
    this.callerCache.set(key, frames);
    return frames;
  }

  private callsIn(f: TsFile, name: string, decl: ts.Node, declPath: string, frames: TsFrame[]): void {
    const stack: ts.Node[] = [f.sf];
    while (stack.length && frames.length < MAX_CALLERS) {
      const n = stack.pop()!;
      if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && calleeIs(n.expression, name)) {
        const inside = f.path === declPath && n.pos >= decl.pos && n.end <= decl.end;
        const v = inside ? null : trace(n.expression, f, newTracer(this));
        const target = v && (v.k === 'fn' || v.k === 'class') ? v : null;
        if (target && target.file.path === declPath && target.decl.pos === decl.pos && target.decl.end === decl.end) frames.push({ call: n, file: f });
      }
      n.forEachChild((c) => { stack.push(c); });
    }
  }
}

function calleeIs(e: ts.Expression, name: string): boolean {
  return (ts.isIdentifier(e) && e.text === name) || (ts.isPropertyAccessExpression(e) && e.name.text === name);
}

function declName(decl: ts.Node): string | null {
  const own = (decl as { name?: ts.Node }).name;
  if (own && ts.isIdentifier(own)) return own.text;
  if (decl.parent && ts.isVariableDeclaration(decl.parent) && ts.isIdentifier(decl.parent.name)) return decl.parent.name.text;
  return null;
}

/** Configuration as traced values: each string carries the `config` hop at its key. */
export function configT(node: ConfigNode, loaded: LoadedConfig, keys: string[]): TVal {
  if (node.kind === 'map') return { k: 'map', entries: new Map(node.entries.map(([k, v]) => [k, configT(v, loaded, [...keys, k])])) };
  if (node.kind === 'list') return { k: 'list', items: node.items.map((v, i) => configT(v, loaded, [...keys, String(i)])) };
  if (typeof node.value === 'string') return { k: 'str', s: node.value, def: loaded.lines.hop('config', node.line, { span: node.span, name: keys.join('.') }) };
  return { k: 'unknown', node: { text: String(node.value) } };
}
