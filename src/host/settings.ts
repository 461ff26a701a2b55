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

/** One entry of promptshift.endpoints as the user wrote it; checked by replay/endpoints.ts. */
export type RawEndpointProfile = Record<string, unknown>;

export interface PromptshiftSettings {
  catalogOverrides: CatalogOverride[];
  diagnosticsEnabled: boolean;
  retiringWithinDays: number;
  /** A pinned YYYY-MM-DD date for lifecycle verdicts ('' = the clock's). */
  lifecycleToday: string;
  scanExclude: string[];
  maxFileBytes: number;
  codeLensEnabled: boolean;
  endpoints: RawEndpointProfile[];
  replayConfirmAboveUsd: number;
  replayConcurrency: number;
  replayRepeats: number;
  /** Null: no budget. */
  replayBudgetUsd: number | null;
}

const key = (full: string) => full.slice(Settings.section.length + 1);

export function readSettings(scope?: vscode.ConfigurationScope): PromptshiftSettings {
  const c = vscode.workspace.getConfiguration(Settings.section, scope);
  return {
    catalogOverrides: c.get<CatalogOverride[]>(key(Settings.modelCatalog), []),
    diagnosticsEnabled: c.get<boolean>(key(Settings.diagnosticsEnabled), true),
    retiringWithinDays: c.get<number>(key(Settings.retiringWithinDays), 90),
    lifecycleToday: c.get<string>(key(Settings.lifecycleToday), ''),
    scanExclude: c.get<string[]>(key(Settings.scanExclude), []),
    maxFileBytes: c.get<number>(key(Settings.scanMaxFileBytes), 2_000_000),
    codeLensEnabled: c.get<boolean>(key(Settings.codeLensEnabled), true),
    endpoints: c.get<RawEndpointProfile[]>(key(Settings.endpoints), []),
    replayConfirmAboveUsd: c.get<number>(key(Settings.replayConfirmAboveUsd), 1),
    replayConcurrency: c.get<number>(key(Settings.replayConcurrency), 4),
    replayRepeats: c.get<number>(key(Settings.replayRepeats), 1),
    replayBudgetUsd: c.get<number | null>(key(Settings.replayBudgetUsd), null),
  };
}

/**
 * VS Code's own proxy settings (http.proxy, http.noProxy), for replays: read at each replay, so a
 * change applies to the next one. Empty http.proxy: the environment's, as VS Code does.
 */
export function readProxySettings(): { proxy: string; noProxy: string[] } {
  const c = vscode.workspace.getConfiguration('http');
  return { proxy: c.get<string>('proxy', '') ?? '', noProxy: c.get<string[]>('noProxy', []) ?? [] };
}

/** Fires when any Promptshift setting changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(Settings.section)) listener();
  });
}
