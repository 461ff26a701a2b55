import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRepoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'promptshift') return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('cannot find the promptshift repository root');
}

/** The repository root, wherever the compiled tests were written. */
export const REPO_ROOT = findRepoRoot();
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
