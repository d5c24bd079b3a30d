// Export Lock Timeline and Copy as Markdown, from a tree item, the dashboard or the palette.

import * as vscode from 'vscode';
import { lockKeyArgument } from '../commands/commandArgs';
import type { MonitorHost } from '../shared/monitorHost';
import { pickLock } from '../writes/lockPicker';
import type { WritePermissions } from '../writes/writePermissions';
import type { TimelineExporter } from './timelineExporter';

export function registerExportCommands(
  host: MonitorHost,
  permissions: WritePermissions,
  exporter: TimelineExporter,
): vscode.Disposable[] {
  const keyOf = async (arg: unknown, title: string) =>
    lockKeyArgument(arg) ?? (arg === undefined ? await pickLock(host, permissions, 'inspect', title) : undefined);
  return [
    vscode.commands.registerCommand('leaseLens.exportTimeline', async (arg?: unknown) => {
      const key = await keyOf(arg, vscode.l10n.t('Export Lock Timeline'));
      return key === undefined ? undefined : exporter.exportWithDialog(key);
    }),
    vscode.commands.registerCommand('leaseLens.copyTimelineMarkdown', async (arg?: unknown) => {
      const key = await keyOf(arg, vscode.l10n.t('Copy Lock Timeline as Markdown'));
      return key === undefined ? false : exporter.copyMarkdown(key);
    }),
  ];
}
