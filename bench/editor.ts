// bench/editor: the editor's scan at scale in the real VS Code (code-server's workbench and extension
// host, as test/run-vscode-tests.mjs runs them) on the real vercel/ai tree (bench/realTree.ts), beside
// the CLI's whole-process scan of the same tree in the same run: time until the status bar shows the
// count (first scan without the index, then from it) against the CLI's, a one-file rescan, and the
// longest task on the extension host's thread (as CPU time, and as timer lateness). The figures are
// taken by test/integration/suite/scale.test.ts, which this runs alone, and printed here.
// Targets (issue 9): editor ≤ 1.5x the CLI; one-file rescan ≤ 100 ms; no host task > 50 ms.
// Run: npm run build && npm run build:tests && VSCT_TOOLS=<tools> node out/bench/editor.js
//      (BENCH_VERCEL_AI_GIT=<clone> to extract the tree; PROMPTSHIFT_CPU_PROFILE=<dir> keeps profiles)
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { obtainRealTree } from './realTree';

const tree = obtainRealTree();
if ('missing' in tree) {
  console.log(`bench/editor: skipped: ${tree.missing}`);
  process.exit(0);
}
console.log(`bench/editor: vercel/ai ${tree.commit.slice(0, 8)}${tree.note}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const run = spawnSync(process.execPath, [resolve('test/run-vscode-tests.mjs')], {
  encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  env: { ...process.env, PROMPTSHIFT_SUITE_FILTER: 'scale', PROMPTSHIFT_SKIP_VSIX: '1', PROMPTSHIFT_BIG_TREE: tree.root },
});
const out = `${run.stdout}${run.stderr}`;
// The big-tree run comes after the fixture run: its lines follow its "[big-tree]" runner line.
const big = out.slice(Math.max(0, out.indexOf('[big-tree]')));
const lines = big.split('\n').filter((l) => l.startsWith('[measure]') || (process.env.PROMPTSHIFT_CPU_PROFILE && l.startsWith('[profile]')));
for (const l of lines) console.log(l);
console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (run.status !== 0 || !lines.some((l) => l.includes('the CLI'))) {
  console.log(out.slice(-4000));
  process.exit(1);
}
