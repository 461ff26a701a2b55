// A sweep in the real VS Code: the editor's Replay command (candidates and a family's tiers, as the
// CLI's --candidate/--sweep) and the CLI each replay one call site against four tiers of the local
// stand-in (known rates of schema breaks and disagreement); the editor then shows the recommendation
// — the cheapest tier whose gates hold — in the call site's CodeLens and Call Sites item, with the
// cheaper tiers' rejecting gates in the tooltip; the review panel gets the sweep view and follows
// review.json written elsewhere; Apply Recommendation edits the model through the refactor preview.
// Files and the runs are removed after.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallSite } from '../../../src/core/callsite';
import { readResultRecords, type ResultRecord, type RunPlanFile } from '../../../src/core/replay/records';
import type { SessionOutcome } from '../../../src/host/replay/session';
import { withDecision } from '../../../src/core/review/decisions';
import { updateReview } from '../../../src/node/reviewStore';
import { run as replay } from '../../../src/cli/commands/replay';
import type { CliIo } from '../../../src/cli/io';
import { Commands, EXTENSION_ID } from '../../../src/host/ids';
import type { ScanApi } from '../../../src/host/scan/register';
import type { ReviewApi } from '../../../src/host/review/register';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { CLASSIFY_SOURCE, TIERS, writeTickets } from '../../unit/replay/sweepWorkspace';
import { applyThroughPreview, removeTree, waitFor } from './support';

interface Api { scan: ScanApi; review: ReviewApi }
interface TreeLike { getChildren(e?: unknown): vscode.ProviderResult<unknown[]>; getTreeItem(e: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> }

const CANDIDATES = ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4.1-mini', 'gpt-4o'];

suite('sweep: the recommendation in the CodeLens, the tree and the review panel; Apply Recommendation migrates', () => {
  let api: Api;
  let root: string;
  let server: LocalEndpoint;
  let runDir = '';
  let editorRunDir = '';
  const site = (): CallSite | undefined => api.scan.callSites().find((s) => s.path === 'sweep/classify.ts');

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    await api.scan.whenIdle();
    mkdirSync(join(root, 'sweep'), { recursive: true });
    writeFileSync(join(root, 'sweep', 'classify.ts'), CLASSIFY_SOURCE);
    await waitFor('the new file to be indexed', async () => { await api.scan.whenIdle(); return site(); }, 60_000);
    server = await startLocalEndpoint({ latencyMs: 1, tiers: TIERS });
  });

  suiteTeardown(async () => {
    await server?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const id = site()?.id;
    removeTree(join(root, 'sweep'));
    if (id) rmSync(join(root, '.promptshift', 'cases', `${id}.jsonl`), { force: true });
    for (const dir of [runDir, editorRunDir]) if (dir) removeTree(dir);
    await waitFor('the removed file to leave the index', async () => { await api.scan.whenIdle(); return !site(); });
  });

  /** The call site's CodeLens once it recommends gpt-4.1-mini (the cheapest tier whose gates hold), checked as shown. */
  async function recommendationLens(uri: vscode.Uri): Promise<{ lens: vscode.CodeLens; titles: string[] }> {
    await vscode.workspace.openTextDocument(uri);
    let titles: string[] = [];
    const lens = await waitFor('the recommendation in the CodeLens', async () => {
      await api.review.whenVerdictsIdle();
      const lenses = await Promise.resolve(vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).catch(() => [] as vscode.CodeLens[]);
      titles = lenses.map((l) => l.command?.title ?? '');
      return lenses.find((l) => l.command?.title.startsWith('$(lightbulb) Recommended: gpt-4.1-mini — $'));
    }, 60_000).catch((e) => { throw new Error(`${e instanceof Error ? e.message : e}; lenses: ${titles.join(' | ')}`); });
    assert.match(lens.command!.title, /^\$\(lightbulb\) Recommended: gpt-4\.1-mini — \$[\d.]+\/mo vs \$[\d.]+\/mo$/);
    const tooltip = lens.command!.tooltip ?? '';
    assert.match(tooltip, /Cheaper candidates rejected:/);
    assert.match(tooltip, /gpt-4\.1-nano — schema pass rate: schema pass rate/);
    assert.match(tooltip, /gpt-4o-mini — agreement with the baseline: agreement with the baseline/);
    assert.equal(lens.command!.command, Commands.openReview);
    return { lens, titles };
  }

