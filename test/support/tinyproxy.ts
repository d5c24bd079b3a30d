import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { spawnJsonLines, type JsonLineProcess } from './processes';
import { until } from './until';

export const TINYPROXY = '/usr/bin/tinyproxy';

/**
 * A real HTTP proxy, Debian's tinyproxy, started by a test on a port of its own (scripts/
 * ensure-deps.sh proxy installs it). It logs every CONNECT, so a test can tell which requests went
 * through it. stop() and start() again on the same port: a proxy that goes down and comes back.
 */
export class Tinyproxy {
  private process: JsonLineProcess | undefined;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly basicAuth: { user: string; password: string } | undefined,
  ) {}

  /** Starts tinyproxy in `dir` (config and log live there). */
  static async start(
    dir: string,
    options: { basicAuth?: { user: string; password: string } } = {},
  ): Promise<Tinyproxy> {
    if (!existsSync(TINYPROXY))
      throw new Error(
        `${TINYPROXY} is missing: install Debian's tinyproxy (\`bash scripts/ensure-deps.sh proxy\`; npm run test:integration does it)`,
      );
    const proxy = new Tinyproxy(dir, await freePort(), options.basicAuth);
    await proxy.restart();
    return proxy;
  }

  /** http://127.0.0.1:<port>, with user and password when the proxy asks for them. */
  get url(): string {
    const auth = this.basicAuth ? `${this.basicAuth.user}:${this.basicAuth.password}@` : '';
    return `http://${auth}127.0.0.1:${this.port}`;
  }

  /** The proxy as shown to the user: no credentials. */
  get shown(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every CONNECT target it was asked for so far ("127.0.0.1:6443"), in order. */
  connects(): string[] {
    const log = join(this.dir, 'tinyproxy.log');
    if (!existsSync(log)) return [];
    return [...readFileSync(log, 'utf8').matchAll(/Request \(file descriptor \d+\): CONNECT (\S+) HTTP/g)].map(
      (m) => m[1]!,
    );
  }

  async stop(): Promise<void> {
    const p = this.process;
    this.process = undefined;
    await p?.stop('SIGKILL');
  }

  /** (Re)starts on the same port and waits until it accepts connections. */
  async restart(): Promise<void> {
    await this.stop();
    const conf = join(this.dir, 'tinyproxy.conf');
    writeFileSync(
      conf,
      [
        `Port ${this.port}`,
        'Listen 127.0.0.1',
        'Timeout 600',
        `LogFile "${join(this.dir, 'tinyproxy.log')}"`,
        'LogLevel Connect',
        'MaxClients 100',
        'Allow 127.0.0.1',
        'DisableViaHeader Yes',
        // No ConnectPort line: CONNECT to any port (the test API server's is random).
        ...(this.basicAuth ? [`BasicAuth ${this.basicAuth.user} ${this.basicAuth.password}`] : []),
        '',
      ].join('\n'),
    );
    this.process = spawnJsonLines(TINYPROXY, ['-d', '-c', conf]);
    const started = this.process;
    await until(`tinyproxy listening on 127.0.0.1:${this.port}`, 15_000, async () => {
      if (started.child.exitCode !== null) throw new Error(`tinyproxy exited: ${started.text.slice(-10).join('\n')}`);
      return (await canConnect(this.port)) ? true : undefined;
    });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
