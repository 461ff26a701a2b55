import * as vscode from 'vscode';

/** A MarkdownString for text built from untrusted input (see markdown.ts): no command links, no HTML. */
export function untrustedMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
