// Which SDK a name stands for, however it was imported (`import X from`, `import { A as B }`,
// `import * as`, `require`, `await import`, `npm:`/`jsr:`/CDN specifiers), and which kind of client
// an expression holds (`new OpenAI()`, an Azure base URL, a field typed `Anthropic`, ...).
import ts from './compiler';
import { Ctx, deref, MAX_DEPTH, objectOf, unwrap } from './values';
import { classMember, enclosingClass, propertyNameText, type Decl } from './scope';

export type Sdk = 'openai' | 'anthropic' | 'ai' | 'ai-provider' | 'langchain' | 'other-llm' | 'zod' | 'azure-sdk';

/**
 * What a client object talks to. 'openai-v3' is the pre-1.0 Node SDK (`new OpenAIApi(config)`);
 * 'azure-sdk' is the retired `@azure/openai` 1.x client (`new OpenAIClient(endpoint, credential)`).
 */
export type ClientKind = 'openai' | 'azure' | 'anthropic' | 'other' | 'openai-v3' | 'azure-sdk';

export interface ImportInfo {
  module: string;
  /** 'default', '*' (namespace, require, `import x = require`), or the exported name. */
  name: string;
}

const OTHER_LLM_SDKS = new Set(['groq-sdk', 'together-ai', '@cerebras/cerebras_cloud_sdk', 'portkey-ai', '@mistralai/mistralai', 'cohere-ai']);

/** `npm:openai@4`, `jsr:@openai/openai`, `https://esm.sh/openai@4.2/index.js`, `https://deno.land/x/openai@v4/mod.ts` → the package name. */
export function normaliseModule(spec: string): string {
  let s = spec.trim();
  const url = /^https?:\/\/[^/]+\/(?:v\d+\/)?(.*)$/.exec(s);
  if (url) s = url[1];
  s = s.replace(/^(npm|jsr|node):/, '').replace(/^(x|npm)\//, '');
  const parts = s.split('/');
  const pkg = s.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const name = pkg.replace(/(.)@[^/]*$/, '$1');
  return name === '@openai/openai' ? 'openai' : name;
}

/** sdkOf runs for every import and every name resolved to one; a file asks about a handful of specifiers. */
const sdkCache = new Map<string, Sdk | undefined>();

export function sdkOf(module: string): Sdk | undefined {
  if (sdkCache.has(module)) return sdkCache.get(module);
  if (sdkCache.size > 4096) sdkCache.clear(); // bounded in a long-lived extension host
  const sdk = sdkOfUncached(module);
  sdkCache.set(module, sdk);
  return sdk;
}

function sdkOfUncached(module: string): Sdk | undefined {
  const m = normaliseModule(module);
  if (m === 'openai') return 'openai';
  if (m.startsWith('@anthropic-ai/')) return 'anthropic';
  if (m === 'ai') return 'ai';
  if (m.startsWith('@ai-sdk/')) return 'ai-provider';
  if (m === 'langchain' || m.startsWith('@langchain/')) return 'langchain';
  if (m === 'zod') return 'zod';
  if (m === '@azure/openai') return 'azure-sdk';
  if (OTHER_LLM_SDKS.has(m)) return 'other-llm';
  return undefined;
}

/** The module and export a name was bound to, following local aliases (`const C = OpenAI`). */
export function importOf(expr: ts.Expression, ctx: Ctx, depth = 0): ImportInfo | undefined {
  const e = unwrap(expr);
  if (depth > MAX_DEPTH || !ctx.tick()) return undefined;
  if (ts.isPropertyAccessExpression(e)) {
    const base = importOf(e.expression, ctx, depth + 1);
    if (base && (base.name === '*' || base.name === 'default')) return { module: base.module, name: e.name.text === 'default' ? 'default' : e.name.text };
    return undefined;
  }
  if (!ts.isIdentifier(e)) return moduleLoad(e) ? { module: moduleLoad(e)!, name: '*' } : undefined;
  const decl = ctx.scopes.lookup(e.text, e);
  return decl ? importOfDecl(decl, ctx, depth) : undefined;
}

/** What a declaration binds a name to, when it binds it to a module or one of its exports. */
function importOfDecl(decl: Decl, ctx: Ctx, depth: number): ImportInfo | undefined {
  if (ts.isImportClause(decl)) return { module: moduleText(decl.parent.moduleSpecifier), name: 'default' };
  if (ts.isNamespaceImport(decl)) return { module: moduleText(decl.parent.parent.moduleSpecifier), name: '*' };
  if (ts.isImportSpecifier(decl)) {
    return { module: moduleText(decl.parent.parent.parent.moduleSpecifier), name: (decl.propertyName ?? decl.name).text };
  }
  if (ts.isImportEqualsDeclaration(decl)) {
    const ref = decl.moduleReference;
    return ts.isExternalModuleReference(ref) ? { module: moduleText(ref.expression), name: '*' } : undefined;
  }
  if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name)) {
    return importOf(decl.initializer, ctx, depth + 1);
  }
  if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && ts.isVariableDeclaration(decl.parent.parent)) {
    const init = decl.parent.parent.initializer;
    const key = propertyNameText(decl.propertyName ?? decl.name);
    const mod = init && moduleLoad(unwrap(init));
    if (mod && key) return { module: mod, name: key };
  }
  return undefined;
}

