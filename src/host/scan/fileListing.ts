// Lists the files of one workspace folder that the index scans: workspace.findFiles with one exclude
// glob built from files.exclude, search.exclude, promptshift.scan.exclude and the always-skipped
// directories, then the folder's .gitignore files (which findFiles does not read).
import * as vscode from 'vscode';
import { ALWAYS_SKIPPED_DIRS } from '../../core/scan/files';
import {
  combineGlobs, excludeGlobs, GitignoreSet, GlobExcluder, PathFilter, SOURCE_GLOB,
} from './excludes';

export interface FolderListing {
  folder: vscode.WorkspaceFolder;
  /** Relative paths (forward slashes), sorted. */
  files: string[];
  /** Decides about files created after the listing. */
  filter: PathFilter;
}

/** The path of `uri` relative to `folder`, or undefined when it lies outside. */
export function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== folder.uri.scheme || uri.authority !== folder.uri.authority) return undefined;
  const base = folder.uri.path.replace(/\/+$/, '');
  return uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : undefined;
}

export function folderExcludeGlobs(folder: vscode.WorkspaceFolder, scanExclude: readonly string[]): string[] {
  const filesExclude = vscode.workspace.getConfiguration('files', folder.uri).get<unknown>('exclude');
  const searchExclude = vscode.workspace.getConfiguration('search', folder.uri).get<unknown>('exclude');
  return excludeGlobs(filesExclude, searchExclude, scanExclude);
}

async function readGitignores(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken, log: vscode.LogOutputChannel): Promise<GitignoreSet> {
  const set = new GitignoreSet();
  const skipped = combineGlobs(ALWAYS_SKIPPED_DIRS.map((d) => `**/${d}/**`));
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), skipped, undefined, token);
  for (const uri of found) {
    const rel = relativePath(folder, uri);
    if (rel === undefined) continue;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      set.add(rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '', text);
    } catch (e) {
      log.warn(`${rel}: cannot read (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return set;
}

export async function listFolder(
  folder: vscode.WorkspaceFolder,
  scanExclude: readonly string[],
  token: vscode.CancellationToken,
  log: vscode.LogOutputChannel,
): Promise<FolderListing> {
  const globs = folderExcludeGlobs(folder, scanExclude);
  const gitignore = await readGitignores(folder, token, log);
  const filter = new PathFilter(new GlobExcluder(globs), gitignore);
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SOURCE_GLOB), combineGlobs(globs), undefined, token);
  const files = uris.map((u) => relativePath(folder, u)).filter((r): r is string => r !== undefined && filter.includes(r));
  return { folder, files: files.sort(), filter };
}
