import type { KubeTransport } from './kubeHttp';
import { LOCK_RESOURCES, type LockKind } from './lockResources';

/** What the user's RBAC lets them do to locks of one kind in one namespace. */
export interface LockPermissions {
  readonly update: boolean;
  readonly patch: boolean;
  /** Release and take over are updates (Leases) or patches (ConfigMap/Endpoints annotations). */
  readonly canWrite: boolean;
  /** When the answer could not be had (the review itself failed): the UI still offers the command and the server decides. */
  readonly unknown?: string;
}

/**
 * Asks the API server (SelfSubjectAccessReview) whether the current user may write locks of this
 * kind in this namespace, so the UI offers only commands that will work. Answers are cached per
 * context for a minute: RBAC rarely changes, and the tree asks for every namespace it shows.
 */
export class PermissionChecker {
  private readonly cache = new Map<string, { at: number; value: Promise<LockPermissions> }>();

  constructor(
    private readonly transport: KubeTransport,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  check(kind: LockKind, namespace: string): Promise<LockPermissions> {
    const key = `${kind}/${namespace}`;
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = this.review(kind, namespace);
    this.cache.set(key, { at: this.now(), value });
    return value;
  }

  clear(): void {
    this.cache.clear();
  }

  private async review(kind: LockKind, namespace: string): Promise<LockPermissions> {
    try {
      const [update, patch] = await Promise.all([
        this.allowed('update', kind, namespace),
        this.allowed('patch', kind, namespace),
      ]);
      return { update, patch, canWrite: kind === 'Lease' ? update : patch };
    } catch (err) {
      return { update: true, patch: true, canWrite: true, unknown: err instanceof Error ? err.message : String(err) };
    }
  }

  private async allowed(verb: string, kind: LockKind, namespace: string): Promise<boolean> {
    const r = LOCK_RESOURCES[kind];
    const review = (await this.transport.json(
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      {
        method: 'POST',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb, group: r.group, resource: r.resource, namespace } },
        },
        timeoutMs: 15_000,
      },
      'access review',
    )) as { status?: { allowed?: unknown } };
    return review.status?.allowed === true;
  }
}
