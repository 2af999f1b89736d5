/**
 * The real contact center in this process, without a socket: the engine (routing,
 * reservations, chat, the same rules as the server) on a repository (in memory by default),
 * the same protocol hub as the server, and the same clients over in-memory pipes. What the
 * plugin test kit runs on, so a plugin's tests meet the contact center of production.
 */
import { createAgentClient, type AgentClient, type AgentClientOptions } from '../client/createAgentClient';
import { createCustomerClient, type CustomerClient, type CustomerClientOptions } from '../client/createCustomerClient';
import { createPhoneClient, type PhoneClientOptions } from '../client/createPhoneClient';
import type { VoiceOptions } from '../engine/calls/CallDesk';
import type { PhoneSession } from '../provider';
import type { FetchLike } from '../client/http';
import type { ReconnectOptions, WebSocketConstructor } from '../client/RpcSocket';
import { ContactCenterError } from '../errors';
import { ContactCenter, type ContactCenterEngineOptions } from '../engine/ContactCenter';
import { compileRouting, DEFAULT_ROUTING_CONFIG, type RoutingConfig } from '../engine/routing/RoutingConfig';
import { MemoryRepository } from '../engine/MemoryRepository';
import type { Principal } from '../engine/principal';
import type { Repository } from '../engine/Repository';
import { authenticate, type TokenVerifier } from '../gateway/authenticate';
import { Hub } from '../gateway/Hub';
import { localPort } from '../gateway/EnginePort';
import { registerPhone, signIn, startCall, startEngagement } from '../gateway/sessions';
import { DEFAULT_RATE_LIMIT, type Rate } from '../gateway/RateLimiter';
import type { SessionInfo } from '../protocol';
import { httpStatus } from '../server/httpErrors';
import { callBody, describeIssues, engagementBody, loginBody, phoneBody } from '../gateway/schemas';
import { InProcessSocket, type SocketServer } from './InProcessSocket';

/** Options of {@link createInProcessContactCenter}. */
export interface InProcessOptions {
  /** Agent identities created at start if missing (full name capitalised, Offline). */
  agents?: string[];
  /** Supervisor identities, created likewise with the role `supervisor` (derived from this at each start). */
  supervisors?: string[];
  /** Calls: caller id, ICE servers, ring timeout (as the server's `voice` option). */
  voice?: VoiceOptions;
  /** How long a reservation waits to be accepted (default 30,000 ms). */
  reservationTimeoutMs?: number;
  /** Chats a worker handles at once (default 3; overrides the routing's `capacity.chat`). */
  chatCapacity?: number;
  /** Queues, workflow, capacity per channel, seed attributes (default: one queue, `Everyone`). */
  routing?: RoutingConfig;
  /** Characters of a message body (default 4,000). */
  maxMessageLength?: number;
  /**
   * Per-customer rate limits (default: the server's, `DEFAULT_RATE_LIMIT`), so a test meets the
   * limits production has; `false` for none.
   */
  rateLimit?: { messages?: Rate; typing?: Rate; frames?: Rate } | false;
  /** Where the record lives (default: a new MemoryRepository). Keep it to `restart()` on it. */
  repository?: Repository;
  /** Where unexpected failures go (default: console.error). */
  onError?: (message: string, error: unknown) => void;
}

/** A contact center in this process. */
export interface InProcessContactCenter {
  /** The URL its clients are given (nothing listens there). */
  readonly serverUrl: string;
  /** The WebSocket its clients use: an in-memory pipe to it. */
  readonly WebSocket: WebSocketConstructor;
  /** The fetch its clients use: login, engagements, the session probe. */
  readonly fetch: FetchLike;
  /** The engine (for drivers: `expire`, reads); replaced by `restart()`. */
  readonly engine: ContactCenter;
  /** The repository it runs on. */
  readonly repository: Repository;
  /** An agent's client, logged in as `identity` (not connected yet: call `connect()`). */
  agent(identity: string, options?: Partial<AgentClientOptions>): AgentClient;
  /** The customers' client: engagements, calls and their sessions. */
  customers(options?: Partial<CustomerClientOptions>): CustomerClient;
  /** A phone page answering `number` (not connected yet: `connect()` registers it). */
  phone(number: string, options?: Partial<PhoneClientOptions>): PhoneSession;
  /** Open connections. */
  readonly connections: number;
  /**
   * Drops the connections of the agent `identity` (every connection when none is given), as a
   * network glitch does (1006): the clients reconnect on their own.
   */
  drop(identity?: string): void;
  /**
   * The contact center becomes unreachable: every connection drops (1006) and new ones, and
   * its HTTP API, fail until `restore()`. Nothing it stored is lost.
   */
  outage(): void;
  restore(): void;
  /** Stops and starts again on the same repository, as a server restart does; clients reconnect. */
  restart(): Promise<void>;
  /** Stops the engine (queued messages are stored first) and closes every connection. */
  close(): Promise<void>;
}

