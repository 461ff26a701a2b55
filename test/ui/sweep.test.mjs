// UI test of a sweep in the real workbench (code-server + headless Chromium, the VSIX installed):
// beforehand the CLI replays src/classify.ts against four tiers of the local stand-in (known rates of
// schema breaks and disagreement); the test opens the file, sees the recommendation in the CodeLens,
// opens the review panel from it, checks the sweep view (two charts, the table, focusable points with
// names, no markup from run data), screenshots it in the dark, light and high-contrast themes, and
// starts Apply Recommendation from the panel, which opens the refactor preview. Started without the
// smoke-test driver, so notifications show as users see them. Shots go to test-artifacts/ui/sweep/;
// with PROMPTSHIFT_UPDATE_MEDIA=1 the README's chart images are written to media/sweep/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { artifacts, openWorkbench, repo } from '../uiWorkbench.mjs';

const SHOTS = join(artifacts, 'sweep');
const MEDIA = join(repo, 'media', 'sweep');
const CANDIDATES = ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4o'];
let wb, page, folder;

/** The stand-in and the sweep fixture (TypeScript sources) bundled for this process. */
async function sweepTools() {
  // Inside the repository (an ignored out-* folder), so the bundle's externals (openai) resolve from its node_modules.
  const outfile = join(repo, 'out-ui-sweep', 'tools.cjs');
  await build({
    stdin: {
      contents: "export { startLocalEndpoint } from './src/llm/localEndpoint/index';\nexport { CLASSIFY_SOURCE, TIERS, writeTickets } from './test/unit/replay/sweepWorkspace';\n",
      resolveDir: repo, loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile, logLevel: 'error',
    packages: 'external',
  });
  return createRequire(outfile)(outfile);
}

/** A finished sweep of src/classify.ts in the workspace, as `promptshift replay --candidate …` writes it. */
async function writeSweep(dir) {
  const t = await sweepTools();
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'src', 'classify.ts'), t.CLASSIFY_SOURCE);
  const scan = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'scan', dir, '--json'], { encoding: 'utf8' });
  assert.equal(scan.status, 0, scan.stderr);
  const id = JSON.parse(scan.stdout).callSites.find((s) => s.path === 'src/classify.ts').id;
  t.writeTickets(dir, id, 100);
  const server = await t.startLocalEndpoint({ latencyMs: 1, tiers: t.TIERS });
  try {
    // The CLI as users run it, in its own process (this one serves the stand-in meanwhile).
    const child = spawn(process.execPath, [join(repo, 'dist/cli.js'), 'replay', '--callsite', id, ...CANDIDATES.flatMap((c) => ['--candidate', c]), '--base-url', server.url, '--concurrency', '8', '--json'],
      { cwd: dir, env: { ...process.env, PROMPTSHIFT_TODAY: '2026-11-15' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
  } finally {
    await server.close();
  }
}

function setTheme(theme) {
  const file = join(folder, '.vscode', 'settings.json');
  const text = readFileSync(file, 'utf8').replace(/,?\s*"workbench\.colorTheme":\s*"[^"]*"/, '');
  writeFileSync(file, text.replace(/\}\s*$/, `,\n  "workbench.colorTheme": "${theme}"\n}\n`));
}

const panel = () => page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');

/** The sweep section of the panel, clipped from the page: what README shows. */
async function chartShot(name, media) {
  const frame = await page.locator('iframe.webview.ready >> visible=true').first().boundingBox();
  const section = await panel().locator('section.sweep').first().boundingBox();
  const chartsBottom = await panel().locator('.sweep-legend').first().boundingBox();
  const charts = await panel().locator('.sweep-charts').first().boundingBox();
  // The section's box is relative to the page already (Playwright resolves frames); keep it inside the webview.
  const x = Math.max(frame.x, Math.floor(section.x) - 8);
  const y = Math.max(frame.y, Math.floor(section.y) - 2);
  const clip = { x, y, width: Math.min(frame.x + frame.width - x, Math.ceil(Math.max(charts.x + charts.width, chartsBottom.x + chartsBottom.width)) + 8 - x), height: Math.ceil(chartsBottom.y + chartsBottom.height - y) + 4 };
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, clip });
  if (media && process.env.PROMPTSHIFT_UPDATE_MEDIA === '1') {
    mkdirSync(MEDIA, { recursive: true });
    copyFileSync(path, join(MEDIA, `${name}.png`));
  }
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  wb = await openWorkbench({
    toasts: true,
    viewport: { width: 1440, height: 900 },
    prepare: async (dir) => {
      folder = dir;
      await writeSweep(dir);
      setTheme('Default Dark Modern');
      const settings = join(dir, '.vscode', 'settings.json');
      writeFileSync(settings, readFileSync(settings, 'utf8').replace(/\}\s*$/, ',\n  "workbench.secondarySideBar.defaultVisibility": "hidden",\n  "workbench.startupEditor": "none",\n  "chat.disableAIFeatures": true\n}\n'));
    },
  });
  page = wb.page;
  if (await page.locator('.part.auxiliarybar').isVisible()) await wb.runCommand('View: Hide Secondary Side Bar');
});

