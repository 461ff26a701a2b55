// bench/flow: the cross-file model pass on a tree where every model comes from elsewhere — the
// generated bench tree (bench/generateTree.ts) with its model-calling files rewritten to read the
// model from their package's config module (TypeScript: an imported constant with an env
// fallback; Python: a pydantic settings instance), and `.env` files that override some. Prints the
// pass's time against the full scan's, both measured in this process, round by round.
// Run: npm run build:tests && node --expose-gc out/bench/flow.js
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ScanEngine } from '../src/core/scan/index';
import { nodeGrammarLoader } from '../src/node/grammarLoader';
import { walkPaths } from '../src/node/walk';
import { ScanPool } from '../src/node/scanPool';
import { followModelsOnDisk } from '../src/node/modelFlow';
import { generateTree } from './generateTree';

const FILES = Number(process.env.BENCH_FILES ?? 6000);
const BYTES = Number(process.env.BENCH_BYTES ?? 26_000_000);

/** Rewrites the tree's model calls to read their model from a config module of their package. */
function rewireModels(root: string): number {
  let rewired = 0;
  for (const pkg of readdirSync(root).filter((d) => d.startsWith('pkg'))) {
    writeFileSync(join(root, pkg, 'config.ts'), `export const SUMMARY_MODEL = process.env.SUMMARY_MODEL ?? 'gpt-4o-mini';\n`);
    writeFileSync(join(root, pkg, '__init__.py'), '');
    writeFileSync(join(root, pkg, 'settings.py'), [
      'from pydantic_settings import BaseSettings', '', '', 'class Settings(BaseSettings):',
      '    classify_model: str = "gpt-4o"', '', '', 'settings = Settings()', '',
    ].join('\n'));
    if (Number(pkg.slice(3)) % 4 === 0) writeFileSync(join(root, pkg, '.env'), 'SUMMARY_MODEL=gpt-4.1-mini\nCLASSIFY_MODEL=gpt-4.1\n');
    for (const mod of readdirSync(join(root, pkg)).filter((d) => d.startsWith('mod'))) {
      for (const f of readdirSync(join(root, pkg, mod))) {
        const p = join(root, pkg, mod, f);
        const text = readFileSync(p, 'utf8');
        if (f.endsWith('.py') && text.includes('model="gpt-4o"')) {
          writeFileSync(p, text.replace('from openai import OpenAI', `from openai import OpenAI\nfrom ${pkg}.settings import settings`).replace('model="gpt-4o"', 'model=settings.classify_model'));
          rewired++;
        } else if (/\.[jt]s$/.test(f) && text.includes("const MODEL = process.env.SUMMARY_MODEL ?? 'gpt-4o-mini';")) {
          writeFileSync(p, text.replace("const MODEL = process.env.SUMMARY_MODEL ?? 'gpt-4o-mini';", "import { SUMMARY_MODEL as MODEL } from '../config';"));
          rewired++;
        }
      }
    }
  }
  return rewired;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const root = resolve('bench/.tmp/flow-tree');
  const marker = join(root, `.complete-${FILES}`);
  let rewired = 0;
  if (!existsSync(marker)) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    generateTree(root, FILES, BYTES);
    rewired = rewireModels(root);
    mkdirSync(marker);
  }
  const pool = new ScanPool(new ScanEngine(nodeGrammarLoader()));
  const shares: number[] = [];
  const lines: string[] = [];
  try {
    await followModelsOnDisk(await pool.scanPaths(root, walkPaths(root))); // warm-up
    for (let round = 0; round < 5; round++) {
      const t0 = performance.now();
      const result = await pool.scanPaths(root, walkPaths(root));
      const t1 = performance.now();
      const stats = await followModelsOnDisk(result);
      const t2 = performance.now();
      shares.push((t2 - t1) / (t1 - t0));
      const known = result.callSites.filter((s) => s.model !== null || s.modelResolved !== null).length;
      lines.push(`round ${round + 1}: scan ${(t1 - t0).toFixed(0)} ms, pass ${(t2 - t1).toFixed(0)} ms (${(100 * (t2 - t1) / (t1 - t0)).toFixed(1)}%); ${known}/${result.callSites.length} call sites with a known model; ${JSON.stringify(stats)}`);
    }
  } finally {
    await pool.close();
  }
  if (rewired) console.log(`tree: ${FILES} files, ${rewired} model calls rewired to read a config module`);
  for (const l of lines) console.log(l);
  console.log(`cross-file model pass: median ${(100 * median(shares)).toFixed(1)}% of the full scan it follows (target ≤ 25%)`);
}

main().catch((e) => { console.error(e); process.exit(1); });
