// A model that is not a literal at the call, in a real VS Code: read through a pydantic settings class
// from `.env`, from a constant of another module, from a YAML file the code opens. The tree groups the
// call site under the model, hover and tooltip show the chain, a retired id is diagnosed where it is
// written, and the quick fix there edits that file through the refactor preview. The project is
// written into the workspace copy here (so it is also picked up live) and removed afterwards, so the
// suites after this one see the fixture workspace unchanged.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CallSite } from '../../../src/core/callsite';
import { BASELINE_ARM } from '../../../src/core/replay/cases';
import type { RunPlanFile } from '../../../src/core/replay/records';
import { BUILTIN_CATALOG, loadCatalog } from '../../../src/core/models/catalog';
import { lifecycleOf } from '../../../src/core/models/lifecycle';
import { Commands, DIAGNOSTIC_SOURCE, EXTENSION_ID } from '../../../src/host/ids';
import type { SessionOutcome } from '../../../src/host/replay/session';
import type { ScanApi } from '../../../src/host/scan/register';
import type { GroupNode, SiteNode, TreeNode } from '../../../src/host/views/grouping';
import { applyThroughPreview, removeTree, waitFor } from './support';

interface Api { scan: ScanApi }

const PINNED_TODAY = '2026-11-15';
const catalog = loadCatalog(BUILTIN_CATALOG, []);
const replacementOf = (id: string) => lifecycleOf(catalog, id, PINNED_TODAY).replacement!;
const ENV_ID = 'gpt-4.5-preview';
const CONST_ID = 'claude-3-5-sonnet-20241022';
const YAML_ID = 'gpt-4-32k';

/** Written from scratch for this suite; one call per way a model reaches the call. */
const PROJECT: Record<string, string> = {
  'flow/.env': '# local development\nLLM_CHAT_MODEL=gpt-4.5-preview\n',
  'flow/app/__init__.py': '',
  'flow/app/core/__init__.py': '',
  'flow/app/core/settings.py': [
    'from pydantic_settings import BaseSettings, SettingsConfigDict',
    '',
    '',
    'class LLMSettings(BaseSettings):',
    '    model_config = SettingsConfigDict(env_file=".env", env_prefix="LLM_")',
    '',
    '    chat_model: str = "gpt-4o-mini"',
    '',
    '',
    'settings = LLMSettings()',
    '',
  ].join('\n'),
  'flow/app/chat.py': [
    'from openai import OpenAI',
    '',
    'from app.core.settings import settings',
    '',
    'client = OpenAI()',
    '',
    '',
    'def reply(history: list[dict]) -> str:',
    '    resp = client.chat.completions.create(',
    '        model=settings.chat_model,',
    '        messages=history,',
    '    )',
    '    return resp.choices[0].message.content',
    '',
  ].join('\n'),
  'flow/web/models.ts': "// Which model each feature uses.\nexport const SUMMARY_MODEL = 'claude-3-5-sonnet-20241022';\n",
  'flow/web/summary.ts': [
    "import Anthropic from '@anthropic-ai/sdk';",
    "import { SUMMARY_MODEL } from './models';",
    '',
    'const anthropic = new Anthropic();',
    '',
    'export async function summarize(text: string) {',
    "  return anthropic.messages.create({ model: SUMMARY_MODEL, max_tokens: 300, messages: [{ role: 'user', content: text }] });",
    '}',
    '',
  ].join('\n'),
  'flow/conf/llm.yaml': '# Which model each pipeline stage uses.\nextract:\n  model: gpt-4-32k\n  temperature: 0\n',
  'flow/svc/__init__.py': '',
  'flow/svc/pipeline.py': [
    'from pathlib import Path',
    '',
    'import yaml',
    'from openai import OpenAI',
    '',
    'ROOT = Path(__file__).resolve().parent.parent',
    '',
    'with open(ROOT / "conf" / "llm.yaml") as f:',
    '    STAGES = yaml.safe_load(f)',
    '',
    'client = OpenAI()',
    '',
    '',
    'def extract(doc: str):',
    '    return client.chat.completions.create(model=STAGES["extract"]["model"], messages=[{"role": "user", "content": doc}])',
    '',
  ].join('\n'),
};

function leaves(tree: ScanApi['tree'], nodes: TreeNode[]): SiteNode[] {
  return nodes.flatMap((n) => (n.kind === 'site' ? [n] : leaves(tree, tree.getChildren(n) as TreeNode[])));
}

