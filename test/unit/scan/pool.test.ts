// The pooled scan (src/cli/scanPool.ts: Python parsed in a worker thread, the main thread taking
// jobs too whenever the queue backs up) must give exactly the ScanResult an in-process scan gives: same
// call sites in the same order, same errors, same counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanEngine, type SourceFile } from '../../../src/core/scan/index';
import type { ScanResult } from '../../../src/core/callsite';
import { nodeGrammarLoader } from '../../../src/cli/grammarLoader';
import { walkWorkspace } from '../../../src/cli/walk';
import { defaultWorkerScript, ScanPool, scanFilesPooled, scanWorkspacePooled } from '../../../src/cli/scanPool';
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
    // minJobs: 1 so the worker runs even on a corpus this small.
    for (const workers of [1, 2]) {
      const pooled = await scanFilesPooled(root, walkWorkspace(root), { workers, minJobs: 1 });
      assert.deepEqual(comparable(pooled), comparable(expected), `${workers} worker(s)`);
    }
    // Small scans stay in-process, and a missing worker script falls back to in-process too.
    assert.deepEqual(comparable(await scanFilesPooled(root, walkWorkspace(root))), comparable(expected));
    const noWorker = await scanFilesPooled(root, walkWorkspace(root), { minJobs: 1, workerScript: join(root, 'missing.js') });
    assert.deepEqual(comparable(noWorker), comparable(expected));
    // The CLI's way: the worker reads, prefilters and parses the files of its languages itself.
    for (const workerParsesTypeScript of [false, true]) {
      const byPath = await scanWorkspacePooled(root, {}, { workers: 1, minJobs: 1, minFiles: 1, workerParsesTypeScript });
      assert.deepEqual(comparable(byPath), comparable(expected), `by path, workerParsesTypeScript ${workerParsesTypeScript}`);
    }
  });
}

test('pooled scan of all fixtures (every language, errors included) equals the in-process scan', async () => {
  const expected = await inProcess(FIXTURES);
  const pooled = await scanFilesPooled(FIXTURES, walkWorkspace(FIXTURES), { workers: 1, minJobs: 1 });
  assert.deepEqual(comparable(pooled), comparable(expected));
  const byPath = await scanWorkspacePooled(FIXTURES, {}, { workers: 1, minJobs: 1, minFiles: 1, workerParsesTypeScript: true });
  assert.deepEqual(comparable(byPath), comparable(expected), 'by path');
  assert.ok(expected.errors.length > 0, 'the fixtures include a file with an error');
});

test('a kept pool (the editor\'s) gives the in-process scans, file by file and many at once, and stops idle workers', async () => {
  const root = join(FIXTURES, 'scan', 'py');
  const engine = new ScanEngine(nodeGrammarLoader());
  const files: SourceFile[] = [];
  for await (const f of walkWorkspace(root)) files.push(f);
  const expected = await Promise.all(files.map((f) => engine.scanFile(f)));
  const pool = new ScanPool(engine, { workers: 1, idleMs: 50 });
  try {
    for (let round = 0; round < 2; round++) {
      // All at once, as the editor hands over a batch: the queue backs up and both threads parse.
      assert.deepEqual(await Promise.all(files.map((f) => pool.scanFile(f))), expected, `round ${round}`);
    }
    assert.equal(pool.workerCount(), 1, 'the worker is kept between scans');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(pool.workerCount(), 0, 'an idle worker is stopped');
    assert.deepEqual(comparable(await pool.scanAll(root, walkWorkspace(root))), comparable(await inProcess(root)), 'and started again on demand');
  } finally {
    await pool.close();
  }
});

test('a worker that dies mid-scan loses no file: what it held is parsed here', async () => {
  const root = join(FIXTURES, 'scan', 'py');
  const dying = join(mkdtempSync(join(tmpdir(), 'ps-pool-')), 'dying.js');
  writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
  const pool = new ScanPool(new ScanEngine(nodeGrammarLoader()), { workers: 1, minJobs: 1, workerScript: dying });
  try {
    assert.deepEqual(comparable(await pool.scanAll(root, walkWorkspace(root))), comparable(await inProcess(root)));
    assert.equal(pool.workerCount(), 0, 'no worker is started again after one died');
    assert.deepEqual(comparable(await pool.scanAll(root, walkWorkspace(root))), comparable(await inProcess(root)), 'and the next scan runs here');
  } finally {
    await pool.close();
  }
});
