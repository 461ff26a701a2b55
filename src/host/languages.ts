import type * as vscode from 'vscode';

/** VS Code language ids of the documents the scanner reads (package.json activates on each). */
export const SCANNED_LANGUAGE_IDS: readonly string[] = [
  'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go', 'java', 'csharp',
];

/** The documents whose call sites get CodeLens, hovers, diagnostics and quick fixes. */
export const SCANNED_LANGUAGES: vscode.DocumentSelector = SCANNED_LANGUAGE_IDS.map((language) => ({ language }));
