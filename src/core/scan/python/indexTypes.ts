// What buildFileIndex (fileIndex.ts) records of a Python file: scopes, their bindings and
// mutations, and the calls that might be call sites. Kept apart so the index's walk reads alone.
import type { Node } from './tree';

export type ScopeKind = 'module' | 'class' | 'function';

export interface Scope {
  kind: ScopeKind;
  node: Node;
  parent: Scope | null;
  name: string;
  end: number;
  /**
   * Names bound in the scope. Read it through scopeBindings(): a function's parameters are bound on
   * first use, since most functions in a file are never looked into.
   */
  bindings: Map<string, Binding[]>;
  mutations: Map<string, Mutation[]>;
  /** Return statements and yields; their values (for factories and fixtures) through returnsOf(). */
  returnStatements: Node[];
  /** For a class scope: attributes set anywhere (`self.x = ...` in methods, `x = ...` in the body). */
  attrs?: Map<string, Binding[]>;
  /** Filled by decoratorsOf() on first use. */
  decorators?: string[];
  /** True until a function scope's parameters are bound (scopeBindings). */
  paramsPending?: boolean;
}

export type Binding =
  | { kind: 'value'; value: Node; annotation: Node | null; scope: Scope; at: number }
  | { kind: 'annotation'; annotation: Node; scope: Scope; at: number }
  | { kind: 'param'; fallback: Node | null; annotation: Node | null; scope: Scope; at: number; name: string }
  /**
   * `module` is the module as written (`.config`, `app.core`, `..`), `name` the name taken from it
   * (null for `import x.y`, which binds the module); the cross-file pass follows them.
   */
  | { kind: 'import'; qualified: string; scope: Scope; at: number; module: string; name: string | null; line: number }
  | { kind: 'class'; node: Node; classScope: Scope; scope: Scope; at: number }
  | { kind: 'def'; node: Node; fnScope: Scope; scope: Scope; at: number }
  /** Bound in a way we do not follow (for-loops, unpacking, `global`): makes the name unresolvable. */
  | { kind: 'opaque'; scope: Scope; at: number };

export interface Mutation {
  kind: 'append' | 'extend' | 'augadd' | 'setitem' | 'update';
  key?: string;
  value: Node;
  at: number;
}

export interface ModuleAttr {
  value: Node;
  scope: Scope;
}

export interface CandidateCall {
  node: Node;
  scope: Scope;
  /**
   * For `asyncio.to_thread(client.chat.completions.create, model=..., ...)` and `partial(...)`: the
   * method handed over, which the forwarder calls with the rest of the arguments.
   */
  forwarded?: Node;
  /**
   * How the forwarded method is reached: 'library' (a forwarder imported by name, checked by
   * import), 'local' (a same-file helper that calls its first parameter: a retry loop), or
   * 'wrapper' (`sync_to_async(method)(model=...)`: the outer call's arguments are the request's).
   */
  via?: 'library' | 'local' | 'wrapper';
}

export interface FileIndex {
  module: Scope;
  classes: Map<string, Scope[]>;
  functions: Map<string, Scope[]>;
  calls: CandidateCall[];
  /**
   * `openai.api_type = "azure"` and friends on the module-level client (pre-1.0 SDK), with the scope
   * the assignment runs in: one made inside a function configures the calls of that function.
   */
  moduleAttrs: Map<string, ModuleAttr[]>;
  /** `from langchain_openai import ChatOpenAI as LC`: the local name → the LangChain name it stands for. */
  langchainAliases: Map<string, string>;
  /** Modules imported with `from m import *` at the top level, as written. */
  starImports: string[];
  /** Every scope, in document order (for calls found after the walk). */
  scopes: Scope[];
  /** Names an SDK method was stored under (`create = client.chat.completions.create`, `self._create = ...`). */
  storedMethods: Set<string>;
  /**
   * SDK method paths replaced in place (`client.chat.completions.create = fake`,
   * `monkeypatch.setattr(client.messages, "create", ...)`), by their dotted text, with what replaced them.
   */
  stubbed: Map<string, Node | null>;
  /** The module patches or mocks an SDK out (`patch("openai.OpenAI")`, `sys.modules["openai"] = ...`). */
  patchesSdk: boolean;
}
