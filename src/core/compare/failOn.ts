// `compare --fail-on EXPR`: a small, safe expression language over a call site's metrics — no eval.
//   candidate.errorRate > 0.05 || delta.schemaPassRate < -0.02 && !(changed == 0)
//   review.flagged > 0 || significance.regressed
// Names: FAIL_ON_NAMES below (baseline.M, candidate.M, delta.M with M a field of ArmMetrics; the
// run's counts and rates; review.*; significance.*). A boolean name alone is a condition.
// Operators: || && ! == != < <= > >= + - * / and parentheses; numbers, true, false, null.
// Null (a metric that does not apply, e.g. schemaPassRate without a schema) makes arithmetic null
// and every comparison false, so a gate never fails on a metric that was not measured.
import type { ArmMetrics, CallSiteComparison } from './metrics';
import type { CallSiteReport } from './report';

type Node =
  | { k: 'num'; v: number | boolean | null }
  | { k: 'ref'; path: string[] }
  | { k: 'not'; e: Node }
  | { k: 'neg'; e: Node }
  | { k: 'bin'; op: string; l: Node; r: Node };

export interface FailOnExpr {
  source: string;
  evaluate(ctx: FailOnContext): boolean;
}

export type FailOnContext = Record<string, unknown>;

const METRIC_KEYS: readonly (keyof ArmMetrics)[] = ['n', 'errors', 'errorRate', 'schemaPass', 'schemaPassRate', 'schemaFail', 'schemaFailRate', 'latencyP50Ms', 'latencyP95Ms', 'inputTokens', 'outputTokens', 'costUsd', 'costPerCaseUsd'];

/** Every name an expression may use, with what it means: the --help of compare lists them. */
export const FAIL_ON_NAMES: ReadonlyArray<[string, string]> = [
  ['baseline.M, candidate.M, delta.M', `an arm's metric or candidate − baseline; M is one of ${METRIC_KEYS.join(', ')}`],
  ['changed', 'cases whose outputs differ'],
  ['cases', 'cases in the run'],
  ['changedRate', 'changed / cases'],
  ['exactMatchRate', 'share of compared cases with identical outputs in every repeat'],
  ['changedBeyondNoise', 'changed cases whose baseline agreed with itself across repeats (= changed without repeats)'],
  ['review.flagged, review.accepted', 'reviewer decisions in review.json'],
  ['significance.regressed', 'true when the error rate or schema pass rate is significantly worse (beyond noise)'],
  ['significance.errorRate.R, significance.schemaPassRate.R', 'R one of regressed, improved, withinNoise, pValue, difference'],
  ['recommended', 'a sweep only: true when some candidate passed every gate (the other names are then of the recommended candidate, else of the first)'],
];

const RATE_FIELDS = ['regressed', 'improved', 'withinNoise', 'pValue', 'difference'];
const KNOWN = new Set<string>([
  ...['baseline', 'candidate', 'delta'].flatMap((g) => METRIC_KEYS.map((k) => `${g}.${k}`)),
  'changed', 'cases', 'changedRate', 'exactMatchRate', 'changedBeyondNoise', 'review.flagged', 'review.accepted', 'significance.regressed', 'recommended',
  ...['errorRate', 'schemaPassRate'].flatMap((r) => RATE_FIELDS.map((f) => `significance.${r}.${f}`)),
]);

/** The names an expression reads, for a plain comparison (report fields are then null) or a full report. */
export function contextOf(c: CallSiteComparison | CallSiteReport): FailOnContext {
  const r = 'significance' in c ? c : null;
  return {
    baseline: c.arms.baseline, candidate: c.arms.candidate, delta: c.delta,
    changed: c.changed, cases: c.cases.length, changedRate: c.cases.length ? c.changed / c.cases.length : null,
    exactMatchRate: r?.exactMatchRate ?? null,
    changedBeyondNoise: r ? (r.noise ? r.noise.outputs.changedBeyondNoise : r.changed) : null,
    review: r ? { flagged: r.review.flagged, accepted: r.review.accepted } : null,
    significance: r?.significance ?? null,
  };
}

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)|(\|\||&&|==|!=|<=|>=|[<>!()+\-*/]))/y;

