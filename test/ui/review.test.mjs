// UI test of the review: the real workbench (code-server) in headless Chromium with the VSIX
// installed. A run is written into the workspace beforehand (its outputs include markup a model
// could send); the test opens the review panel from the CodeLens, moves to a changed case with the
// keyboard, flags it with a comment, closes and reopens the panel and sees the flag, proves that no
// output became markup or ran, and saves screenshots in light and dark themes (test-artifacts/ui/).
// The webview is reached through its two nested iframes (REVIEW-PANEL.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, openWorkbench, repo } from '../uiWorkbench.mjs';
const RUN_ID = '20261115-100000-review';
const COMMENT = 'drops the release date';
/** Outputs that must stay text: each would inject an element or run code if rendered as HTML. */
const HOSTILE = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '[click me](javascript:window.__pwned="link") <a href="javascript:window.__pwned=1">link</a>',
  '**bold** <b>bold</b> <iframe src="https://example.com"></iframe> <svg onload="window.__pwned=\'svg\'"></svg>',
];
let wb, folder, page, runDir;

const shot = (name) => wb.shot(name);
const sleepFrame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));

function record(site, caseId, arm, model, o) {
  return {
    callSiteId: site.id, caseId, arm, repeat: 0, model, requestHash: `${caseId}-${arm}`,
    status: o.error ? 'error' : 'ok', error: o.error ? { type: 'server', message: o.error, status: 500 } : null,
    output: o.output ?? JSON.stringify(o.json ?? null), json: o.json ?? null,
    schema: o.schemaErrors ? { ok: o.schemaErrors.length === 0, errors: o.schemaErrors } : null,
    latencyMs: o.latencyMs ?? 300, usage: { input: 40, output: 20 }, costUsd: o.costUsd ?? 0.0004, cached: false, attempts: 1,
  };
}

/** A finished run of src/summarize.ts with changed, unchanged, hostile and failing cases. */
function writeRun(site) {
  const base = 'gpt-4o', cand = 'gpt-4.1';
  const cases = [
    { id: 'unchanged', b: { output: 'Version 2.3 adds offline mode.' }, c: { output: 'Version 2.3 adds offline mode.', latencyMs: 150, costUsd: 0.00015 } },
    { id: 'release-notes', b: { output: 'Version 2.3 adds offline mode and fixes the Android 14 sync crash; released 12 May.' }, c: { output: 'Version 2.3 adds offline mode and fixes the Android sync crash.', latencyMs: 180, costUsd: 0.00015 } },
    ...HOSTILE.map((h, i) => ({ id: `hostile-${i}`, b: { output: `A plain summary, number ${i}.` }, c: { output: h, latencyMs: 200, costUsd: 0.00015 } })),
    { id: 'incident', b: { output: 'Payments returned 502s for 14 minutes after a bad config push.' }, c: { error: 'upstream timed out' } },
  ];
  const plan = {
    version: 1, runId: RUN_ID, createdAt: '2026-11-15T10:00:00.000Z', arms: { baseline: { model: null }, candidate: { model: cand } },
    repeats: 1, endpoint: { baseURL: 'http://127.0.0.1:9/v1' }, shard: null,
    callSites: [{ callSite: site, cases: cases.map((c) => ({ id: c.id, vars: { doc: c.id } })), arms: { baseline: { model: base }, candidate: { model: cand } }, api: 'chat', schema: null }],
  };
  const dir = join(folder, '.promptshift', 'runs', RUN_ID);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan, null, 2));
  writeFileSync(join(dir, 'results.jsonl'), cases.flatMap((c) => [record(site, c.id, 'baseline', base, c.b), record(site, c.id, 'candidate', cand, c.c)]).map((r) => JSON.stringify(r)).join('\n') + '\n');
  const n = cases.length * 2;
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ runId: RUN_ID, stopReason: 'completed', stopDetail: null, total: n, done: n, ok: n - 1, errors: 1, cached: 0, resumed: 0, spentUsd: 0.004, estimate: null, updatedAt: '2026-11-15T10:01:00.000Z' }));
  return dir;
}

function setTheme(theme) {
  const file = join(folder, '.vscode', 'settings.json');
  const text = readFileSync(file, 'utf8').replace(/,?\s*"workbench\.colorTheme":\s*"[^"]*"/, '');
  writeFileSync(file, text.replace(/\}\s*$/, `,\n  "workbench.colorTheme": "${theme}"\n}\n`));
}

/** The review panel's document: the webview's outer iframe, then its active frame. */
const panel = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

async function openFromCodeLens(flagged = '') {
  const lens = page.locator('.codelens-decoration a', { hasText: 'gpt-4.1 vs gpt-4o' }).first();
  await lens.waitFor({ timeout: 60_000 });
  assert.match(await lens.innerText(), new RegExp(String.raw`^gpt-4\.1 vs gpt-4o · ok 6\/7 \(\u22121\) · p95 \u2212\d+% · cost \u2212\d+% \(simulated\) · 6 changed · ${flagged}Review$`));
  await lens.click();
  await panel().locator('[role="option"]').first().waitFor({ timeout: 60_000 });
}

async function activeOption() {
  const list = panel().locator('[role="listbox"]');
  const id = await list.getAttribute('aria-activedescendant');
  return panel().locator(`[id="${id}"]`).getAttribute('aria-label');
}

