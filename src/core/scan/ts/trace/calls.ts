// Calls in model tracing: the workspace's own functions and methods (their returns, with the call's
// arguments), `new` (an instance that remembers its arguments), `require`, env schemas (zod
// `.parse(process.env)`, t3-env `createEnv`, envalid `cleanEnv`), configuration files read by a
// literal path, and the Vercel AI SDK's providers (`openai('gpt-4o')`, registries, custom providers).
import ts from '../compiler';
import { propertyNameText } from '../scope';
import { importOf, sdkOf } from '../clients';
import { isStringy, unwrap } from '../values';
import { readsAsModelId } from '../../common/modelIds';
import { hopAt, isIdT, mergeT, prependT, stoppedT, trace, withFollowT } from './trace';
import { memberOf } from './access';
import { inTestBranch } from './testBranch';
import { UNKNOWN_T, type TsFile, type TsFrame, type Tracer, type TVal } from './types';

function calleeName(callee: ts.Expression): string {
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
}

export function traceNew(e: ts.NewExpression, f: TsFile, t: Tracer, depth: number): TVal {
  const c = trace(e.expression, f, t, depth + 1);
  if (c.k === 'class') return { k: 'instance', decl: c.decl, file: c.file, frame: { call: e, file: f }, via: c.via };
  return { k: 'expr', node: e, file: f };
}

const CONFIG_PARSERS = /^(JSON\.parse|YAML\.parse|yaml\.parse|yaml\.load|jsYaml\.load|yaml\.safeLoad|toml\.parse|TOML\.parse|parseYaml|parseToml|load|parse)$/;

export function traceCall(e: ts.CallExpression, f: TsFile, t: Tracer, depth: number, provider: boolean): TVal {
  const callee = unwrap(e.expression);
  const name = calleeName(callee);
  const first = e.arguments[0];
  if (name === 'require' && ts.isIdentifier(callee) && first && isStringy(first) && !f.ctx.scopes.lookup('require', callee)) return required(first.text, e, f, t);
  if ((name === 'String' || name === 'trim' || name === 'toString') && ts.isIdentifier(callee) === (name === 'String')) {
    const inner = name === 'String' ? first : ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
    if (inner) return trace(inner, f, t, depth + 1, provider);
  }
  const env = envSchema(e, name, f, t, depth);
  if (env) return env;
  const config = configRead(e, callee, f, t, depth);
  if (config) return config;
  if (provider) {
    const p = providerModel(e, callee, name, f, t, depth);
    if (p) return p;
  }
  const fnVal = ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? trace(callee, f, t, depth + 1) : UNKNOWN_T;
  if (fnVal.k === 'fn') return prependT(callReturns(fnVal.decl, fnVal.file, { call: e, file: f }, t, depth, provider), fnVal.via ?? []);
  if (ts.isPropertyAccessExpression(callee)) {
    const obj = trace(callee.expression, f, t, depth + 1);
    if (obj.k === 'instance' || obj.k === 'class') {
      const m = obj.decl.members.find((x): x is ts.MethodDeclaration => ts.isMethodDeclaration(x) && propertyNameText(x.name) === name && !!x.body);
      if (m) return callReturns(m, obj.file, { call: e, file: f }, t, depth, provider);
    }
  }
  // A function imported from another module: the cross-file pass traces the file again to call into it.
  if (fnVal.k === 'unknown' && fnVal.stop?.follow) return withFollowT(fnVal, null);
  if (provider) return helperArgument(e, f, t, depth);
  // A call tracing does not follow (a library's function): kept as an expression, for callers
  // that recognise what it builds (a zod schema, a provider).
  return { k: 'expr', node: e, file: f };
}

function required(spec: string, at: ts.Node, f: TsFile, t: Tracer): TVal {
  const hop = hopAt(f, 'import', at, { name: spec });
  if (!t.flow) return { k: 'unknown', via: [hop], stop: hopAt(f, 'stop', at, { reason: `defined in \`${spec}\`, another module` }) };
  const mod = t.flow.module(spec, f.path);
  if (!mod) return stoppedT(f, at, `\`${spec}\` is not a module of the workspace`, [hop]);
  return mod.kind === 'ts' ? { k: 'module', file: mod.file, via: [hop] } : prependT(mod.value, [hop]);
}

/** What a function returns for `frame`'s call: every id when its returns (a switch, a lookup) differ. */
export function callReturns(decl: ts.SignatureDeclaration, file: TsFile, frame: TsFrame | null, t: Tracer, depth: number, provider: boolean): TVal {
  if (t.active.has(decl) || depth > 30) return UNKNOWN_T;
  const held = t.frames.get(decl);
  t.active.add(decl);
  if (frame) t.frames.set(decl, frame);
  try {
    const all = returnExpressions(decl);
    if (!all.length) return UNKNOWN_T;
    const deployed = all.filter((r) => !inTestBranch(r, decl));
    const exprs = deployed.length ? deployed : all;
    const vals = exprs.map((r) => prependT(trace(r, file, t, depth + 1, provider), [hopAt(file, 'return', r)]));
    const name = (decl as { name?: ts.Node }).name;
    return mergeT(vals, [hopAt(file, 'registry', decl, name ? { name: name.getText(file.sf) } : {})]);
  } finally {
    t.active.delete(decl);
    if (held) t.frames.set(decl, held);
    else if (frame) t.frames.delete(decl);
  }
}

