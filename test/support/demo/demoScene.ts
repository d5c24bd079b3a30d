import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { KubeTransport } from '../../../src/cluster/kubeHttp';
import { delay, type DemoProcess, type ProcessSet } from './demoProcesses';

/**
 * The demo's scene: the cluster's own control plane and real client-go electors, each election
 * showing one thing an operator meets in a real cluster. Everything here is a real process
 * talking to the real API server; the only objects written directly are the stuck lock (its
 * holder died hours ago, which cannot be waited for) and the namespaces.
 *
 *   kube-system      kube-scheduler, kube-controller-manager (two instances each, real binaries),
 *                    leader-election-controller (the API server's own), API server identity
 *   shop             checkout-operator  healthy, three candidates
 *                    payment-gateway    its leader crashes now and then; a standby takes over
 *                    cart-reconciler    flaps: each leader crashes seconds after winning
 *   storage          snapshot-controller  stuck: holder died hours ago, one-hour lease, a standby waiting
 *                    nfs-provisioner      legacy Endpoints lock (client-go 1.23)
 *   ingress-nginx    ingress-controller-leader  legacy ConfigMap lock (client-go 1.23)
 *                    ingress-nginx-leader       MultiLock (ConfigMap + Lease) whose halves disagree
 *   platform         platform-controller  coordinated election: the API server picks the holder
 *                                         from three LeaseCandidates
 *   kube-node-lease  200 node heartbeats, five of them stale
 */

export interface SceneTools {
  readonly bin: string;
  readonly kubeconfig: string;
  readonly admin: KubeTransport;
  readonly processes: ProcessSet;
  /** Whether to make things happen over time (leaders crashing, control plane restarts). */
  readonly chaos: boolean;
  readonly log: (line: string) => void;
}

/** A lock the scene creates, as the tree and the API show it. */
export interface SceneLock {
  readonly namespace: string;
  readonly name: string;
  readonly kind: 'Lease' | 'ConfigMap' | 'Endpoints';
  /** What the scene shows with it, for the summary. */
  readonly role: string;
}

export const SCENE_NAMESPACES = ['shop', 'storage', 'ingress-nginx', 'platform'] as const;

export const SCENE_LOCKS: readonly SceneLock[] = [
  { namespace: 'kube-system', name: 'kube-scheduler', kind: 'Lease', role: 'real kube-scheduler ×2' },
  { namespace: 'kube-system', name: 'kube-controller-manager', kind: 'Lease', role: 'real kube-controller-manager ×2' },
  { namespace: 'kube-system', name: 'leader-election-controller', kind: 'Lease', role: "the API server's own" },
  { namespace: 'shop', name: 'checkout-operator', kind: 'Lease', role: 'healthy, 3 candidates' },
  { namespace: 'shop', name: 'payment-gateway', kind: 'Lease', role: 'failover' },
  { namespace: 'shop', name: 'cart-reconciler', kind: 'Lease', role: 'flapping' },
  { namespace: 'storage', name: 'snapshot-controller', kind: 'Lease', role: 'stuck' },
  { namespace: 'storage', name: 'nfs-provisioner', kind: 'Endpoints', role: 'legacy Endpoints' },
  { namespace: 'ingress-nginx', name: 'ingress-controller-leader', kind: 'ConfigMap', role: 'legacy ConfigMap' },
  { namespace: 'ingress-nginx', name: 'ingress-nginx-leader', kind: 'ConfigMap', role: 'MultiLock half' },
  { namespace: 'ingress-nginx', name: 'ingress-nginx-leader', kind: 'Lease', role: 'MultiLock half' },
  { namespace: 'platform', name: 'platform-controller', kind: 'Lease', role: 'coordinated' },
];

export const HEARTBEATS = { count: 200, stale: 5 } as const;

/** The stuck lock's dead holder: a pod that no longer exists. */
export const STUCK_HOLDER = 'snapshot-controller-5d8f7b9c6-qw4zt_1b6e0c1e-8f0d-4a55-9d7e-3c2b1a0f9e84';
/** The first MultiLock holder (an old release that used configmapsleases), killed by the scene. */
export const MULTILOCK_OLD_HOLDER = 'ingress-nginx-controller-v1-0-5-7d9f8-kx2lp_5e3a7c19-2b4d-4f61-a8e0-9c7b6d5f4e3a';
/** The pod of the new release that only knows Leases: it takes over the Lease half, the ConfigMap keeps the old holder. */
export const MULTILOCK_NEW_HOLDER = 'ingress-nginx-controller-v1-9-0-6c4b9-9zq7m';

