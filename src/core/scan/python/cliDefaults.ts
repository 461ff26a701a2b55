// `args.model` where `args = parser.parse_args()`: under the default configuration the model is the
// option's `default=` in the same file's `add_argument("--model", default="...")`. The command
// line may override it; the hop at the option says so.
import type { Node } from './tree';
import { callArgs, field, stringParts } from './tree';
import type { FileIndex } from './indexTypes';
import type { Val } from './valueModel';
import { evaluate, type Evaluator } from './values';
import { hopAt, prepend } from './traceHops';

const options = new WeakMap<FileIndex, Map<string, Node> | null>();

/** The `add_argument` calls of a file that parses its command line, by destination (`--grader-model` → `grader_model`). */
function optionsOf(index: FileIndex): Map<string, Node> | null {
  if (options.has(index)) return options.get(index)!;
  const root = index.module.node;
  const text = root.text;
  let out: Map<string, Node> | null = null;
  if (/\bparse_(known_)?args\s*\(/.test(text)) {
    out = new Map();
    for (const m of text.matchAll(/\badd_argument\s*\(/g)) {
      const id = root.descendantForIndex(m.index, m.index + 'add_argument'.length);
      const call = id?.parent?.type === 'attribute' ? id.parent.parent : null;
      if (!call || call.type !== 'call') continue;
      const args = callArgs(call);
      const dest = args.keywords.get('dest');
      const flags = args.positional.map((p) => (p.type === 'string' ? stringParts(p).map((s) => s.text ?? '').join('') : ''));
      const long = flags.find((f) => f.startsWith('--')) ?? flags.find((f) => f && !f.startsWith('-'));
      const name = dest?.type === 'string' ? stringParts(dest).map((s) => s.text ?? '').join('') : long?.replace(/^-+/, '').replace(/-/g, '_');
      if (name && !out.has(name)) out.set(name, call);
    }
  }
  options.set(index, out);
  return out;
}

/** The default of the command-line option `attr`, with an `argument` hop at its `add_argument`; null when the file declares none. */
export function cliOptionDefault(ev: Evaluator, attr: string, depth: number): Val | null {
  const call = optionsOf(ev.index)?.get(attr);
  const def = call ? callArgs(call).keywords.get('default') : undefined;
  if (!call || !def) return null;
  const v = evaluate(ev, def, ev.index.module, Number.MAX_SAFE_INTEGER, depth + 1);
  if (v.k !== 'str' || v.holes.length || !v.s.trim()) return null;
  const flag = field(call, 'arguments')?.namedChildren[0]?.text ?? attr;
  return prepend(v, [hopAt(ev, 'argument', call, { name: flag.replace(/^["']|["']$/g, ''), reason: 'a command-line option\'s default: the command line can override it' })]);
}
