// The Call Sites tree as plain data: group (model or family) → file → call site, or file → call
// site. Pure (no vscode) so it is unit-tested; callSitesTree.ts turns nodes into TreeItems.
import { modelChoices, resolvedThroughConfiguration, type CallSite } from '../../core/callsite';

export type Grouping = 'model' | 'file' | 'family';
export const GROUPINGS: readonly Grouping[] = ['model', 'file', 'family'];
export const DEFAULT_GROUPING: Grouping = 'model';
export const UNKNOWN_MODEL = '(model not statically known)';

export function isGrouping(value: unknown): value is Grouping {
  return typeof value === 'string' && (GROUPINGS as readonly string[]).includes(value);
}

/** A call site with the path the tree shows for its file (unique per file, also across folders). */
export interface IndexedSite {
  site: CallSite;
  file: string;
}

export interface GroupNode {
  kind: 'group';
  id: string;
  grouping: 'model' | 'family';
  /** The model id or family name; UNKNOWN_MODEL for call sites without a static model. */
  label: string;
  count: number;
  files: FileNode[];
}

export interface FileNode {
  kind: 'file';
  id: string;
  file: string;
  count: number;
  sites: SiteNode[];
  parent: GroupNode | undefined;
}

export interface SiteNode {
  kind: 'site';
  id: string;
  entry: IndexedSite;
  parent: FileNode;
}

export type TreeNode = GroupNode | FileNode | SiteNode;

export function modelKey(site: CallSite): string {
  return modelChoices(site)[0] ?? UNKNOWN_MODEL;
}

/** The model groups a call site belongs to: each id a registry or switch may pick is a group of its own. */
export function modelKeys(site: CallSite): string[] {
  const ids = modelChoices(site);
  return ids.length ? ids : [UNKNOWN_MODEL];
}

/**
 * The leaf's badge for a model found through names, defaults or configuration rather than at the
 * call: where the id is written (`⚙ settings.py:14`), or how many ids a registry picks among.
 */
export function resolutionBadge(site: CallSite): string | null {
  if (!resolvedThroughConfiguration(site)) return null;
  const ids = modelChoices(site);
  if (ids.length > 1) return `⚙ one of ${ids.length}`;
  const at = [...site.modelSource].reverse().find((h) => h.holds !== undefined);
  return at ? `⚙ ${basename(at.path)}:${at.line}` : '⚙ resolved';
}

/**
 * Model groups are ordered by urgency first (`urgency`: lower comes first, e.g. retired 0, retiring 1,
 * the rest 2), then by name; the unknown-model group comes last.
 */
export function buildTree(entries: readonly IndexedSite[], grouping: Grouping, urgency: (label: string) => number = () => 0): (GroupNode | FileNode)[] {
  if (grouping === 'file') return fileNodes(entries, undefined, 'f');
  const keysOf = grouping === 'model' ? (e: IndexedSite) => modelKeys(e.site) : (e: IndexedSite) => [e.site.api];
  const groups = new Map<string, IndexedSite[]>();
  for (const e of entries) {
    for (const k of keysOf(e)) {
      const list = groups.get(k);
      if (list) list.push(e);
      else groups.set(k, [e]);
    }
  }
  const rank = new Map([...groups.keys()].map((k) => [k, grouping !== 'model' ? 0 : k === UNKNOWN_MODEL ? Number.MAX_SAFE_INTEGER : urgency(k)]));
  return [...groups.keys()].sort((a, b) => rank.get(a)! - rank.get(b)! || compareGroupLabels(a, b)).map((label) => {
    const members = groups.get(label)!;
    const node: GroupNode = { kind: 'group', id: `g:${grouping}:${label}`, grouping, label, count: members.length, files: [] };
    node.files = fileNodes(members, node, node.id);
    return node;
  });
}

function fileNodes(entries: readonly IndexedSite[], parent: GroupNode | undefined, prefix: string): FileNode[] {
  const byFile = new Map<string, IndexedSite[]>();
  for (const e of entries) {
    const list = byFile.get(e.file);
    if (list) list.push(e);
    else byFile.set(e.file, [e]);
  }
  return [...byFile.keys()].sort(compareText).map((file) => {
    const sites = byFile.get(file)!.slice().sort((a, b) => a.site.line - b.site.line || a.site.column - b.site.column);
    const node: FileNode = { kind: 'file', id: `${prefix}|${file}`, file, count: sites.length, sites: [], parent };
    node.sites = sites.map((entry) => ({ kind: 'site', id: `${node.id}|${entry.site.id}`, entry, parent: node }));
    return node;
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareGroupLabels(a: string, b: string): number {
  if (a === UNKNOWN_MODEL) return b === UNKNOWN_MODEL ? 0 : 1;
  if (b === UNKNOWN_MODEL) return -1;
  return compareText(a, b);
}

export function childrenOf(node: TreeNode): TreeNode[] {
  if (node.kind === 'group') return node.files;
  if (node.kind === 'file') return node.sites;
  return [];
}

export function parentOf(node: TreeNode): TreeNode | undefined {
  return node.kind === 'group' ? undefined : node.parent;
}

export function countLabel(n: number): string {
  return n === 1 ? '1 call site' : `${n} call sites`;
}

export function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

export function dirname(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/** The leaf's label: the line, and the model unless the model is already the group. */
export function siteLabel(site: CallSite, grouping: Grouping): string {
  const line = `line ${site.line}`;
  return grouping === 'model' ? line : `${modelKeys(site).join(' | ')} · ${line}`;
}

/** The first non-empty line of the prompt (the first message), for the leaf's description. */
export function promptFirstLine(site: CallSite, max = 80): string {
  const messages = site.prompt?.messages ?? [];
  for (const m of messages) {
    const line = m.content.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
    if (line) return line.length > max ? `${line.slice(0, max - 1)}…` : line;
  }
  return '';
}

/** Finds the leaf for a call site (by id and path), e.g. to reveal it in the tree. */
export function findSiteNode(roots: readonly TreeNode[], site: Pick<CallSite, 'id' | 'path'>): SiteNode | undefined {
  for (const root of roots) {
    const stack: TreeNode[] = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.kind === 'site' && n.entry.site.id === site.id && n.entry.site.path === site.path) return n;
      stack.push(...childrenOf(n));
    }
  }
  return undefined;
}
