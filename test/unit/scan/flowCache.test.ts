// The cross-file model pass's cache (src/node/flowCache.ts): `promptshift scan` of an unchanged tree
// takes the pass's answer from .promptshift/cache/flow-cache.json; any change to what the pass read
// (a `.env` edited, created or deleted, a configuration or module file) runs it again, and the output
// is always the one a scan without any cache gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanResult } from '../../../src/core/callsite';
import { cachedFlow, flowCachePath } from '../../../src/node/flowCache';
import { scanWorkspaceIndexed } from '../../../src/node/indexedScan';
import { scanIndexPath } from '../../../src/node/scanIndex';
import { walkPaths } from '../../../src/node/walk';
import { age, flowWorkspace, OLD, scanFresh, scanOutput } from '../support/cachedScan';

async function scanJson(dir: string): Promise<ScanResult> {
  const result = JSON.parse(await scanOutput(dir)) as ScanResult;
  result.stats.ms = 0;
  return result;
}

/** The scan with no cache of any kind: what every cached scan must print. */
const fresh = (dir: string) => scanFresh(dir, scanJson, (result) => ({ ...result, root: dir }));

const workspace = () => flowWorkspace('promptshift-flowcache-');

const chatModel = (r: ScanResult) => r.callSites.find((s) => s.path === 'app/services/chat.py' && s.modelExpr === 'settings.chat_model')?.modelResolved;

