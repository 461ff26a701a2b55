// Every grammar the scanners load is shipped: esbuild.mjs copies GRAMMAR_FILES to dist/grammars,
// and each is in the tree-sitter package the build copies it from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRAMMAR_FILES, ScanEngine } from '../../../src/core/scan/index';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { REPO_ROOT } from '../support/paths';

test('esbuild.mjs ships exactly the grammars the scanners load', () => {
  const script = readFileSync(join(REPO_ROOT, 'esbuild.mjs'), 'utf8');
  const list = /const GRAMMARS = \[([^\]]*)\]/.exec(script);
  assert.ok(list, 'esbuild.mjs has a GRAMMARS list');
  const shipped = [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual([...shipped].sort(), [...GRAMMAR_FILES].sort());
  for (const name of GRAMMAR_FILES) {
    assert.ok(existsSync(join(REPO_ROOT, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm', name)), name);
  }
});

test('a grammar that fails to load is loaded again by the next file of its language', async () => {
  const real = nodeGrammarLoader();
  let failures = 1;
  const engine = new ScanEngine(async (name) => {
    if (name === 'tree-sitter-go.wasm' && failures-- > 0) throw new Error('EIO: read failed');
    return real(name);
  });
  const file = { path: 'svc/chat.go', content: 'package svc\nimport "github.com/openai/openai-go"\nfunc f(c openai.Client) { c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "gpt-4o"}) }\n' };
  const first = await engine.scanFile(file);
  assert.match(first.error?.message ?? '', /EIO/, 'the failure is the file\'s error');
  const second = await engine.scanFile(file);
  assert.equal(second.error, null);
  assert.equal(second.callSites[0]?.model, 'gpt-4o');
});
