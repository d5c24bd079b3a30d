// Where each context's journal is kept between sessions: one JSON file per context under the
// extension's global storage (globalStorageUri/history/<hash of the context name>.json; the name
// is inside, checked on reading). Written whole to a temporary file and renamed over the old one,
// so a crash mid-write leaves the previous file, never half of one. Reading never throws: a
// missing file is an empty history, a corrupt or foreign one is ignored with a log line.

import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import {
  MAX_HISTORY_FILE_BYTES,
  parseHistory,
  serializeHistory,
  type ContextHistory,
  type JournalEntry,
} from '../../core';

export interface HistoryLog {
  info(message: string): void;
  warn(message: string): void;
}

export class HistoryStorage {
  constructor(
    private readonly storageUri: vscode.Uri,
    private readonly log: HistoryLog,
  ) {}

  get directory(): vscode.Uri {
    return vscode.Uri.joinPath(this.storageUri, 'history');
  }

  /** The file of a context (its name hashed: context names may hold any character). */
  fileOf(context: string): vscode.Uri {
    const hash = createHash('sha256').update(context, 'utf8').digest('hex').slice(0, 32);
    return vscode.Uri.joinPath(this.directory, `${hash}.json`);
  }

  /**
   * What an earlier session (or another window) kept of `context`; empty when nothing usable was
   * kept. `quiet`: no log line for a good file (the merge before each save).
   */
  async read(context: string, server: string | undefined, quiet = false): Promise<readonly JournalEntry[]> {
    const file = this.fileOf(context);
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(file);
      if (stat.size > MAX_HISTORY_FILE_BYTES) {
        this.log.warn(
          `history of context ${context}: ignored ${file.fsPath}: ${stat.size} bytes, more than a history file can be (it is replaced at the next save)`,
        );
        return [];
      }
      bytes = await vscode.workspace.fs.readFile(file);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return [];
      this.log.warn(`history of context ${context}: could not read ${file.fsPath}: ${message(error)}`);
      return [];
    }
    const read = parseHistory(new TextDecoder('utf-8', { fatal: false }).decode(bytes), { context, server });
    if (!read.ok) {
      this.log.warn(
        `history of context ${context}: ignored ${file.fsPath}: ${read.problem} (it is replaced at the next save)`,
      );
      return [];
    }
    if (!quiet)
      this.log.info(
        `history of context ${context}: ${read.history.entries.length} locks from ${new Date(read.history.savedAt).toISOString()}${read.dropped > 0 ? ` (${read.dropped} unreadable entries ignored)` : ''}`,
      );
    return read.history.entries;
  }

  /** Replaces the context's file with `history`, atomically. */
  async write(history: ContextHistory): Promise<void> {
    const file = this.fileOf(history.context);
    const temp = file.with({ path: `${file.path}.${process.pid}.tmp` });
    await vscode.workspace.fs.createDirectory(this.directory);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(serializeHistory(history)));
    await vscode.workspace.fs.rename(temp, file, { overwrite: true });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
