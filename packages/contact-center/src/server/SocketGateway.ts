/**
 * The WebSocket side of the server: checks each upgrade (path, origin, token, connections per
 * agent or conversation) before a socket exists, then carries frames between the socket and
 * the protocol hub (gateway/Hub). What only a network has is here: binary frames, the frame
 * size, the customer's frame budget before parsing, JSON, slow readers and heartbeats.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ContactCenterError } from '../errors';
import { SOCKET_PATH } from '../protocol';
import type { ContactCenter } from '../engine/ContactCenter';
import type { Principal } from '../engine/principal';
import { authenticate, type TokenVerifier } from '../gateway/authenticate';
import { Hub, type HubConnection } from '../gateway/Hub';
import type { Rate } from '../gateway/RateLimiter';
import { httpStatus } from './httpErrors';
import type { Logger } from './logger';
import { peekRequestId } from './peekRequestId';

export interface GatewayOptions {
  engine: ContactCenter;
  tokens: TokenVerifier;
  isAllowedOrigin(origin: string | undefined): boolean;
  /** Hard limit: ws closes the connection (1009) above it. */
  maxPayload: number;
  /** Soft limit: a larger frame gets a CC_TOO_LARGE error and the connection stays. */
  maxFrameBytes: number;
  maxMessageLength: number;
  /** Open sockets at once per agent (worker) and per customer (channel); more are refused (429). */
  maxConnections: { agent: number; customer: number };
  rateLimit: { messages: Rate; typing: Rate; frames: Rate };
  logger: Logger;
}

/** A slow consumer with this much unsent data is dropped (it resyncs on reconnect). */
const MAX_BUFFERED = 8 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export class SocketGateway {
  private readonly wss: WebSocketServer;
  private readonly hub: Hub;
  /** Sockets that answered the last ping. */
  private readonly alive = new WeakSet<WebSocket>();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  /** Agents' sockets by sign-in session (closed when it signs out). */
  private readonly bySession = new Map<string, Set<WebSocket>>();

  constructor(private readonly options: GatewayOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, perMessageDeflate: false });
    this.hub = new Hub({
      engine: options.engine,
      maxMessageLength: options.maxMessageLength,
      rateLimit: options.rateLimit,
      onError: (message, error) => options.logger.error(message, error),
    });
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Open connections (agents and customers). */
  get connections(): number {
    return this.wss.clients.size;
  }

  /** The `upgrade` handler of the HTTP server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    void this.authorize(req).then(
      (principal) => {
        // Counted here, in the same turn as the connection is registered (ws completes the
        // upgrade synchronously), so concurrent upgrades cannot both take the last place.
        const refusal = this.overConnectionLimit(principal);
        if (refusal) return refuse(socket, refusal);
        this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, principal));
      },
      (error: unknown) => {
        if (error instanceof ContactCenterError) return refuse(socket, error);
        this.options.logger.error('upgrade failed', error);
        refuse(socket, new ContactCenterError('CC_INTERNAL', 'The server failed; try again'));
      },
    );
  }

  /** Closes the sockets of sign-in session `sid` on this instance (4001: signed out). */
  closeSession(sid: string): void {
    for (const ws of this.bySession.get(sid) ?? []) ws.close(4001, 'Signed out');
  }

  /** Closes every connection (1001: going away) and the WebSocket server. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.hub.dispose();
    const closing = [...this.wss.clients].map(
      (ws) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => (ws.terminate(), resolve()), 1000);
          ws.once('close', () => (clearTimeout(timer), resolve()));
          ws.close(1001, 'The contact center is shutting down');
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async authorize(req: IncomingMessage): Promise<Principal> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== SOCKET_PATH)
      throw new ContactCenterError('CC_NOT_FOUND', `No WebSocket endpoint at ${url.pathname}`);
    // Browsers always send Origin; Node clients don't, and still need a token.
    if (!this.options.isAllowedOrigin(req.headers.origin)) {
      throw new ContactCenterError('CC_FORBIDDEN', `Origin ${req.headers.origin ?? ''} is not allowed`);
    }
    return authenticate(this.options.tokens, this.options.engine, url.searchParams.get('token'));
  }

  /**
   * Too many sockets for this worker (all its tokens together: logging in again gives a new
   * token, not more room) or this channel? A tab left open elsewhere still counts until it
   * closes; the client retries with its backoff and gets in once one has.
   */
  private overConnectionLimit(principal: Principal): ContactCenterError | undefined {
    const { agent, customer } = this.options.maxConnections;
    const open = this.hub.openFor(principal);
    const [max, who] =
      principal.role === 'agent'
        ? [agent, 'this agent']
        : principal.role === 'phone'
          ? [customer, `phone ${principal.number}`]
          : [customer, 'this conversation'];
    if (open < max) return undefined;
    return new ContactCenterError(
      'CC_RATE_LIMITED',
      `Too many connections for ${who} (${open} open, at most ${max}); close one and try again`,
    );
  }

  private onConnection(ws: WebSocket, principal: Principal): void {
    this.alive.add(ws);
    const conn = this.hub.open(principal, {
      send: (text) => this.send(ws, text),
      fail: (reason) => ws.close(1011, reason),
    });
    ws.on('pong', () => this.alive.add(ws));
    ws.on('message', (data, isBinary) => this.onFrame(conn, data, isBinary));
    ws.on('error', (error) => this.options.logger.debug('socket error', error));
    const session = principal.role === 'agent' ? principal.session : undefined;
    if (session !== undefined) {
      const set = this.bySession.get(session) ?? new Set<WebSocket>();
      this.bySession.set(session, set.add(ws));
    }
    ws.on('close', () => {
      conn.closed();
      if (session === undefined) return;
      const set = this.bySession.get(session);
      set?.delete(ws);
      if (set?.size === 0) this.bySession.delete(session);
    });
  }

  private onFrame(conn: HubConnection, data: RawData, isBinary: boolean): void {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    // Refusals before parsing still carry the request's id (peekRequestId: one pass over the
    // bytes, no object graph), so the client rejects the request at once instead of timing out.
    const peek = () => (isBinary ? null : peekRequestId(bytes));
    // Cheapest refusal first: a flooding customer costs one bucket check per frame.
    if (!conn.takeFrame()) return conn.refuse(peek(), 'CC_RATE_LIMITED', 'Too many frames');
    if (isBinary) return conn.refuse(null, 'CC_BAD_REQUEST', 'Binary frames are not supported; send JSON text');
    if (bytes.length > this.options.maxFrameBytes) {
      return conn.refuse(
        peek(),
        'CC_TOO_LARGE',
        `Frame of ${bytes.length} bytes is over the limit of ${this.options.maxFrameBytes}`,
      );
    }
    let frame: unknown;
    try {
      frame = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      return conn.refuse(null, 'CC_BAD_REQUEST', `Malformed JSON: ${(e as Error).message}`);
    }
    conn.receive(frame);
  }

  private send(ws: WebSocket, text: string): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) {
      this.options.logger.warn('dropping a connection that does not read its frames');
      return ws.terminate();
    }
    ws.send(text);
  }

  private beat(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) ws.terminate();
      else {
        this.alive.delete(ws);
        ws.ping();
      }
    }
    this.hub.sweep();
  }
}

/** Answers a refused upgrade with a plain HTTP error (no socket is created). */
function refuse(socket: Duplex, error: ContactCenterError): void {
  const status = httpStatus(error.code);
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