/** The expressions a function returns, not counting nested functions'. */
function returnExpressions(decl: ts.SignatureDeclaration): ts.Expression[] {
  const body = (decl as { body?: ts.Node }).body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body as ts.Expression];
  const out: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    n.forEachChild(visit);
  };
  body.forEachChild(visit);
  return out;
}

// ---- Env schemas ----

/** `schema.parse(process.env)`, `createEnv({ server: {...}, client: {...} })`, `cleanEnv(process.env, {...})`. */
function envSchema(e: ts.CallExpression, name: string, f: TsFile, t: Tracer, depth: number): TVal | null {
  const shape = new Map<string, { expr: ts.Expression; file: TsFile }>();
  const addAll = (obj: TVal | null) => {
    if (obj?.k !== 'obj') return;
    for (const p of obj.node.properties) {
      const k = ts.isPropertyAssignment(p) ? propertyNameText(p.name) : undefined;
      if (k !== undefined && ts.isPropertyAssignment(p)) shape.set(k, { expr: p.initializer, file: obj.file });
    }
  };
  const callee = unwrap(e.expression);
  if ((name === 'parse' || name === 'parseAsync') && ts.isPropertyAccessExpression(callee) && e.arguments[0] && isEnvArg(e.arguments[0])) {
    const schema = trace(callee.expression, f, t, depth + 1);
    if (schema.k !== 'expr' || !ts.isCallExpression(schema.node)) return null;
    const object = unwrap(schema.node.expression);
    if (!ts.isPropertyAccessExpression(object) || (object.name.text !== 'object' && object.name.text !== 'strictObject')) return null;
    const arg = schema.node.arguments[0];
    addAll(arg ? trace(arg, schema.file, t, depth + 1) : null);
  } else if (name === 'createEnv' && e.arguments[0]) {
    const opts = trace(e.arguments[0], f, t, depth + 1);
    for (const part of ['server', 'client', 'shared']) addAll(opts.k === 'obj' ? memberOf(opts, part, e, f, t, depth + 1, false) : null);
  } else if ((name === 'cleanEnv' || name === 'envsafe') && e.arguments.length) {
    addAll(trace(e.arguments[name === 'cleanEnv' ? 1 : 0] ?? e.arguments[0], f, t, depth + 1));
  } else {
    return null;
  }
  return shape.size ? { k: 'envobj', shape } : null;
}

function isEnvArg(e: ts.Expression): boolean {
  const x = unwrap(e);
  return ts.isPropertyAccessExpression(x) && x.name.text === 'env';
}

// ---- Configuration files ----

/** `JSON.parse(readFileSync(path.join(__dirname, 'config.json'), 'utf8'))`, `YAML.parse(...)`. */
function configRead(e: ts.CallExpression, callee: ts.Expression, f: TsFile, t: Tracer, depth: number): TVal | null {
  const text = callee.getText(f.sf);
  if (!CONFIG_PARSERS.test(text) || !e.arguments[0]) return null;
  const file = fileOf(e.arguments[0], f, t, depth);
  if (!file) return null;
  const format = /json/i.test(text) ? 'json' : /toml/i.test(text) ? 'toml' : /ya?ml/i.test(text) ? 'yaml' : 'any';
  const hop = hopAt(f, 'config', e, { name: file.rel });
  if (!t.flow) return { k: 'unknown', via: [hop], stop: hopAt(f, 'stop', e, { reason: `read from ${file.rel}, followed by the cross-file pass` }) };
  const data = t.flow.config(file, f.path, format);
  return data ? prependT(data, [hop]) : stoppedT(f, e, `configuration file ${file.rel} not found in the workspace`, [hop]);
}

/** The file a `readFileSync(...)` reads, when its path is literal (or `__dirname`-relative). */
function fileOf(expr: ts.Expression, f: TsFile, t: Tracer, depth: number): { rel: string; exact: boolean } | null {
  const e = unwrap(expr);
  if (!ts.isCallExpression(e) || !/readFileSync|readFile$/.test(calleeName(unwrap(e.expression))) || !e.arguments[0]) return null;
  return pathOf(e.arguments[0], f, t, depth);
}

