import { readFile, stat } from 'node:fs/promises';

/**
 * A file that is read again whenever it changes: a rotated token, a renewed client certificate.
 * A change is seen by stat (inode, size, modification and change times), so a file replaced by
 * rename (kubelet's projected volumes swap a symlink; editors and cert-manager write a sibling
 * and rename) or rewritten in place is noticed at the next request, without a file watcher.
 */
export class RereadFile {
  private last: { signature: string; data: Buffer } | undefined;

  constructor(readonly path: string) {}

  /** The contents, read again if the file changed (or `force`). `changed`: differs from the last read. */
  async read(force = false): Promise<{ data: Buffer; changed: boolean }> {
    const s = await stat(this.path);
    const signature = `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
    if (!force && this.last && this.last.signature === signature) return { data: this.last.data, changed: false };
    const data = await readFile(this.path);
    const changed = !this.last || !this.last.data.equals(data);
    this.last = { signature, data };
    return { data, changed };
  }

  /** The contents last read, if any. */
  get lastData(): Buffer | undefined {
    return this.last?.data;
  }
}
