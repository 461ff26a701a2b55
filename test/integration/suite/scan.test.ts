// The scan as a developer sees it, in a real VS Code over test/fixtures/workspace (a fresh copy per
// run): the Call Sites tree, CodeLens, the hover, retired-model diagnostics, both quick fixes, and
// incremental rescans. The tests run in order: the quick fixes edit the fixture files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CallSite } from '../../../src/core/callsite';
import { BUILTIN_CATALOG, loadCatalog } from '../../../src/core/models/catalog';
import { lifecycleOf } from '../../../src/core/models/lifecycle';
import { Commands, DIAGNOSTIC_SOURCE, EXTENSION_ID, Settings } from '../../../src/host/ids';
import { lifecycleToday } from '../../../src/host/models/catalogService';
import type { ScanApi } from '../../../src/host/scan/register';
import type { GroupNode, TreeNode } from '../../../src/host/views/grouping';
import { applyThroughPreview, waitFor } from './support';

interface Api { activationMs: number; scan: ScanApi }

const RETIRED = 'gpt-4.5-preview';
/** The fixture pins "today" (its .vscode/settings.json), so verdicts do not move with the calendar. */
const PINNED_TODAY = '2026-11-15';
/** The recommended replacement on the pinned day: past gpt-4.1, which itself retires within 90 days of it. */
const REPLACEMENT = lifecycleOf(loadCatalog(BUILTIN_CATALOG, []), RETIRED, PINNED_TODAY).replacement!;

/** The fixture's call sites the editor must show (legacy/ is excluded by promptshift.scan.exclude). */
const EXPECTED = ['reviewer/review.go:12', 'src/classify.ts:8', 'src/summarize.ts:6', 'src/tone.ts:6', 'worker/digest.py:7'];


function leaves(tree: ScanApi['tree'], nodes: TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => (n.kind === 'site' ? [n] : leaves(tree, tree.getChildren(n) as TreeNode[])));
}