export function parseFailOn(source: string): { ok: true; expr: FailOnExpr } | { ok: false; error: string } {
  const tokens: { t: string; kind: 'num' | 'id' | 'op'; at: number }[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < source.length) {
    if (/^\s*$/.test(source.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(source);
    if (!m) return { ok: false, error: `--fail-on: unexpected character at ${pos + 1}: "${source.slice(pos).trimStart().slice(0, 10)}"` };
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3]).length;
    if (m[1] !== undefined) tokens.push({ t: m[1], kind: 'num', at });
    else if (m[2] !== undefined) tokens.push({ t: m[2], kind: 'id', at });
    else tokens.push({ t: m[3], kind: 'op', at });
    pos = TOKEN.lastIndex;
  }
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (...ops: string[]) => peek()?.kind === 'op' && ops.includes(peek().t);
  class ParseError extends Error {}
  const fail = (what: string): never => {
    const t = peek();
    throw new ParseError(`--fail-on: ${what} ${t ? `at ${t.at + 1} ("${t.t}")` : 'at the end'}`);
  };

  const or = (): Node => { let l = and(); while (isOp('||')) { i++; l = { k: 'bin', op: '||', l, r: and() }; } return l; };
  const and = (): Node => { let l = not(); while (isOp('&&')) { i++; l = { k: 'bin', op: '&&', l, r: not() }; } return l; };
  const not = (): Node => { if (isOp('!')) { i++; return { k: 'not', e: not() }; } return cmp(); };
  const cmp = (): Node => {
    const l = sum();
    if (isOp('==', '!=', '<', '<=', '>', '>=')) { const op = tokens[i++].t; const r = sum(); if (isOp('==', '!=', '<', '<=', '>', '>=')) fail('comparisons do not chain'); return { k: 'bin', op, l, r }; }
    return l;
  };
  const sum = (): Node => { let l = prod(); while (isOp('+', '-')) { const op = tokens[i++].t; l = { k: 'bin', op, l, r: prod() }; } return l; };
  const prod = (): Node => { let l = unary(); while (isOp('*', '/')) { const op = tokens[i++].t; l = { k: 'bin', op, l, r: unary() }; } return l; };
  const unary = (): Node => { if (isOp('-')) { i++; return { k: 'neg', e: unary() }; } return primary(); };
  const primary = (): Node => {
    const t = peek();
    if (!t) return fail('expected a value');
    if (t.kind === 'num') { i++; return { k: 'num', v: Number(t.t) }; }
    if (t.kind === 'id') {
      i++;
      if (t.t === 'true' || t.t === 'false') return { k: 'num', v: t.t === 'true' };
      if (t.t === 'null') return { k: 'num', v: null };
      if (!KNOWN.has(t.t)) {
        i--;
        fail(`unknown name "${t.t}" (use baseline.X, candidate.X or delta.X with X one of ${METRIC_KEYS.join(', ')}; or changed, cases, changedRate, exactMatchRate, changedBeyondNoise, review.flagged, review.accepted, significance.regressed, significance.errorRate.R, significance.schemaPassRate.R, recommended; see compare --help)`);
      }
      return { k: 'ref', path: t.t.split('.') };
    }
    if (t.t === '(') { i++; const e = or(); if (!isOp(')')) fail('expected ")"'); i++; return e; }
    return fail('expected a value');
  };

  let root: Node;
  try {
    if (tokens.length === 0) return { ok: false, error: '--fail-on: empty expression' };
    root = or();
    if (i < tokens.length) fail('unexpected');
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, expr: { source, evaluate: (ctx) => evaluate(root, ctx) === true } };
}

type Val = number | boolean | null;

function evaluate(n: Node, ctx: FailOnContext): Val {
  switch (n.k) {
    case 'num': return n.v;
    case 'ref': {
      let v: unknown = ctx;
      for (const p of n.path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
      return typeof v === 'number' || typeof v === 'boolean' ? v : null;
    }
    case 'not': { const v = evaluate(n.e, ctx); return v === null ? null : !truthy(v); }
    case 'neg': { const v = evaluate(n.e, ctx); return typeof v === 'number' ? -v : null; }
    case 'bin': {
      if (n.op === '||') return truthy(evaluate(n.l, ctx)) || truthy(evaluate(n.r, ctx));
      if (n.op === '&&') return truthy(evaluate(n.l, ctx)) && truthy(evaluate(n.r, ctx));
      const l = evaluate(n.l, ctx), r = evaluate(n.r, ctx);
      if (n.op === '==') return l === r;
      if (n.op === '!=') return l !== r;
      if (typeof l !== 'number' || typeof r !== 'number') return n.op === '+' || n.op === '-' || n.op === '*' || n.op === '/' ? null : false;
      switch (n.op) {
        case '<': return l < r;
        case '<=': return l <= r;
        case '>': return l > r;
        case '>=': return l >= r;
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return r === 0 ? null : l / r;
      }
      return null;
    }
  }
}

const truthy = (v: Val) => v === true || (typeof v === 'number' && v !== 0);
