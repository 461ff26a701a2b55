// `promptshift demo` ends with the comparison and writes each run's Markdown and HTML review reports
// into its run directory, saying where. Run on a copy of the sample workspace (never the repo's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run as demo } from '../../../src/cli/commands/demo';
import { capture } from '../replay/workspace';

test('demo: comparison with simulated costs, then report.md and report.html in every run directory', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ps-demo-'));
  const sample = join(root, 'sample-workspace');
  cpSync(resolve(__dirname, '..', '..', '..', '..', 'examples', 'sample-workspace'), sample, {
    recursive: true, filter: (src) => !src.includes(`${join('.promptshift', 'runs')}`),
  });
  const io = capture(root, { PROMPTSHIFT_SAMPLE_WORKSPACE: sample, PROMPTSHIFT_TODAY: '2026-11-15' });
  assert.equal(await demo([], io.io), 0, io.err());
  const out = io.out();
  assert.match(out, /== 3\. Compare baseline and candidate/);
  assert.match(out, /cost \(simulated\) \$\d/);
  assert.match(out, /Costs are simulated: .* no money was spent/);
  assert.match(out, /== 4\. Review reports/);
  const runs = [...out.matchAll(/^run +(\S+) +\(plan\.json, results\.jsonl, summary\.json, report\.md, report\.html\)$/gm)].map((m) => resolve(root, m[1]));
  assert.ok(runs.length >= 3, out);
  for (const dir of runs) {
    assert.ok(existsSync(join(dir, 'report.md')) && existsSync(join(dir, 'report.html')), dir);
    assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), /^> ⚠️ Costs are simulated/);
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /^<!doctype html>[\s\S]*Costs are simulated/);
    assert.ok(out.includes(join(dir, 'report.html').slice(root.length + 1)), `the demo says where ${dir}/report.html is`);
  }
});
