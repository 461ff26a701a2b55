// The cross-file pass for Python: answers model tracing's questions (python/flowPorts.ts) from the
// workspace — modules by import (relative, or absolute found by their path's tail), the callers of
// a function or class, `.env` values and configuration files — and re-traces a file's call sites
// with those answers. Each file is parsed and indexed once per pass; trees live until dispose().
import type { Parser, Tree } from '@vscode/tree-sitter-wasm';
import type { RawCallSite } from '../raw';
import { parseCapped } from '../common/treeSitter';
import type { Node } from '../python/tree';
import { field } from '../python/tree';
import { buildFileIndex } from '../python/fileIndex';
import type { FileIndex, Scope } from '../python/indexTypes';
import { evaluate, newEvaluator, type Evaluator } from '../python/values';
import { collectCallSites } from '../python/scanPy';
import { continueFollow } from '../python/trace';
import type { CallSite, ModelHop } from '../../callsite';
import { chainOf, type Chain } from './chain';
import type { ConfigFormat, PyFlow, PyModule, TraceShared } from '../python/flowPorts';
import type { Frame, StrVal, Val } from '../python/valueModel';
import type { ConfigNode } from './configData';
import type { ConfigFiles, LoadedConfig } from './configFiles';
import type { DotenvFiles } from './dotenv';
import { SourceLines } from './hops';
import type { FlowFiles } from './ports';
import { ancestors, dirOf, inDir } from './paths';
import { isTestPath } from '../common/testPaths';

const PARSE_TIMEOUT_MS = 3000;
const MAX_CALLERS = 64;

interface Parsed { tree: Tree; module: PyModule }

export class PythonFlow implements PyFlow {
  readonly shared: TraceShared = { flow: this, frames: new Map(), steps: 0 };
  private readonly parsed = new Map<string, Parsed | null>();
  private readonly callerCache = new Map<string, Frame[] | null>();

  constructor(private readonly files: FlowFiles, private readonly parser: Parser, private readonly dotenv: DotenvFiles, private readonly configs: ConfigFiles) {}

  /** Re-traces the call sites of `path` that start at the `line:column` positions in `only`. */
  retrace(path: string, only: ReadonlySet<string>): RawCallSite[] {
    const p = this.parse(path);
    return p ? collectCallSites(p.tree.rootNode, path, this, only, this.shared) : [];
  }

  /** Goes on from a one-file scan's continuation (its stop hop's `follow`), without tracing the site's file again. */
  continueFrom(site: CallSite, follow: NonNullable<ModelHop['follow']>): Chain | null {
    const mod = this.module(follow.module, site.path);
    if (!mod) return null;
    const from = newEvaluator(mod.index, 'model', { path: site.path, lines: new SourceLines(site.path, () => this.files.read(site.path) ?? ''), shared: this.shared });
    this.shared.steps = 0;
    const chain = chainOf(continueFollow(mod, from, follow), site.path);
    return chain.resolved === null ? null : chain;
  }

  dispose(): void {
    for (const p of this.parsed.values()) p?.tree.delete();
    this.parsed.clear();
  }

  private parse(path: string): Parsed | null {
    if (this.parsed.has(path)) return this.parsed.get(path)!;
    const text = this.files.read(path);
    const tree = text === null ? null : parseCapped(this.parser, text, PARSE_TIMEOUT_MS);
    let out: Parsed | null = null;
    if (tree) {
      const index = buildFileIndex(tree.rootNode);
      const ev = newEvaluator(index, 'model', { path, lines: new SourceLines(path, () => text!), shared: this.shared });
      out = { tree, module: { path, index, ev } };
    }
    this.parsed.set(path, out);
    return out;
  }

  module(spec: string, fromPath: string): PyModule | null {
    const path = this.resolve(spec, fromPath);
    return path === null ? null : this.parse(path)?.module ?? null;
  }

  /** The file of a module: relative (`.x`, `..`) from the importing file, absolute by the tail of its path. */
  private resolve(spec: string, fromPath: string): string | null {
    const level = /^\.*/.exec(spec)![0].length;
    const segs = spec.slice(level).split('.').filter(Boolean);
    if (level > 0) {
      let base = dirOf(fromPath);
      for (let i = 1; i < level; i++) {
        if (!base) return null;
        base = dirOf(base);
      }
      const stem = inDir(base, segs.join('/'));
      const candidates = segs.length ? [`${stem}.py`, `${stem}/__init__.py`] : [inDir(base, '__init__.py')];
      return candidates.find((c) => this.files.read(c) !== null) ?? null;
    }
    if (!segs.length) return null;
    // Absolute: the import roots of a project are the importing file's directory or one above it
    // (or its `src/`): probed nearest first, a listed directory at a time, never the whole tree.
    const tail = segs.join('/');
    for (const dir of ancestors(fromPath)) {
      for (const base of [dir, inDir(dir, 'src')]) {
        for (const c of [inDir(base, `${tail}.py`), inDir(base, `${tail}/__init__.py`)]) if (this.files.read(c) !== null) return c;
      }
    }
    return null;
  }

  env(name: string, fromPath: string, caseInsensitive: boolean): StrVal | null {
    const found = this.dotenv.lookup(name, fromPath, caseInsensitive);
    return found ? { k: 'str', s: found.value, holes: [], lit: null, def: found.hop } : null;
  }

