// The V8 code cache for dist/ bundles (src/node/bundleCodeCache.ts): a bundle loaded through it
// behaves as require() would load it, with or without a cache file, and no trouble with the cache
// (corrupt, foreign, unwritable) changes what the caller gets. The bundles are written by the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheDir, codeCacheFile, flushCodeCaches, loadBundle } from '../../../src/node/bundleCodeCache';

const requireHere = createRequire(__filename);

const BUNDLE = `#!/usr/bin/env node
const sibling = require('./sibling.js');
let calls = 0;
exports.describe = () => ({ calls: ++calls, sibling: sibling.name, file: __filename, dir: __dirname, self: module.exports === exports, strict: (function () { return this === undefined; })() });
exports.fails = () => { throw new TypeError('bundle says no'); };
`;

function bundleDir(source = BUNDLE): { dir: string; file: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ps-code-cache-'));
  writeFileSync(join(dir, 'sibling.js'), "exports.name = 'sibling';\n");
  writeFileSync(join(dir, 'bundle.js'), source);
  return { dir, file: join(dir, 'bundle.js'), cache: join(dir, 'cache') };
}

type Described = { calls: number; sibling: string; file: string; dir: string; self: boolean; strict: boolean };
type Bundle = { describe(): Described; fails(): never };

/** Loads in a fresh node, so require.cache starts empty; prints what the bundle reports. */
function loadInChild(file: string, env: Record<string, string>): { out: Described; cacheFiles: string[] } {
  const script = `const { loadBundle, flushCodeCaches } = require(${JSON.stringify(require.resolve('../../../src/node/bundleCodeCache'))});
const b = loadBundle(${JSON.stringify(file)}, () => require(${JSON.stringify(file)}), true);
const again = require(${JSON.stringify(file)});
if (again !== b) throw new Error('a second require() got other exports');
process.stdout.write(JSON.stringify(b.describe()));`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const dir = env.PROMPTSHIFT_CODE_CACHE_DIR;
  let cacheFiles: string[] = [];
  try { cacheFiles = readdirSync(dir); } catch { /* none written */ }
  return { out: JSON.parse(r.stdout) as Described, cacheFiles };
}

test('a bundle loaded through the cache has the exports require() gives it, cold and warm', () => {
  const b = bundleDir();
  try {
    const plain = loadInChild(b.file, { PROMPTSHIFT_CODE_CACHE: 'off', PROMPTSHIFT_CODE_CACHE_DIR: b.cache });
    assert.deepEqual(plain.cacheFiles, [], 'off writes nothing');
    const cold = loadInChild(b.file, { PROMPTSHIFT_CODE_CACHE: 'on', PROMPTSHIFT_CODE_CACHE_DIR: b.cache });
    assert.equal(cold.cacheFiles.length, 1, 'the first run leaves a cache file');
    const warm = loadInChild(b.file, { PROMPTSHIFT_CODE_CACHE: 'on', PROMPTSHIFT_CODE_CACHE_DIR: b.cache });
    assert.deepEqual(cold.out, plain.out);
    assert.deepEqual(warm.out, plain.out);
    assert.deepEqual(plain.out, { calls: 1, sibling: 'sibling', file: b.file, dir: b.dir, self: true, strict: false });
  } finally { rmSync(b.dir, { recursive: true, force: true }); }
});

test('errors thrown by the bundle, at load or later, reach the caller as require() would throw them', () => {
  const b = bundleDir();
  const env = { PROMPTSHIFT_CODE_CACHE: 'on', PROMPTSHIFT_CODE_CACHE_DIR: b.cache };
  try {
    const bundle = loadBundle(b.file, () => requireHere(b.file), true, env) as Bundle;
    assert.throws(() => bundle.fails(), { name: 'TypeError', message: 'bundle says no' });
    const broken = join(b.dir, 'broken.js');
    writeFileSync(broken, "throw new RangeError('at load');\n");
    assert.throws(() => loadBundle(broken, () => requireHere(broken), true, env), { name: 'RangeError', message: 'at load' });
    assert.equal(require.cache[broken], undefined, 'a failed load is not kept');
    const syntax = join(b.dir, 'syntax.js');
    writeFileSync(syntax, 'exports.x = (;\n');
    assert.throws(() => loadBundle(syntax, () => requireHere(syntax), true, env), SyntaxError);
  } finally {
    flushCodeCaches();
    rmSync(b.dir, { recursive: true, force: true });
  }
});

