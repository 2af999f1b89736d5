import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { SOCKET_PATH } from '../protocol';
import { ContactCenter } from '../engine/ContactCenter';
import type { VoiceOptions } from '../engine/calls/CallDesk';
import { openDatabase, parseDatabaseUrl, type ContactCenterDatabase, type DatabaseConfig } from './database';
import { createHttpHandler, type HttpApiOptions, type RequestHook } from './httpApi';
import { defaultLogger, type Logger } from './logger';
import { migrateToLatest } from './migrations';
import type { RoutingConfig } from '../engine/routing/RoutingConfig';
import { resolveRouting } from './routingFile';
import { DEFAULT_RATE_LIMIT, RateLimiter, type Rate } from '../gateway/RateLimiter';
import { SqliteRepository } from './SqliteRepository';
import { Registry } from '../registry/Registry';
import { SqliteRegistryRepository } from './SqliteRegistryRepository';
import type { ContentSecurityPolicy } from './securityHeaders';
import { SocketGateway } from './SocketGateway';
import { localPort } from '../gateway/EnginePort';
import { ClusterNode, type ClusterOptions, type ClusterStatus, type EngineStack } from '../cluster/ClusterNode';
import { forwardHttp } from '../cluster/forwardHttp';
import { ContactCenterError } from '../errors';
import { NOSNIFF, htmlHeaders } from './securityHeaders';
import { serveStatic } from './staticFiles';
import { TokenService } from './TokenService';
import { OidcSignIn } from './oidc';
import type { WorkerInfo } from '../types';
import { AgentSessions } from './AgentSessions';
import { DEFAULT_SIGN_IN_FAILURES, devSignIn, type AuthOptions } from './devSignIn';

/** Options of {@link startContactCenter}. */
export interface ContactCenterOptions {
  /**
   * Where the SQLite file (`contact-center.sqlite`) and the token secret live (created if
   * missing). `null`: an in-memory database and a throwaway secret (tests).
   */
  dataDir: string | null;
  /** Default 4100; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * Another database instead of the data dir's SQLite file: a `postgres://user:password@host:port/db`
   * URL, or a {@link DatabaseConfig} (`{ dialect: 'postgres', url }`). The token secret and
   * `routing.json` stay in the data dir. See the README's "PostgreSQL".
   */
  database?: DatabaseConfig | string;
  /** Agent identities to create at start if missing (fullName = capitalised, Offline). */
  agents?: string[];
  /**
   * Supervisor identities: created if missing as `agents` are, with the role `supervisor`
   * (they may monitor calls and chats and see the Teams view). The role is not stored: it is
   * derived from this list at each start (a worker left out of it is an agent again).
   */
  supervisors?: string[];
  /**
   * Admin identities: created if missing as `agents` are, with the role `admin` (they may write
   * to the plugin registry: deploy versions, make configurations, release, roll back). Like
   * `supervisors`, the role is derived from this list at each start, not stored.
   */
  admins?: string[];
  /**
   * Calls: `callerId` (the number outbound calls come from, default `+15550100000`),
   * `iceServers` (STUN/TURN for real networks; none by default, none needed on 127.0.0.1),
   * `ringTimeoutMs` (an outbound call unanswered this long ends; default 30,000).
   */
  voice?: VoiceOptions;
  /** How long a reservation waits to be accepted (default 30,000 ms). */
  reservationTimeoutMs?: number;
  /**
   * Chats a worker handles at once; pending, accepted and wrapping reservations count (default:
   * the routing configuration's `capacity.chat`, 3). An alias that overrides `capacity.chat`.
   */
  chatCapacity?: number;
  /**
   * Queues, workflow, capacity per channel and seed worker attributes: a configuration, or the
   * path of a JSON file. Default: the data dir's `routing.json` (written with the default — one
   * queue, `Everyone` — when missing); with `dataDir: null`, the default. See the README.
   */
  routing?: RoutingConfig | string;
  /**
   * Origins allowed to open sockets and call the API from a browser. Default: the server's
   * own (`http://127.0.0.1:PORT`, `http://localhost:PORT`). `'*'` allows any (development).
   * Requests without an Origin (Node clients) are allowed; they still need a token.
   */
  allowedOrigins?: string[] | '*';
  /** Per-customer limits (token buckets); `engagements` is per remote address. */
  rateLimit?: { messages?: Rate; typing?: Rate; frames?: Rate; engagements?: Rate };
  limits?: {
    /** Characters of a message body (default 4,000). */
    maxMessageLength?: number;
    /** Bytes of a frame answered with CC_TOO_LARGE (default 16 KiB). */
    maxFrameBytes?: number;
    /** Bytes of a frame that closes the connection (default 64 KiB). */
    maxPayload?: number;
    /** Bytes of an HTTP request body (default 16 KiB). */
    maxBodyBytes?: number;
    /**
     * Milliseconds a client has to send a request's headers (default 10,000); a slower one is
     * answered 408 and disconnected, so trickled headers cannot hold connections open.
     */
    headersTimeoutMs?: number;
    /** Milliseconds a client has to send a whole request, body included (default 30,000). */
    requestTimeoutMs?: number;
    /**
     * WebSockets open at once per agent, all its tokens together (default 10: tabs, a
     * reconnect racing the old socket's close); the next upgrade is refused with 429
     * CC_RATE_LIMITED.
     */
    connectionsPerAgent?: number;
    /** WebSockets open at once per customer conversation (default 5); likewise. */
    connectionsPerCustomer?: number;
  };
  /** Directories served under URL prefixes: `{ '/agent/': dir, '/webchat/': dir }`. */
  static?: Record<string, string>;
  /** Runs before the static files for every non-API request; return true when it answered. */
  handler?: RequestHook;
  /**
   * The Content-Security-Policy of the HTML pages of `static` (any `.html`, a directory's
   * `index.html` included). Default: {@link defaultContentSecurityPolicy} (scripts and
   * connections to this origin only, its WebSocket named; inline styles for the webchat
   * widget; no framing by other sites). A string is sent as is, a function makes one per
   * request, `false` sends none. A page that loads scripts or connects elsewhere (plugins
   * from a CDN, a webchat pointed at another contact center) needs its own.
   */
  contentSecurityPolicy?: ContentSecurityPolicy;
  /**
   * Run as one instance of a cluster: several processes on one PostgreSQL (`database`, required)
   * and one Redis (`cluster.redis`). One instance runs the engine (it holds the database's
   * advisory lock); every instance serves WebSockets, pages and the HTTP API (forwarded to the
   * engine instance). See the README's "Several instances".
   */
  cluster?: ClusterOptions;
  /**
   * Token lifetimes in seconds (default: customer 24 h; `agent`: an alias of
   * `auth.accessTtlSeconds`, default 15 min).
   */
  tokenTtlSeconds?: { agent?: number; customer?: number };
  /** Sign-in: development one-click mode, token lifetimes, the failed sign-ins' rate, OpenID Connect. */
  auth?: AuthOptions;
  logger?: Logger;
}

