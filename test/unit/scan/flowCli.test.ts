// `promptshift scan` follows models across files and configuration whether a file's scan comes from
// the parser or from the scan index: the pass runs on every result (its own cache: flowCache.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResult } from '../../../src/core/callsite';
import { run } from '../../../src/cli/commands/scan';
import { FIXTURES } from '../support/paths';

/** Files and folders modified well before the scan, so the scan index records them (it skips racy ones). */
function age(dir: string): void {
  const old = new Date('2026-01-01T00:00:00Z');
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) age(join(dir, e.name));
    else utimesSync(join(dir, e.name), old, old);
  }
  utimesSync(dir, old, old);
}

async function scanJson(dir: string): Promise<{ result: ScanResult; note: string }> {
  let out = '';
  let err = '';
  const code = await run(['--json', dir], { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: dir, env: {} });
  assert.equal(code, 0, err);
  return { result: JSON.parse(out) as ScanResult, note: err };
}

test('scan --json: a model from .env through a settings class is resolved, with its chain, from the parser and from the scan index alike', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promptshift-flowcli-'));
  try {
    cpSync(join(FIXTURES, 'scan', 'flow', 'py_settings'), dir, { recursive: true });
    age(dir);
    const first = await scanJson(dir);
    const second = await scanJson(dir);
    assert.match(second.note, /unchanged files from the scan index/);
    for (const { result } of [first, second]) {
      const reply = result.callSites.find((s) => s.path === 'app/services/chat.py' && s.modelExpr === 'settings.chat_model');
      assert.equal(reply?.modelResolved, 'gpt-4o-2024-08-06');
      assert.deepEqual([reply?.modelSource.at(-1)?.kind, reply?.modelSource.at(-1)?.path], ['dotenv', '.env']);
    }
    assert.deepEqual(second.result.callSites, first.result.callSites);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('scan --json is one compact line when piped and indented on a terminal, the same object either way', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promptshift-jsontty-'));
  try {
    cpSync(join(FIXTURES, 'scan', 'flow', 'py_settings'), dir, { recursive: true });
    const outputs: string[] = [];
    for (const stdoutIsTerminal of [false, true]) {
      let out = '';
      const code = await run(['--json', dir], { stdout: (t) => { out += t; }, stderr: () => {}, cwd: dir, env: {}, stdoutIsTerminal });
      assert.equal(code, 0);
      outputs.push(out);
    }
    const [piped, terminal] = outputs;
    assert.equal(piped.trimEnd().split('\n').length, 1, 'piped: one line');
    assert.ok(piped.endsWith('}\n'));
    assert.match(terminal, /^\{\n {2}"version": 1,\n/, 'a terminal: indented');
    const comparable = (t: string) => { const r = JSON.parse(t) as ScanResult; r.stats.ms = 0; return r; };
    assert.deepEqual(comparable(piped), comparable(terminal));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
