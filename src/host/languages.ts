import type * as vscode from 'vscode';

/** The documents whose call sites get CodeLens, hovers, diagnostics and quick fixes. */
export const SCANNED_LANGUAGES: vscode.DocumentSelector = [
  'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python',
].map((language) => ({ language }));
