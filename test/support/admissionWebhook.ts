import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TestCluster } from './testCluster';
import { until } from './until';

/** What the API server asks a validating webhook (the fields the tests read). */
export interface AdmissionRequest {
  readonly uid: string;
  readonly operation: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly object?: { metadata?: { annotations?: Record<string, string> } };
}

/**
 * A real validating admission webhook for one namespace's ConfigMap updates, served on 127.0.0.1
 * with kube-testenv's own serving certificate, so a test can act in the middle of a write: the API
 * server waits for `onAdmit` before it stores the object. Everything is allowed.
 */
export class AdmissionWebhook {
  private constructor(
    private readonly c: TestCluster,
    private readonly server: Server,
    readonly configName: string,
    readonly seen: AdmissionRequest[],
  ) {}

  static async start(
    c: TestCluster,
    namespace: string,
    onAdmit: (request: AdmissionRequest) => Promise<void>,
  ): Promise<AdmissionWebhook> {
    const { dir, ca } = c.info;
    if (dir === undefined || ca === undefined) throw new Error('kube-testenv did not say where its certificates are');
    const seen: AdmissionRequest[] = [];
    const server = createServer(
      {
        key: readFileSync(join(dir, 'certs', 'apiserver.key')),
        cert: readFileSync(join(dir, 'certs', 'apiserver.crt')),
      },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (b: Buffer) => chunks.push(b));
        req.on('end', () => {
          const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { request: AdmissionRequest };
          seen.push(review.request);
          void onAdmit(review.request)
            .catch((err: unknown) => console.error(`admission webhook: ${String(err)}`))
            .finally(() => {
              res.setHeader('Content-Type', 'application/json');
              res.end(
                JSON.stringify({
                  apiVersion: 'admission.k8s.io/v1',
                  kind: 'AdmissionReview',
                  response: { uid: review.request.uid, allowed: true },
                }),
              );
            });
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const configName = `lease-lens-test-${namespace}`;
    await c.adminTransport().json('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
      method: 'POST',
      body: {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: configName },
        webhooks: [
          {
            name: 'configmaps.lease-lens.test',
            clientConfig: {
              url: `https://127.0.0.1:${port}/validate`,
              caBundle: readFileSync(ca).toString('base64'),
            },
            rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['configmaps'] }],
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
            sideEffects: 'None',
            admissionReviewVersions: ['v1'],
            failurePolicy: 'Fail',
            timeoutSeconds: 10,
          },
        ],
      },
    });
    const hook = new AdmissionWebhook(c, server, configName, seen);
    // The API server picks the configuration up through an informer: wait until it calls us.
    const probe = `/api/v1/namespaces/${namespace}/configmaps/webhook-probe`;
    await c.adminTransport().json(`/api/v1/namespaces/${namespace}/configmaps`, {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'webhook-probe' } },
    });
    await until('the API server calls the webhook', 20_000, async () => {
      await c.adminTransport().json(probe, {
        method: 'PATCH',
        contentType: 'application/merge-patch+json',
        body: { data: { at: String(Date.now()) } },
      });
      return seen.some((r) => r.name === 'webhook-probe') ? true : undefined;
    });
    return hook;
  }

  async dispose(): Promise<void> {
    await this.c
      .adminTransport()
      .json(`/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${this.configName}`, {
        method: 'DELETE',
      })
      .catch(() => undefined);
    // The API server keeps its connections to a webhook alive: close them, or close() waits.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
