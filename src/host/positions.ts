// The one place that turns the core's 1-based {line, column} positions into vscode ranges.
import * as vscode from 'vscode';
import type { CallSite, Position, SourceSpan } from '../core/callsite';

export function toVsPosition(p: Position): vscode.Position {
  return new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
}

export function spanToRange(span: SourceSpan): vscode.Range {
  return new vscode.Range(toVsPosition(span.start), toVsPosition(span.end));
}

/** Where the call expression starts (an empty range, for selections and CodeLens). */
export function callSiteStart(site: Pick<CallSite, 'line' | 'column'>): vscode.Range {
  const p = toVsPosition(site);
  return new vscode.Range(p, p);
}

/** The lines the call spans, from its first token to the end of its last line. */
export function callSiteLines(site: Pick<CallSite, 'line' | 'column' | 'endLine'>): vscode.Range {
  return new vscode.Range(toVsPosition(site), new vscode.Position(Math.max(site.line, site.endLine) - 1, Number.MAX_SAFE_INTEGER));
}

/** The string literal holding the model id (quotes included), when the scanner found one. */
export function modelRange(site: Pick<CallSite, 'modelSpan'>): vscode.Range | undefined {
  return site.modelSpan ? spanToRange(site.modelSpan) : undefined;
}