test('a corrupt, foreign or rejected cache file is ignored and rewritten', () => {
  const b = bundleDir();
  const env = { PROMPTSHIFT_CODE_CACHE: 'on', PROMPTSHIFT_CODE_CACHE_DIR: b.cache };
  try {
    const file = codeCacheFile(b.cache, b.file, BUNDLE.replace(/^#!/, '//'));
    mkdirSync(b.cache, { recursive: true });
    writeFileSync(file, 'not V8 data at all');
    const plain = loadInChild(b.file, { PROMPTSHIFT_CODE_CACHE: 'off', PROMPTSHIFT_CODE_CACHE_DIR: b.cache });
    const afterCorrupt = loadInChild(b.file, env);
    assert.deepEqual(afterCorrupt.out, plain.out);
    const rewritten = readFileSync(file);
    assert.notEqual(rewritten.toString('utf8'), 'not V8 data at all', 'the rejected file was replaced');
    // Another bundle's data under this bundle's name: V8 rejects it (source hash), it is rewritten.
    const other = bundleDir("exports.describe = () => 'other';\n");
    try {
      loadInChild(other.file, { ...env, PROMPTSHIFT_CODE_CACHE_DIR: other.cache });
      const foreign = readdirSync(other.cache).map((f) => readFileSync(join(other.cache, f)))[0];
      writeFileSync(file, foreign);
      assert.deepEqual(loadInChild(b.file, env).out, plain.out);
      assert.notDeepEqual(readFileSync(file), foreign);
    } finally { rmSync(other.dir, { recursive: true, force: true }); }
  } finally { rmSync(b.dir, { recursive: true, force: true }); }
});

test('an unwritable or unusable cache folder falls back without a word', { skip: process.getuid?.() === 0 ? 'root writes anywhere: the folder is a file instead' : false }, () => {
  const b = bundleDir();
  try {
    mkdirSync(b.cache);
    chmodSync(b.cache, 0o500);
    const r = loadInChild(b.file, { PROMPTSHIFT_CODE_CACHE: 'on', PROMPTSHIFT_CODE_CACHE_DIR: b.cache });
    assert.equal(r.out.sibling, 'sibling');
    assert.deepEqual(r.cacheFiles, []);
  } finally {
    chmodSync(b.cache, 0o700);
    rmSync(b.dir, { recursive: true, force: true });
  }
});

test('a cache folder that is a file falls back without a word', () => {
  const b = bundleDir();
  try {
    writeFileSync(b.cache, 'a file where the folder should be');
    const r = loadInChild(b.file, { PROMPTSHIFT_CODE_CACHE: 'on', PROMPTSHIFT_CODE_CACHE_DIR: join(b.cache, 'below') });
    assert.equal(r.out.sibling, 'sibling');
    assert.equal(readFileSync(b.cache, 'utf8'), 'a file where the folder should be');
  } finally { rmSync(b.dir, { recursive: true, force: true }); }
});

test('the cache file changes with the bundle content; off, or a bundle not marked cacheable, is plain require()', () => {
  const dir = '/cache';
  assert.notEqual(codeCacheFile(dir, '/d/scanner.js', 'a'), codeCacheFile(dir, '/d/scanner.js', 'b'));
  assert.equal(codeCacheFile(dir, '/d/scanner.js', 'a'), codeCacheFile(dir, '/d/scanner.js', 'a'));
  assert.match(codeCacheFile(dir, '/d/scanner.js', 'a'), /^\/cache\/scanner-[0-9a-f]{24}\.v8cache$/);
  assert.equal(codeCacheDir({ PROMPTSHIFT_CODE_CACHE_DIR: '/x' }), '/x');
  assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/xdg' }), join('/xdg', 'promptshift', 'v8-code-cache'));
  const marker = {};
  assert.equal(loadBundle('/nowhere/off.js', () => marker, true, { PROMPTSHIFT_CODE_CACHE: 'off' }), marker);
  assert.equal(loadBundle('/nowhere/unmarked.js', () => marker, false, { PROMPTSHIFT_CODE_CACHE: 'on' }), marker);
  assert.equal(loadBundle('/nowhere/missing.js', () => marker, true, { PROMPTSHIFT_CODE_CACHE: 'on', PROMPTSHIFT_CODE_CACHE_DIR: '/nowhere' }), marker);
});

test('a new version of a bundle replaces the cache of the old one: the folder does not grow with upgrades', () => {
  const b = bundleDir();
  const env = { PROMPTSHIFT_CODE_CACHE: 'on', PROMPTSHIFT_CODE_CACHE_DIR: b.cache };
  try {
    const first = loadInChild(b.file, env);
    assert.equal(first.cacheFiles.length, 1);
    writeFileSync(join(b.cache, 'other-0123456789abcdef01234567.v8cache'), 'another bundle: kept');
    writeFileSync(b.file, BUNDLE.replace("let calls = 0;", "let calls = 0; // upgraded"));
    const upgraded = loadInChild(b.file, env);
    assert.deepEqual(upgraded.out, first.out);
    const left = upgraded.cacheFiles.filter((f) => f.startsWith('bundle-'));
    assert.equal(left.length, 1, `one cache of the bundle left: ${upgraded.cacheFiles.join(', ')}`);
    assert.notEqual(left[0], first.cacheFiles[0]);
    assert.ok(upgraded.cacheFiles.includes('other-0123456789abcdef01234567.v8cache'));
  } finally { rmSync(b.dir, { recursive: true, force: true }); }
});