/** Nothing the outputs held became an element, a handler or ran. */
async function assertNoInjection() {
  const p = panel();
  const found = await p.locator('body').evaluate(() => ({
    pwned: window.__pwned ?? null,
    // VS Code adds its default webview styles (style#_defaultStyles); no other such element may exist.
    elements: [...document.querySelectorAll('img, iframe, a, svg, style, b, object, embed')].filter((e) => e.id !== '_defaultStyles').map((e) => e.outerHTML.slice(0, 80)),
    // The frame holds our bundle and the script VS Code itself injects (acquireVsCodeApi); nothing else.
    scripts: [...document.scripts].filter((s) => !s.src.endsWith('/dist/webview.js') && !s.textContent.includes('acquireVsCodeApi')).map((s) => s.src || s.textContent.slice(0, 80)),
    handlers: [...document.querySelectorAll('*')].flatMap((e) => e.getAttributeNames().filter((a) => /^on/i.test(a)).map((a) => `${e.tagName}[${a}]`)),
  }));
  assert.deepEqual(found, { pwned: null, elements: [], scripts: [], handlers: [] });
}

before(async () => {
  wb = await openWorkbench({
    prepare: (dir) => {
      folder = dir;
      const scan = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'scan', folder, '--json'], { encoding: 'utf8' });
      assert.equal(scan.status, 0, scan.stderr);
      runDir = writeRun(JSON.parse(scan.stdout).callSites.find((s) => s.path === 'src/summarize.ts'));
      setTheme('Default Light Modern');
      // Room for the panel in the screenshots: no chat side bar.
      const settings = join(folder, '.vscode', 'settings.json');
      writeFileSync(settings, readFileSync(settings, 'utf8').replace(/\}\s*$/, ',\n  "workbench.secondarySideBar.defaultVisibility": "hidden",\n  "chat.disableAIFeatures": true\n}\n'));
    },
  });
  page = wb.page;
});

after(async () => {
  await wb?.close();
});

test('review: from the CodeLens, flag a changed case with the keyboard; the flag survives closing the panel; outputs stay text', { timeout: 300_000 }, async () => {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('summarize.ts');
  await page.locator('.quick-input-widget [role="option"]', { hasText: 'summarize.ts' }).first().click();
  await openFromCodeLens();
  await shot('review-opened');

  // The list is focused with the keyboard (Tab order: the panel's controls, then the list).
  await panel().locator('[role="listbox"]').focus();
  assert.match(await activeOption(), /^unchanged, unchanged,/);
  await page.keyboard.press('j');
  assert.match(await activeOption(), /^release-notes, changed,/);
  await panel().locator('.diff ins, .diff del').first().waitFor({ timeout: 30_000 });

  await page.keyboard.press('f');
  const comment = panel().locator('#flag-comment');
  await comment.waitFor({ state: 'visible' });
  await comment.fill(COMMENT);
  await page.keyboard.press('Enter');
  await panel().locator('.vlist-row.flagged').first().waitFor({ timeout: 30_000 });
  const saved = JSON.parse(readFileSync(join(runDir, 'review.json'), 'utf8'));
  assert.deepEqual(saved.decisions.map((d) => [d.caseId, d.decision, d.comment]), [['release-notes', 'flagged', COMMENT]]);

  // Every hostile output gets its detail rendered; none becomes markup or runs.
  for (let i = 0; i < HOSTILE.length; i++) {
    await page.keyboard.press('j');
    await panel().locator('.case-head h2', { hasText: `hostile-${i}` }).waitFor({ timeout: 30_000 });
    await panel().locator('.diff .code.right').first().waitFor({ timeout: 30_000 });
    const right = (await panel().locator('.diff .code.right').allTextContents()).join('\n');
    assert.ok(right.includes(HOSTILE[i]), `hostile-${i} is shown as its text`);
    await assertNoInjection();
  }
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  await sleepFrame();
  await shot('review-light');

  // Close the panel (its tab's close button), then reopen it from the CodeLens.
  const tab = page.locator('.tab', { hasText: 'Review summarize.ts' }).first();
  await tab.hover();
  await tab.locator('[aria-label^="Close"], [title^="Close"]').first().click();
  await panel().locator('[role="listbox"]').waitFor({ state: 'detached', timeout: 30_000 });
  // The verdict counts the flag now.
  await page.locator('.codelens-decoration a', { hasText: '1 flagged' }).first().waitFor({ timeout: 60_000 });
  await openFromCodeLens('1 flagged · ');
  await panel().locator('.vlist-row.flagged').first().waitFor({ timeout: 30_000 });
  assert.match(await panel().locator('.vlist-row.flagged').first().getAttribute('aria-label'), new RegExp(`^release-notes, changed, .*flagged: ${COMMENT}`));
  assert.match(await activeOption(), /^hostile-1,/, 'reopens on the case the reviewer was on');
  await assertNoInjection();

  setTheme('Default Dark Modern');
  await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
  await panel().locator('body.vscode-dark').waitFor({ timeout: 30_000 });
  await panel().locator('[role="option"]', { hasText: 'release-notes' }).click();
  await panel().locator('.diff ins, .diff del').first().waitFor({ timeout: 30_000 });
  await sleepFrame();
  await shot('review-dark');
  assert.ok(existsSync(join(artifacts, 'review-light.png')) && existsSync(join(artifacts, 'review-dark.png')));
});
