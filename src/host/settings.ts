// Settings are read through this one typed accessor, so names and defaults live in one place.
import * as vscode from 'vscode';
import { Settings } from './ids';

export interface CatalogOverride {
  id: string;
  provider?: string;
  contextWindow?: number;
  inputPerMTok?: number;
  outputPerMTok?: number;
  retirementDate?: string;
  replacement?: string;
}

export interface PromptshiftSettings {
  catalogOverrides: CatalogOverride[];
  diagnosticsEnabled: boolean;
  retiringWithinDays: number;
  scanExclude: string[];
  maxFileBytes: number;
  codeLensEnabled: boolean;
}

const key = (full: string) => full.slice(Settings.section.length + 1);

export function readSettings(scope?: vscode.ConfigurationScope): PromptshiftSettings {
  const c = vscode.workspace.getConfiguration(Settings.section, scope);
  return {
    catalogOverrides: c.get<CatalogOverride[]>(key(Settings.modelCatalog), []),
    diagnosticsEnabled: c.get<boolean>(key(Settings.diagnosticsEnabled), true),
    retiringWithinDays: c.get<number>(key(Settings.retiringWithinDays), 90),
    scanExclude: c.get<string[]>(key(Settings.scanExclude), []),
    maxFileBytes: c.get<number>(key(Settings.scanMaxFileBytes), 2_000_000),
    codeLensEnabled: c.get<boolean>(key(Settings.codeLensEnabled), true),
  };
}

/** Fires when any Promptshift setting changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(Settings.section)) listener();
  });
}
