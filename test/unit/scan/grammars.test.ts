// Every grammar the scanners load is shipped: esbuild.mjs copies GRAMMAR_FILES to dist/grammars,
// and each is in the tree-sitter package the build copies it from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRAMMAR_FILES } from '../../../src/core/scan/index';
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
