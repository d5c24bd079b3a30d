import { LEADER_ANNOTATION } from '../core';
import { ACCEPT_METADATA, KubeHttpError, type KubeTransport } from './kubeHttp';
import { LOCK_RESOURCES, objectPath, type LockKind } from './lockResources';
import { LockConflictError, LockGoneError, LockPermissionError } from './writeErrors';

export { LEADER_ANNOTATION } from '../core';

export interface LockTarget {
  readonly kind: LockKind;
  readonly namespace: string;
  readonly name: string;
}

export interface WriteOptions {
  /** Server-side dry run (dryRun=All): validated and authorised, nothing stored. */
  readonly dryRun?: boolean;
}

/**
 * The one place that writes locks. Every write carries the resourceVersion of the object the user
 * saw, so the API server rejects it with 409 if anyone wrote in between; the writer then re-reads
 * the object and throws a LockConflictError carrying it. It never retries on its own: whether to
 * try again against the new state is the operator's decision.
 *
 * A Lease is replaced whole (PUT). A ConfigMap or Endpoints lock is written as a JSON merge patch of
 * just the leader annotation plus metadata.resourceVersion (a patch carrying a resourceVersion is
 * conflict-checked like an update): those objects are watched as metadata only, and a patch leaves
 * their data and every other annotation as they are.
 */
export class LockWriter {
  constructor(
    private readonly transport: KubeTransport,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /**
   * Writes `desired` (the observed object after a core mutation, still carrying the observed
   * resourceVersion). Returns the object as stored (or as the dry run would store it).
   */
  async write(target: LockTarget, desired: unknown, options: WriteOptions = {}): Promise<unknown> {
    const path = objectPath(target.kind, target.namespace, target.name);
    const query = options.dryRun ? { dryRun: 'All' } : undefined;
    const meta = metadataOf(desired);
    const rv = meta.resourceVersion;
    if (!rv)
      throw new Error(
        `refusing to write ${target.kind} ${target.namespace}/${target.name} without the resourceVersion that was read`,
      );
    const what = `${options.dryRun ? 'dry run: ' : ''}${target.kind} ${target.namespace}/${target.name} at resourceVersion ${rv}`;
    try {
      let stored: unknown;
      if (target.kind === 'Lease') {
        stored = await this.transport.json(path, { method: 'PUT', body: desired, query, timeoutMs: 30_000 }, 'write');
      } else {
        const annotation = meta.annotations?.[LEADER_ANNOTATION];
        if (typeof annotation !== 'string')
          throw new Error(`the ${target.kind} to write has no ${LEADER_ANNOTATION} annotation`);
        stored = await this.transport.json(
          path,
          {
            method: 'PATCH',
            contentType: 'application/merge-patch+json',
            body: { metadata: { resourceVersion: rv, annotations: { [LEADER_ANNOTATION]: annotation } } },
            query,
            timeoutMs: 30_000,
          },
          'write',
        );
      }
      this.log(`wrote ${what}: now resourceVersion ${metadataOf(stored).resourceVersion ?? '?'}`);
      return stored;
    } catch (err) {
      if (!(err instanceof KubeHttpError)) throw err;
      this.log(`write of ${what} refused: ${err.status} ${err.reason}`);
      if (err.status === 409)
        throw new LockConflictError(target.kind, target.namespace, target.name, await this.reread(target));
      if (err.status === 403)
        throw new LockPermissionError(
          target.kind === 'Lease' ? 'update' : 'patch',
          LOCK_RESOURCES[target.kind].resource,
          target.namespace,
          err.message,
        );
      if (err.status === 404) throw new LockGoneError(target.kind, target.namespace, target.name);
      throw err;
    }
  }

  /** The object as it is now, in the form the watch delivers it (metadata only for ConfigMap/Endpoints). */
  async reread(target: LockTarget): Promise<unknown> {
    try {
      return await this.transport.json(
        objectPath(target.kind, target.namespace, target.name),
        { accept: target.kind === 'Lease' ? undefined : ACCEPT_METADATA, timeoutMs: 30_000 },
        'read',
      );
    } catch (err) {
      if (err instanceof KubeHttpError && err.status === 404) return undefined;
      throw err;
    }
  }
}

function metadataOf(obj: unknown): { resourceVersion?: string; annotations?: Record<string, unknown> } {
  if (typeof obj !== 'object' || obj === null) return {};
  const m = (obj as { metadata?: unknown }).metadata;
  if (typeof m !== 'object' || m === null) return {};
  const { resourceVersion, annotations } = m as { resourceVersion?: unknown; annotations?: unknown };
  return {
    resourceVersion: typeof resourceVersion === 'string' ? resourceVersion : undefined,
    annotations:
      typeof annotations === 'object' && annotations !== null ? (annotations as Record<string, unknown>) : undefined,
  };
}
