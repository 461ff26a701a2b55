// The pooled scan (src/node/scanPool.ts: Python parsed in a worker thread, the main thread taking
// jobs too whenever the queue backs up) must give exactly the ScanResult an in-process scan gives: same
// call sites in the same order, same errors, same counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanEngine, type SourceFile } from '../../../src/core/scan/index';
import type { ScanResult } from '../../../src/core/callsite';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { walkPaths, walkWorkspace } from '../../../src/node/walk';
import { defaultWorkerScript, ScanPool } from '../../../src/node/scanPool';
import { timeSlices } from '../../../src/node/pace';
import { scanFilesPooled, scanWorkspacePooled } from '../../../src/node/indexedScan';
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
    for (const [workers, workerParsesTypeScript] of [[1, false], [1, true], [2, false]] as const) {
      const byPath = await scanWorkspacePooled(root, {}, { workers, minJobs: 1, minFiles: 1, workerParsesTypeScript });
      assert.deepEqual(comparable(byPath), comparable(expected), `by path, ${workers} worker(s), workerParsesTypeScript ${workerParsesTypeScript}`);
    }
    // A big repository's way: once this thread has parsed enough TypeScript, the rest of it goes
    // to the workers' queue too.
    for (const workers of [1, 2]) {
      const handedOver = await scanWorkspacePooled(root, {}, { workers, minFiles: 1, minScriptChars: 2000 });
      assert.deepEqual(comparable(handedOver), comparable(expected), `TypeScript handed to ${workers} worker(s) after 2,000 characters`);
    }
  });
}

test('a path scan whose workers read and prefilter TypeScript for this thread to parse, or leave it here, equals the in-process scan', async () => {
  const root = join(FIXTURES, 'scan', 'ts');
  const expected = await inProcess(root);
  let loads = 0;
  const loader = () => { loads++; return Promise.resolve(new ScanEngine(nodeGrammarLoader())); };
  for (const workers of [1, 2]) {
    const pool = new ScanPool(loader, { workers, minFiles: 1, workersPrepareScripts: true });
    try {
      assert.deepEqual(comparable(await pool.scanPaths(root, walkPaths(root))), comparable(expected), `prepared by ${workers} worker(s)`);
      assert.equal(pool.workerCount(), workers, 'the workers ran');
    } finally {
      await pool.close();
    }
  }
  assert.equal(loads, 2, 'the TypeScript was parsed on this thread');
  // Without: this thread reads its languages itself, and hands them over only past minScriptChars.
  for (const minScriptChars of [2000, undefined]) {
    const here = await scanWorkspacePooled(root, {}, { workers: 1, minFiles: 1, minScriptChars, workersPrepareScripts: false });
    assert.deepEqual(comparable(here), comparable(expected), `kept here, minScriptChars ${minScriptChars}`);
  }
});

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

/** Python files first in walk order, then TypeScript: a worker gets paths while this thread is still busy. */
function pythonThenTypeScript(): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-pool-tree-'));
  mkdirSync(join(root, 'a'));
  mkdirSync(join(root, 'b'));
  for (let i = 0; i < 150; i++) {
    const py = i % 5 ? `def f${i}(x):\n    return x + ${i}\n` : `from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "${i}"}])\n`;
    writeFileSync(join(root, 'a', `m${String(i).padStart(3, '0')}.py`), py);
  }
  for (let i = 0; i < 20; i++) {
    writeFileSync(join(root, 'b', `s${i}.ts`), `import OpenAI from 'openai';\nconst c = new OpenAI();\nexport const r${i} = c.responses.create({ model: 'gpt-4.1', input: 'q${i}' });\n`);
  }
  return root;
}

/**
 * The walk of `root`, holding back its TypeScript files until `marker` exists: the fake workers
 * below write it once they have taken files, so they hold some when this thread starts taking.
 */
function* walkHeldUntil(root: string, marker: string): Generator<string> {
  const wait = new Int32Array(new SharedArrayBuffer(4));
  let held = false;
  for (const path of walkPaths(root)) {
    if (!held && path.endsWith('.ts')) {
      held = true;
      for (let t = 0; !existsSync(marker) && t < 10_000; t += 5) Atomics.wait(wait, 0, 0, 5);
    }
    yield path;
  }
}

/** A worker script that takes `take` files of the first queue message, writes `marker`, then `then`. */
function fakeWorker(dir: string, name: string, take: number, marker: string, then: string): string {
  const script = join(dir, name);
  writeFileSync(script, `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (m) => {
      if (!m.queue) return;
      Atomics.add(m.queue.claimed, 0, ${take});
      require('node:fs').writeFileSync(${JSON.stringify(marker)}, '');
      ${then}
    });`);
  return script;
}