interface CandidateSpec {
  readonly namespace: string;
  readonly name: string;
  /** The pod name; the identity is `<pod>_<uuid>` like client-go's default, new at each start. */
  readonly pod: string;
  /** A fixed identity instead (a lock that samples/ shows exactly). */
  readonly identity?: string;
  readonly legacy?: 'configmaps' | 'endpoints' | 'configmapsleases';
  readonly timing?: readonly [lease: string, renew: string, retry: string];
  readonly crashAfter?: string;
  /** Coordinated election: the identity is the pod name (a LeaseCandidate's name must equal it). */
  readonly coordinated?: { readonly emulationVersion: string; readonly binaryVersion: string };
  /** Restart after a crash (a Deployment's pod coming back), after this long. */
  readonly restartAfterMs?: number;
}

/** A candidate run like a Deployment's pod: restarted after it crashes, with a new identity. */
export class Candidate {
  current: DemoProcess | undefined;
  identity = '';
  leading = false;
  restarts = 0;

  constructor(
    private readonly tools: SceneTools,
    readonly spec: CandidateSpec,
  ) {}

  start(): DemoProcess {
    const s = this.spec;
    this.identity = s.identity ?? (s.coordinated ? s.pod : `${s.pod}_${randomUUID()}`);
    const [lease, renew, retry] = s.timing ?? ['15s', '10s', '2s'];
    const args = [
      '--kubeconfig',
      this.tools.kubeconfig,
      '--namespace',
      s.namespace,
      '--name',
      s.name,
      '--identity',
      this.identity,
      '--lease-duration',
      lease,
      '--renew-deadline',
      renew,
      '--retry-period',
      retry,
      '--qps',
      '5',
    ];
    if (s.crashAfter) args.push('--crash-after', s.crashAfter);
    if (s.legacy) args.push('--lock-type', s.legacy);
    if (s.coordinated)
      args.push(
        '--coordinated',
        '--emulation-version',
        s.coordinated.emulationVersion,
        '--binary-version',
        s.coordinated.binaryVersion,
      );
    const binary = join(this.tools.bin, s.legacy ? 'legacy-elector' : 'elector');
    const proc = this.tools.processes.spawn(`${s.namespace}.${s.name}.${s.pod}`, binary, args);
    this.current = proc;
    this.leading = false;
    proc.onText(/"event":"(leading|stopped-leading|crashing)"/, (line) => {
      if (this.current !== proc) return;
      this.leading = line.includes('"event":"leading"');
    });
    void proc.exited.then((code) => {
      if (this.current !== proc) return;
      this.leading = false;
      if (code === 1 && s.restartAfterMs !== undefined && !this.tools.processes.isStopping) {
        setTimeout(() => {
          if (this.tools.processes.isStopping || this.current !== proc) return;
          this.restarts++;
          this.start();
        }, s.restartAfterMs).unref();
      }
    });
    return proc;
  }

  /** Crashes it now (SIGUSR1: exit 1 without releasing); it restarts if the spec says so. */
  crash(): void {
    this.current?.signal('SIGUSR1');
  }

  kill(): void {
    this.current?.signal('SIGKILL');
  }
}

/** One instance of a real control plane component, restarted after it stops (like a static pod). */
export class ControlPlaneInstance {
  current: DemoProcess | undefined;
  leading = false;
  restarts = 0;
  private stoppedOnPurpose = false;

  constructor(
    private readonly tools: SceneTools,
    readonly component: 'kube-scheduler' | 'kube-controller-manager',
    readonly instance: number,
  ) {}