function pathOf(expr: ts.Expression, f: TsFile, t: Tracer, depth: number): { rel: string; exact: boolean } | null {
  const e = unwrap(expr);
  const v = trace(e, f, t, depth + 1);
  if (v.k === 'str') return { rel: v.s.replace(/^\.\//, ''), exact: false };
  if (!ts.isCallExpression(e) || !/^(path\.)?(join|resolve)$/.test(unwrap(e.expression).getText(f.sf))) return null;
  const [base, ...rest] = e.arguments;
  const segs: string[] = [];
  for (const r of rest) {
    const s = trace(r, f, t, depth + 1);
    if (s.k !== 'str') return null;
    segs.push(s.s);
  }
  const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
  if (base && ts.isIdentifier(base) && base.text === '__dirname') return { rel: [dir, ...segs].filter(Boolean).join('/'), exact: true };
  if (base && /process\.cwd\(\)/.test(base.getText(f.sf))) return { rel: segs.join('/'), exact: false };
  return null;
}

// ---- Vercel AI SDK providers ----

/**
 * `openai('gpt-4o')`, `azure.responses(DEPLOYMENT)`, `wrapLanguageModel({ model })`,
 * `registry.languageModel('openai:gpt-4o')` and a custom provider's `languageModel(key)` (the
 * entry; every entry when the key is not known). Null when the callee is no provider.
 */
function providerModel(e: ts.CallExpression, callee: ts.Expression, name: string, f: TsFile, t: Tracer, depth: number): TVal | null {
  if (/mock/i.test(callee.getText(f.sf))) return stoppedT(f, e, 'a mock model');
  const first = e.arguments[0];
  if (!first) return null;
  if (name === 'wrapLanguageModel') {
    const opts = trace(first, f, t, depth + 1);
    return opts.k === 'obj' ? memberOf(opts, 'model', e, f, t, depth + 1, true) : null;
  }
  if (name === 'languageModel' && ts.isPropertyAccessExpression(callee)) return lookedUp(callee.expression, first, e, f, t, depth);
  if (!isKnownProvider(callee, f, t, depth)) return null;
  return trace(first, f, t, depth + 1, false);
}

/** An app helper's argument (`getModel('gpt-4o')`) counts only when it reads as a model id, not a task name. */
function helperArgument(e: ts.CallExpression, f: TsFile, t: Tracer, depth: number): TVal {
  const first = e.arguments[0];
  if (!first) return { k: 'expr', node: e, file: f };
  const v = trace(first, f, t, depth + 1, false);
  return v.k === 'str' && readsAsModelId(v.s) ? v : { k: 'expr', node: e, file: f };
}

const PROVIDER_METHODS = new Set(['chat', 'responses', 'completion', 'messages']);

function isKnownProvider(callee: ts.Expression, f: TsFile, t: Tracer, depth: number): boolean {
  if (ts.isCallExpression(callee)) return true;
  if (ts.isPropertyAccessExpression(callee) && PROVIDER_METHODS.has(callee.name.text)) return true;
  const base = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : callee;
  const info = importOf(base, f.ctx);
  if (info && (sdkOf(info.module) === 'ai-provider' || sdkOf(info.module) === 'ai' || /provider/i.test(info.module))) return true;
  const built = trace(base, f, t, depth + 1);
  return built.k === 'expr' && ts.isCallExpression(built.node) && /^create[A-Z]\w*$/.test(unwrap(built.node.expression).getText(built.file.sf));
}

function lookedUp(providerExpr: ts.Expression, keyExpr: ts.Expression, at: ts.Node, f: TsFile, t: Tracer, depth: number): TVal | null {
  const key = trace(keyExpr, f, t, depth + 1);
  if (key.k === 'str' && key.s.includes(':')) return { ...key, prefixed: true };
  const info = importOf(unwrap(providerExpr), f.ctx);
  if (info && sdkOf(info.module) === 'ai-provider') return key;
  const built = trace(providerExpr, f, t, depth + 1);
  if (built.k !== 'expr' || !ts.isCallExpression(built.node)) return built.k === 'unknown' && built.stop ? withFollowT(built, null) : null;
  const factory = unwrap(built.node.expression).getText(built.file.sf);
  if (/^create[A-Z]\w*$/.test(factory) && !/customProvider|ProviderRegistry/.test(factory)) return key;
  if (!/customProvider$/.test(factory) || !built.node.arguments[0]) return null;
  const opts = trace(built.node.arguments[0], built.file, t, depth + 1);
  const models = opts.k === 'obj' ? memberOf(opts, 'languageModels', at, built.file, t, depth + 1, false) : null;
  if (models?.k !== 'obj') return null;
  const via = [...(built.via ?? [])];
  if (isIdT(key)) {
    const entry = memberOf(models, key.s, at, built.file, t, depth + 1, true);
    return prependT(entry, via);
  }
  // The key is chosen at run time (the user's pick): every model the provider offers.
  const entries = models.node.properties.filter((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p))
    .map((p) => prependT(trace(p.initializer, models.file, t, depth + 1, true), [hopAt(models.file, 'attribute', p, { name: propertyNameText(p.name) })]));
  return mergeT(entries, [...via, hopAt(f, 'registry', at)]);
}
