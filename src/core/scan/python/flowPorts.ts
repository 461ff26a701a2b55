// What model tracing in Python (trace.ts) asks of the world outside the file it evaluates. In a
// scan of one file nothing answers (each question leaves a hop saying where following stopped);
// the cross-file pass (core/scan/flow) answers from the workspace's other files and configuration.
import type { SourceLines } from '../flow/hops';
import type { FileIndex, Scope } from './indexTypes';
import type { Frame, StrVal, Val } from './valueModel';

/** How one file is being traced: its path and lines for hops, and what every file of the trace shares. */
export interface TraceEnv {
  path: string;
  lines: SourceLines;
  shared: TraceShared;
}

export interface TraceShared {
  flow: PyFlow | null;
  /** Calls being followed into, by the function scope they call: its parameters take their arguments. */
  frames: Map<Scope, Frame>;
  /** Steps taken tracing the current call site, across every file it leads to (a budget, reset per site). */
  steps: number;
}

/** A module of the workspace, indexed, with a model evaluator of its own (values.ts' Evaluator). */
export interface PyModule {
  path: string;
  index: FileIndex;
  ev: unknown;
}

export interface PyFlow {
  /** The workspace file of a module as an import in `fromPath` names it (`app.config`, `.settings`, `..`), or null. */
  module(spec: string, fromPath: string): PyModule | null;
  /** The value `.env`-style files of the workspace give a variable, with the hop that sets it, or null. */
  env(name: string, fromPath: string, caseInsensitive: boolean): StrVal | null;
  /** A JSON/YAML/TOML file the code reads, as values with `config` hops; null when no such file is found. */
  config(file: { rel: string; exact: boolean }, fromPath: string, format: ConfigFormat): Val | null;
  /**
   * The calls the workspace makes to a function (a module-level `def`, or a class's `__init__` through
   * the class's name), each as a frame its parameters can be read from; null when they cannot be
   * found (a method called through instances).
   */
  callers(fn: Scope, owner: PyModule): Frame[] | null;
}

export type ConfigFormat = 'json' | 'yaml' | 'toml' | 'any';
