// Which folders a scan walks. Dot-folders (Remix's `app/lib/.server/`, `.claude/` skills) and
// `third_party/` hold application code and are walked unless a .gitignore or an exclude leaves them
// out; dependency, build and cache folders are never walked. The CLI's walk (src/node/walk.ts) and
// the editor's listing (src/host/scan/excludes.ts) must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { walkPaths } from '../../../src/node/walk';
import { excludeGlobs, GitignoreSet, GlobExcluder, PathFilter } from '../../../src/host/scan/excludes';

const FILES = [
  'app/lib/.server/llm.ts',
  '.claude/skills/summarise/run.py',
  '.github/scripts/triage.py',
  'third_party/prompts/grader.py',
  'src/main.py',
  'hidden/.secret-tools/x.py',
  // Never walked: dependencies, build output, caches, editor history.
  '.yarn/releases/yarn-4.cjs',
  '.next/server/app.js',
  '.svelte-kit/output/server.js',
  '.mypy_cache/3.12/x.py',
  '.history/src/main_20260101.py',
  'node_modules/openai/index.js',
  'pkg/.venv/lib/python3.12/site-packages/openai/x.py',
  // Left out by the .gitignore below.
  '.local/notes.py',
  'third_party/generated/big.py',
];

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-walk-'));
  for (const f of FILES) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), 'import openai\n');
  }
  writeFileSync(join(root, '.gitignore'), '.local/\nthird_party/generated/\n');
  return root;
}

const WALKED = [
  '.claude/skills/summarise/run.py', '.github/scripts/triage.py', 'app/lib/.server/llm.ts',
  'hidden/.secret-tools/x.py', 'src/main.py', 'third_party/prompts/grader.py',
];

test('the CLI walk scans dot-folders and third_party/, not dependencies, caches or what .gitignore leaves out', (t) => {
  const root = workspace();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.deepEqual([...walkPaths(root)].sort(), WALKED);
  assert.deepEqual([...walkPaths(root, { exclude: ['.claude/', 'third_party/'] })].sort(),
    WALKED.filter((p) => !p.startsWith('.claude/') && !p.startsWith('third_party/')), '--exclude leaves them out');
});

test('the editor lists the same files as the CLI walk', () => {
  const gitignore = new GitignoreSet();
  gitignore.add('', '.local/\nthird_party/generated/\n');
  const filter = new PathFilter(new GlobExcluder(excludeGlobs({}, {}, [])), gitignore);
  assert.deepEqual(FILES.filter((f) => filter.includes(f)).sort(), WALKED);
  const configured = new PathFilter(new GlobExcluder(excludeGlobs({}, {}, ['**/.claude/**'])), gitignore);
  assert.ok(!configured.includes('.claude/skills/summarise/run.py'), 'promptshift.scan.exclude leaves it out');
});
