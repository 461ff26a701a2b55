// Starts and stops code-server (the real VS Code workbench and extension host) for the integration
// and UI runners, and opens headless Chromium on it. See TESTING.md for why each flag is there.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((r) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const status = (url) => new Promise((r) => http.get(url, (res) => { res.resume(); r(res.statusCode); }).on('error', () => r(0)));

function serverArgs(tools, tmp, extra) {
  return [tools.entry, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--user-data-dir', join(tmp, 'ud'), '--extensions-dir', join(tmp, 'ext'),
    '--config', join(tmp, 'config.yaml'), ...extra];
}

function serverEnv(tmp, extra = {}) {
  return { ...process.env, TMPDIR: tmp, XDG_CONFIG_HOME: join(tmp, 'xdg'), XDG_DATA_HOME: join(tmp, 'xdg'), XDG_CACHE_HOME: join(tmp, 'xdg'), ...extra };
}

/** Installs the VSIX with code-server's own installer and returns the installed extension folder. */
export function installVsix(tools, tmp, vsix) {
  const r = spawnSync(tools.node24, serverArgs(tools, tmp, ['--install-extension', vsix]), { env: serverEnv(tmp), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  const dir = readdirSync(join(tmp, 'ext')).find((d) => d.startsWith('promptshift.promptshift-'));
  if (!dir) throw new Error(`${vsix} did not install into ${join(tmp, 'ext')}:\n${r.stdout}`);
  return join(tmp, 'ext', dir);
}

/**
 * Starts code-server on a fresh port with `folder` as the workspace; resolves once /healthz answers.
 * `testDriver`: the smoke-test driver, which a test payload needs but which hides notification
 * toasts; a UI test that shows what users see (toasts, progress) starts without it.
 */
export async function startCodeServer({ tools, tmp, folder, env = {}, testDriver = true }) {
  const port = await freePort();
  const driver = testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []; // required: otherwise the workbench ignores a test payload
  const server = spawn(tools.node24, serverArgs(tools, tmp, ['--bind-addr', `127.0.0.1:${port}`, ...driver,
    '--ignore-last-opened', folder]), { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(tmp, env) });
  const handle = { port, server, log: '' };
  server.stdout.on('data', (d) => { handle.log += d; });
  server.stderr.on('data', (d) => { handle.log += d; });
  for (let i = 0; i < 600 && (await status(`http://127.0.0.1:${port}/healthz`)) !== 200; i++) await sleep(100);
  // /healthz answers even when the workbench is broken; the route wrapper's error says so.
  handle.broken = () => /error CodeServerRouteWrapper/.test(handle.log);
  handle.stop = async () => {
    const gone = new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    await Promise.race([gone, sleep(5000)]);
  };
  return handle;
}

export async function launchChromium(tools, chromium, home) {
  const { chromium: pw } = createRequire(import.meta.url)(tools.playwright);
  return pw.launch({ executablePath: chromium, headless: true, env: { ...process.env, HOME: home },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
}
