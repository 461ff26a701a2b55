#!/usr/bin/env node
// Runs the integration suite inside a real VS Code: code-server's workbench and extension host,
// opened by headless Chromium with the standard test payload (TESTING.md). Two runs: the extension
// from this source folder, then the VSIX that `npm run package` built, installed the way users do.
// Env: PROMPTSHIFT_SKIP_VSIX=1 skips the second run; TEST_TIMEOUT_MS (default 300000); KEEP=1 keeps temp dirs.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { ensureChromium, ensureTools } from './vscodeTools.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const suiteIndex = join(repo, 'out/test/integration/suite/index.js');
const fixtureWorkspace = join(repo, 'test/fixtures/workspace');
const t0 = Date.now();
const lap = (m) => console.log(`[runner ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const status = (url) => new Promise((r) => http.get(url, (res) => { res.resume(); r(res.statusCode); }).on('error', () => r(0)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Workbench chatter that says nothing about our tests.
const NOISE = /^(\[(AgentHost|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)|Resolv(ing|ed) connection token|Creating a socket|Updating additional builtin)|ENOTFOUND|Timed out waiting for authentication provider|vsda|open-vsx/;

function serverArgs(tools, tmp, extra) {
  return [tools.entry, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--user-data-dir', join(tmp, 'ud'), '--extensions-dir', join(tmp, 'ext'),
    '--config', join(tmp, 'config.yaml'), ...extra];
}

function serverEnv(tmp) {
  return { ...process.env, TMPDIR: tmp, XDG_CONFIG_HOME: join(tmp, 'xdg'), XDG_DATA_HOME: join(tmp, 'xdg'), XDG_CACHE_HOME: join(tmp, 'xdg') };
}

/** Installs the VSIX with code-server's own installer and returns the installed extension folder. */
function installVsix(tools, tmp, vsix) {
  const r = spawnSync(tools.node24, serverArgs(tools, tmp, ['--install-extension', vsix]), { env: serverEnv(tmp), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  const dir = readdirSync(join(tmp, 'ext')).find((d) => d.startsWith('promptshift.promptshift-'));
  if (!dir) throw new Error(`${vsix} did not install into ${join(tmp, 'ext')}:\n${r.stdout}`);
  return join(tmp, 'ext', dir);
}

async function runSuite({ tools, chromium, label, extensionPath, tmp }) {
  // The tests edit files (quick fixes), so each run gets its own copy of the fixture workspace.
  const folder = join(tmp, 'workspace');
  cpSync(fixtureWorkspace, folder, { recursive: true });
  const port = await freePort();
  const server = spawn(tools.node24, serverArgs(tools, tmp, ['--bind-addr', `127.0.0.1:${port}`,
    '--vscode-option', 'enable-smoke-test-driver', // required: otherwise the workbench ignores the test payload
    '--ignore-last-opened', folder]), { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...serverEnv(tmp), PROMPTSHIFT_TEST_MODE: label } });
  let serverLog = '';
  server.stdout.on('data', (d) => { serverLog += d; });
  server.stderr.on('data', (d) => { serverLog += d; });
  const { chromium: pw } = createRequire(import.meta.url)(tools.playwright);
  let code = 1;
  let browser;
  try {
    for (let i = 0; i < 600 && (await status(`http://127.0.0.1:${port}/healthz`)) !== 200; i++) await sleep(100);
    lap(`[${label}] code-server listening on ${port}`);
    browser = await pw.launch({ executablePath: chromium, headless: true, env: { ...process.env, HOME: tmp },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
    const page = await browser.newPage();
    const exited = new Promise((r) => page.exposeFunction('codeAutomationExit', (c) => r(c)));
    await page.exposeFunction('codeAutomationLog', (_level, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (!NOISE.test(line)) console.log(line);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`; // the authority must be the page's host:port
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(extensionPath)], ['extensionTestsPath', remote(suiteIndex)],
      ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']]);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
    lap(`[${label}] workbench loaded, tests running in the extension host`);
    code = await Promise.race([exited, sleep(Number(process.env.TEST_TIMEOUT_MS || 300_000)).then(() => 'timeout')]);
    if (code === 'timeout') {
      await page.screenshot({ path: join(tmp, 'timeout.png') }).catch(() => {});
      console.log(serverLog);
      code = 124;
    } else if (/error CodeServerRouteWrapper/.test(serverLog)) {
      console.log(serverLog);
      lap(`[${label}] the workbench reported an error`);
      code = code || 3;
    }
    lap(`[${label}] extension host exited with ${code}`);
  } catch (e) {
    console.error(e);
    console.log(serverLog);
    code = 2;
  } finally {
    await browser?.close().catch(() => {});
    const gone = new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    await Promise.race([gone, sleep(5000)]);
  }
  return Number(code);
}

async function main() {
  if (!existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: run \`npm run build:tests\` first`);
  if (!existsSync(join(repo, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const tools = ensureTools(process.env.VSCT_TOOLS ?? join(repo, '.vscode-test/tools'));
  const chromium = ensureChromium();
  const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const runs = [{ label: 'source', prepare: () => repo }];
  if (process.env.PROMPTSHIFT_SKIP_VSIX !== '1') {
    const vsix = join(repo, `promptshift-${version}.vsix`);
    if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first (or PROMPTSHIFT_SKIP_VSIX=1)`);
    runs.push({ label: 'vsix', prepare: (tmp) => installVsix(tools, tmp, vsix) });
  }
  let failed = 0;
  for (const r of runs) {
    const tmp = mkdtempSync(join(tmpdir(), `promptshift-it-${r.label}-`));
    writeFileSync(join(tmp, 'config.yaml'), 'auth: none\n');
    try {
      const code = await runSuite({ tools, chromium, label: r.label, extensionPath: r.prepare(tmp), tmp });
      if (code !== 0) failed++;
    } finally {
      if (process.env.KEEP) lap(`kept ${tmp}`); else rmSync(tmp, { recursive: true, force: true });
    }
  }
  lap(failed ? `${failed} of ${runs.length} integration runs failed` : `${runs.length} integration runs passed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(`[runner] ${e instanceof Error ? e.message : e}`); process.exit(2); });
