// Code that picks a stand-in model under test (`isTestEnvironment ? mockProvider : realProvider`,
// `if (process.env.NODE_ENV === 'test') return mockModel;`): the model a deployment calls is the
// other branch, so tracing reads that one and leaves the test's out.
import ts from '../compiler';
import { unwrap } from '../values';

/** Words that name a test run in a flag (`isTestEnvironment`, `RUNNING_TESTS`, `useMockModels`). */
const TEST_WORDS = new Set(['test', 'tests', 'testing', 'mock', 'mocks', 'mocked', 'e2e', 'playwright', 'vitest', 'jest']);

function wordsOf(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).map((w) => w.toLowerCase()).filter(Boolean);
}

function namesTest(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return wordsOf(x.text).some((w) => TEST_WORDS.has(w));
  if (ts.isPropertyAccessExpression(x)) return wordsOf(x.name.text).some((w) => TEST_WORDS.has(w));
  if (ts.isElementAccessExpression(x) && ts.isStringLiteralLike(unwrap(x.argumentExpression))) return wordsOf((unwrap(x.argumentExpression) as ts.StringLiteralLike).text).some((w) => TEST_WORDS.has(w));
  if (ts.isCallExpression(x)) return namesTest(x.expression);
  return false;
}

/**
 * Which branch of a condition is the test run's: 'true' when it holds under test (`isTest`,
 * `NODE_ENV === 'test'`, `isTest && provider`), 'false' when it holds outside (`!isTest`,
 * `NODE_ENV !== 'test'`), null when the condition is about something else.
 */
export function testSide(cond: ts.Expression): 'true' | 'false' | null {
  const c = unwrap(cond);
  if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = testSide(c.operand);
    return inner === null ? null : inner === 'true' ? 'false' : 'true';
  }
  if (ts.isBinaryExpression(c)) {
    const op = c.operatorToken.kind;
    // `isTest && x` holds only under test; `!isTest || x` only outside it.
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return testSide(c.left) === 'true' || testSide(c.right) === 'true' ? 'true' : null;
    if (op === ts.SyntaxKind.BarBarToken) return testSide(c.left) === 'false' || testSide(c.right) === 'false' ? 'false' : null;
    const eq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    const ne = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    if (!eq && !ne) return null;
    const lit = [c.left, c.right].map(unwrap).find(ts.isStringLiteralLike);
    if (!lit || !wordsOf(lit.text).some((w) => TEST_WORDS.has(w))) return null;
    return eq ? 'true' : 'false';
  }
  return namesTest(c) ? 'true' : null;
}

/** Whether `node` (inside `within`) sits in a branch taken only under test. */
export function inTestBranch(node: ts.Node, within: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent && n !== within; n = n.parent) {
    const p = n.parent;
    if (ts.isIfStatement(p) && n !== p.expression) {
      const side = testSide(p.expression);
      if (side && (n === p.thenStatement) === (side === 'true')) return true;
    }
    if (ts.isConditionalExpression(p) && n !== p.condition) {
      const side = testSide(p.condition);
      if (side && (n === p.whenTrue) === (side === 'true')) return true;
    }
  }
  return false;
}
