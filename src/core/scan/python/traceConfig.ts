// Model tracing through the environment, paths and configuration files: `os.getenv("X", default)`,
// `Path(__file__).parent / "config.yaml"`, `yaml.safe_load(open(...))`, OmegaConf. What a variable
// or a file holds comes from the cross-file pass (PyFlow); without it the trace stops and says so.
import type { Node } from './tree';
import { plainString } from './tree';
import type { Scope } from './fileIndex';
import { UNKNOWN, type Val } from './valueModel';
import { evaluate, type Evaluator } from './values';
import type { ConfigFormat } from './flowPorts';
import { hopAt, prepend, stopped } from './traceHops';

export const LOADERS: Record<string, ConfigFormat> = {
  'json.load': 'json', 'json.loads': 'json', 'yaml.safe_load': 'yaml', 'yaml.load': 'yaml', 'yaml.full_load': 'yaml',
  'yaml.unsafe_load': 'yaml', 'tomllib.load': 'toml', 'tomllib.loads': 'toml', 'tomli.load': 'toml', 'tomli.loads': 'toml',
  'toml.load': 'toml', 'toml.loads': 'toml', 'omegaconf.OmegaConf.load': 'any', 'OmegaConf.load': 'any',
};
export const ATTR_LOADERS = new Set(['omegaconf.OmegaConf.load', 'OmegaConf.load']);
export const PATH_MAKERS = new Set(['open', 'io.open', 'pathlib.Path', 'Path', 'os.path.abspath', 'os.path.realpath', 'os.path.normpath']);

export function fileOf(v: Val): Val | null {
  if (v.k === 'file') return v;
  if (v.k === 'str' && !v.holes.length && v.s) return { k: 'file', rel: v.s, exact: false };
  return null;
}

export function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '.' : rel.slice(0, i) || '.';
}

/** `Path(__file__).parent / "config.yaml"`: joining a path with `/` (or os.path.join). */
export function traceBinary(_ev: Evaluator, op: string | undefined, left: Extract<Val, { k: 'file' }>, right: Val): Val {
  if (op !== '/' || right.k !== 'str' || right.holes.length) return UNKNOWN;
  const seg = right.s.replace(/^\.\//, '');
  if (seg.startsWith('/')) return { k: 'file', rel: seg, exact: false };
  return { ...left, rel: left.rel === '.' ? seg : `${left.rel}/${seg}` };
}

export function loadConfig(ev: Evaluator, n: Node, file: Extract<Val, { k: 'file' }>, format: ConfigFormat, attrs: boolean): Val {
  const flow = ev.trace!.shared.flow;
  const hop = hopAt(ev, 'config', n, { name: file.rel });
  if (!flow) return { k: 'unknown', node: n, via: [hop], stop: hopAt(ev, 'stop', n, { reason: `read from ${file.rel}, followed by the cross-file pass` }) };
  const data = flow.config(file, ev.trace!.path, format);
  if (!data) return stopped(ev, n, `configuration file ${file.rel} not found in the workspace`, [hop]);
  return prepend(attrs && data.k === 'dict' ? markAttrs(data) : data, [hop]);
}

function markAttrs(v: Val): Val {
  if (v.k !== 'dict') return v;
  return { ...v, attrs: true, entries: v.entries.map((e) => ({ ...e, val: markAttrs(e.val) })) };
}

export function traceEnvLookup(ev: Evaluator, at: Node, nameNode: Node | null, fallback: Node | null, scope: Scope, where: number, depth: number): Val {
  const name = plainString(nameNode);
  if (name === null) return stopped(ev, at, 'an environment variable whose name is not a literal');
  const hop = hopAt(ev, fallback ? 'env-default' : 'env', at, { name });
  const fromEnv = ev.trace!.shared.flow?.env(name, ev.trace!.path, false);
  if (fromEnv) return prepend(fromEnv, [hop]);
  if (!fallback) return { k: 'env', name, via: [hop] };
  const v = evaluate(ev, fallback, scope, where, depth);
  return v.k === 'none' ? { k: 'env', name, via: [hop] } : prepend(v, [hop]);
}
