// The Runs view's go / no-go cache: computed from the run, recomputed when review.json changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RolloutVerdicts } from '../../../src/host/runs/rolloutVerdicts';
import { FIXTURES } from '../support/paths';

test('a run\'s verdict is cached, and recomputed when a reviewer flags a case', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promptshift-verdicts-'));
  try {
    cpSync(join(FIXTURES, 'canary', 'runs', 'go'), dir, { recursive: true });
    let changes = 0;
    const verdicts = new RolloutVerdicts(() => { changes++; });
    assert.equal(verdicts.peek(dir), undefined);
    assert.equal((await verdicts.get(dir)).verdict, 'go');
    assert.equal(verdicts.peek(dir)?.verdict, 'go');
    assert.equal(changes, 1);
    await verdicts.get(dir);
    assert.equal(changes, 1, 'unchanged files: no recomputation reported');
    writeFileSync(join(dir, 'review.json'), JSON.stringify({ version: 1, decisions: [{ caseId: 'c2', decision: 'flagged', comment: 'wrong tone', by: 'r', at: '' }] }));
    const flagged = await verdicts.get(dir);
    assert.equal(flagged.verdict, 'no-go');
    assert.match(flagged.reasons.join('\n'), /c2 \(wrong tone\)/);
    assert.equal(changes, 2);
    const broken = new RolloutVerdicts(() => {});
    assert.equal((await broken.get(join(dir, 'missing'))).verdict, 'unavailable');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
