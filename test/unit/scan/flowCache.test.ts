// The cross-file model pass's cache (src/node/flowCache.ts): `promptshift scan` of an unchanged tree
// takes the pass's answer from .promptshift/cache/flow-cache.json; any change to what the pass read
// (a `.env` edited, created or deleted, a configuration or module file) runs it again, and the output
// is always the one a scan without any cache gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResult } from '../../../src/core/callsite';
import { run } from '../../../src/cli/commands/scan';
import { cachedFlow, flowCachePath } from '../../../src/node/flowCache';
import { scanWorkspaceIndexed } from '../../../src/node/indexedScan';
import { scanIndexPath } from '../../../src/node/scanIndex';
import { walkPaths } from '../../../src/node/walk';
import { FIXTURES } from '../support/paths';

const OLD = new Date('2026-01-01T00:00:00Z');

/** Files and folders modified well before the scan (the caches skip what changed moments ago). */
function age(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) age(join(dir, e.name));
    else utimesSync(join(dir, e.name), OLD, OLD);
  }
  utimesSync(dir, OLD, OLD);
}

async function scanJson(dir: string): Promise<ScanResult> {
  let out = '';
  let err = '';
  const code = await run(['--json', dir], { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: dir, env: {} });
  assert.equal(code, 0, err);
  const result = JSON.parse(out) as ScanResult;
  result.stats.ms = 0;
  return result;
}

/** The scan with no cache of any kind: what every cached scan must print. */
async function fresh(dir: string): Promise<ScanResult> {
  const copy = mkdtempSync(join(tmpdir(), 'promptshift-flowcache-fresh-'));
  try {
    cpSync(dir, copy, { recursive: true });
    rmSync(join(copy, '.promptshift'), { recursive: true, force: true });
    const result = await scanJson(copy);
    return { ...result, root: dir };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'promptshift-flowcache-'));
  cpSync(join(FIXTURES, 'scan', 'flow', 'py_settings'), dir, { recursive: true });
  age(dir);
  return dir;
}

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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