suite('scan: call sites in the editor', () => {
  let api: Api;
  let root: vscode.Uri;
  const uri = (rel: string) => vscode.Uri.joinPath(root, rel);
  const key = (s: CallSite) => `${s.path}:${s.line}`;
  const ours = (u: vscode.Uri) => vscode.languages.getDiagnostics(u).filter((d) => d.source === DIAGNOSTIC_SOURCE);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(ext, 'extension installed');
    api = await ext.activate();
    root = vscode.workspace.workspaceFolders![0].uri;
    await api.scan.whenIdle();
  });

  test('lifecycle verdicts use the pinned day, not the calendar', () => {
    assert.equal(lifecycleToday(new Date('2031-06-01T12:00:00Z')), PINNED_TODAY);
  });

  test('the index holds the fixture call sites and honours exclusions', async () => {
    const started = Date.now();
    const count = await vscode.commands.executeCommand<number>(Commands.rescan);
    console.log(`[measure] explicit rescan of the fixture workspace: ${Date.now() - started} ms, ${count} call sites`);
    assert.equal(count, EXPECTED.length);
    assert.deepEqual(api.scan.callSites().map(key).sort(), EXPECTED);
    const py = api.scan.callSites().find((s) => s.path === 'worker/digest.py');
    assert.equal(py?.model, RETIRED);
    assert.equal(py?.language, 'py');
    const go = api.scan.callSites().find((s) => s.path === 'reviewer/review.go');
    assert.deepEqual([go?.language, go?.api, go?.model], ['go', 'anthropic.messages', 'claude-sonnet-4-5-20250929']);
  });

  test('the tree groups by model, then file, then call site, with counts and status icons', async () => {
    const tree = api.scan.tree;
    if (tree.grouping !== 'model') await vscode.commands.executeCommand(Commands.groupByModel);
    const roots = tree.getChildren() as GroupNode[];
    assert.deepEqual(roots.map((g) => g.label).sort(), ['claude-sonnet-4-5-20250929', RETIRED].sort());
    const retired = roots.find((g) => g.label === RETIRED)!;
    const item = await tree.getTreeItem(retired);
    assert.match(String(item.description), /^3 call sites · retired 2025-07-14$/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');

    const all = leaves(tree, roots);
    assert.deepEqual(all.map((n) => (n.kind === 'site' ? key(n.entry.site) : '')).sort(), EXPECTED);
    const summarize = all.find((n) => n.kind === 'site' && n.entry.site.path === 'src/summarize.ts')!;
    const leaf = await tree.getTreeItem(summarize);
    assert.equal(leaf.contextValue, 'callSite');
    // After a replay (replay.test.ts runs first) the description is the latest run's verdict instead.
    assert.match(String(leaf.description), /^(You summarise documents in two sentences for a busy reader\.|.+ vs .+ · .+ changed.*)$/);
    assert.equal(leaf.command?.command, Commands.revealCallSite);
    assert.equal((leaf.command?.arguments?.[0] as CallSite).path, 'src/summarize.ts');

    const classify = all.find((n) => n.kind === 'site' && n.entry.site.path === 'src/classify.ts')!;
    const resolved = await tree.resolveTreeItem!(await tree.getTreeItem(classify), classify, new vscode.CancellationTokenSource().token);
    const tooltip = (resolved?.tooltip as vscode.MarkdownString);
    assert.ok(tooltip.value.includes('"confidence"'), 'tooltip shows the schema');
    assert.ok(tooltip.value.includes('Classify the sentiment of a customer message.'), 'tooltip shows the template');
    assert.equal(tooltip.isTrusted, false);
  });

  test('grouping switches between file, family and model', async () => {
    const tree = api.scan.tree;
    await vscode.commands.executeCommand(Commands.groupByFile);
    assert.equal(tree.grouping, 'file');
    assert.deepEqual((tree.getChildren() as TreeNode[]).map((n) => (n.kind === 'file' ? n.file : '?')),
      ['reviewer/review.go', 'src/classify.ts', 'src/summarize.ts', 'src/tone.ts', 'worker/digest.py']);
    await vscode.commands.executeCommand(Commands.groupByFamily);
    assert.deepEqual((tree.getChildren() as GroupNode[]).map((g) => `${g.label}:${g.count}`), ['anthropic.messages:2', 'openai.chat:3']);
    await vscode.commands.executeCommand(Commands.groupByModel);
    assert.equal(tree.grouping, 'model');
  });

  test('clicking a call site reveals it', async () => {
    const site = api.scan.callSites().find((s) => s.path === 'src/classify.ts')!;
    await vscode.commands.executeCommand(Commands.revealCallSite, site);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith('/src/classify.ts'));
    assert.equal(editor.selection.active.line, site.line - 1);
    assert.equal(editor.selection.active.character, site.column - 1);
  });

  test('CodeLens appear above each call site', async () => {
    const lenses = async (rel: string) => {
      await vscode.workspace.openTextDocument(uri(rel)); // the command needs the document loaded
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(rel));
      return found.filter((l) => l.command);
    };
    const summarize = await lenses('src/summarize.ts');
    const titles = summarize.map((l) => l.command!.title);
    assert.ok(titles.includes(`${RETIRED} ⚠ retired · openai.chat · no schema`), titles.join(' | '));
    const replay = summarize.find((l) => l.command!.command === Commands.replay);
    assert.ok(replay, 'a Replay lens');
    assert.equal(replay.range.start.line, 5);
    assert.equal((replay.command!.arguments?.[0] as CallSite).path, 'src/summarize.ts');
    const classify = (await lenses('src/classify.ts')).map((l) => l.command!.title);
    assert.ok(classify.includes(`${RETIRED} ⚠ retired · openai.chat · schema ✓`), classify.join(' | '));
    const python = (await lenses('worker/digest.py')).map((l) => l.command!.title);
    assert.ok(python.some((t) => t.startsWith(`${RETIRED} ⚠ retired · openai.chat`)), python.join(' | '));
  });

  test('hovering the model id shows catalog facts', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri('src/summarize.ts'), new vscode.Position(6, 16));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Context window:\*\* 128,000 tokens/);
    assert.match(text, /\$75 input \/ \$150 output per 1M tokens/);
    assert.match(text, /Retirement:\*\* 2025\\-07\\-14/);
    assert.match(text, /deprecations\)/, 'links the source');
  });

  test('a retired model id is an Error on its literal, with the date and replacement', async () => {
    for (const rel of ['src/summarize.ts', 'src/classify.ts', 'worker/digest.py']) {
      const diagnostics = await waitFor(`a diagnostic on ${rel}`, () => { const d = ours(uri(rel)); return d.length ? d : undefined; });
      assert.equal(diagnostics.length, 1, rel);
      const [d] = diagnostics;
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.match(d.message, /2025-07-14/);
      assert.ok(d.message.includes(REPLACEMENT), d.message);
      const document = await vscode.workspace.openTextDocument(uri(rel));
      assert.match(document.getText(d.range), /^["']gpt-4\.5-preview["']$/);
    }
  });

  test('quick fix: replace the model at this call site — the call site keeps its ID (and so its cases)', async () => {
    const target = uri('src/summarize.ts');
    const idBefore = api.scan.callSites().find((s) => s.path === 'src/summarize.ts')?.id;
    assert.ok(idBefore);
    const [d] = ours(target);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', target, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    const one = actions.find((a) => a.title === `Replace with ${REPLACEMENT}`);
    assert.ok(one?.edit, titles.join(' | '));
    assert.ok(titles.includes(`Replace ${RETIRED} with ${REPLACEMENT} in all 3 call sites`), titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(one.edit));
    const document = await vscode.workspace.openTextDocument(target);
    assert.ok(document.getText().includes(`model: '${REPLACEMENT}',`), 'single quotes kept');
    assert.ok(!document.getText().includes(RETIRED));
    await document.save();
    await api.scan.whenIdle();
    await waitFor('the Error to clear', () => !ours(target).some((x) => x.severity === vscode.DiagnosticSeverity.Error));
    const after = api.scan.callSites().find((s) => s.path === 'src/summarize.ts');
    assert.equal(after?.model, REPLACEMENT);
    assert.equal(after?.id, idBefore, 'a new model does not change the call site ID');
  });

  test('quick fix: replace the model in all call sites that use it', async () => {
    const target = uri('src/classify.ts');
    const [d] = ours(target);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', target, d.range, vscode.CodeActionKind.QuickFix.value);
    const all = actions.find((a) => a.title === `Replace ${RETIRED} with ${REPLACEMENT} in all 2 call sites`);
    assert.ok(all?.edit, actions.map((a) => a.title).join(' | '));
    assert.deepEqual(all.edit.entries().map(([u]) => vscode.workspace.asRelativePath(u)).sort(), ['src/classify.ts', 'worker/digest.py']);
    // Every change of a multi-site replacement is shown in the refactor preview first.
    assert.ok(await applyThroughPreview(() => vscode.workspace.applyEdit(all.edit!), 2));
    const ts = await vscode.workspace.openTextDocument(target);
    const py = await vscode.workspace.openTextDocument(uri('worker/digest.py'));
    assert.ok(ts.getText().includes(`model: "${REPLACEMENT}",`), 'double quotes kept in TypeScript');
    assert.ok(py.getText().includes(`model="${REPLACEMENT}",`), 'Python literal edited');
    await ts.save();
    await py.save();
    await api.scan.whenIdle();
    await waitFor('every retired-model Error to clear', () =>
      !vscode.languages.getDiagnostics().some(([, ds]) => ds.some((x) => x.source === DIAGNOSTIC_SOURCE && x.severity === vscode.DiagnosticSeverity.Error)));
    assert.ok(!api.scan.callSites().some((s) => s.model === RETIRED));
  });

  test('the catalog setting overrides the built-in data', async () => {
    const config = vscode.workspace.getConfiguration();
    const target = uri('src/tone.ts');
    await config.update(Settings.modelCatalog, [{ id: 'claude-sonnet-4-5-20250929', retirementDate: '2020-01-02', replacement: 'claude-next-test' }], vscode.ConfigurationTarget.Workspace);
    try {
      const [d] = await waitFor('the override to apply', () => { const ds = ours(target); return ds.length && ds[0].message.includes('2020-01-02') ? ds : undefined; });
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.ok(d.message.includes('claude-next-test'));
    } finally {
      await config.update(Settings.modelCatalog, undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the override to go away', () => !ours(target).some((x) => x.message.includes('2020-01-02')));
  });

  test('an edited document is rescanned alone, from its unsaved text', async () => {
    const target = uri('src/tone.ts');
    const document = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(document);
    const at = document.getText().indexOf("'claude-sonnet-4-5-20250929'");
    const edit = new vscode.WorkspaceEdit();
    edit.replace(target, new vscode.Range(document.positionAt(at), document.positionAt(at + "'claude-sonnet-4-5-20250929'".length)), "'claude-3-5-sonnet-20241022'");
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the edit to be indexed', async () => {
      await api.scan.whenIdle();
      return api.scan.callSites().find((s) => s.path === 'src/tone.ts')?.model === 'claude-3-5-sonnet-20241022';
    });
    const [d] = await waitFor('the retired diagnostic', () => { const ds = ours(target); return ds.length && ds[0].severity === vscode.DiagnosticSeverity.Error ? ds : undefined; });
    assert.match(d.message, /2025-10-28/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('files created on disk are indexed; gitignored and deleted ones are not', async () => {
    const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));
    const call = (model: string) => `import OpenAI from 'openai';\nconst c = new OpenAI();\nexport const f = () => c.chat.completions.create({ model: '${model}', messages: [{ role: 'user', content: 'hi' }] });\n`;
    await write('src/late.ts', call('gpt-4o-mini'));
    await write('generated/client.ts', call('gpt-4o'));
    await waitFor('the new file to be indexed', async () => {
      await api.scan.whenIdle();
      return api.scan.callSites().some((s) => s.path === 'src/late.ts');
    });
    const count = await vscode.commands.executeCommand<number>(Commands.rescan);
    const paths = api.scan.callSites().map((s) => s.path);
    assert.equal(count, EXPECTED.length + 1);
    assert.ok(!paths.includes('generated/client.ts'), '.gitignore is honoured');
    assert.ok(!paths.some((p) => p.startsWith('legacy/')), 'promptshift.scan.exclude is honoured');
    await vscode.workspace.fs.delete(uri('src/late.ts'));
    await waitFor('the deleted file to leave the index', async () => {
      await api.scan.whenIdle();
      return !api.scan.callSites().some((s) => s.path === 'src/late.ts');
    });
  });
});