after(async () => {
  await wb?.close();
});

test('sweep: the CodeLens recommends, the review panel charts every model, Apply Recommendation opens the refactor preview', { timeout: 300_000 }, async () => {
  try {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('classify.ts');
    await page.locator('.quick-input-widget [role="option"]', { hasText: 'classify.ts' }).first().click();
    const lens = page.locator('.codelens-decoration a', { hasText: 'Recommended: gpt-4.1-mini' }).first();
    await lens.waitFor({ timeout: 90_000 });
    assert.match(await lens.innerText(), /^Recommended: gpt-4\.1-mini — \$[\d.]+\/mo vs \$[\d.]+\/mo$/);
    await page.locator('.codelens-decoration a', { hasText: 'Apply Recommendation' }).first().waitFor();
    await wb.shot('sweep/codelens');

    await lens.click();
    await panel().locator('svg.sweep-chart').nth(1).waitFor({ timeout: 60_000 });
    const p = panel();
    assert.match(await p.locator('.sweep-summary').innerText(), /Recommended: gpt-4\.1-mini/);
    assert.deepEqual(await p.locator('table.sweep-table tbody th').allInnerTexts(), ['gpt-4.1', 'gpt-4.1-nano', 'gpt-4o-mini', '★ gpt-4.1-mini', 'gpt-4o']);
    assert.match(await p.locator('table.sweep-table').innerText(), /rejected: schemaPassRate/);
    assert.equal(await p.locator('svg.sweep-chart').first().locator('g.point').count(), 5);
    // Points are reached with Tab and named for screen readers.
    await p.locator('svg.sweep-chart g.point').first().focus();
    assert.match(await p.locator('body').evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), /per 1,000 calls, schema pass rate/);
    await page.keyboard.press('Tab');
    assert.match(await p.locator('body').evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), /per 1,000 calls/);
    await p.locator('body').evaluate(() => document.activeElement?.blur());
    // The case list pairs the baseline with the recommended candidate.
    await p.locator('.arm-detail h4, .diff .col-head', { hasText: 'gpt-4.1-mini' }).first().waitFor({ timeout: 30_000 });
    await chartShot('sweep-dark', true);
    await wb.shot('sweep/panel-dark');

    setTheme('Default Light Modern');
    await p.locator('body.vscode-light').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300); // the theme's colours reach the webview's CSS variables after its body class
    await chartShot('sweep-light', true);

    setTheme('Default High Contrast');
    await p.locator('body.vscode-high-contrast').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    await chartShot('sweep-high-contrast', false);
    setTheme('Default Dark Modern');
    await p.locator('body.vscode-dark').waitFor({ timeout: 30_000 });

    await p.locator('button.apply-recommendation').click();
    await page.locator('.refactor-preview, .bulk-edit-panel, [id="workbench.view.bulkEdit"]', { hasText: 'classify.ts' }).first().waitFor({ timeout: 60_000 });
    await wb.shot('sweep/apply-preview');
  } catch (e) {
    await wb.shot('sweep/failure').catch(() => {});
    throw e;
  }
});