/** The quick fixes at `range`; a request the workbench cancels is asked again. */
async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return waitFor('the quick fixes', async () => {
    try {
      return await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    } catch (e) {
      // Opening the call sites' files activates the language extensions on the same extension host;
      // a workbench that finds the host busy cancels the request (the model itself did not change).
      console.log(`code actions asked again: ${String(e)}`);
      return undefined;
    }
  }, 60_000);
}

const hoverText = (hovers: vscode.Hover[]) => hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

suite('model flow: models resolved through files and configuration', () => {
  let api: Api;
  let root: vscode.Uri;
  const uri = (rel: string) => vscode.Uri.joinPath(root, rel);
  const ours = (u: vscode.Uri) => vscode.languages.getDiagnostics(u).filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const siteIn = (path: string) => api.scan.callSites().find((s) => s.path === path);
  const resolvedIn = async (path: string, model: string): Promise<CallSite> => waitFor(`${path} to resolve to ${model}`, async () => {
    await api.scan.whenIdle();
    const s = siteIn(path);
    return s?.modelResolved === model ? s : undefined;
  }, 60_000);

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0].uri;
    await api.scan.whenIdle();
    for (const [rel, text] of Object.entries(PROJECT)) await vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri('flow'), { recursive: true, useTrash: false });
    await waitFor('the project to leave the index and its problems to clear', async () => {
      await api.scan.whenIdle();
      return !api.scan.callSites().some((s) => s.path.startsWith('flow/')) && !vscode.languages.getDiagnostics().some(([u, ds]) => u.path.includes('/flow/') && ds.length);
    }, 60_000);
  });

  test('.env through a settings class: the tree groups the call under the model, with the badge and the chain', async () => {
    const site = await resolvedIn('flow/app/chat.py', ENV_ID);
    assert.equal(site.model, null);
    assert.deepEqual(site.modelSource.map((h) => h.kind).slice(-2), ['settings', 'dotenv'], JSON.stringify(site.modelSource));
    assert.deepEqual([site.modelSource.at(-1)?.path, site.modelSource.at(-1)?.line], ['flow/.env', 2]);

    const tree = api.scan.tree;
    const roots = tree.getChildren() as GroupNode[];
    const group = roots.find((g) => g.label === ENV_ID);
    assert.ok(group, `a group for ${ENV_ID}: ${roots.map((g) => g.label).join(', ')}`);
    const leaf = leaves(tree, [group]).find((n) => n.entry.site.path === 'flow/app/chat.py');
    assert.ok(leaf, 'the call site sits under the model it resolves to');
    const item = await tree.getTreeItem(leaf);
    assert.match(String(item.description), /^⚙ \.env:2/, 'the badge says where the id is written');
    const resolved = await tree.resolveTreeItem!(item, leaf, new vscode.CancellationTokenSource().token);
    const tooltip = (resolved?.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Resolved through configuration/);
    assert.ok(tooltip.includes('settings field'), tooltip);
    assert.ok(/\[flow\\\/\\\.env\\:2\]\([^)]*flow\/\.env#L2\)/.test(tooltip), `a link to the .env line: ${tooltip}`);
  });

  test('hover on the model expression shows the chain, each hop a link', async () => {
    const document = await vscode.workspace.openTextDocument(uri('flow/app/chat.py'));
    const at = document.positionAt(document.getText().indexOf('settings.chat_model') + 3);
    const text = await waitFor('the hover', async () => {
      const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at));
      return t.includes('Resolved through configuration') ? t : undefined;
    });
    assert.ok(/\[flow\\\/app\\\/core\\\/settings\\\.py\\:7\]\([^)]*settings\.py#L7\)/.test(text), `a link to the settings field: ${text}`);
    assert.ok(text.includes('`LLM_CHAT_MODEL=gpt-4.5-preview`'), text);
    assert.match(text, /Retirement:\*\* 2025\\-07\\-14/, 'with the facts of the resolved id');
  });

  test('a retired id in .env is diagnosed there, naming the call site; its fix edits .env through the preview', async () => {
    const env = uri('flow/.env');
    const [d] = await waitFor('a problem on .env', () => { const ds = ours(env); return ds.length ? ds : undefined; }, 30_000);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(d.message.includes('flow/app/chat.py:9'), d.message);
    const document = await vscode.workspace.openTextDocument(env);
    assert.equal(document.getText(d.range), ENV_ID);

    const definitionHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', env, d.range.start.translate(0, 2)));
    assert.ok(definitionHover.includes('[flow\\/app\\/chat\\.py\\:9]'), `the hover on the definition names its call site: ${definitionHover}`);

    const replacement = replacementOf(ENV_ID);
    const actions = await quickFixes(env, d.range);
    const fix = actions.find((a) => a.title.startsWith(`Replace with ${replacement} (`));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(fix.title.includes('flow/app/chat.py:9'), `the fix says which call sites it changes: ${fix.title}`);
    assert.ok(await applyThroughPreview(() => vscode.workspace.applyEdit(fix.edit!), 1), 'applied from the refactor preview');
    assert.equal(document.getText(), `# local development\nLLM_CHAT_MODEL=${replacement}\n`);
    await document.save();
    await resolvedIn('flow/app/chat.py', replacement);
    await waitFor('the problem on .env to clear', () => !ours(env).some((x) => x.severity === vscode.DiagnosticSeverity.Error));
  });

  test('a retired id in a constant of another module is diagnosed at the constant; hover at the call links to it', async () => {
    const site = await resolvedIn('flow/web/summary.ts', CONST_ID);
    const models = uri('flow/web/models.ts');
    const [d] = await waitFor('a problem on the constant', () => { const ds = ours(models); return ds.length ? ds : undefined; }, 30_000);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(d.message.includes(`flow/web/summary.ts:${site.line}`), d.message);
    const document = await vscode.workspace.openTextDocument(models);
    assert.equal(document.getText(d.range), `'${CONST_ID}'`);
    assert.ok(!ours(uri('flow/web/summary.ts')).length, 'no problem at the call: the id is not written there');

    const call = await vscode.workspace.openTextDocument(uri('flow/web/summary.ts'));
    const at = call.positionAt(call.getText().indexOf('model: SUMMARY_MODEL') + 'model: SUM'.length);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', call.uri, at));
    assert.ok(/\[flow\\\/web\\\/models\\\.ts\\:2\]\([^)]*models\.ts#L2\)/.test(text), `a link to the constant: ${text}`);
  });

  test('a retired id in a YAML file the code opens is diagnosed at its key', async () => {
    const site = await resolvedIn('flow/svc/pipeline.py', YAML_ID);
    assert.equal(site.modelSource.at(-1)?.kind, 'config');
    const yaml = uri('flow/conf/llm.yaml');
    const [d] = await waitFor('a problem on the YAML key', () => { const ds = ours(yaml); return ds.length ? ds : undefined; }, 30_000);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.range.start.line, 2);
    const document = await vscode.workspace.openTextDocument(yaml);
    assert.equal(document.getText(d.range), YAML_ID);
    const actions = await quickFixes(yaml, d.range);
    assert.ok(actions.some((a) => a.title.startsWith(`Replace with ${replacementOf(YAML_ID)} (`)), actions.map((a) => a.title).join(' | '));
  });

  test('Replay proposes the resolved model as the baseline, from the command and from its questions', async () => {
    const site = await resolvedIn('flow/svc/pipeline.py', YAML_ID);
    const cases = uri(`.promptshift/cases/${site.id}.jsonl`);
    await vscode.workspace.fs.writeFile(cases, new TextEncoder().encode('{"id": "invoice", "messages": [{"role": "user", "content": "Invoice 42: 3 chairs"}]}\n'));
    const runDirs: string[] = [];
    const baselineOf = (out: SessionOutcome): string => {
      assert.ok(out.ok, `the replay ran: ${out.ok ? '' : out.error}`);
      runDirs.push(out.runDir);
      const plan = JSON.parse(readFileSync(join(out.runDir, 'plan.json'), 'utf8')) as RunPlanFile;
      return plan.callSites[0].arms[BASELINE_ARM].model;
    };
    try {
      const given = await vscode.commands.executeCommand<SessionOutcome>(Commands.replay, { callSiteId: site.id, endpoint: 'local', candidate: 'gpt-4.1', confirm: false });
      assert.equal(baselineOf(given), YAML_ID, 'with no baseline given, the model the YAML key sets');

      // Asked interactively: the baseline box opens holding the resolved id and the candidate picker
      // offers its replacement first; accepting both (as Enter does) must replay against that id.
      let settled = false;
      const asked = Promise.resolve(vscode.commands.executeCommand<SessionOutcome>(Commands.replay, { callSiteId: site.id, endpoint: 'local', confirm: false }))
        .finally(() => { settled = true; });
      await waitFor('the questions to be answered', async () => {
        if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return settled;
      }, 60_000, 300);
      assert.equal(baselineOf(await asked), YAML_ID, 'the proposed baseline is the resolved model');
    } finally {
      await vscode.workspace.fs.delete(cases, { useTrash: false });
      for (const dir of runDirs) removeTree(dir);
    }
  });
});
