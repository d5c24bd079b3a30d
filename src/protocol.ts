// Messages between the extension host (src/ui) and the dashboard webview (webview/).
// This is the only file both sides import. The host treats every incoming message as untrusted.

/** Host → webview. */
export type HostMessage = { readonly type: 'hello'; readonly version: 1 };

/** Webview → host. */
export type WebviewMessage = { readonly type: 'ready' };