/** A running local contact center. */
export interface ContactCenterServer {
  /** `http://HOST:PORT` */
  readonly url: string;
  /** `ws://HOST:PORT/ws` */
  readonly wsUrl: string;
  readonly host: string;
  readonly port: number;
  /** The database (for tools and tests; the server is its only writer). */
  readonly db: Kysely<ContactCenterDatabase>;
  /** Open WebSocket connections. */
  readonly connections: number;
  /**
   * The plugin registry (in the same database): versions, configurations, releases. Its HTTP
   * API is `/api/registry/…`; `registry.liveOrigins()` is what a desktop page's CSP
   * `connect-src` must allow for the live releases' plugins.
   */
  readonly registry: Registry;
  /** The routing configuration's file (`<dataDir>/routing.json`), or null when none is read. */
  readonly routingFile: string | null;
  /** In a cluster: this instance's id, whether it runs the engine, the engine instance; null otherwise. */
  readonly cluster: ClusterStatus | null;
  /** Whether the one-click development sign-in is on. */
  readonly devSignIn: boolean;
  /** Agents' sign-in sessions: `issueAgentSession` for another way of signing in. */
  readonly sessions: AgentSessions;
  /** Stops accepting, closes the sockets, stores queued messages, closes the database. */
  close(): Promise<void>;
}

/**
 * A cluster instance's own status (answered by each instance itself, not forwarded): what a
 * load balancer's health check or an operator reads.
 */
export const CLUSTER_STATUS_PATH = '/api/cluster/status';

function answerClusterStatus(node: ClusterStatus, res: ServerResponse): void {
  const { instanceId, isEngine, engine, redisConnected } = node;
  res
    .writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...NOSNIFF })
    .end(JSON.stringify({ instanceId, isEngine, engine, redisConnected }));
}

/** The SQLite file's name in the data dir. */
export const DATABASE_FILE = 'contact-center.sqlite';

/**
 * Starts the local contact center: HTTP API, WebSocket, routing and SQLite persistence.
 *
 * @example
 * const cc = await startContactCenter({ dataDir: './.switchboard', agents: ['alice', 'bob'] });
 * console.log(`contact center on ${cc.url}`);
 * process.on('SIGTERM', () => void cc.close());
 */