  test('a sweep started from the Replay command has one arm per candidate and the CodeLens recommends', async () => {
    const s = site()!;
    writeTickets(root, s.id, 100);
    // Three named candidates and the baseline's family swept: gpt-4.1 → gpt-4.1-mini (gpt-4.1-nano,
    // retired by the pinned today, is left out of the family but stays a candidate when named).
    const out = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, {
      callSiteId: s.id, endpoint: { name: 'sweep test server', kind: 'compatible', baseURL: server.url },
      candidates: ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4o'], sweep: ['gpt-4.1'], confirm: false, concurrency: 8,
    });
    assert.ok(out.ok, out.ok ? '' : out.error);
    editorRunDir = out.runDir;
    const plan = JSON.parse(readFileSync(join(out.runDir, 'plan.json'), 'utf8')) as RunPlanFile;
    const models = Object.values(plan.arms).map((a) => a.model);
    assert.deepEqual(models, ['gpt-4.1', 'gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini'], 'the baseline and four candidates, as the CLI plans them');
    assert.deepEqual(Object.keys(plan.arms), ['baseline', 'gpt-4.1-nano', 'gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini'], 'arms named by model, as the CLI names them');
    const records: ResultRecord[] = [];
    for await (const r of readResultRecords(readFileSync(join(out.runDir, 'results.jsonl'), 'utf8').split('\n'))) records.push(r);
    for (const arm of Object.keys(plan.arms)) assert.equal(records.filter((r) => r.arm === arm).length, 100, `100 results for ${arm}`);
    await recommendationLens(vscode.Uri.file(join(root, 'sweep', 'classify.ts')));

    // The sweep's review panel follows review.json written elsewhere (another window, a script).
    const panel = api.review.open(out.runDir);
    await waitFor('the sweep panel to send the run', () => (panel.sent.get('init') ?? 0) > 0 && (panel.sent.get('cases') ?? 0) > 0, 30_000);
    const before = panel.sent.get('decision') ?? 0;
    const caseId = records[0].caseId;
    // A sweep's decision names the candidate arm the panel pairs with the baseline: the recommended one.
    const written = await updateReview(out.runDir, (r) => withDecision(r, { callSiteId: s.id, caseId, arm: 'gpt-4.1-mini' }, { decision: 'flagged', comment: 'from another window', by: 'other', at: '2026-11-15T00:00:00Z' }));
    assert.ok(written.ok);
    await waitFor('the panel to show the decision made elsewhere', () => (panel.sent.get('decision') ?? 0) > before, 30_000);
  });

  test('after a sweep the CodeLens recommends the cheapest passing tier and Apply Recommendation edits the model', async () => {
    const s = site()!;
    writeTickets(root, s.id, 100);
    const out: string[] = [], err: string[] = [];
    const io: CliIo = { stdout: (x) => { out.push(x); }, stderr: (x) => { err.push(x); }, cwd: root, env: { PROMPTSHIFT_TODAY: '2026-11-15' } };
    const code = await replay(['--callsite', s.id, ...CANDIDATES.flatMap((c) => ['--candidate', c]), '--base-url', server.url, '--concurrency', '8', '--json'], io);
    assert.equal(code, 0, err.join(''));
    runDir = (JSON.parse(out.join('')) as { runDir: string }).runDir;
    assert.ok(runDir.startsWith(join(root, '.promptshift', 'runs')), runDir);

    const uri = vscode.Uri.file(join(root, 'sweep', 'classify.ts'));
    const { titles } = await recommendationLens(uri);
    const apply = titles.indexOf('$(check) Apply Recommendation');
    assert.ok(apply > 0, titles.join(' | '));

    // The Call Sites item says the same.
    const tree = api.scan.tree as unknown as TreeLike;
    const find = async (e?: unknown): Promise<unknown> => {
      for (const c of (await tree.getChildren(e)) ?? []) {
        const n = c as { kind?: string; entry?: { site?: CallSite } };
        if (n.kind === 'site' && n.entry?.site?.id === s.id) return c;
        if (n.kind !== 'site') { const f = await find(c); if (f) return f; }
      }
      return undefined;
    };
    const node = await find();
    assert.ok(node, 'the call site is in the tree');
    assert.match(String((await tree.getTreeItem(node)).description), /Recommended: gpt-4\.1-mini — \$/);

    // The review panel receives the sweep view.
    const panel = api.review.open(runDir);
    await waitFor('the panel to send the run', () => (panel.sent.get('init') ?? 0) > 0, 30_000);

    // Apply Recommendation, as the CodeLens calls it, through the refactor preview.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const applyLens = lenses.find((l) => l.command?.command === Commands.applyRecommendation)!;
    assert.deepEqual(applyLens.command!.arguments, [{ callSiteId: s.id, model: 'gpt-4.1-mini' }]);
    assert.ok(await applyThroughPreview(() => vscode.commands.executeCommand<boolean>(applyLens.command!.command, ...applyLens.command!.arguments!)));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(doc.getText().includes("model: 'gpt-4.1-mini',"), doc.getText().slice(0, 200));
    await doc.save();
    const after = await waitFor('the rescan', async () => { await api.scan.whenIdle(); const x = site(); return x?.model === 'gpt-4.1-mini' && x; });
    assert.equal(after.id, s.id);
  });
});