function moduleText(spec: ts.Expression): string {
  return ts.isStringLiteralLike(spec) ? spec.text : '';
}

/** `require('m')`, `await import('m')`, `require('m').default`: the module specifier, else undefined. */
function moduleLoad(e: ts.Expression): string | undefined {
  let x = unwrap(e);
  if (ts.isAwaitExpression(x)) x = unwrap(x.expression);
  if (ts.isPropertyAccessExpression(x) && x.name.text === 'default') x = unwrap(x.expression);
  if (!ts.isCallExpression(x) || x.arguments.length < 1 || !ts.isStringLiteralLike(x.arguments[0])) return undefined;
  const callee = x.expression;
  const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
  return isRequire || callee.kind === ts.SyntaxKind.ImportKeyword ? x.arguments[0].text : undefined;
}

/** The client kind a constructed class gives, from where the class was imported (or its well-known name). */
export function classKind(target: ts.Expression, ctx: Ctx): ClientKind | undefined {
  const info = importOf(target, ctx);
  if (info) return kindFromImport(info);
  const e = unwrap(target);
  // An unresolved bare name (a global, or a re-export from a local module) still names the SDK class.
  if (ts.isIdentifier(e) && !ctx.scopes.lookup(e.text, e)) return kindFromName(e.text);
  return undefined;
}

function kindFromImport(info: ImportInfo): ClientKind | undefined {
  const sdk = sdkOf(info.module);
  const n = info.name;
  if (sdk === 'openai') {
    if (n === 'AzureOpenAI') return 'azure';
    if (n === 'OpenAIApi') return 'openai-v3';
    return n === 'default' || n === '*' || n === 'OpenAI' ? 'openai' : undefined;
  }
  if (sdk === 'anthropic') return /^(default|\*|Anthropic\w*)$/.test(n) ? 'anthropic' : undefined;
  if (sdk === 'other-llm') return 'other';
  if (sdk === 'azure-sdk') return n === 'OpenAIClient' ? 'azure-sdk' : undefined;
  if (!sdk) return kindFromName(n);
  return undefined;
}

function kindFromName(name: string): ClientKind | undefined {
  if (name === 'OpenAI') return 'openai';
  if (name === 'AzureOpenAI') return 'azure';
  if (name === 'Anthropic' || name === 'AnthropicBedrock' || name === 'AnthropicVertex') return 'anthropic';
  if (name === 'OpenAIApi') return 'openai-v3';
  return undefined;
}

/** A client kind from a type annotation such as `OpenAI`, `AzureOpenAI | null`, `import('openai').OpenAI`. */
export function typeKind(type: ts.TypeNode | undefined, ctx: Ctx): ClientKind | undefined {
  if (!type) return undefined;
  if (ts.isUnionTypeNode(type)) {
    for (const t of type.types) {
      const k = typeKind(t, ctx);
      if (k) return k;
    }
    return undefined;
  }
  if (ts.isTypeReferenceNode(type)) {
    const n = type.typeName;
    // Names inside types get no parent pointers (the walk does not enter types), so the lookup
    // starts from the type node itself.
    const first = ts.isIdentifier(n) ? n : ts.isIdentifier(n.left) ? n.left : undefined;
    const decl = first && ctx.scopes.lookup(first.text, type);
    const info = decl ? importOfDecl(decl, ctx, 0) : undefined;
    if (ts.isIdentifier(n)) return info ? kindFromImport(info) : kindFromName(n.text);
    // `Mod.Together` with `import type * as Mod from 'together-ai'`.
    if (info && (info.name === '*' || info.name === 'default')) return kindFromImport({ module: info.module, name: n.right.text });
    return kindFromName(n.right.text);
  }
  if (ts.isImportTypeNode(type) && type.qualifier) {
    const q = type.qualifier;
    return kindFromName(ts.isIdentifier(q) ? q.text : q.right.text);
  }
  return undefined;
}