  start(): DemoProcess {
    const args = [
      this.component,
      '--kubeconfig',
      this.tools.kubeconfig,
      '--leader-elect=true',
      '--secure-port=0',
      '--v=1',
    ];
    if (this.component === 'kube-controller-manager') {
      // That controller loops on an error with the test server's certificate (its file starts
      // with the leaf certificate); everything else runs, so namespaces really go away.
      args.push(
        '--use-service-account-credentials=false',
        '--controllers=*,-kube-apiserver-serving-clustertrustbundle-publisher-controller',
      );
    }
    const proc = this.tools.processes.spawn(
      `${this.component}-${this.instance}`,
      join(this.tools.bin, 'controlplane'),
      args,
      { stopRank: 1 },
    );
    this.current = proc;
    this.leading = false;
    this.stoppedOnPurpose = false;
    proc.onText(/[Ss]uccessfully acquired lease/, () => {
      if (this.current === proc) this.leading = true;
    });
    void proc.exited.then(() => {
      if (this.current !== proc) return;
      this.leading = false;
      if (this.tools.processes.isStopping) return;
      const after = this.stoppedOnPurpose ? 5_000 : 10_000;
      setTimeout(() => {
        if (this.tools.processes.isStopping || this.current !== proc) return;
        this.restarts++;
        this.start();
      }, after).unref();
    });
    return proc;
  }

  /** A rolling restart (SIGTERM: kube-scheduler releases its lock on the way out). */
  restart(): void {
    this.stoppedOnPurpose = true;
    this.current?.signal('SIGTERM');
  }

  /** A crash (SIGKILL): the standby waits for the lease to expire. */
  crash(): void {
    this.current?.signal('SIGKILL');
  }
}

export interface Scene {
  readonly candidates: readonly Candidate[];
  readonly controlPlane: readonly ControlPlaneInstance[];
  readonly heartbeats: DemoProcess;
  /** Resolves when every lock of the scene is in place (or rejects, naming what is missing). */
  readonly ready: Promise<void>;
  /** Stops the timers that make things happen. */
  stopChaos(): void;
}

const pods = (base: string, hash: string, suffixes: readonly string[]) => suffixes.map((s) => `${base}-${hash}-${s}`);

