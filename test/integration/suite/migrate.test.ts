// "Migrate to <candidate>…" in a real VS Code: the edit lands where the model is defined (the literal
// at the call, or the same-file constant two call sites read), through the refactor preview, in one
// undo step; a replay's verdict makes the action preferred; the call site keeps its ID; Replay then
// defaults its baseline to the model before the migration. Files are created here and removed after,
// so the other suites see the fixture as it is.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallSite } from '../../../src/core/callsite';
import { Commands, EXTENSION_ID } from '../../../src/host/ids';
import type { ScanApi } from '../../../src/host/scan/register';
import type { ReviewApi } from '../../../src/host/review/register';
import type { SessionOutcome } from '../../../src/host/replay/session';
import { startLocalEndpoint, type LocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { applyThroughPreview, removeTree, waitFor } from './support';

interface Api { scan: ScanApi; review: ReviewApi }

const LEAD = `import OpenAI from 'openai';\nconst client = new OpenAI();\n\nexport async function lead(doc: string) {\n  return client.chat.completions.create({\n    model: 'gpt-4o',\n    messages: [{ role: 'user', content: \`Write a one-line lead for: \${doc}\` }],\n  });\n}\n`;
const HEADLINE = `import OpenAI from 'openai';\nconst client = new OpenAI();\nconst HEADLINE_MODEL = "gpt-4o";\n\nexport async function headline(doc: string) {\n  return client.chat.completions.create({ model: HEADLINE_MODEL, messages: [{ role: 'user', content: doc }] });\n}\n\nexport async function subtitle(doc: string) {\n  return client.chat.completions.create({ model: HEADLINE_MODEL, messages: [{ role: 'user', content: doc }] });\n}\n\nconsole.log('headline model', HEADLINE_MODEL);\n`;

suite('migrate: edit the model where it is defined, through the refactor preview', () => {
  let api: Api;
  let root: string;
  let server: LocalEndpoint;
  const site = (path: string, line?: number): CallSite | undefined => api.scan.callSites().find((s) => s.path === path && (line === undefined || s.line === line));

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // The first full scan (workers starting, the compiler loading) can take long on a busy machine;
    // it is not what this waits for, so it is not counted against the new files' wait.
    await api.scan.whenIdle();
    mkdirSync(join(root, 'migrate'), { recursive: true });
    writeFileSync(join(root, 'migrate', 'lead.ts'), LEAD);
    writeFileSync(join(root, 'migrate', 'headline.ts'), HEADLINE);
    await waitFor('the new files to be indexed', async () => { await api.scan.whenIdle(); return site('migrate/lead.ts') && api.scan.callSites().filter((s) => s.path === 'migrate/headline.ts').length === 2; }, 60_000);
    server = await startLocalEndpoint({ defaultLatencyMs: 2 });
  });

  suiteTeardown(async () => {
    await server?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    removeTree(join(root, 'migrate'));
    rmSync(join(root, '.promptshift', 'cases', `${site('migrate/lead.ts')?.id}.jsonl`), { force: true });
    await waitFor('the removed files to leave the index', async () => { await api.scan.whenIdle(); return !api.scan.callSites().some((s) => s.path.startsWith('migrate/')); });
  });

  test('with a replay of the call site, its migrate action carries the verdict and is preferred when go; the review panel migrates', async () => {
    const lead = site('migrate/lead.ts')!;
    writeFileSync(join(root, '.promptshift', 'cases', `${lead.id}.jsonl`), '{"id":"a","vars":{"doc":"rain tomorrow"}}\n{"id":"b","vars":{"doc":"new bridge opens"}}\n');
    const out = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, {
      callSiteId: lead.id, endpoint: { name: 'migrate test server', kind: 'compatible', baseURL: server.url }, candidate: 'gpt-4.1', confirm: false,
    });
    assert.ok(out.ok, out.ok ? '' : out.error);
    const uri = vscode.Uri.file(join(root, 'migrate', 'lead.ts'));
    await vscode.workspace.openTextDocument(uri); // code actions are asked of an open document
    let titles: string[] = [];
    let lastError = '';
    const action = await waitFor('the migrate action with the replay verdict', async () => {
      // A request can be cancelled when the document or the index changes under it: ask again.
      const actions = await Promise.resolve(vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(5, 4, 5, 4)))
        .catch((e) => { lastError = String(e); return [] as vscode.CodeAction[]; });
      titles = actions.map((a) => a.title);
      return actions.find((a) => a.title.startsWith('Migrate to gpt-4.1… — go: '));
    }).catch((e) => { throw new Error(`${e instanceof Error ? e.message : e}; actions: ${titles.join(' | ')}; last error: ${lastError}`); });
    assert.equal(action.isPreferred, true, action.title);
    assert.match(action.title, /\d+ changed/);
    const [[, edits]] = action.edit!.entries();
    assert.equal(edits.length, 1);
    assert.equal(action.edit!.get(uri)[0].newText, "'gpt-4.1'");
    // The review panel's "Migrate Code…" button makes the same edit, through the same preview.
    api.review.open(out.runDir);
    assert.ok(await applyThroughPreview(async () => { await api.review.receive(out.runDir, { type: 'migrate' }); return true; }));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(doc.getText().includes("model: 'gpt-4.1',"));
    await doc.save();
    const after = await waitFor('the rescan', async () => { await api.scan.whenIdle(); const s = site('migrate/lead.ts'); return s?.model === 'gpt-4.1' && s; });
    assert.equal(after.id, lead.id, 'the ID survives the migration, so the cases still belong to it');
    assert.equal(api.scan.migrations.before(after), 'gpt-4o', 'Replay will compare against the model production runs');
  });

  test('a same-file constant read by two call sites: one edit on the constant, shown in the preview, undone in one step', async () => {
    const uri = vscode.Uri.file(join(root, 'migrate', 'headline.ts'));
    const first = site('migrate/headline.ts', 6)!;
    assert.equal(first.modelResolved, 'gpt-4o');
    const ok = await applyThroughPreview(() => vscode.commands.executeCommand<boolean>(Commands.migrate, first, 'gpt-4.1-mini'));
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.equal(ok, true, `the migrate command applied its edit; the file now reads:\n${text}`);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(doc.getText().includes('const HEADLINE_MODEL = "gpt-4.1-mini";'), 'the constant is edited');
    assert.equal(doc.getText().match(/gpt-4\.1-mini/g)?.length, 1, 'nothing else is edited');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo to revert the migration', () => doc.getText().includes('const HEADLINE_MODEL = "gpt-4o";'));
  });

  test('the edit on a shared constant says what else reads it', async () => {
    const uri = vscode.Uri.file(join(root, 'migrate', 'headline.ts'));
    await vscode.workspace.openTextDocument(uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(5, 10, 5, 10));
    const migrate = actions.find((a) => a.title.startsWith('Migrate to ') && a.edit);
    assert.ok(migrate, actions.map((a) => a.title).join(' | '));
    assert.match(migrate.title, /no replay yet$/);
    assert.notEqual(migrate.isPreferred, true, 'no evidence: offered, not preferred');
    assert.ok(actions.some((a) => a.title === 'Migrate to another model…'));
  });
});