/** An OpenAI client pointed at Azure: base URL, api-version query or api-key header mention Azure. */
function isAzureConfigured(args: ts.NodeArray<ts.Expression> | undefined, ctx: Ctx): boolean {
  const first = args?.[0];
  if (!first) return false;
  const obj = objectOf(first, ctx);
  const text = (obj?.node ?? first).getText(ctx.sf);
  if (/azure|api-version|api-key/i.test(text)) return true;
  // Azure's v1 endpoint takes the plain OpenAI client: `baseURL: \`${endpoint}/openai/v1/\`` with
  // `const endpoint = process.env.AZURE_OPENAI_ENDPOINT` or an @azure/identity token as the key.
  // What the names used there were set to says Azure where the options object does not.
  for (const key of ['baseURL', 'apiKey']) {
    const value = obj?.props.get(key);
    if (value && namesMentionAzure(value, ctx)) return true;
  }
  return false;
}

function namesMentionAzure(expr: ts.Expression, ctx: Ctx): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n)) {
      const init = deref(n, ctx).node;
      if (init !== n && /azure/i.test(init.getText(ctx.sf))) found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return found;
}

/** The kind of client an expression holds, when the file says so; undefined when a reader could not tell. */
export function clientKindOf(expr: ts.Expression, ctx: Ctx, depth = 0): ClientKind | undefined {
  let e = unwrap(expr);
  if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  if (depth > MAX_DEPTH || !ctx.tick()) return undefined;
  if (ts.isNewExpression(e)) {
    const k = classKind(e.expression, ctx);
    return k === 'openai' && isAzureConfigured(e.arguments, ctx) ? 'azure' : k;
  }
  if (ts.isIdentifier(e)) {
    const decl = ctx.scopes.lookup(e.text, e);
    if (!decl) return undefined;
    if (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) {
      return typeKind(decl.type, ctx) ?? (decl.initializer ? clientKindOf(decl.initializer, ctx, depth + 1) : undefined);
    }
    if (ts.isBindingElement(decl)) {
      const d = deref(e, ctx);
      return d.node !== e ? clientKindOf(d.node, ctx, depth + 1) : undefined;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(e);
    const m = cls && classMember(cls, e.name.text);
    if (!m) return undefined;
    return typeKind(m.type, ctx) ?? (m.initializer ? clientKindOf(m.initializer, ctx, depth + 1) : undefined);
  }
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const d = deref(e, ctx);
    return d.node !== e ? clientKindOf(d.node, ctx, depth + 1) : undefined;
  }
  if (ts.isConditionalExpression(e)) {
    const a = clientKindOf(e.whenTrue, ctx, depth + 1);
    return a && a === clientKindOf(e.whenFalse, ctx, depth + 1) ? a : undefined;
  }
  if (ts.isCallExpression(e)) return callResultKind(e, ctx, depth);
  return undefined;
}

/**
 * `getClient()` defined in this file returns a client; `wrapOpenAI(new OpenAI())`,
 * `observeOpenAI(client)` (tracing wrappers) hand back the client they were given.
 */
function callResultKind(call: ts.CallExpression, ctx: Ctx, depth: number): ClientKind | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) {
    const decl = ctx.scopes.lookup(callee.text, callee);
    let fn: ts.SignatureDeclaration | undefined;
    if (decl && ts.isFunctionDeclaration(decl)) fn = decl;
    else if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fn = init;
    }
    if (fn) {
      const declared = typeKind(fn.type, ctx);
      if (declared) return declared;
      for (const r of returnedExpressions(fn)) {
        const k = clientKindOf(r, ctx, depth + 1);
        if (k) return k;
      }
      return undefined;
    }
  }
  for (const a of call.arguments) {
    const k = clientKindOf(a, ctx, depth + 1);
    if (k) return k;
  }
  return undefined;
}

/** The expressions a function returns, not counting nested functions. */
function returnedExpressions(fn: ts.SignatureDeclaration): ts.Expression[] {
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const out: ts.Expression[] = [];
  const stack: ts.Node[] = [body];
  while (stack.length && out.length < 8) {
    const n = stack.pop()!;
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
    else if (!ts.isFunctionLike(n)) ts.forEachChild(n, (c) => { stack.push(c); });
  }
  return out;
}

/** What a receiver's own name suggests (`this.anthropic`, `azureClient`), used only where the shape of the call already points to an LLM SDK. */
export function nameHint(expr: ts.Expression): ClientKind | undefined {
  const e = unwrap(expr);
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : '';
  if (/anthropic|claude/i.test(name)) return 'anthropic';
  if (/azure/i.test(name)) return 'azure';
  if (/openai|oai|gpt/i.test(name)) return 'openai';
  return undefined;
}
