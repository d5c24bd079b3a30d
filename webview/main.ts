import type { HostMessage, WebviewMessage } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const root = document.getElementById('root');
  if (root && event.data.type === 'snapshot') root.textContent = 'Lease Lens dashboard';
});
vscode.postMessage({ type: 'ready' });
