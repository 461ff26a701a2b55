#!/usr/bin/env node
// Runs the integration suite inside a real VS Code: code-server's workbench and extension host,
// opened by headless Chromium with the standard test payload (TESTING.md). Three runs: the extension
// from this source folder, then the VSIX that `npm run package` built, installed the way users do,
// then the source again in a multi-root workspace (a .code-workspace of the fixture workspace and
// test/fixtures/workspace-second) for the suites named MULTI_ROOT_SUITE, which only that run loads.
// A fourth run, only when a big repository is present (bench/.tmp/vercel-ai, which bench/scan.ts
// fetches; or PROMPTSHIFT_BIG_TREE=<folder>), opens it as it is and runs the suites named
// BIG_TREE_SUITE there, for the editor's figures at scale.
// Env: PROMPTSHIFT_SKIP_VSIX=1 skips the second run; PROMPTSHIFT_SUITE_FILTER=name runs only matching suites; TEST_TIMEOUT_MS (default 300000); KEEP=1 keeps temp dirs.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { ensureChromium, ensureTools } from './vscodeTools.mjs';
import { installVsix, launchChromium, sleep, startCodeServer } from './codeServer.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const suiteIndex = join(repo, 'out/test/integration/suite/index.js');
const fixtureWorkspace = join(repo, 'test/fixtures/workspace');
const secondFolder = join(repo, 'test/fixtures/workspace-second');
/** Suite files whose name holds this run only in the multi-root run. */
const MULTI_ROOT_SUITE = 'workspaces';
/** Suite files the big-repository run runs (they run in the other runs too). */
const BIG_TREE_SUITE = 'scale';
const bigTree = process.env.PROMPTSHIFT_BIG_TREE || join(repo, 'bench/.tmp/vercel-ai');
const t0 = Date.now();
const lap = (m) => console.log(`[runner ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// Workbench chatter that says nothing about our tests.
const NOISE = /^(\[(AgentHost|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)|Resolv(ing|ed) connection token|Creating a socket|Updating additional builtin)|ENOTFOUND|Timed out waiting for authentication provider|vsda|open-vsx/;

/** What the workbench opens: a copy of the fixture folder, or a .code-workspace of it and a second one. */
function prepareWorkspace(tmp, multiRoot) {
  // The tests edit files (quick fixes), so each run gets its own copy of the fixture workspace.
  const folder = join(tmp, 'workspace');
  cpSync(fixtureWorkspace, folder, { recursive: true });
  if (!multiRoot) return { path: folder, query: 'folder' };
  cpSync(secondFolder, join(tmp, 'second'), { recursive: true });
  const file = join(tmp, 'promptshift.code-workspace');
  // A folder's settings.json cannot set window-scoped settings in a multi-root window: the pinned
  // lifecycle day goes into the workspace file.
  const pin = /"promptshift\.lifecycle\.today":\s*"([^"]+)"/.exec(readFileSync(join(fixtureWorkspace, '.vscode/settings.json'), 'utf8'))?.[1];
  writeFileSync(file, JSON.stringify({ folders: [{ path: 'workspace' }, { path: 'second' }], settings: pin ? { 'promptshift.lifecycle.today': pin } : {} }));
  return { path: file, query: 'workspace' };
}

async function runSuite({ tools, chromium, label, extensionPath, tmp, multiRoot, folder }) {
  const opened = folder ? { path: folder, query: 'folder' } : prepareWorkspace(tmp, multiRoot);
  const only = process.env.PROMPTSHIFT_SUITE_FILTER;
  const suites = folder ? { PROMPTSHIFT_SUITE_FILTER: BIG_TREE_SUITE }
    : multiRoot ? { PROMPTSHIFT_SUITE_FILTER: MULTI_ROOT_SUITE } : { PROMPTSHIFT_SUITE_SKIP: MULTI_ROOT_SUITE, ...(only ? { PROMPTSHIFT_SUITE_FILTER: only } : {}) };
  const server = await startCodeServer({ tools, tmp, folder: opened.path, env: { PROMPTSHIFT_TEST_MODE: label, ...suites } });
  const { port } = server;
  let code = 1;
  let browser;
  try {
    lap(`[${label}] code-server listening on ${port}`);
    browser = await launchChromium(tools, chromium, tmp);
    const page = await browser.newPage();
    const exited = new Promise((r) => page.exposeFunction('codeAutomationExit', (c) => r(c)));
    await page.exposeFunction('codeAutomationLog', (_level, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (!NOISE.test(line)) console.log(line);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`; // the authority must be the page's host:port
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(extensionPath)], ['extensionTestsPath', remote(suiteIndex)],
      ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']]);
    // A loaded machine takes its time to serve the workbench: a generous ceiling, not the default 30 s.
    await page.goto(`http://127.0.0.1:${port}/?${opened.query}=${encodeURIComponent(opened.path)}&payload=${encodeURIComponent(payload)}`, { timeout: 180_000, waitUntil: "domcontentloaded" });
    lap(`[${label}] workbench loaded, tests running in the extension host`);
    code = await Promise.race([exited, sleep(Number(process.env.TEST_TIMEOUT_MS || 300_000)).then(() => 'timeout')]);
    if (code === 'timeout') {
      await page.screenshot({ path: join(tmp, 'timeout.png') }).catch(() => {});
      console.log(server.log);
      code = 124;
    } else if (server.broken()) {
      console.log(server.log);
      lap(`[${label}] the workbench reported an error`);
      code = code || 3;
    }
    lap(`[${label}] extension host exited with ${code}`);
  } catch (e) {
    console.error(e);
    console.log(server.log);
    code = 2;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  return Number(code);
}

