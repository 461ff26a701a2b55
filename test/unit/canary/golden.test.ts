// Golden files: every exporter's output for fixture runs, byte for byte. After an intended change,
// regenerate with UPDATE_GOLDEN=1 and read the diff before committing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_FORMATS, exportPlan, type ExportFormat } from '../../../src/core/canary/export/index';
import type { PlanOptions } from '../../../src/core/canary/types';
import { fixturePlan, GOLDEN } from './support';

const CASES: { run: string; options: PlanOptions; formats: readonly ExportFormat[] }[] = [
  { run: 'go', options: { rps: 5 }, formats: EXPORT_FORMATS },
  { run: 'multi', options: { rps: 20, flagKey: 'llm' }, formats: EXPORT_FORMATS },
  { run: 'flagged', options: {}, formats: ['markdown'] },
];

for (const c of CASES) {
  for (const format of c.formats) {
    test(`golden: ${c.run} as ${format}`, async () => {
      const files = exportPlan(await fixturePlan(c.run, c.options), format);
      assert.ok(files.ok, files.ok ? '' : files.error);
      const dir = join(GOLDEN, c.run, format);
      if (process.env.UPDATE_GOLDEN) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const f of files.value) writeFileSync(join(dir, f.name), f.content);
      }
      assert.ok(existsSync(dir), `${dir} is missing: run the tests with UPDATE_GOLDEN=1`);
      assert.deepEqual(files.value.map((f) => f.name).sort(), readdirSync(dir).sort(), 'the same files');
      for (const f of files.value) assert.equal(f.content, readFileSync(join(dir, f.name), 'utf8'), `${format}/${f.name}`);
    });
  }
}

test('--stage picks one stage for single-weight formats; 0 is the rollback; others refuse it', async () => {
  const plan = await fixturePlan('go');
  const one = exportPlan(plan, 'flagd', { stage: 25 });
  assert.ok(one.ok);
  assert.deepEqual(one.value.map((f) => f.name), [`${plan.flagKey}.stage-25.flagd.json`]);
  const rollback = exportPlan(plan, 'litellm', { stage: 0 });
  assert.ok(rollback.ok && rollback.value[0].name.endsWith('.rollback.litellm.yaml'));
  const missing = exportPlan(plan, 'launchdarkly', { stage: 30 });
  assert.ok(!missing.ok && /stage 30 is not in the plan/.test(missing.error));
  const whole = exportPlan(plan, 'argo', { stage: 25 });
  assert.ok(!whole.ok && /holds the whole plan/.test(whole.error));
});

test('markdown escapes reviewers\' comments', async () => {
  const files = exportPlan(await fixturePlan('flagged'), 'markdown');
  assert.ok(files.ok);
  const md = files.value[0].content;
  assert.ok(!md.includes('<b>'), 'no raw HTML from a comment');
  assert.ok(md.includes('\\<b\\>deadline\\</b\\> \\| from the summary'));
  assert.match(md, /\*\*Verdict: NO-GO\*\*/);
});
