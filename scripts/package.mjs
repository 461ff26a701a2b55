// Builds the production bundles and packs promptshift-<version>.vsix with @vscode/vsce.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

const run = (args) => {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `promptshift-${version}.vsix`;
run(['esbuild.mjs', '--production']);
// Dependencies are bundled into dist/, so vsce must not add node_modules.
run(['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out]);
console.log(`[package] ${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
