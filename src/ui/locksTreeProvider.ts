import * as vscode from 'vscode';

/**
 * The "Leader Elections" view: context → namespace → lock.
 * With no children VS Code shows the view's welcome content ("No cluster configured").
 */
export class LocksTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
