import type * as vscode from 'vscode';

/** VS Code language ids of the documents the scanner reads (package.json activates on each). */
export const SCANNED_LANGUAGE_IDS: readonly string[] = [
  'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go', 'java', 'csharp',
];

/** The documents whose call sites get CodeLens, hovers, diagnostics and quick fixes. */
export const SCANNED_LANGUAGES: vscode.DocumentSelector = SCANNED_LANGUAGE_IDS.map((language) => ({ language }));

/**
 * Where a call site's model may be defined besides source files: `.env` files, JSON, YAML, TOML and
 * properties configuration. Hovers and quick fixes on a definition there.
 */
export const MODEL_DEFINITION_DOCUMENTS: vscode.DocumentSelector = [
  ...SCANNED_LANGUAGE_IDS.map((language) => ({ language })),
  { pattern: '**/{.env,.env.*,*.env}' }, { language: 'dotenv' }, { language: 'json' }, { language: 'jsonc' }, { language: 'yaml' },
  { pattern: '**/*.toml' }, { pattern: '**/*.properties' },
];
