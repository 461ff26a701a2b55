// Scores the Python scanner against the labelled corpus in test/fixtures/scan/py. Every reported
// site that is not labelled is a false positive; labels are (path, line) with api and model.
// The shared scorer (test/unit/scan/score.ts) was not there when this was written, so the
// scoring is inline here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES } from '../support/paths';
import { pythonScanner } from './pythonSupport';

interface Label { path: string; line: number; api: string; model: string | null; modelResolved: string | string[] | null }

const ROOT = join(FIXTURES, 'scan', 'py');

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) pythonFiles(p, out);
    else if (name.endsWith('.py')) out.push(relative(ROOT, p).split('\\').join('/'));
  }
  return out.sort();
}

test('python corpus: precision ≥ 0.95, recall ≥ 0.90, model-ID accuracy ≥ 0.97', async () => {
  const scanner = await pythonScanner();
  const labels: Label[] = JSON.parse(readFileSync(join(ROOT, 'labels.json'), 'utf8'));
  assert.ok(labels.length >= 60, `corpus has ${labels.length} labelled sites`);
  const byKey = new Map(labels.map((l) => [`${l.path}:${l.line}`, l]));
  let tp = 0;
  let modelOk = 0;
  let apiOk = 0;
  const falsePositives: string[] = [];
  const wrong: string[] = [];
  for (const path of pythonFiles(ROOT)) {
    const result = scanner.scan(path, readFileSync(join(ROOT, path), 'utf8'));
    for (const site of result.callSites) {
      const key = `${path}:${site.line}`;
      const label = byKey.get(key);
      if (!label) { falsePositives.push(`${key} ${site.api}`); continue; }
      byKey.delete(key);
      tp++;
      if (site.api === label.api) apiOk++; else wrong.push(`${key} api ${site.api} ≠ ${label.api}`);
      if (site.model === label.model && JSON.stringify(site.modelResolved) === JSON.stringify(label.modelResolved)) modelOk++;
      else wrong.push(`${key} model ${site.model}/${JSON.stringify(site.modelResolved)} ≠ ${label.model}/${JSON.stringify(label.modelResolved)}`);
    }
  }
  const precision = tp / (tp + falsePositives.length);
  const recall = tp / labels.length;
  const modelAccuracy = tp ? modelOk / tp : 0;
  const detail = JSON.stringify({ precision, recall, modelAccuracy, apiAccuracy: tp ? apiOk / tp : 0, falsePositives, missed: [...byKey.keys()], wrong }, null, 1);
  assert.ok(precision >= 0.95, detail);
  assert.ok(recall >= 0.9, detail);
  assert.ok(modelAccuracy >= 0.97, detail);
  assert.ok(apiOk / tp >= 0.97, detail);
});

test('python corpus: negatives outnumber 20 look-alikes and none is reported', async () => {
  // The pytest module and the SDK shim are look-alikes through and through.
  const scanner = await pythonScanner();
  const tests = scanner.scan('tests/test_summarizer.py', readFileSync(join(ROOT, 'tests', 'test_summarizer.py'), 'utf8'));
  assert.deepEqual(tests.callSites, []);
  assert.equal(tests.error, null);
});
