/**
 * One address in front of a cluster's instances, for local clusters and tests: a TCP proxy
 * that hands each new connection to the next instance in turn, skipping one that refuses (a
 * dead instance is tried again after `retryMs`). HTTP and WebSocket pass through unchanged;
 * when an instance dies its connections close and the clients reconnect — through here, to
 * the others. In production a load balancer (HAProxy, nginx, a cloud one) takes this place.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface BalancerOptions {
  /** `http://host:port` of each instance. */
  backends: string[];
  /** Default 0 (a free port). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** How long an instance that refused is skipped (default 1,000 ms). */
  retryMs?: number;
}

export interface Balancer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /** Connections handed to each backend so far (by URL). */
  readonly handed: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/**
 * Starts the balancer.
 *
 * @example
 * const front = await startBalancer({ backends: [a.url, b.url, c.url], port: 4000 });
 */
export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const backends = options.backends.map((b) => {
    const u = new URL(b);
    return { url: b, host: u.hostname, port: Number(u.port), downUntil: 0 };
  });
  if (!backends.length) throw new Error('startBalancer: no backends');
  const retryMs = options.retryMs ?? 1000;
  const handed = new Map<string, number>();
  const sockets = new Set<Socket>();
  let next = 0;

  const attach = (client: Socket, tried: number): void => {
    if (tried >= backends.length) return void client.destroy();
    const now = Date.now();
    // The next backend not marked down (or, when all are, the next one anyway).
    let pick = backends[next % backends.length]!;
    for (let i = 0; i < backends.length; i++) {
      const b = backends[(next + i) % backends.length]!;
      if (b.downUntil <= now) {
        pick = b;
        next += i;
        break;
      }
    }
    next++;
    const upstream = connect(pick.port, pick.host);
    sockets.add(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      handed.set(pick.url, (handed.get(pick.url) ?? 0) + 1);
      client.pipe(upstream).pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (connected) {
        client.destroy();
        return;
      }
      pick.downUntil = Date.now() + retryMs;
      upstream.destroy();
      attach(client, tried + 1);
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      if (connected) client.destroy();
    });
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('error', () => client.destroy());
    client.on('close', () => sockets.delete(client));
    attach(client, 0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    port,
    handed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