export async function startScene(tools: SceneTools): Promise<Scene> {
  const { admin } = tools;
  await Promise.all(SCENE_NAMESPACES.map((ns) => createNamespace(admin, ns)));

  const candidates: Candidate[] = [];
  const add = (spec: CandidateSpec) => {
    const c = new Candidate(tools, spec);
    candidates.push(c);
    return c;
  };

  // The cluster's own control plane: two of each, as on a control plane of two nodes.
  const controlPlane: ControlPlaneInstance[] = [];
  for (const component of ['kube-scheduler', 'kube-controller-manager'] as const) {
    for (const i of [1, 2]) controlPlane.push(new ControlPlaneInstance(tools, component, i));
  }
  for (const cp of controlPlane) cp.start();

  // A healthy election: three replicas of an operator, client-go defaults.
  for (const pod of pods('checkout-operator', '7c9d5b8f4', ['2xkqp', 'h8s4n', 'w5c7j']))
    add({ namespace: 'shop', name: 'checkout-operator', pod });
  // Failover: the leader crashes now and then (see chaos below); its pod restarts 5 s later.
  const payment = pods('payment-gateway', '84f6d7c5b', ['m2t9r', 'q7d3x', 'z4k8v']).map((pod) =>
    add({ namespace: 'shop', name: 'payment-gateway', pod, restartAfterMs: 5_000 }),
  );
  // Flapping: a crash loop. Each leader crashes 4 s after winning and comes back a second later.
  for (const pod of pods('cart-reconciler', '5b8c9d7f6', ['j3v6p', 'n9r2w'])) {
    add({
      namespace: 'shop',
      name: 'cart-reconciler',
      pod,
      timing: ['3s', '2s', '500ms'],
      crashAfter: '4s',
      restartAfterMs: 1_000,
    });
  }
  // Legacy locks from client-go 1.23.
  for (const pod of pods('ingress-nginx-controller', '6d8f9b7c5', ['4hx2m', 'p7n5s']))
    add({ namespace: 'ingress-nginx', name: 'ingress-controller-leader', pod, legacy: 'configmaps' });
  for (const pod of pods('nfs-provisioner', '67c8d9f5b', ['t6w3q', 'x8b1z']))
    add({ namespace: 'storage', name: 'nfs-provisioner', pod, legacy: 'endpoints' });
  // Coordinated leader election: the API server picks the candidate with the oldest emulation
  // version (1.36 here, during an upgrade to 1.37).
  const coordinated = [
    { pod: 'platform-controller-0', emulationVersion: '1.37.0', binaryVersion: '1.37.2' },
    { pod: 'platform-controller-1', emulationVersion: '1.36.0', binaryVersion: '1.36.4' },
    { pod: 'platform-controller-2', emulationVersion: '1.37.0', binaryVersion: '1.37.2' },
  ];
  for (const c of coordinated) add({ namespace: 'platform', name: 'platform-controller', pod: c.pod, coordinated: c });

  // The stuck lock: its holder died three hours ago with a one-hour lease. A standby that started
  // since waits a full hour from when it first saw the record: the case an operator releases.
  await writeStuckLease(admin);
  add({ namespace: 'storage', name: 'snapshot-controller', pod: 'snapshot-controller-5d8f7b9c6-h2lmv' });

  for (const c of candidates) c.start();

  const heartbeats = tools.processes.spawn('heartbeats', join(tools.bin, 'heartbeats'), [
    '--kubeconfig',
    tools.kubeconfig,
    '--count',
    String(HEARTBEATS.count),
    '--stale',
    String(HEARTBEATS.stale),
    '--workers',
    '8',
  ]);

  // The MultiLock: an old release (configmapsleases) wins both halves and dies; the new release
  // (Leases only) takes the Lease after it expires; the ConfigMap keeps naming the dead one.
  const multiLock = (async () => {
    const old = add({
      namespace: 'ingress-nginx',
      name: 'ingress-nginx-leader',
      pod: 'ingress-nginx-controller-v1-0-5-7d9f8-kx2lp',
      identity: MULTILOCK_OLD_HOLDER,
      legacy: 'configmapsleases',
      timing: ['4s', '3s', '1s'],
    });
    const proc = old.start();
    await proc.waitFor((l) => l.event === 'leading', 60_000, 'the old ingress-nginx release to lead the MultiLock');
    old.kill();
    await proc.exited;
    add({ namespace: 'ingress-nginx', name: 'ingress-nginx-leader', pod: MULTILOCK_NEW_HOLDER }).start();
  })();

  const timers: NodeJS.Timeout[] = [];
  const every = (firstMs: number, periodMs: number, action: () => void) => {
    timers.push(
      setTimeout(() => {
        action();
        if (tools.chaos) timers.push(setInterval(action, periodMs));
      }, firstMs),
    );
  };
  // The first failover happens in every run (so the tree shows one); later ones only in the
  // interactive demo.
  every(8_000, 4 * 60_000, () => {
    const leader = payment.find((c) => c.leading);
    if (leader) {
      tools.log(`scene: payment-gateway's leader ${leader.identity} crashes`);
      leader.crash();
    }
  });
  if (tools.chaos) {
    every(6 * 60_000, 6 * 60_000, () => {
      const leader = controlPlane.find((c) => c.component === 'kube-scheduler' && c.leading);
      if (leader) {
        tools.log(`scene: rolling restart of kube-scheduler-${leader.instance} (it leads; it releases on SIGTERM)`);
        leader.restart();
      }
    });
    every(9 * 60_000, 9 * 60_000, () => {
      const leader = controlPlane.find((c) => c.component === 'kube-controller-manager' && c.leading);
      if (leader) {
        tools.log(
          `scene: kube-controller-manager-${leader.instance} crashes (it leads; the standby waits for the lease to expire)`,
        );
        leader.crash();
      }
    });
  }

  const ready = (async () => {
    await heartbeats.waitFor((l) => l.event === 'ready', 120_000, 'heartbeats ready');
    await multiLock;
    await waitForScene(admin, 150_000);
  })();

  return {
    candidates,
    controlPlane,
    heartbeats,
    ready,
    stopChaos() {
      for (const t of timers) {
        clearTimeout(t);
        clearInterval(t);
      }
    },
  };
}

