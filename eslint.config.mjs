// Import boundaries from ARCHITECTURE.md: core is pure, llm never sees vscode, host never sees openai,
// and nothing imports the entry point. test/unit/lintBoundaries.test.ts proves the rules bite.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);
const noEntry = { group: ['**/extension', '**/extension.js', '**/extension.ts'], message: 'Nothing imports the entry point: pass dependencies in.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'out-*/**', 'bench/.tmp/**', 'node_modules/**', '.vscode-test/**', 'examples/**', 'test/fixtures/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core is pure: no vscode.' },
          { name: 'openai', message: 'src/core is pure: model endpoints are reached only through src/llm.' },
          ...nodeBuiltins.map((name) => ({ name, message: 'src/core is pure: no fs, network or processes; use a port.' })),
        ],
        patterns: [
          { group: ['../host/*', '../llm/*', '../cli/*', '../node/*', '../webview/*', '../../host/*', '../../llm/*', '../../cli/*', '../../node/*', '../../webview/*', '../../../host/*', '../../../llm/*', '../../../cli/*', '../../../node/*'], message: 'src/core imports nothing outside src/core.' },
          noEntry,
        ],
      }],
    },
  },
  {
    files: ['src/llm/**/*.ts', 'src/cli/**/*.ts', 'src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only src/host imports vscode.' }],
        patterns: [{ group: ['**/host/*'], message: 'Only the extension wires src/host.' }, noEntry],
      }],
    },
  },
  {
    // Node services both front ends use: no vscode, and nothing of either front end.
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/node is shared by the CLI and the editor: no vscode.' }],
        patterns: [{ group: ['**/host/*', '**/cli/*'], message: 'src/node serves both front ends: it imports neither.' }, noEntry],
      }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', allowTypeImports: true, message: 'protocol/ may only import vscode types.' }],
        patterns: [noEntry],
      }],
    },
  },
  {
    files: ['src/host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'openai', message: 'src/host never talks to endpoints: go through src/llm.' }],
        patterns: [{ group: ['**/cli/*'], message: 'src/cli is the CLI alone: shared node services live in src/node.' }, noEntry],
      }],
    },
  },
);
