import type { ContextConnection, LockSink } from '../../src/cluster/contextWatcher';
import type { WatchEventType } from '../../src/cluster/listWatch';

interface Meta {
  metadata?: { namespace?: string; name?: string };
}

/**
 * A LockSink that keeps the latest object per kind/namespace/name, the way the store would, and
 * everything it was told, so integration tests can assert on what a watcher delivered.
 */
export class RecordingSink implements LockSink {
  readonly objects = new Map<string, unknown>();
  readonly connections: ContextConnection[] = [];
  readonly events: { type: WatchEventType; kind: string; object: unknown }[] = [];
  readonly replaces: { kind: string; namespace: string | undefined; count: number }[] = [];
  readonly logs: string[] = [];
  leaderEventRecords: readonly unknown[] = [];
  private readonly listeners = new Set<() => void>();

  static key(kind: string, namespace: string, name: string): string {
    return `${kind}/${namespace}/${name}`;
  }

  replace(_context: string, kind: string, namespace: string | undefined, objects: readonly unknown[]): void {
    for (const k of [...this.objects.keys()]) {
      if (k.startsWith(`${kind}/`) && (namespace === undefined || k.startsWith(`${kind}/${namespace}/`)))
        this.objects.delete(k);
    }
    for (const o of objects) this.objects.set(keyOf(kind, o), o);
    this.replaces.push({ kind, namespace, count: objects.length });
    this.changed();
  }

  event(_context: string, type: WatchEventType, object: unknown, kind: string): void {
    this.events.push({ type, kind, object });
    if (type === 'DELETED') this.objects.delete(keyOf(kind, object));
    else this.objects.set(keyOf(kind, object), object);
    this.changed();
  }

  connection(_context: string, connection: ContextConnection): void {
    this.connections.push(connection);
    this.changed();
  }

  leaderEvents(_context: string, events: readonly unknown[]): void {
    this.leaderEventRecords = events;
    this.changed();
  }

  log(_context: string, message: string): void {
    this.logs.push(message);
  }

  get lastConnection(): ContextConnection | undefined {
    return this.connections[this.connections.length - 1];
  }

  /** Resolves once probe returns a value, re-checking after every delivery; rejects after timeoutMs. */
  until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v !== undefined) {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(
          new Error(
            `${what}: not within ${timeoutMs} ms. Connections: ${JSON.stringify(this.connections.slice(-4))}; log: ${this.logs.slice(-5).join(' | ')}`,
          ),
        );
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}

function keyOf(kind: string, o: unknown): string {
  const m = (o as Meta).metadata ?? {};
  return RecordingSink.key(kind, m.namespace ?? '', m.name ?? '');
}
