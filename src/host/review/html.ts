// The review panel's HTML shell: a strict Content Security Policy with one nonce per render, the
// stylesheet and codicons from the extension's own folder, and one script. No inline script, no
// inline style, no handlers: everything the panel shows is built by dist/webview.js from text.
import { randomBytes } from 'node:crypto';

export interface ShellUris {
  cspSource: string;
  script: string;
  style: string;
  codicons: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource}; font-src ${cspSource}; script-src 'nonce-${nonce}';`;
}

export function reviewHtml(u: ShellUris, nonce: string, title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(u.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(u.codicons)}">
<link rel="stylesheet" href="${escapeAttr(u.style)}">
<title>${escapeAttr(title)}</title>
</head>
<body>
<script nonce="${escapeAttr(nonce)}" src="${escapeAttr(u.script)}"></script>
</body>
</html>`;
}