test('a worker that dies holding files of a path scan loses none: they are scanned here', async () => {
  const root = pythonThenTypeScript();
  const expected = await inProcess(root);
  assert.equal(expected.callSites.length, 30 + 20);
  const dir = mkdtempSync(join(tmpdir(), 'ps-pool-'));
  const dyingMarker = join(dir, 'dying.took');
  const dying = fakeWorker(dir, 'dying.js', 3, dyingMarker, 'process.exit(3);');
  const pool = new ScanPool(new ScanEngine(nodeGrammarLoader()), { workers: 1, minFiles: 1, workerScript: dying });
  try {
    assert.deepEqual(comparable(await pool.scanPaths(root, walkHeldUntil(root, dyingMarker))), comparable(expected));
    assert.ok(existsSync(dyingMarker), 'the worker took files before it died');
  } finally {
    await pool.close();
  }
});

test('a worker stopped while it holds files of a path scan (the pool closed under it) loses none', async () => {
  const root = pythonThenTypeScript();
  const expected = await inProcess(root);
  const dir = mkdtempSync(join(tmpdir(), 'ps-pool-'));
  const marker = join(dir, 'silent.took');
  const silent = fakeWorker(dir, 'silent.js', 2, marker, '');
  const pool = new ScanPool(new ScanEngine(nodeGrammarLoader()), { workers: 1, minFiles: 1, workerScript: silent });
  try {
    const scan = pool.scanPaths(root, walkHeldUntil(root, marker));
    let scanned = false;
    void scan.then(() => { scanned = true; });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(scanned, false, 'the scan waits for the files the silent worker took');
    await pool.close();
    assert.deepEqual(comparable(await scan), comparable(expected));
  } finally {
    await pool.close();
  }
});

test('a pool that keeps its own thread free (the editor\'s) parses nothing here while a worker runs, and takes over when none can', async () => {
  const root = join(FIXTURES, 'scan');
  const expected = await inProcess(root);
  let loads = 0;
  const loader = () => { loads++; return Promise.resolve(new ScanEngine(nodeGrammarLoader())); };
  const pool = new ScanPool(loader, { workers: 2, callerParses: false, idleMs: 10_000, pace: timeSlices(5) });
  try {
    assert.deepEqual(comparable(await pool.scanPaths(root, walkPaths(root))), comparable(expected), 'path scan');
    const files: SourceFile[] = [];
    for await (const f of walkWorkspace(join(root, 'ts'))) files.push(f);
    const one = await Promise.all(files.map((f) => pool.scanFile(f)));
    assert.deepEqual(one, await Promise.all(files.map((f) => new ScanEngine(nodeGrammarLoader()).scanFile(f))), 'file by file, all at once');
    assert.equal(loads, 0, 'this thread never needed the scanner');
  } finally {
    await pool.close();
  }
  // No worker to be had: the same answers, from this thread.
  const dir = mkdtempSync(join(tmpdir(), 'ps-pool-'));
  const dying = join(dir, 'dying.js');
  writeFileSync(dying, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
  for (const workerScript of [join(dir, 'missing.js'), dying]) {
    const alone = new ScanPool(loader, { workers: 1, callerParses: false, workerScript, pace: timeSlices(5) });
    try {
      assert.deepEqual(comparable(await alone.scanPaths(root, walkPaths(root))), comparable(expected), workerScript);
    } finally {
      await alone.close();
    }
  }
  assert.ok(loads > 0, 'then it did');
});

test('idle workers are stopped but for one while keepWarm says so, and that one answers the next file', async () => {
  const root = join(FIXTURES, 'scan', 'py');
  const engine = new ScanEngine(nodeGrammarLoader());
  const files: SourceFile[] = [];
  for await (const f of walkWorkspace(root)) files.push(f);
  const expected = await Promise.all(files.map((f) => engine.scanFile(f)));
  let keep = true;
  const pool = new ScanPool(engine, { workers: 2, idleMs: 60_000, keepWarm: () => keep });
  try {
    assert.deepEqual(await Promise.all(files.map((f) => pool.scanFile(f))), expected);
    assert.equal(pool.workerCount(), 2);
    assert.equal(await pool.stopIdleWorkers(), 1, 'one kept');
    assert.deepEqual(await pool.scanFile(files[0]), expected[0]);
    keep = false;
    assert.equal(await pool.stopIdleWorkers(), 0, 'none kept');
  } finally {
    await pool.close();
  }
});
