// Known inputs, known answers: Newcombe (1998) worked examples, R's fisher.test on classic tables, and
// the sample-size formula by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareProportions, fisherExactTwoSided, newcombeInterval, ruleOfThreeSampleSize, twoProportionSampleSize, wilsonInterval } from '../../../src/core/stats/proportions';

const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

test('Wilson score interval: Newcombe (1998) examples', () => {
  // 81/263 → 0.2553–0.3662; 0/10 → 0–0.2775; 15/148 → 0.0624–0.1605.
  const [a, b] = wilsonInterval({ x: 81, n: 263 });
  near(a, 0.2553, 5e-4, 'lower'); near(b, 0.3662, 5e-4, 'upper');
  const [c, d] = wilsonInterval({ x: 0, n: 10 });
  assert.equal(c, 0); near(d, 0.2775, 5e-4, 'upper of 0/10');
  const [e, f] = wilsonInterval({ x: 15, n: 148 });
  near(e, 0.0624, 5e-4, 'lower'); near(f, 0.1605, 5e-4, 'upper');
  assert.deepEqual(wilsonInterval({ x: 0, n: 0 }), [0, 1]);
});

test("Newcombe's hybrid score interval for a difference: his worked examples", () => {
  // 56/70 − 48/80 = 0.2000, 95% CI 0.0524 to 0.3339 (method 10).
  const [lo, hi] = newcombeInterval({ x: 48, n: 80 }, { x: 56, n: 70 });
  near(lo, 0.0524, 5e-4, 'lower'); near(hi, 0.3339, 5e-4, 'upper');
  // 9/10 − 3/10 = 0.6, CI 0.1705 to 0.8090.
  const [l2, h2] = newcombeInterval({ x: 3, n: 10 }, { x: 9, n: 10 });
  near(l2, 0.1705, 5e-4, 'lower'); near(h2, 0.8090, 5e-4, 'upper');
});

test("Fisher's exact test, two-sided, matches R's fisher.test", () => {
  // Lady tasting tea: matrix(c(3,1,1,3),2) → p = 0.4857.
  near(fisherExactTwoSided({ x: 3, n: 4 }, { x: 1, n: 4 }), 0.4857, 5e-5, 'tea');
  // matrix(c(1,11,9,3),2) (1/10 vs 11/14) → p = 0.002759.
  near(fisherExactTwoSided({ x: 1, n: 10 }, { x: 11, n: 14 }), 0.002759, 5e-6, 'classic');
  assert.equal(fisherExactTwoSided({ x: 0, n: 50 }, { x: 0, n: 50 }), 1);
  assert.equal(fisherExactTwoSided({ x: 5, n: 5 }, { x: 7, n: 7 }), 1);
  // Large n stays finite and symmetric.
  const p = fisherExactTwoSided({ x: 100, n: 10_000 }, { x: 140, n: 10_000 });
  near(p, fisherExactTwoSided({ x: 140, n: 10_000 }, { x: 100, n: 10_000 }), 1e-12, 'symmetric');
  assert.ok(p > 0.005 && p < 0.02, `p=${p}`);
});

test('compareProportions says what it did and when it is significant', () => {
  const same = compareProportions({ x: 2, n: 50 }, { x: 3, n: 50 });
  assert.equal(same.significant, false);
  assert.match(same.method, /Fisher/);
  assert.ok(same.ci95 && same.ci95[0] < 0 && same.ci95[1] > 0);
  const worse = compareProportions({ x: 1, n: 80 }, { x: 22, n: 80 });
  assert.equal(worse.significant, true);
  near(worse.difference!, 21 / 80, 1e-12, 'difference');
  assert.ok(worse.ci95![0] > 0);
  const empty = compareProportions({ x: 0, n: 0 }, { x: 1, n: 5 });
  assert.deepEqual([empty.difference, empty.ci95, empty.pValue, empty.significant], [null, null, null, false]);
});

test('two-proportion sample size and the rule of three', () => {
  // p0 = 5%, p1 = 10%, one-sided α = 0.05, power 80%: 342.1 → 343 per arm (by hand).
  assert.equal(twoProportionSampleSize(0.05, 0.1), 343);
  // p0 = 1%, p1 = 2%: 1,826 per arm.
  assert.equal(twoProportionSampleSize(0.01, 0.02), 1826);
  assert.equal(ruleOfThreeSampleSize(0.01), 300);
  assert.throws(() => twoProportionSampleSize(0.1, 0.1), RangeError);
  assert.throws(() => ruleOfThreeSampleSize(0), RangeError);
});
