// The pooled scan (src/cli/scanPool.ts: tree-sitter languages parsed in a worker thread, the main
// thread taking jobs too once its walk is done) must give exactly the ScanResult an in-process scan
// gives: same call sites in the same order, same errors, same counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ScanEngine } from '../../../src/core/scan/index';
import type { ScanResult } from '../../../src/core/callsite';
import { nodeGrammarLoader } from '../../../src/cli/grammarLoader';
import { walkWorkspace } from '../../../src/cli/walk';
import { defaultWorkerScript, scanFilesPooled } from '../../../src/cli/scanPool';
import { FIXTURES } from '../support/paths';

const comparable = (r: ScanResult) => ({ ...r, stats: { ...r.stats, ms: 0 } });

async function inProcess(root: string): Promise<ScanResult> {
  return new ScanEngine(nodeGrammarLoader()).scanAll(root, walkWorkspace(root));
}

test('the worker script is built beside the pool', () => {
  assert.ok(existsSync(defaultWorkerScript()), defaultWorkerScript());
});

for (const [corpus, minSites] of [['py', 50], ['ts', 50], ['go', 20], ['java', 15], ['csharp', 10]] as const) {
  test(`pooled scan of the ${corpus} corpus equals the in-process scan`, async () => {
    const root = join(FIXTURES, 'scan', corpus);
    const expected = await inProcess(root);
    assert.ok(expected.callSites.length > minSites, `${corpus} corpus has call sites`);
    // minTreeSitterFiles: 1 so the worker runs even on a corpus this small.
    for (const workers of [1, 2]) {
      const pooled = await scanFilesPooled(root, walkWorkspace(root), { workers, minTreeSitterFiles: 1 });
      assert.deepEqual(comparable(pooled), comparable(expected), `${workers} worker(s)`);
    }
    // Small scans stay in-process, and a missing worker script falls back to in-process too.
    assert.deepEqual(comparable(await scanFilesPooled(root, walkWorkspace(root))), comparable(expected));
    const noWorker = await scanFilesPooled(root, walkWorkspace(root), { minTreeSitterFiles: 1, workerScript: join(root, 'missing.js') });
    assert.deepEqual(comparable(noWorker), comparable(expected));
  });
}

test('pooled scan of all fixtures (every language, errors included) equals the in-process scan', async () => {
  const expected = await inProcess(FIXTURES);
  const pooled = await scanFilesPooled(FIXTURES, walkWorkspace(FIXTURES), { workers: 1, minTreeSitterFiles: 1 });
  assert.deepEqual(comparable(pooled), comparable(expected));
  assert.ok(expected.errors.length > 0, 'the fixtures include a file with an error');
});
