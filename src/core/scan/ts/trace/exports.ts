// What a module of the workspace exports under a name, for model tracing: `export const`,
// exported functions, classes and enums, `export { a as b }` (from this module or re-exported from
// another), `export * from`, `export default`, and CommonJS `module.exports` / `exports.x`.
import ts from '../compiler';
import { hopAt, prependT, trace, valueOfDecl } from './trace';
import { memberOf } from './access';
import { UNKNOWN_T, type TsFile, type TsModule, type Tracer, type TVal } from './types';

function isExported(s: ts.Statement): boolean {
  return !!ts.getModifiers(s as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(s: ts.Statement): boolean {
  return !!ts.getModifiers(s as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** A member of configuration data a module stands for (a JSON module's key). */
export function moduleOrData(mod: Extract<TsModule, { kind: 'data' }>, name: string): TVal {
  const v = mod.value;
  return v.k === 'map' ? v.entries.get(name) ?? UNKNOWN_T : UNKNOWN_T;
}

export function exportedValue(file: TsFile, name: string, t: Tracer, depth: number, seen: Set<string> = new Set()): TVal {
  if (name === '*') return { k: 'module', file };
  if (seen.has(file.path) || seen.size > 12 || depth > 36) return UNKNOWN_T;
  seen.add(file.path);
  const stars: string[] = [];
  for (const s of file.sf.statements) {
    if (ts.isVariableStatement(s) && isExported(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name) return valueOfDecl(d, name, file, t, depth, false);
      }
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && isExported(s)) {
      if ((s.name?.text === name && !isDefault(s)) || (name === 'default' && isDefault(s))) return valueOfDecl(s, name, file, t, depth, false);
    } else if (ts.isExportDeclaration(s) && !s.isTypeOnly) {
      const found = fromExportDeclaration(s, file, name, t, depth, seen, stars);
      if (found) return found;
    } else if (ts.isExportAssignment(s) && name === 'default') {
      return prependT(trace(s.expression, file, t, depth + 1), [hopAt(file, 'constant', s, { name: 'default' })]);
    } else if (ts.isExpressionStatement(s)) {
      const found = commonJsExport(s, file, name, t, depth);
      if (found) return found;
    }
  }
  for (const spec of stars) {
    const mod = t.flow?.module(spec, file.path);
    if (mod?.kind !== 'ts') continue;
    const v = exportedValue(mod.file, name, t, depth + 1, seen);
    if (v !== UNKNOWN_T) return v;
  }
  return UNKNOWN_T;
}

function fromExportDeclaration(s: ts.ExportDeclaration, file: TsFile, name: string, t: Tracer, depth: number, seen: Set<string>, stars: string[]): TVal | null {
  const spec = s.moduleSpecifier && ts.isStringLiteralLike(s.moduleSpecifier) ? s.moduleSpecifier.text : null;
  const clause = s.exportClause;
  if (!clause) {
    if (spec) stars.push(spec);
    return null;
  }
  if (ts.isNamespaceExport(clause)) {
    if (clause.name.text !== name || !spec) return null;
    const mod = t.flow?.module(spec, file.path);
    return mod?.kind === 'ts' ? { k: 'module', file: mod.file } : UNKNOWN_T;
  }
  for (const el of clause.elements) {
    if (el.name.text !== name) continue;
    const local = (el.propertyName ?? el.name).text;
    if (!spec) {
      const decl = file.ctx.scopes.lookup(local, file.sf);
      return decl ? valueOfDecl(decl, local, file, t, depth, false) : UNKNOWN_T;
    }
    const hop = hopAt(file, 'import', s, { name: local });
    const mod = t.flow?.module(spec, file.path);
    if (!mod) return { k: 'unknown', via: [hop], stop: hopAt(file, 'stop', s, { reason: `\`${spec}\` is not a module of the workspace` }) };
    if (mod.kind === 'data') return prependT(local === 'default' ? mod.value : moduleOrData(mod, local), [hop]);
    return prependT(exportedValue(mod.file, local, t, depth + 1, seen), [hop]);
  }
  return null;
}

/** `module.exports = { MODEL }`, `module.exports.MODEL = ...`, `exports.MODEL = ...`. */
function commonJsExport(s: ts.ExpressionStatement, file: TsFile, name: string, t: Tracer, depth: number): TVal | null {
  const e = s.expression;
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(e.left)) return null;
  const left = e.left;
  const target = left.expression.getText(file.sf);
  if (target === 'module' && left.name.text === 'exports') {
    const v = prependT(trace(e.right, file, t, depth + 1), [hopAt(file, 'constant', s)]);
    return name === 'default' ? v : memberOf(v, name, s, file, t, depth + 1, false);
  }
  if ((target === 'exports' || target === 'module.exports') && left.name.text === name) {
    return prependT(trace(e.right, file, t, depth + 1), [hopAt(file, 'constant', s, { name })]);
  }
  return null;
}
