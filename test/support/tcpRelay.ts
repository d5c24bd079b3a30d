import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * The one TCP relay the tests put in front of a real server (TLS stays end to end). It counts the
 * connections made through it and the bytes flowing back to the client, and it can be frozen:
 * while frozen, bytes in either direction are held back (as on a stalled network path or a hung
 * load balancer) and new connections are accepted but not forwarded; thawing delivers everything
 * held. Nagle's algorithm is off on both sides, so the relay adds no batching delay of its own.
 */
export class TcpRelay {
  /** Connections accepted so far. */
  connections = 0;
  /** Bytes the server sent back to clients so far. */
  bytesToClient = 0;
  private frozen = false;
  private readonly sockets = new Set<Socket>();
  private readonly thawers = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** `listenHost` '0.0.0.0' reaches the server under the machine's own name or address (not loopback). */
  static async start(targetHost: string, targetPort: number, listenHost = '127.0.0.1'): Promise<TcpRelay> {
    const relays: TcpRelay[] = [];
    const server = createServer((client) => relays[0]?.accept(client, targetHost, targetPort));
    await new Promise<void>((resolve) => server.listen(0, listenHost, resolve));
    relays.push(new TcpRelay(server, (server.address() as { port: number }).port));
    return relays[0]!;
  }

  /** A relay in front of the server of `url` (https://host:port). */
  static to(url: URL): Promise<TcpRelay> {
    return TcpRelay.start(url.hostname, Number(url.port));
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const t of [...this.thawers]) t();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    this.connections++;
    this.track(client);
    const connect = () => {
      const upstream = createConnection({ host, port });
      this.track(upstream);
      upstream.on('data', (d: Buffer) => (this.bytesToClient += d.length));
      this.forward(client, upstream);
      this.forward(upstream, client);
    };
    if (!this.frozen) connect();
    else this.whenThawed(connect);
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.setNoDelay(true);
    s.on('error', () => s.destroy());
    s.on('close', () => this.sockets.delete(s));
  }

  /** Copies from → to, holding chunks back while frozen; an end or a reset is passed on in order. */
  private forward(from: Socket, to: Socket): void {
    const held: (Buffer | 'end')[] = [];
    const flush = () => {
      while (held.length > 0 && !this.frozen) {
        const c = held.shift()!;
        if (c === 'end') to.end();
        else to.write(c);
      }
    };
    from.on('data', (chunk: Buffer) => {
      held.push(chunk);
      if (this.frozen) this.whenThawed(flush);
      else flush();
    });
    from.on('end', () => {
      held.push('end');
      if (this.frozen) this.whenThawed(flush);
      else flush();
    });
    // A reset (the client aborted its request) is passed on as an end, after what was held.
    from.on('close', () => {
      if (!this.frozen) to.end();
      else this.whenThawed(() => to.end());
    });
  }

  private whenThawed(fn: () => void): void {
    const once = () => {
      this.thawers.delete(once);
      fn();
    };
    this.thawers.add(once);
  }
}
