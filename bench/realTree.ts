// The real repository bench/scan measures beside its generated tree: vercel/ai at ed857f50 (6,287
// code files, 54 MB), the tree issue 9's figures were taken on. Obtained on demand, never committed
// (bench/.tmp is git-ignored): used when bench/.tmp/vercel-ai holds it, else extracted from the git
// repository named by BENCH_VERCEL_AI_GIT (a local clone or bare repository; a URL is cloned bare
// first). If that repository lacks ed857f50, its newest commit is taken and the bench says so.
// Blobs a partial mirror lacks (a few large test fixtures of no source language) are left out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REAL_TREE_COMMIT = 'ed857f50';
export const REAL_TREE_DIR = resolve('bench/.tmp/vercel-ai');
const MARKER = '.promptshift-bench-commit';

export interface RealTree {
  root: string;
  /** The commit extracted, and a note when it is not the one the issue measured. */
  commit: string;
  note: string;
}

function git(gitDir: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? '', err: r.stderr ?? '' };
}

/** The tree, or why there is none (printed by the bench). */
export function obtainRealTree(source = process.env.BENCH_VERCEL_AI_GIT): RealTree | { missing: string } {
  const marker = join(REAL_TREE_DIR, MARKER);
  if (existsSync(marker)) {
    const commit = spawnSync('cat', [marker], { encoding: 'utf8' }).stdout.trim();
    return { root: REAL_TREE_DIR, commit, note: commit.startsWith(REAL_TREE_COMMIT) ? '' : ` (not ${REAL_TREE_COMMIT}: that commit was absent)` };
  }
  if (existsSync(join(REAL_TREE_DIR, 'package.json'))) return { root: REAL_TREE_DIR, commit: 'unknown', note: ' (extracted by hand)' };
  if (!source) return { missing: `bench/.tmp/vercel-ai is absent; set BENCH_VERCEL_AI_GIT to a clone of https://github.com/vercel/ai (or its URL) to extract ${REAL_TREE_COMMIT}` };
  let gitDir = source;
  if (/^https?:|^git@/.test(source)) {
    gitDir = resolve('bench/.tmp/vercel-ai.git');
    if (!existsSync(gitDir) && spawnSync('git', ['clone', '--bare', source, gitDir], { stdio: 'inherit' }).status !== 0) return { missing: `could not clone ${source}` };
  } else if (existsSync(join(source, '.git'))) gitDir = join(source, '.git');
  const wanted = git(gitDir, ['rev-parse', '--verify', `${REAL_TREE_COMMIT}^{commit}`]);
  const commit = wanted.ok ? wanted.out.trim() : git(gitDir, ['rev-parse', 'HEAD']).out.trim();
  if (!commit) return { missing: `${gitDir} is not a git repository` };
  // Which blobs the repository really holds (a partial mirror may list some it lacks).
  const entries = git(gitDir, ['ls-tree', '-r', commit]).out.split('\n').filter(Boolean).map((l) => {
    const [meta, path] = l.split('\t');
    return { type: meta.split(' ')[1], sha: meta.split(' ')[2], path };
  });
  const check = spawnSync('git', ['--git-dir', gitDir, 'cat-file', '--batch-check'], { input: entries.filter((e) => e.type === 'blob').map((e) => e.sha).join('\n'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const missingShas = new Set(check.stdout.split('\n').filter((l) => l.endsWith(' missing')).map((l) => l.split(' ')[0]));
  const excluded = entries.filter((e) => missingShas.has(e.sha)).map((e) => `:(exclude)${e.path}`);
  rmSync(REAL_TREE_DIR, { recursive: true, force: true });
  mkdirSync(REAL_TREE_DIR, { recursive: true });
  const archive = spawnSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', commit, '--', '.', ...excluded], { maxBuffer: 1024 * 1024 * 1024 });
  const untar = spawnSync('tar', ['-x', '-C', REAL_TREE_DIR], { input: archive.stdout, maxBuffer: 64 * 1024 * 1024 });
  if (archive.status !== 0 || untar.status !== 0 || !readdirSync(REAL_TREE_DIR).length) {
    return { missing: `could not extract ${commit} from ${gitDir}: ${archive.stderr?.toString() ?? ''}${untar.stderr?.toString() ?? ''}` };
  }
  writeFileSync(join(REAL_TREE_DIR, MARKER), `${commit}\n`);
  const note = `${wanted.ok ? '' : ` (not ${REAL_TREE_COMMIT}: absent from ${gitDir}; its newest commit instead)`}${excluded.length ? `; ${excluded.length} blobs absent from the mirror left out` : ''}`;
  return { root: REAL_TREE_DIR, commit, note };
}