  config(file: { rel: string; exact: boolean }, fromPath: string, format: ConfigFormat): Val | null {
    const loaded = this.configs.load(file, fromPath, format);
    return loaded ? configVal(loaded.root, loaded, []) : null;
  }

  /**
   * The calls of a module-level function, or of a module-level class (its `__init__`), anywhere in
   * the workspace: files that name it are parsed, and a call counts when its callee, resolved as
   * tracing resolves names (imports included), is this very function or class.
   */
  callers(fn: Scope, owner: PyModule): Frame[] | null {
    const cls = fn.name === '__init__' && fn.parent?.kind === 'class' && fn.parent.parent?.kind === 'module' ? fn.parent : null;
    if (!cls && fn.parent?.kind !== 'module') return null;
    const target = cls ?? fn;
    const key = `${owner.path}:${target.node.startIndex}`;
    if (this.callerCache.has(key)) return this.callerCache.get(key)!;
    this.callerCache.set(key, null); // a search that reaches itself finds nothing more
    const name = target.name;
    const word = new RegExp(`\\b${name}\\s*\\(`);
    const reach = importWords(owner.path);
    const frames: Frame[] = [];
    const fromTests = isTestPath(owner.path);
    for (const path of this.files.paths()) {
      if (!path.endsWith('.py') || frames.length >= MAX_CALLERS || (!fromTests && isTestPath(path))) continue;
      const text = this.files.read(path);
      // Only files that call the name and could import it (they name its module or package) are parsed.
      if (text === null || !word.test(text) || (path !== owner.path && !reach.some((w) => text.includes(w)))) continue;
      const p = this.parse(path);
      if (p) this.callsIn(p, text, name, target, owner.path, !!cls, frames);
    }
    this.callerCache.set(key, frames);
    return frames;
  }

  /** The calls of `name` in one module, found from the name's occurrences in its text rather than by walking the tree. */
  private callsIn(p: Parsed, text: string, name: string, target: Scope, ownerPath: string, ctor: boolean, frames: Frame[]): void {
    const mod = p.module;
    const ev = mod.ev as Evaluator;
    for (const m of text.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))) {
      if (frames.length >= MAX_CALLERS) break;
      const id = p.tree.rootNode.descendantForIndex(m.index, m.index + name.length);
      if (!id || id.type !== 'identifier') continue;
      const callee = id.parent?.type === 'attribute' && field(id.parent, 'attribute')?.id === id.id ? id.parent : id;
      const call = callee.parent;
      if (!call || call.type !== 'call' || field(call, 'function')?.id !== callee.id) continue;
      if (mod.path === ownerPath && call.startIndex >= target.node.startIndex && call.endIndex <= target.node.endIndex) continue;
      const scope = scopeAt(mod.index, call);
      const v = evaluate(ev, callee, scope, call.startIndex, 0);
      const hit = ctor
        ? v.k === 'class' && isSame(v.cls.scope, v.cls.ev, target, ownerPath)
        : v.k === 'fn' && isSame(v.scope, v.ev, target, ownerPath);
      if (hit) frames.push({ call, scope, at: call.startIndex, ev, method: ctor });
    }
  }
}

/**
 * Words a module that imports from `path` must contain: the module's name or its package's (an
 * `__init__` may re-export it). Relative imports name them too (`from .utils import f`, `from . import utils`).
 */
function importWords(path: string): string[] {
  const segs = path.replace(/\.py$/, '').split('/');
  if (segs[segs.length - 1] === '__init__') segs.pop();
  return segs.slice(-2).filter(Boolean);
}

function isSame(scope: Scope, ev: unknown, target: Scope, ownerPath: string): boolean {
  return scope.node.startIndex === target.node.startIndex && (ev as Evaluator).trace?.path === ownerPath;
}

/** The innermost function or class scope of the index holding `node`, else the module. */
function scopeAt(index: FileIndex, node: Node): Scope {
  let best = index.module;
  const consider = (s: Scope) => {
    if (s.node.startIndex <= node.startIndex && node.endIndex <= s.node.endIndex && s.node.endIndex - s.node.startIndex < best.node.endIndex - best.node.startIndex) best = s;
  };
  for (const list of index.functions.values()) list.forEach(consider);
  for (const list of index.classes.values()) list.forEach(consider);
  return best;
}

/** Configuration as values: each string carries the `config` hop at its key. */
function configVal(node: ConfigNode, loaded: LoadedConfig, keys: string[]): Val {
  if (node.kind === 'map') return { k: 'dict', entries: node.entries.map(([k, v]) => ({ key: k, val: configVal(v, loaded, [...keys, k]), node: null })) };
  if (node.kind === 'list') return { k: 'list', items: node.items.map((v, i) => configVal(v, loaded, [...keys, String(i)])) };
  const v = node.value;
  if (typeof v === 'string') {
    return { k: 'str', s: v, holes: [], lit: null, def: loaded.lines.hop('config', node.line, { span: node.span, name: keys.join('.') }) };
  }
  if (typeof v === 'number') return { k: 'num', v };
  if (typeof v === 'boolean') return { k: 'bool', v };
  return { k: 'none' };
}
