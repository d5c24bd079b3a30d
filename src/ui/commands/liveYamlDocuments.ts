// "Show Live YAML": a read-only document of a lock as the API server has it right now, fetched when
// opened (not from the watch cache), under the `leaselens:` scheme. Showing it again re-fetches.

import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { parseLockKey, type LockKey } from '../../core';
import type { MonitorHost } from '../shared/monitorHost';

export const LIVE_YAML_SCHEME = 'leaselens';

export class LiveYamlDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly host: MonitorHost) {}

  /** The document's URI: readable path, the exact key in the query (context names may hold `/`). */
  static uri(key: LockKey): vscode.Uri {
    const p = parseLockKey(key);
    const path =
      p === undefined
        ? '/lock.yaml'
        : `/${p.context.replace(/[/\\]/g, '_')}/${p.kind}/${p.namespace || '_'}/${p.name}.yaml`;
    return vscode.Uri.from({ scheme: LIVE_YAML_SCHEME, path, query: encodeURIComponent(key) });
  }

  /** Opens (or re-fetches and shows) the live object of `key`. */
  async show(key: LockKey): Promise<vscode.TextEditor> {
    this.host.start('command');
    const uri = LiveYamlDocuments.uri(key);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open !== undefined) this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = decodeURIComponent(uri.query);
    const fetchedAt = new Date().toISOString();
    // A document restored with the window is no command: it waits for trust like the view.
    const monitor = this.host.startIfTrusted('view');
    if (monitor === undefined)
      return `# ${key}\n# Not read: Lease Lens does not connect to clusters in an untrusted workspace. Run Show Live YAML to read it anyway.\n`;
    try {
      const object = await monitor.liveObject(key);
      if (object === undefined) return `# ${key}\n# does not exist any more (read at ${fetchedAt}).\n`;
      return `# Live from the API server at ${fetchedAt} (read-only; run Show Live YAML again to re-read).\n${stringify(withoutManagedFields(object), { lineWidth: 0 })}`;
    } catch (error) {
      return `# Could not read ${key} at ${fetchedAt}:\n# ${(error instanceof Error ? error.message : String(error)).replace(/\n/g, '\n# ')}\n`;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** managedFields is long and says nothing about the election. */
function withoutManagedFields(object: unknown): unknown {
  if (typeof object !== 'object' || object === null) return object;
  const o = object as { metadata?: unknown };
  if (typeof o.metadata !== 'object' || o.metadata === null) return object;
  const { managedFields: _dropped, ...metadata } = o.metadata as Record<string, unknown>;
  return { ...o, metadata };
}
