// API keys: kept in VS Code's SecretStorage per endpoint profile ("Set API Key…" / "Clear API Key"),
// else read from the environment variable the profile names. A key is never written to settings,
// logs, run files, caches or messages: this module hands it only to the llm layer's options.
import * as vscode from 'vscode';
import { Commands } from './ids';
import { markWalkthroughDone } from './walkthrough';
import { needsKey, secretKeyFor, type EndpointProfile } from './replay/endpoints';

export type KeySource = 'secret storage' | 'environment' | 'none';

export class ApiKeys {
  constructor(private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(p: EndpointProfile): Promise<{ key: string; source: KeySource }> {
    if (p.builtin) return { key: '', source: 'none' };
    const stored = await this.secrets.get(secretKeyFor(p));
    if (stored) return { key: stored, source: 'secret storage' };
    const fromEnv = p.apiKeyEnv ? this.env[p.apiKeyEnv] : undefined;
    if (fromEnv) return { key: fromEnv, source: 'environment' };
    return { key: '', source: 'none' };
  }

  set(p: EndpointProfile, key: string): Thenable<void> {
    return this.secrets.store(secretKeyFor(p), key);
  }

  clear(p: EndpointProfile): Thenable<void> {
    return this.secrets.delete(secretKeyFor(p));
  }
}

/** The message when a profile that needs a key has none (names where to put it, never a value). */
export function missingKeyMessage(p: EndpointProfile): string {
  return `No API key for endpoint "${p.name}": run "Promptshift: Set API Key…" or set the environment variable ${p.apiKeyEnv}.`;
}

async function pickProfile(profiles: EndpointProfile[], placeHolder: string): Promise<EndpointProfile | undefined> {
  const keyed = profiles.filter((p) => !p.builtin);
  if (!keyed.length) {
    // Said where a first-time user lands from the walkthrough: the stand-in is there and needs nothing.
    void vscode.window.showInformationMessage('Promptshift: no endpoint needs a key yet. Add a profile (OpenAI, Azure OpenAI or an OpenAI-compatible server) to the promptshift.endpoints setting, then set its key. The built-in Local test endpoint (stand-in) needs no key.', 'Open Settings')
      .then((a) => { if (a) void vscode.commands.executeCommand('workbench.action.openSettings', 'promptshift.endpoints'); });
    return undefined;
  }
  if (keyed.length === 1) return keyed[0];
  const pick = await vscode.window.showQuickPick(keyed.map((p) => ({ label: p.name, description: p.kind, profile: p })), { placeHolder });
  return pick?.profile;
}

export function registerApiKeyCommands(context: vscode.ExtensionContext, keys: ApiKeys, profiles: () => EndpointProfile[]): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.setApiKey, async () => {
      const p = await pickProfile(profiles(), 'Set the API key of which endpoint?');
      if (!p) return;
      const key = await vscode.window.showInputBox({
        title: `API key for "${p.name}"`, password: true, ignoreFocusOut: true,
        prompt: `Stored in VS Code's secret storage, never in settings or run files.${needsKey(p) ? '' : ' This endpoint may not need one.'}`,
        validateInput: (v) => (v.trim() ? null : 'Enter a key, or press Escape'),
      });
      if (!key) return;
      await keys.set(p, key.trim());
      markWalkthroughDone('endpoint');
      void vscode.window.showInformationMessage(`Promptshift: API key for "${p.name}" stored.`);
    }),
    vscode.commands.registerCommand(Commands.clearApiKey, async () => {
      const p = await pickProfile(profiles(), 'Clear the API key of which endpoint?');
      if (!p) return;
      await keys.clear(p);
      void vscode.window.showInformationMessage(`Promptshift: API key for "${p.name}" removed from secret storage${p.apiKeyEnv ? ` (the environment variable ${p.apiKeyEnv} is still used if set)` : ''}.`);
    }),
  );
}
