// The labelled TypeScript/JavaScript corpus: precision, recall and model-ID accuracy of the scanner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths';
import { describeScore, scoreCallSites, type Label } from './score';
import { scanTree } from './tsSupport';

const ROOT = join(FIXTURES, 'scan', 'ts');

test('TS/JS corpus: precision >= 0.95, recall >= 0.90, model accuracy >= 0.97', () => {
  const labels = JSON.parse(readFileSync(join(ROOT, 'labels.json'), 'utf8')) as Label[];
  assert.ok(labels.length >= 100, `corpus has ${labels.length} labelled call sites`);
  const score = scoreCallSites(labels, scanTree(ROOT));
  const report = describeScore(score);
  if (process.env.SCAN_SCORE_VERBOSE) console.log(report);
  assert.ok(score.precision >= 0.95, report);
  assert.ok(score.recall >= 0.9, report);
  assert.ok(score.modelAccuracy >= 0.97, report);
  assert.ok(score.apiAccuracy >= 0.95, report);
});
