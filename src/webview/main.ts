// Review panel (browser side): the entry esbuild bundles as dist/webview.js. It only connects the
// app to VS Code's webview API; everything else is in app.ts.
import type { WebviewMessage } from '../protocol/review';
import { ReviewApp, type SavedState } from './app';

declare function acquireVsCodeApi(): { postMessage(m: WebviewMessage): void; getState(): unknown; setState(s: SavedState): void };

const vscode = acquireVsCodeApi();
const app = new ReviewApp(document, vscode, (m) => console.warn(m));
window.addEventListener('message', (e: MessageEvent) => app.receive(e.data));
app.start();