test('an unchanged tree takes the pass from the cache, and prints what the pass itself gives', async () => {
  const dir = workspace();
  try {
    const first = await scanJson(dir);
    assert.equal(chatModel(first), 'gpt-4o-2024-08-06');
    // The first scan made .promptshift/ (a change to the root folder, too recent to vouch for).
    age(dir);
    const second = await scanJson(dir);
    assert.deepEqual(second, first);
    // The cache answers for the scan's own call sites, before the pass.
    const before = (await scanWorkspaceIndexed(dir)).result;
    const hit = cachedFlow(dir, before.callSites, [], () => [...walkPaths(dir)]);
    assert.ok(hit, 'the pass is answered from the cache');
    assert.deepEqual(hit.after, first.callSites);
    // The same with the scan's walk, which the index answered whole: vouched for by the index.
    const scanned = await scanWorkspaceIndexed(dir);
    assert.equal(scanned.walked.answers?.whole, true);
    const vouched = cachedFlow(dir, scanned.result.callSites, [], () => scanned.walked.paths, scanned.walked);
    assert.deepEqual(vouched?.after, first.callSites);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a .env edited, deleted or created after the cache was written is seen', async () => {
  const dir = workspace();
  try {
    await scanJson(dir);
    age(dir);
    await scanJson(dir);
    // Edited (same size: only its time tells).
    writeFileSync(join(dir, '.env'), '# local development\nLLM_CHAT_MODEL=gpt-4o-2024-11-20\nllm_fallback_model=\'gpt-3.5-turbo\'\n');
    const edited = await scanJson(dir);
    assert.equal(chatModel(edited), 'gpt-4o-2024-11-20');
    assert.deepEqual(edited, await fresh(dir));
    age(dir);
    await scanJson(dir);
    // Deleted: the directory's entries changed.
    unlinkSync(join(dir, '.env'));
    utimesSync(dir, OLD, new Date(OLD.getTime() + 1000));
    const deleted = await scanJson(dir);
    assert.notEqual(chatModel(deleted), 'gpt-4o-2024-11-20');
    assert.deepEqual(deleted, await fresh(dir));
    age(dir);
    await scanJson(dir);
    // Created where the pass found none.
    writeFileSync(join(dir, '.env'), 'LLM_CHAT_MODEL=gpt-4.1\n');
    const created = await scanJson(dir);
    assert.equal(chatModel(created), 'gpt-4.1');
    assert.deepEqual(created, await fresh(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged, altered or foreign cache is not trusted', async () => {
  const dir = workspace();
  try {
    const first = await scanJson(dir);
    age(dir);
    await scanJson(dir);
    const stored = readFileSync(flowCachePath(dir), 'utf8');
    assert.match(stored, /gpt-4o-2024-08-06/);
    writeFileSync(flowCachePath(dir), stored.replace(/gpt-4o-2024-08-06/g, 'gpt-4o-2024-08-07'));
    assert.deepEqual(await scanJson(dir), first);
    for (const text of ['{', '[]', JSON.stringify({ format: 'promptshift-flow-cache/2', key: 'x', before: 'y', reads: [], paths: null, changed: [], stats: {} })]) {
      writeFileSync(flowCachePath(dir), text);
      assert.deepEqual(await scanJson(dir), first);
    }
    // The index gone too: still the same.
    rmSync(scanIndexPath(dir), { force: true });
    assert.deepEqual(await scanJson(dir), first);
    // The reads the index vouches for (the second line) with one left out, then that file edited
    // where the index cannot vouch (it is gone): the line's hash tells, and the pass runs again.
    age(dir);
    await scanJson(dir);
    const lines = readFileSync(flowCachePath(dir), 'utf8').split('\n');
    assert.equal(lines.length, 4);
    const indexed = (JSON.parse(lines[1]) as [string, ...number[]][]).filter((r) => r[0] !== 'app/core/settings.py');
    assert.ok(indexed.length > 0 && lines[1].includes('app/core/settings.py'), 'the index vouched for the settings module');
    writeFileSync(flowCachePath(dir), [lines[0], JSON.stringify(indexed), lines[2], lines[3]].join('\n'));
    rmSync(scanIndexPath(dir), { force: true });
    const settings = join(dir, 'app', 'core', 'settings.py');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('Field("gpt-4o",', 'Field("gpt-4.1",'));
    utimesSync(settings, OLD, new Date(OLD.getTime() + 5000));
    const edited = await scanJson(dir);
    assert.ok(edited.callSites.some((s) => s.modelExpr?.includes('grader_model') && s.modelResolved === 'gpt-4.1'));
    assert.deepEqual(edited, await fresh(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a module the pass read, edited with every call site unchanged, runs the pass again', async () => {
  const dir = workspace();
  const settings = join(dir, 'app', 'core', 'settings.py');
  const grader = (r: ScanResult) => r.callSites.find((s) => s.modelExpr?.includes('grader_model'))?.modelResolved;
  try {
    const first = await scanJson(dir);
    assert.equal(grader(first), 'gpt-4o');
    age(dir);
    await scanJson(dir); // the caches now answer the scan whole
    // No call site in the edited file: the sites handed to the pass are the same; its read is not.
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('Field("gpt-4o",', 'Field("gpt-4.1",'));
    const edited = await scanJson(dir);
    assert.equal(grader(edited), 'gpt-4.1');
    assert.deepEqual(edited, await fresh(dir));
    age(dir);
    assert.deepEqual(await scanJson(dir), edited);
    // Same size, only the time tells (set well in the past: outside the racy window).
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('Field("gpt-4.1",', 'Field("gpt-4.5",'));
    utimesSync(settings, OLD, new Date(OLD.getTime() + 5000));
    const again = await scanJson(dir);
    assert.equal(grader(again), 'gpt-4.5');
    assert.deepEqual(again, await fresh(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the index vouches for the call sites only when it answered the scan whole and is the one the cache was written against', async () => {
  const dir = workspace();
  try {
    await scanJson(dir);
    age(dir);
    await scanJson(dir);
    const scanned = await scanWorkspaceIndexed(dir);
    const answers = scanned.walked.answers!;
    assert.equal(answers.whole, true);
    assert.equal(answers.ordered, true, 'the index lists the walk in order');
    const list = () => scanned.walked.paths;
    assert.ok(cachedFlow(dir, scanned.result.callSites, [], list, scanned.walked), 'vouched for');
    // Call sites other than those the pass was given: only the full check can tell, and it does
    // whenever the index cannot vouch for them.
    const other = scanned.result.callSites.map((s, i) => (i === 0 ? { ...s, line: s.line + 1 } : s));
    assert.equal(cachedFlow(dir, other, [], list, { ...scanned.walked, answers: { ...answers, whole: false } }), undefined, 'not answered whole');
    assert.equal(cachedFlow(dir, other, [], list, { ...scanned.walked, answers: { ...answers, digest: 'another index' } }), undefined, 'another index');
    assert.equal(cachedFlow(dir, other, [], list, { ...scanned.walked, answers: undefined }), undefined, 'no index');
    // Another walk order (which the index then says is not its own).
    const reversed = { ...scanned.walked, paths: [...scanned.walked.paths].reverse(), answers: { ...answers, ordered: false } };
    assert.equal(cachedFlow(dir, other, [], list, reversed), undefined, 'another walk order');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
