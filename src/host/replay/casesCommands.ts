// "Create Cases File" and "Import Captured Requests…": write .promptshift/cases/<callSiteId>.jsonl
// and open it. An existing file is opened, never overwritten; an import into one is appended.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { callSiteFromArg } from '../callSiteArg';
import { Commands } from '../ids';
import { markWalkthroughDone } from '../walkthrough';
import type { CallSite } from '../../core/callsite';
import { casesFileOf } from './inputs';
import { importCaptured, skeletonFor } from './casesFiles';
import { pickCallSite } from './pickers';
import { rootOfSite, type ScanLike } from './flow';

async function siteFrom(scan: ScanLike, arg: unknown, title: string): Promise<CallSite | undefined> {
  const given = callSiteFromArg(arg);
  if (given) return given;
  await scan.whenIdle();
  return pickCallSite(scan.callSites(), title);
}

const exists = async (uri: vscode.Uri) => vscode.workspace.fs.stat(uri).then(() => true, () => false);

export function registerCasesCommands(context: vscode.ExtensionContext, scan: ScanLike): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.createCasesFile, async (arg?: unknown) => {
      const site = await siteFrom(scan, arg, 'Create Cases File');
      if (!site) return;
      const root = rootOfSite(scan, site);
      if (!root) return void vscode.window.showErrorMessage('Promptshift: open a folder first.');
      const linked = (await casesFileOf(root, site)).file;
      const uri = vscode.Uri.file(linked ?? join(root, '.promptshift', 'cases', `${site.id}.jsonl`));
      if (!(await exists(uri))) {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(skeletonFor(site)));
      }
      await vscode.window.showTextDocument(uri);
      markWalkthroughDone('cases');
      return uri;
    }),
    vscode.commands.registerCommand(Commands.importCapturedRequests, async (arg?: unknown, fileArg?: vscode.Uri) => {
      const site = await siteFrom(scan, arg, 'Import Captured Requests');
      if (!site) return;
      const root = rootOfSite(scan, site);
      if (!root) return void vscode.window.showErrorMessage('Promptshift: open a folder first.');
      const source = fileArg ?? (await vscode.window.showOpenDialog({ title: 'Captured chat requests (JSONL, one request body a line)', canSelectMany: false, filters: { 'JSON Lines': ['jsonl', 'ndjson', 'json', 'log'], 'All files': ['*'] } }))?.[0];
      if (!source) return;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
      const result = importCaptured(text);
      if (!result.count) {
        const first = result.skipped[0];
        return void vscode.window.showErrorMessage(`Promptshift: no request bodies found in ${vscode.workspace.asRelativePath(source)}${first ? ` (line ${first.line}: ${first.message})` : ''}.`);
      }
      const target = vscode.Uri.file((await casesFileOf(root, site)).file ?? join(root, '.promptshift', 'cases', `${site.id}.jsonl`));
      let prefix = '';
      if (await exists(target)) {
        prefix = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
        if (prefix && !prefix.endsWith('\n')) prefix += '\n';
      } else await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
      // Ids already in the file get a suffix so the import never creates duplicates.
      const existing = new Set(prefix.split('\n').map((l) => { try { return (JSON.parse(l) as { id?: string }).id; } catch { return undefined; } }).filter(Boolean));
      const lines = result.text.split('\n').filter(Boolean).map((l) => {
        const c = JSON.parse(l) as { id: string; messages: unknown };
        let id = c.id;
        for (let n = 2; existing.has(id); n++) id = `${c.id}-${n}`;
        existing.add(id);
        return JSON.stringify({ id, messages: c.messages });
      });
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(prefix + lines.join('\n') + '\n'));
      await vscode.window.showTextDocument(target);
      markWalkthroughDone('cases');
      const skipped = result.skipped.length ? `; ${result.skipped.length} line(s) skipped (first: line ${result.skipped[0].line}, ${result.skipped[0].message})` : '';
      void vscode.window.showInformationMessage(`Promptshift: imported ${result.count} case(s) into ${vscode.workspace.asRelativePath(target)}${skipped}.`);
      return target;
    }),
  );
}
