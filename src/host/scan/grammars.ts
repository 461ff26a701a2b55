// The scanner's grammar loader in the editor: the tree-sitter WebAssembly files shipped in the
// extension's dist/grammars/, read through workspace.fs (works for local and remote extension hosts).
import * as vscode from 'vscode';
import type { GrammarLoader } from '../../core/scan/index';

export function extensionGrammarLoader(extensionUri: vscode.Uri): GrammarLoader {
  return (name) => Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'grammars', name)));
}