const SERVER_URL = 'http://contact-center.in-process';
/** Clients of an in-process contact center come back at once after a drop. */
const FAST_RECONNECT: ReconnectOptions = { initialDelayMs: 5, maxDelayMs: 50 };

/** A minimal fetch Response (jsdom has no global Response). */
const response = (status: number, body: unknown): Response =>
  ({ ok: status >= 200 && status < 300, status, json: async () => body }) as unknown as Response;
const errorResponse = (e: ContactCenterError) =>
  response(httpStatus(e.code), { error: { code: e.code, message: e.message } });

/**
 * Starts a contact center in this process.
 *
 * @example
 * const cc = await createInProcessContactCenter({ agents: ['alice'] });
 * const alice = cc.agent('alice');
 * await alice.connect();
 * await alice.setActivity('Available');
 * const engagement = await cc.customers().startEngagement({ friendlyName: 'Ada' }); // offered to Alice
 */
export async function createInProcessContactCenter(options: InProcessOptions = {}): Promise<InProcessContactCenter> {
  const onError = options.onError ?? ((message, error) => console.error(`[contact-center] ${message}`, error));
  const repository = options.repository ?? new MemoryRepository();
  const engineOptions: ContactCenterEngineOptions = {
    reservationTimeoutMs: options.reservationTimeoutMs ?? 30_000,
    ...(options.chatCapacity === undefined ? {} : { chatCapacity: options.chatCapacity }),
    // Compiled once: a bad configuration is refused here, and restart() reuses it.
    routing: compileRouting(options.routing ?? DEFAULT_ROUTING_CONFIG),
    onError,
    ...(options.supervisors ? { supervisors: options.supervisors } : {}),
    ...(options.voice ? { voice: options.voice } : {}),
  };
  const openEngine = async () => {
    const engine = await ContactCenter.open(repository, engineOptions, options.agents ?? []);
    const hub = new Hub({
      engine: localPort(engine),
      maxMessageLength: options.maxMessageLength ?? 4000,
      ...(options.rateLimit === false ? {} : { rateLimit: { ...DEFAULT_RATE_LIMIT, ...options.rateLimit } }),
      onError,
    });
    return { engine, hub };
  };
  let { engine, hub } = await openEngine();
  const tokens = new Map<string, Principal>();
  /** Open sockets, and whose they are. */
  const sockets = new Map<InProcessSocket, Principal>();
  let reachable = true;
  let closed = false;

  const token = (principal: Principal): string => {
    const value = `in-process-${tokens.size + 1}-${Math.random().toString(36).slice(2)}`;
    tokens.set(value, principal);
    return value;
  };
  /** Checks a token as the server's TokenService does (here: one it handed out). */
  const tokenTable: TokenVerifier = {
    verify: async (value) => {
      const principal = value ? tokens.get(value) : undefined;
      if (!principal) throw new ContactCenterError('CC_UNAUTHORIZED', 'The token is missing or not valid');
      return principal;
    },
  };

  const server: SocketServer = {
    async accept(url, socket) {
      if (!reachable || closed) return undefined;
      // As the server's 401 at the upgrade: the client probes /api/session to learn why.
      const principal = await authenticate(tokenTable, localPort(engine), new URL(url).searchParams.get('token')).catch(
        () => undefined,
      );
      if (!principal || !reachable || closed) return undefined;
      sockets.set(socket, principal);
      return (sink) => hub.open(principal, sink);
    },
    forget: (socket) => void sockets.delete(socket),
  };

  class Socket extends InProcessSocket {
    constructor(url: string) {
      super(url, server);
    }
  }

  const api = async (url: string, init?: RequestInit): Promise<Response> => {
    const { pathname } = new URL(url);
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    // The clients pass plain header objects (jsdom has no Headers).
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const bearer = headers.authorization?.replace(/^Bearer /, '');
    if (method === 'POST' && pathname === '/api/agents/login') {
      const parsed = loginBody.safeParse(body);
      if (!parsed.success) throw new ContactCenterError('CC_BAD_REQUEST', describeIssues(parsed.error));
      const signed = await signIn(engine, parsed.data.identity, (workerSid, identity) =>
        token({ role: 'agent', workerSid, identity }),
      );
      return response(200, signed);
    }
    if (method === 'POST' && pathname === '/api/webchat/engagements') {
      const parsed = engagementBody.safeParse(body);
      if (!parsed.success)
        throw new ContactCenterError('CC_BAD_REQUEST', `Invalid request body: ${describeIssues(parsed.error)}`);
      const engagement = await startEngagement(engine, parsed.data.formData, (channelSid, identity, friendlyName) =>
        token({ role: 'customer', channelSid, identity, friendlyName }),
      );
      return response(201, engagement);
    }
    if (method === 'POST' && pathname === '/api/voice/calls') {
      const parsed = callBody.safeParse(body);
      if (!parsed.success)
        throw new ContactCenterError('CC_BAD_REQUEST', `Invalid request body: ${describeIssues(parsed.error)}`);
      const call = await startCall(engine, parsed.data.formData, (channelSid, identity, friendlyName) =>
        token({ role: 'customer', channelSid, identity, friendlyName }),
      );
      return response(201, call);
    }
    if (method === 'POST' && pathname === '/api/phones') {
      const parsed = phoneBody.safeParse(body);
      if (!parsed.success)
        throw new ContactCenterError('CC_BAD_REQUEST', `Invalid request body: ${describeIssues(parsed.error)}`);
      const registration = await registerPhone(engine, parsed.data.number, (number, identity) =>
        token({ role: 'phone', number, identity }),
      );
      return response(201, registration);
    }
    if (method === 'GET' && pathname === '/api/session') {
      const principal: SessionInfo = await authenticate(tokenTable, localPort(engine), bearer);
      return response(200, principal);
    }
    throw new ContactCenterError('CC_NOT_FOUND', `No API endpoint ${method} ${pathname}`);
  };

  const fetchFn: FetchLike = async (url, init) => {
    // Unreachable: what a browser's fetch does (a TypeError), which the clients report as CC_DISCONNECTED.
    if (!reachable || closed) throw new TypeError('Failed to fetch');
    await Promise.resolve(); // an answer takes a turn
    try {
      return await api(url, init);
    } catch (e) {
      if (e instanceof ContactCenterError) return errorResponse(e);
      onError(`${init?.method ?? 'GET'} ${url} failed`, e);
      return errorResponse(new ContactCenterError('CC_INTERNAL', 'The server failed; the operation did not happen'));
    }
  };

  const dropAll = (code: number) => {
    for (const s of [...sockets.keys()]) s.drop(code);
  };

  return {
    serverUrl: SERVER_URL,
    WebSocket: Socket,
    fetch: fetchFn,
    get engine() {
      return engine;
    },
    repository,
    agent: (identity, clientOptions = {}) =>
      createAgentClient({
        serverUrl: SERVER_URL,
        identity,
        WebSocket: Socket,
        fetch: fetchFn,
        reconnect: FAST_RECONNECT,
        ...clientOptions,
      }),
    customers: (clientOptions = {}) =>
      createCustomerClient({
        serverUrl: SERVER_URL,
        WebSocket: Socket,
        fetch: fetchFn,
        reconnect: FAST_RECONNECT,
        ...clientOptions,
      }),
    phone: (number, clientOptions = {}) =>
      createPhoneClient({
        serverUrl: SERVER_URL,
        number,
        WebSocket: Socket,
        fetch: fetchFn,
        reconnect: FAST_RECONNECT,
        ...clientOptions,
      }),
    get connections() {
      return sockets.size;
    },
    drop(identity) {
      for (const [socket, principal] of [...sockets])
        if (identity === undefined || (principal.role === 'agent' && principal.identity === identity))
          socket.drop(1006);
    },
    outage() {
      reachable = false;
      dropAll(1006);
    },
    restore() {
      reachable = true;
    },
    async restart() {
      reachable = false;
      dropAll(1001);
      hub.dispose();
      await engine.close();
      ({ engine, hub } = await openEngine());
      reachable = true;
    },
    async close() {
      if (closed) return;
      closed = true;
      dropAll(1001);
      hub.dispose();
      await engine.close();
    },
  };
}