async function main() {
  if (!existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: run \`npm run build:tests\` first`);
  if (!existsSync(join(repo, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const tools = ensureTools(process.env.VSCT_TOOLS || join(repo, '.vscode-test/tools'));
  const chromium = ensureChromium();
  const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const runs = [{ label: 'source', prepare: () => repo }];
  if (process.env.PROMPTSHIFT_SKIP_VSIX !== '1') {
    const vsix = join(repo, `promptshift-${version}.vsix`);
    if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first (or PROMPTSHIFT_SKIP_VSIX=1)`);
    runs.push({ label: 'vsix', prepare: (tmp) => installVsix(tools, tmp, vsix) });
  }
  // PROMPTSHIFT_SUITE_FILTER=name runs only the suite files whose name holds it (a developer's loop).
  if (!process.env.PROMPTSHIFT_SUITE_FILTER) runs.push({ label: 'multi-root', prepare: () => repo, multiRoot: true });
  // The big repository is read in place (the suite adds one file and removes it again).
  const only = process.env.PROMPTSHIFT_SUITE_FILTER;
  if (only && !BIG_TREE_SUITE.includes(only) && !only.includes(BIG_TREE_SUITE)) lap('big-tree run skipped: PROMPTSHIFT_SUITE_FILTER names another suite');
  else if (existsSync(join(bigTree, 'package.json'))) runs.push({ label: 'big-tree', prepare: () => repo, folder: bigTree });
  else lap(`big-tree run skipped: ${bigTree} is absent (bench/scan.ts fetches it; see its header)`);
  let failed = 0;
  for (const r of runs) {
    const tmp = mkdtempSync(join(tmpdir(), `promptshift-it-${r.label}-`));
    writeFileSync(join(tmp, 'config.yaml'), 'auth: none\n');
    try {
      const code = await runSuite({ tools, chromium, label: r.label, extensionPath: r.prepare(tmp), tmp, multiRoot: !!r.multiRoot, folder: r.folder });
      if (code !== 0) failed++;
    } finally {
      if (process.env.KEEP) lap(`kept ${tmp}`); else rmSync(tmp, { recursive: true, force: true });
    }
  }
  lap(failed ? `${failed} of ${runs.length} integration runs failed` : `${runs.length} integration runs passed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.error(`[runner] ${e instanceof Error ? e.message : e}`); process.exit(2); });