export async function startContactCenter(options: ContactCenterOptions): Promise<ContactCenterServer> {
  const logger = options.logger ?? defaultLogger;
  const host = options.host ?? '127.0.0.1';
  const { dataDir } = options;
  if (dataDir !== null) await mkdir(dataDir, { recursive: true });
  const database =
    typeof options.database === 'string'
      ? parseDatabaseUrl(options.database)
      : (options.database ?? {
          dialect: 'sqlite',
          file: dataDir === null ? ':memory:' : path.join(dataDir, DATABASE_FILE),
        });
  if (options.cluster && database.dialect !== 'postgres')
    throw new ContactCenterError(
      'CC_BAD_REQUEST',
      'A cluster needs PostgreSQL (--database postgres://…): SQLite belongs to one process',
    );
  const dev = devSignIn(options.auth, host, database);
  // Fails here, in one line, when a PostgreSQL does not answer (DatabaseError).
  const db = await openDatabase(database);
  const onError = (message: string, error: unknown) => logger.error(message, error);
  const origins = new Set<string>();
  const isAllowedOrigin = (origin: string | undefined) =>
    origin === undefined || options.allowedOrigins === '*' || origins.has(origin);
  const rate = { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  const limits = options.limits ?? {};
  let tokens: TokenService;
  let routingFile: string | null;
  let routing: RoutingConfig;
  /** The engine's side: the engine, the registry and the HTTP API over them. */
  interface Stack extends EngineStack {
    registry: Registry;
    handler: (req: IncomingMessage, res: ServerResponse) => void;
  }
  const openStack = async (): Promise<Stack> => {
    const registry = await Registry.open(new SqliteRegistryRepository(db), { onError });
    const engine = await ContactCenter.open(
      new SqliteRepository(db),
      {
        reservationTimeoutMs: options.reservationTimeoutMs ?? 30_000,
        ...(options.chatCapacity === undefined ? {} : { chatCapacity: options.chatCapacity }),
        routing,
        onError,
        ...(options.supervisors ? { supervisors: options.supervisors } : {}),
        ...(options.admins ? { admins: options.admins } : {}),
        ...(options.voice ? { voice: options.voice } : {}),
      },
      options.agents ?? [],
    );
    // A release went live or was rolled back: every connected agent hears it (and refetches its active release).
    registry.events.on('releaseChanged', (data) =>
      engine.pushes.emit('push', { event: 'releaseChanged', data, allAgents: true }),
    );
    const handler = createHttpHandler({
      engine,
      tokens,
      isAllowedOrigin,
      maxBodyBytes: limits.maxBodyBytes ?? 16 * 1024,
      engagementLimiter: new RateLimiter(rate.engagements),
      registry,
      staticMounts: Object.entries(options.static ?? {}),
      handler: options.handler,
      contentSecurityPolicy: options.contentSecurityPolicy,
      logger,
      auth: authOptions,
      oidc,
    });
    return { engine, registry, handler, close: () => engine.close() };
  };
  let single: Stack | undefined;
  let node: ClusterNode | undefined;
  let url = '';
  let sessions: AgentSessions;
  let oidc: OidcSignIn<unknown> | undefined;
  // `oidc` (the sign-in page's button) is set once the server's URL is known.
  const authOptions: HttpApiOptions['auth'] = {
    db,
    get sessions() {
      return sessions;
    },
    dev,
    get failures() {
      return failures;
    },
    // In a cluster: requests forwarded by another instance carry the client's address.
    get clusterKey() {
      return node?.clusterKey;
    },
  };
  // eslint-disable-next-line prefer-const -- assigned once the engine's side is open (sessions close sockets through it)
  let gateway: SocketGateway;
  const failures = new RateLimiter(options.auth?.signIn?.failures ?? DEFAULT_SIGN_IN_FAILURES);
  let minutes = 0;
  const sweep = setInterval(() => {
    failures.sweep();
    // Hourly (and once at start, below): expired sessions go.
    if (++minutes % 60 === 0) sessions.prune().catch((e: unknown) => logger.warn('pruning sessions failed', e));
  }, 60_000);
  sweep.unref();
  try {
    const resolved = await resolveRouting(dataDir, options.routing);
    routingFile = resolved.file;
    routing = resolved.routing;
    await migrateToLatest(db);
    tokens = await TokenService.open(
      dataDir,
      {
        agent: options.auth?.accessTtlSeconds ?? options.tokenTtlSeconds?.agent ?? 15 * 60,
        customer: options.tokenTtlSeconds?.customer ?? 24 * 3600,
      },
      db,
    );
    sessions = new AgentSessions(db, tokens, {
      refreshTtlSeconds: options.auth?.refreshTtlSeconds ?? 12 * 3600,
      // The gateway exists by the time anyone signs out; in a cluster every instance closes the session's sockets.
      onRevoked: (sid) => (node ? void node.sessionRevoked(sid) : gateway.closeSession(sid)),
    });
    await sessions.prune().catch((e: unknown) => logger.warn('pruning sessions failed', e));
    const oidcOptions = options.auth?.oidc;
    if (oidcOptions) {
      /** The one place a signed-in worker gets its session. */
      const issueSession = async (worker: WorkerInfo) => {
        const { token, refreshToken, expiresAt } = await sessions.issueAgentSession(worker.sid, worker.identity);
        return { token, refreshToken, expiresAt, worker };
      };
      // Fails the start, in one line, when the issuer does not answer (OidcError).
      oidc = await OidcSignIn.discover(oidcOptions, {
        findWorker: (identity) => stackNow()?.engine.workerByIdentity(identity),
        issueSession,
        defaultRedirectUri: () => `${url}/api/auth/oidc/callback`,
        contentSecurityPolicy: options.contentSecurityPolicy,
      });
    }
    if (options.cluster) {
      const databaseUrl = (database as { url: string }).url;
      node = await ClusterNode.join({
        ...options.cluster,
        databaseUrl,
        url: () => url,
        openEngine: openStack,
        onError,
        log: (message) => logger.info(message),
      });
    } else single = await openStack();
  } catch (e) {
    clearInterval(sweep);
    await db.destroy();
    throw e;
  }
  const stackNow = (): Stack | undefined => single ?? (node?.engineStack as Stack | undefined);

  gateway = new SocketGateway({
    engine: node ? node.port : localPort(single!.engine),
    tokens,
    isAllowedOrigin,
    maxPayload: limits.maxPayload ?? 64 * 1024,
    maxFrameBytes: limits.maxFrameBytes ?? 16 * 1024,
    maxMessageLength: limits.maxMessageLength ?? 4000,
    maxConnections: { agent: limits.connectionsPerAgent ?? 10, customer: limits.connectionsPerCustomer ?? 5 },
    rateLimit: rate,
    logger,
    sessionActive: (sid) => tokens.isSessionActive(sid),
  });
  node?.events.on('resync', () => gateway.resync());
  node?.events.on('sessionRevoked', (sid) => gateway.closeSession(sid));
  /** A gateway instance of a cluster: the HTTP API goes to the engine instance, pages are served here. */
  const staticMounts = Object.entries(options.static ?? {});
  const gatewayHandler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname.startsWith('/api/') || pathname === '/registry' || pathname.startsWith('/registry/'))
      return forwardHttp(req, res, node!.engine?.url ?? null, node!.clusterKey, isAllowedOrigin);
    if (options.handler && (await options.handler(req, res))) return;
    if (await serveStatic(staticMounts, req, res, htmlHeaders(options.contentSecurityPolicy, req))) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...NOSNIFF }).end('Not found');
  };
  const requestTimeout = limits.requestTimeoutMs ?? 30_000;
  // Node refuses a headers timeout longer than the request timeout.
  const headersTimeout = Math.min(limits.headersTimeoutMs ?? 10_000, requestTimeout);
  const server: Server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node checks the timeouts on this interval (default 30 s, which would triple a 10 s timeout).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      if (node && req.url === CLUSTER_STATUS_PATH) return void answerClusterStatus(node, res);
      const stack = stackNow();
      if (stack) return stack.handler(req, res);
      gatewayHandler(req, res).catch((error: unknown) => {
        logger.error(`${req.method} ${req.url} failed`, error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  );
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4100, host, () => resolve());
    });
  } catch (e) {
    clearInterval(sweep);
    await (node ? node.close() : single!.close());
    await db.destroy();
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  origins.add(`http://127.0.0.1:${port}`).add(`http://localhost:${port}`).add(`http://${host}:${port}`);
  for (const o of options.allowedOrigins === '*' ? [] : (options.allowedOrigins ?? []))
    origins.add(o.replace(/\/$/, ''));
  url = `http://${host}:${port}`;
  if (oidc) authOptions.oidc = { name: oidc.name, url: oidc.startUrl() };
  // Listening now: it may take the engine (and announce this address).
  node?.start();
  logger.info(`contact center listening on ${url}${node ? ` (cluster instance ${node.instanceId})` : ''}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    wsUrl: `ws://${host}:${port}${SOCKET_PATH}`,
    host,
    port,
    db,
    get registry() {
      const stack = stackNow();
      if (!stack)
        throw new ContactCenterError(
          'CC_UNAVAILABLE',
          `Cluster instance ${node?.instanceId ?? ''} does not run the engine now; its registry is on ${node?.engine?.url ?? 'no instance yet'}`,
        );
      return stack.registry;
    },
    cluster: node ?? null,
    devSignIn: dev,
    sessions,
    get connections() {
      return gateway.connections;
    },
    routingFile,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweep);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await gateway.close();
        server.closeAllConnections();
        await stopped;
        // The engine's writes are stored before the lock goes (and another instance takes over).
        await (node ? node.close() : single!.close());
        await db.destroy();
      })()),
  };
}
