/**
 * Entry of the storyboard web app (bundled by scripts/build.mjs into dist/webview/main.js).
 * Registers only the vscode-elements components the app uses, then starts the app on its host.
 */
import './marks';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { App } from './app';
import { connectHost } from './host';

const root = document.getElementById('app');
if (root) new App(root, connectHost());
