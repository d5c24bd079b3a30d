// Who the API server says the user is: a SelfSubjectReview (authentication.k8s.io/v1, GA since
// Kubernetes 1.28; v1beta1 in 1.27), which every authenticated user may create. Used to say who
// released or took over a lock from Lease Lens, since the kubeconfig's user name is only a local
// label (an exec plugin's token can belong to anyone). Where the server does not serve the API or
// does not allow it, the answer says so instead of guessing.

import { KubeHttpError, type KubeTransport } from './kubeHttp';

/** The user a write is attributed to, and how that was learnt (or why it was not). */
export interface UserIdentity {
  /** The username the API server authenticated, or null when it could not be asked. */
  readonly user: string | null;
  /** "SelfSubjectReview", or why not ("SelfSubjectReview forbidden (403); kubeconfig user admin"). */
  readonly source: string;
}

const VERSIONS = ['v1', 'v1beta1'] as const;

/** The username the API server authenticates this transport's requests as. Throws what the request threw. */
export async function whoAmI(t: KubeTransport, timeoutMs = 15_000): Promise<string> {
  let lastError: unknown;
  for (const version of VERSIONS) {
    try {
      const review = (await t.json(
        `/apis/authentication.k8s.io/${version}/selfsubjectreviews`,
        {
          method: 'POST',
          body: { apiVersion: `authentication.k8s.io/${version}`, kind: 'SelfSubjectReview' },
          timeoutMs,
        },
        'self subject review',
      )) as { status?: { userInfo?: { username?: unknown } } };
      const name = review.status?.userInfo?.username;
      if (typeof name !== 'string' || name === '')
        throw new Error('the SelfSubjectReview answer names no user (anonymous access?)');
      return name;
    } catch (error) {
      lastError = error;
      // Older servers serve only the beta: try it when v1 is not found.
      if (!(error instanceof KubeHttpError && error.status === 404)) break;
    }
  }
  throw lastError;
}

/** whoAmI, or the kubeconfig's user name with why the server could not say. Never throws. */
export async function userIdentity(t: KubeTransport, kubeconfigUser: string | undefined): Promise<UserIdentity> {
  try {
    return { user: await whoAmI(t), source: 'SelfSubjectReview' };
  } catch (error) {
    const why =
      error instanceof KubeHttpError
        ? error.status === 403
          ? 'SelfSubjectReview forbidden (403)'
          : error.status === 404
            ? 'SelfSubjectReview not served by this API server (404)'
            : `SelfSubjectReview failed (${error.status})`
        : `SelfSubjectReview failed: ${error instanceof Error ? error.message : String(error)}`;
    return {
      user: null,
      source: kubeconfigUser === undefined || kubeconfigUser === '' ? why : `${why}; kubeconfig user ${kubeconfigUser}`,
    };
  }
}
