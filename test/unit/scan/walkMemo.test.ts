// The walk's memory between scans (src/node/walk.ts WalkMemo, walkMemo.ts, kept in the scan index):
// a directory whose modification time is unchanged is not read again, and everything else the walk
// decides (.gitignore files edited in place, added or removed, other --include/--exclude globs) gives
// the same files as a walk with no memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanWorkspaceIndexed } from '../../../src/node/indexedScan';
import { listTree, walkPaths, type WalkOptions } from '../../../src/node/walk';
import { FIXTURES } from '../support/paths';

const OLD = new Date(Date.now() - 3_600_000);

/** Every file and directory under `root` dated an hour ago, as in a checkout (outside the racy window). */
function age(root: string): void {
  const visit = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      utimesSync(p, OLD, OLD);
    }
  };
  visit(root);
  utimesSync(root, OLD, OLD);
}

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-walkmemo-'));
  cpSync(join(FIXTURES, 'scan', 'ts'), join(root, 'app'), { recursive: true });
  mkdirSync(join(root, 'app', 'gen'));
  writeFileSync(join(root, 'app', 'gen', 'client.ts'), "import OpenAI from 'openai';\nnew OpenAI().chat.completions.create({ model: 'gpt-4o', messages: [] });\n");
  writeFileSync(join(root, 'app', '.gitignore'), 'build-output/\n');
  age(root);
  return root;
}

/** The files with call sites, by a scan that walks with the index's memory (and writes it). */
async function memoPaths(root: string, walk: WalkOptions = {}): Promise<string[]> {
  const paths: string[] = [];
  const { result } = await scanWorkspaceIndexed(root, walk);
  for (const s of result.callSites) paths.push(s.path);
  return [...new Set(paths)];
}

test('a second walk recalls unchanged directories and finds what a walk with no memory finds', async () => {
  const root = tree();
  const fresh = [...walkPaths(root)];
  assert.ok(fresh.includes('app/gen/client.ts'));
  await scanWorkspaceIndexed(root);
  const first = await scanWorkspaceIndexed(root);
  assert.equal(first.result.stats.files, fresh.length);

  // The directory's entries changed, its time put back: only the memory could still list the old
  // file, which shows the walk recalled the directory rather than reading it.
  rmSync(join(root, 'app', 'gen', 'client.ts'));
  writeFileSync(join(root, 'app', 'gen', 'other.ts'), 'export const x = 1;\n');
  utimesSync(join(root, 'app', 'gen', 'other.ts'), OLD, OLD);
  utimesSync(join(root, 'app', 'gen'), OLD, OLD);
  const recalled = await scanWorkspaceIndexed(root);
  assert.ok(recalled.result.errors.some((e) => e.path === 'app/gen/client.ts' && /unreadable/.test(e.message)), 'the remembered listing was used');

  // With its true time the directory is read again.
  const now = new Date();
  utimesSync(join(root, 'app', 'gen'), now, now);
  const reread = await scanWorkspaceIndexed(root);
  assert.deepEqual(reread.result.errors, first.result.errors);
  assert.equal(reread.result.stats.files, [...walkPaths(root)].length);
});

test('a .gitignore edited in place, added or removed is honoured below it', async () => {
  const root = tree();
  await scanWorkspaceIndexed(root);
  const sites = async () => (await memoPaths(root)).filter((p) => p.startsWith('app/gen/'));
  assert.deepEqual(await sites(), ['app/gen/client.ts']);

  // Edited in place: its directory keeps its time, the file's own stamp changes (to another old time).
  appendFileSync(join(root, 'app', '.gitignore'), 'gen/\n');
  const older = new Date(OLD.getTime() - 60_000);
  utimesSync(join(root, 'app', '.gitignore'), older, older);
  utimesSync(join(root, 'app'), OLD, OLD);
  assert.deepEqual(await sites(), []);
  assert.deepEqual(await sites(), [], 'and again, from the memory');

  // Removed: what it ignored comes back.
  rmSync(join(root, 'app', '.gitignore'));
  assert.deepEqual(await sites(), ['app/gen/client.ts']);

  // Added deeper down, in a directory the memory knows without one.
  writeFileSync(join(root, 'app', 'gen', '.gitignore'), 'client.ts\n');
  assert.deepEqual(await sites(), []);
  const all = (await scanWorkspaceIndexed(root)).result.stats.files;
  assert.equal(all, [...walkPaths(root)].length);
});

test('other --include/--exclude globs do not recall the last walk\'s directories', async () => {
  const root = tree();
  await scanWorkspaceIndexed(root);
  const only = await scanWorkspaceIndexed(root, { exclude: ['app/gen/'] });
  assert.equal(only.result.stats.files, [...walkPaths(root, { exclude: ['app/gen/'] })].length);
  assert.ok(!only.result.callSites.some((s) => s.path.startsWith('app/gen/')));
  const again = await scanWorkspaceIndexed(root);
  assert.equal(again.result.stats.files, [...walkPaths(root)].length);
  assert.ok(statSync(join(root, '.promptshift', 'cache', 'scan-index.json')).size > 0);
});

test('listTree, the editor\'s listing of a folder on disk: dot-folders included, skipped names and symlinks left out', () => {
  const root = mkdtempSync(join(tmpdir(), 'ps-listtree-'));
  for (const dir of ['src/.hidden', 'node_modules/pkg', 'docs']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'src', 'a.ts'), '');
  writeFileSync(join(root, 'src', '.hidden', 'b.py'), '');
  writeFileSync(join(root, 'src', 'types.d.ts'), '');
  writeFileSync(join(root, 'node_modules', 'pkg', 'c.js'), '');
  writeFileSync(join(root, 'docs', 'readme.md'), '');
  writeFileSync(join(root, '.gitignore'), 'docs/\n');
  symlinkSync(join(root, 'src'), join(root, 'linked'));
  const found = [...listTree(root, new Set(['node_modules']))].map((e) => `${e.rel}${e.gitignore ? ' (gitignore)' : ''}`).sort();
  assert.deepEqual(found, ['.gitignore (gitignore)', 'src/.hidden/b.py', 'src/a.ts']);
});
