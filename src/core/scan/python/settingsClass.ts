// What kind of class a traced instance belongs to, for reading its fields: a pydantic settings
// class (BaseSettings: a field is read from the environment first, by its name with the class's
// env_prefix, or by the alias its Field names), a data class (pydantic BaseModel, @dataclass, attrs:
// fields are constructor keywords) or a plain class (`self.x = x` in `__init__`).
import type { Node } from './tree';
import { callArgs, field, named, plainString, unparen } from './tree';
import type { Binding, Scope } from './indexTypes';
import { decoratorsOf } from './fileIndex';
import { classAttrBindings } from './nameLookup';
import { evaluate, type Evaluator } from './values';

export type ClassKind = 'settings' | 'data' | 'plain';

const MAX_BASES = 8;

export function classKind(ev: Evaluator, cls: Scope, depth = 0): ClassKind {
  if (depth > MAX_BASES) return 'plain';
  if (decoratorsOf(cls).some((d) => /^@(dataclasses\.)?dataclass\b|^@(attr\.)?(s|define|frozen|attrs)\b|^@attrs\.(define|frozen)\b/.test(d))) return 'data';
  let kind: ClassKind = 'plain';
  for (const base of named(field(cls.node, 'superclasses'))) {
    if (base.type === 'keyword_argument') continue;
    const text = base.text;
    if (/(^|\.)BaseSettings$/.test(text)) return 'settings';
    if (/(^|\.)(BaseModel|SQLModel)$/.test(text)) kind = 'data';
    const baseKind = baseClassKind(ev, base, cls, depth);
    if (baseKind === 'settings') return 'settings';
    if (baseKind === 'data') kind = 'data';
  }
  return kind;
}

/** A base class defined in this file or (when tracing across files) another module of the workspace. */
function baseClassKind(ev: Evaluator, base: Node, cls: Scope, depth: number): ClassKind {
  if (base.type !== 'identifier' && base.type !== 'attribute') return 'plain';
  const v = evaluate(ev, base, cls.parent ?? cls, cls.node.startIndex, 0);
  if (v.k !== 'class' || v.cls.scope === cls) return 'plain';
  return classKind(v.cls.ev as Evaluator, v.cls.scope, depth + 1);
}

/** The environment variable a settings field is read from. */
export function settingsEnvName(ev: Evaluator, cls: Scope, attr: string, bindings: readonly Binding[]): string {
  for (const b of bindings) {
    if (b.kind !== 'value') continue;
    const v = unparen(b.value);
    if (v?.type !== 'call' || !/(^|\.)Field$/.test(field(v, 'function')?.text ?? '')) continue;
    const kw = callArgs(v).keywords;
    for (const k of ['validation_alias', 'alias', 'env']) {
      const name = plainString(kw.get(k) ?? null);
      if (name) return name;
    }
  }
  return envPrefix(ev, cls) + attr;
}

/** `model_config = SettingsConfigDict(env_prefix="APP_")`, a dict, or `class Config: env_prefix = "APP_"`. */
function envPrefix(ev: Evaluator, cls: Scope): string {
  for (const b of classAttrBindings(ev.index, cls, 'model_config')) {
    if (b.kind !== 'value') continue;
    const v = unparen(b.value);
    if (v?.type === 'call') {
      const p = plainString(callArgs(v).keywords.get('env_prefix') ?? null);
      if (p !== null) return p;
    }
    if (v?.type === 'dictionary') {
      for (const pair of named(v)) {
        if (pair.type === 'pair' && plainString(field(pair, 'key')) === 'env_prefix') return plainString(field(pair, 'value')) ?? '';
      }
    }
  }
  const inner = (ev.index.classes.get('Config') ?? []).find((c) => c.parent === cls);
  if (inner) {
    for (const b of classAttrBindings(ev.index, inner, 'env_prefix')) {
      if (b.kind === 'value') return plainString(b.value) ?? '';
    }
  }
  return '';
}
