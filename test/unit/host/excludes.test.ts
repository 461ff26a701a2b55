import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  combineGlobs, enabledGlobs, excludeGlobs, expandBraces, GitignoreSet, GlobExcluder, globToRegExp, isSourcePath, PathFilter, SOURCE_GLOB,
} from '../../../src/host/scan/excludes';

test('expandBraces flattens nested groups', () => {
  assert.deepEqual(expandBraces('**/*.{js,ts}'), ['**/*.js', '**/*.ts']);
  assert.deepEqual(expandBraces('{a,b/{c,d}}/x'), ['a/x', 'b/c/x', 'b/d/x']);
  assert.deepEqual(expandBraces('no-braces/**'), ['no-braces/**']);
  assert.deepEqual(expandBraces('broken{a,b'), ['broken{a,b']);
});

test('globToRegExp follows VS Code glob semantics', () => {
  assert.ok(globToRegExp('**/node_modules/**').test('a/node_modules/x.js'));
  assert.ok(globToRegExp('**/node_modules/**').test('node_modules/x.js'));
  assert.ok(globToRegExp('*.ts').test('a.ts'));
  assert.ok(!globToRegExp('*.ts').test('src/a.ts'));
  assert.ok(globToRegExp('src/**/*.gen.ts').test('src/a/b/c.gen.ts'));
  assert.ok(globToRegExp('src/**/*.gen.ts').test('src/c.gen.ts'));
  assert.ok(globToRegExp('legacy/?.py').test('legacy/a.py'));
  assert.ok(globToRegExp('[ab].ts').test('a.ts'));
  assert.ok(!globToRegExp('[!ab].ts').test('a.ts'));
  assert.ok(globToRegExp('app/[id].ts').test('app/i.ts'));
  assert.ok(globToRegExp('a+b.ts').test('a+b.ts'));
});

test('exclude settings: only enabled keys, folders exclude what is below them', () => {
  assert.deepEqual(enabledGlobs({ '**/.git': true, '**/*.js': { when: '$(basename).ts' }, '**/off': false }), ['**/.git']);
  const globs = excludeGlobs({ '**/.git': true }, { '**/generated': true }, ['legacy/**', '  ']);
  assert.ok(globs.includes('**/node_modules/**'));
  assert.ok(globs.includes('**/generated'));
  assert.ok(!globs.includes('  '));
  const ex = new GlobExcluder(globs);
  assert.ok(ex.excludes('node_modules/openai/index.js'));
  assert.ok(ex.excludes('pkg/generated/client.ts'), 'a matched folder excludes its files');
  assert.ok(ex.excludes('legacy/old.py'));
  assert.ok(ex.excludes('.venv/lib/x.py'));
  assert.ok(!ex.excludes('src/app.ts'));
  assert.equal(combineGlobs(['a']), 'a');
  assert.equal(combineGlobs(['a', 'b']), '{a,b}');
  assert.equal(combineGlobs([]), undefined);
});

test('gitignore files apply below their own folder', () => {
  const gi = new GitignoreSet();
  gi.add('', 'secret/\n*.gen.ts\n');
  gi.add('pkg', 'local.py\n');
  assert.ok(gi.ignores('secret/a.ts'));
  assert.ok(gi.ignores('src/x.gen.ts'));
  assert.ok(gi.ignores('pkg/local.py'));
  assert.ok(!gi.ignores('local.py'));
  assert.ok(!gi.ignores('src/app.ts'));
  const filter = new PathFilter(new GlobExcluder(['**/dist/**']), gi);
  assert.ok(filter.includes('src/app.ts'));
  assert.ok(!filter.includes('src/types.d.ts'));
  assert.ok(!filter.includes('README.md'));
  assert.ok(!filter.includes('dist/app.js'));
  assert.ok(isSourcePath('worker/job.py'));
  for (const path of ['cmd/bot/main.go', 'src/main/java/App.java', 'Services/Chat.cs']) assert.ok(isSourcePath(path), path);
});

test('SOURCE_GLOB names every extension the scanner reads, and only those', () => {
  assert.equal(SOURCE_GLOB, '**/*.{ts,mts,cts,tsx,js,mjs,cjs,jsx,py,pyi,go,java,cs}');
  const matches = (path: string) => expandBraces(SOURCE_GLOB).map(globToRegExp).some((r) => r.test(path));
  for (const path of ['a.ts', 'x/y.go', 'x/Y.java', 'x/Y.cs', 'x/y.pyi']) assert.ok(matches(path), path);
  for (const path of ['a.md', 'x/y.rs', 'x/y.class']) assert.ok(!matches(path), path);
});