async function createNamespace(admin: KubeTransport, name: string): Promise<void> {
  const res = await admin.send('/api/v1/namespaces', {
    method: 'POST',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
  });
  if (res.status !== 201 && res.status !== 409)
    throw new Error(`creating namespace ${name}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
}

/** kube-apiserver's MicroTime format: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

async function writeStuckLease(admin: KubeTransport): Promise<void> {
  const now = Date.now();
  const body = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: 'snapshot-controller',
      namespace: 'storage',
      labels: { 'app.kubernetes.io/name': 'snapshot-controller' },
    },
    spec: {
      holderIdentity: STUCK_HOLDER,
      leaseDurationSeconds: 3600,
      acquireTime: microTime(now - 26 * 3600_000),
      renewTime: microTime(now - 3 * 3600_000 - 17 * 60_000),
      leaseTransitions: 4,
    },
  };
  const res = await admin.send('/apis/coordination.k8s.io/v1/namespaces/storage/leases', { method: 'POST', body });
  if (res.status !== 201)
    throw new Error(
      `writing the stuck Lease storage/snapshot-controller: HTTP ${res.status} ${res.text.slice(0, 200)}`,
    );
}

/** The holder a lock object names: a Lease's spec, or the legacy annotation's JSON. */
export function holderOf(obj: unknown): string | undefined {
  const o = obj as { spec?: { holderIdentity?: string }; metadata?: { annotations?: Record<string, string> } };
  if (o.spec && 'holderIdentity' in o.spec) return o.spec.holderIdentity || undefined;
  const raw = o.metadata?.annotations?.['control-plane.alpha.kubernetes.io/leader'];
  if (raw === undefined) return undefined;
  try {
    return (JSON.parse(raw) as { holderIdentity?: string }).holderIdentity || undefined;
  } catch {
    return undefined;
  }
}

export function lockPath(l: Pick<SceneLock, 'namespace' | 'name' | 'kind'>): string {
  switch (l.kind) {
    case 'Lease':
      return `/apis/coordination.k8s.io/v1/namespaces/${l.namespace}/leases/${l.name}`;
    case 'ConfigMap':
      return `/api/v1/namespaces/${l.namespace}/configmaps/${l.name}`;
    case 'Endpoints':
      return `/api/v1/namespaces/${l.namespace}/endpoints/${l.name}`;
  }
}

/** The current holder of a lock, read from the API server (undefined: vacant or missing). */
export async function readHolder(
  admin: KubeTransport,
  l: Pick<SceneLock, 'namespace' | 'name' | 'kind'>,
): Promise<string | undefined> {
  const res = await admin.send(lockPath(l), { timeoutMs: 10_000 });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`reading ${l.kind} ${l.namespace}/${l.name}: HTTP ${res.status}`);
  return holderOf(JSON.parse(res.text));
}

/** Waits until every lock of the scene exists with a holder, the MultiLock halves disagree, etc. */
async function waitForScene(admin: KubeTransport, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let missing: string[] = [];
  for (;;) {
    missing = [];
    const holders = new Map<string, string | undefined>();
    await Promise.all(
      SCENE_LOCKS.map(async (l) => {
        const holder = await readHolder(admin, l).catch(() => undefined);
        holders.set(`${l.kind}/${l.namespace}/${l.name}`, holder);
        if (holder === undefined) missing.push(`${l.kind} ${l.namespace}/${l.name} has no holder yet`);
      }),
    );
    const cm = holders.get('ConfigMap/ingress-nginx/ingress-nginx-leader');
    const lease = holders.get('Lease/ingress-nginx/ingress-nginx-leader');
    if (
      cm !== undefined &&
      lease !== undefined &&
      (cm !== MULTILOCK_OLD_HOLDER || !lease.startsWith(MULTILOCK_NEW_HOLDER))
    ) {
      missing.push(
        `the MultiLock ingress-nginx/ingress-nginx-leader does not disagree yet (ConfigMap ${cm}, Lease ${lease})`,
      );
    }
    const candidates = await admin
      .json('/apis/coordination.k8s.io/v1beta1/namespaces/platform/leasecandidates')
      .catch(() => ({ items: [] }));
    const n = (candidates as { items?: unknown[] }).items?.length ?? 0;
    if (n < 3) missing.push(`platform has ${n} of 3 LeaseCandidates`);
    const nodes = await admin
      .json('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
        accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
      })
      .catch(() => ({ items: [] }));
    const h = (nodes as { items?: unknown[] }).items?.length ?? 0;
    if (h < HEARTBEATS.count) missing.push(`kube-node-lease has ${h} of ${HEARTBEATS.count} heartbeats`);
    if (missing.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `the demo scene did not come up within ${Math.round(timeoutMs / 1000)} s:\n  ${missing.join('\n  ')}`,
      );
    await delay(1_000);
  }
}
