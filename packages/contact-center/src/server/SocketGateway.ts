/**
 * The WebSocket side of the server: checks each upgrade (path, origin, token) before a
 * socket exists, validates every inbound frame, dispatches it to the engine, and delivers the
 * engine's pushes to the connections concerned.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ContactCenterError } from '../errors';
import { authenticate } from './authenticate';
import { SOCKET_PATH, type RequestId } from '../protocol';
import type { ContactCenter, Principal, Push } from './ContactCenter';
import type { Logger } from './logger';
import { peekRequestId } from './peekRequestId';
import { RateLimiter, type Rate } from './RateLimiter';
import { FRAME_TYPES, agentFrames, customerFrames, describeIssues } from './schemas';
import type { TokenService } from './TokenService';
import { httpStatus } from './httpErrors';

export interface GatewayOptions {
  engine: ContactCenter;
  tokens: TokenService;
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

interface Connection {
  ws: WebSocket;
  principal: Principal;
  /** Frames held back until the snapshot is out. */
  backlog: string[] | null;
  alive: boolean;
}

/** A slow consumer with this much unsent data is dropped (it resyncs on reconnect). */
const MAX_BUFFERED = 8 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export class SocketGateway {
  private readonly wss: WebSocketServer;
  private readonly agents = new Set<Connection>();
  private readonly byWorker = new Map<string, Set<Connection>>();
  private readonly byChannel = new Map<string, Set<Connection>>();
  private readonly limits: { messages: RateLimiter; typing: RateLimiter; frames: RateLimiter };
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly unsubscribe: { dispose(): void };

  constructor(private readonly options: GatewayOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, perMessageDeflate: false });
    this.limits = {
      messages: new RateLimiter(options.rateLimit.messages),
      typing: new RateLimiter(options.rateLimit.typing),
      frames: new RateLimiter(options.rateLimit.frames),
    };
    this.unsubscribe = options.engine.pushes.on('push', (push) => this.deliver(push));
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

  /** Closes every connection (1001: going away) and the WebSocket server. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.unsubscribe.dispose();
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
    const [open, max, who] =
      principal.role === 'agent'
        ? [this.byWorker.get(principal.workerSid)?.size ?? 0, agent, 'this agent']
        : [this.byChannel.get(principal.channelSid)?.size ?? 0, customer, 'this conversation'];
    if (open < max) return undefined;
    return new ContactCenterError(
      'CC_RATE_LIMITED',
      `Too many connections for ${who} (${open} open, at most ${max}); close one and try again`,
    );
  }

  private onConnection(ws: WebSocket, principal: Principal): void {
    const conn: Connection = { ws, principal, backlog: [], alive: true };
    // Registered before the snapshot is taken, with pushes held back until it is sent: nothing
    // committed in between is missed (a message in both is dropped by the client's tracker).
    if (principal.role === 'agent') {
      this.agents.add(conn);
      add(this.byWorker, principal.workerSid, conn);
    } else add(this.byChannel, principal.channelSid, conn);
    ws.on('pong', () => (conn.alive = true));
    ws.on('message', (data, isBinary) => this.onFrame(conn, data, isBinary));
    ws.on('error', (error) => this.options.logger.debug('socket error', error));
    ws.on('close', () => {
      if (principal.role === 'agent') {
        this.agents.delete(conn);
        remove(this.byWorker, principal.workerSid, conn);
      } else remove(this.byChannel, principal.channelSid, conn);
    });
    const snapshot =
      principal.role === 'agent'
        ? Promise.resolve(this.options.engine.agentSnapshot(principal.workerSid))
        : this.options.engine.customerSnapshot(principal.channelSid);
    snapshot.then(
      (s) => {
        const backlog = conn.backlog ?? [];
        conn.backlog = null;
        this.send(conn, JSON.stringify({ type: 'snapshot', snapshot: s }));
        for (const frame of backlog) this.send(conn, frame);
      },
      (error: unknown) => {
        this.options.logger.error('snapshot failed', error);
        ws.close(1011, 'The snapshot could not be read');
      },
    );
  }

  private onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    const { principal } = conn;
    const key = principal.role === 'customer' ? principal.channelSid : undefined;
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    // Refusals before parsing still carry the request's id (peekRequestId: one pass over the
    // bytes, no object graph), so the client rejects the request at once instead of timing out.
    const peek = () => (isBinary ? null : peekRequestId(bytes));
    // Cheapest refusal first: a flooding customer costs one bucket check per frame.
    if (key !== undefined && !this.limits.frames.take(key))
      return this.error(conn, peek(), 'CC_RATE_LIMITED', 'Too many frames');
    if (isBinary) return this.error(conn, null, 'CC_BAD_REQUEST', 'Binary frames are not supported; send JSON text');
    if (bytes.length > this.options.maxFrameBytes) {
      return this.error(
        conn,
        peek(),
        'CC_TOO_LARGE',
        `Frame of ${bytes.length} bytes is over the limit of ${this.options.maxFrameBytes}`,
      );
    }
    let frame: unknown;
    try {
      frame = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      return this.error(conn, null, 'CC_BAD_REQUEST', `Malformed JSON: ${(e as Error).message}`);
    }
    const isObject = typeof frame === 'object' && frame !== null && !Array.isArray(frame);
    const rawId = isObject ? (frame as { id?: unknown }).id : undefined;
    const id: RequestId | null = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
    if (!isObject || typeof (frame as { type?: unknown }).type !== 'string')
      return this.error(conn, id, 'CC_BAD_REQUEST', 'A frame is a JSON object with a string "type"');
    const { type } = frame as { type: string };
    if (!FRAME_TYPES.has(type))
      return this.error(conn, id, 'CC_UNKNOWN_TYPE', `Unknown frame type "${type.slice(0, 64)}"`);
    if (key !== undefined) {
      const bucket =
        type === 'sendMessage' ? this.limits.messages : type === 'sendTyping' ? this.limits.typing : undefined;
      if (bucket && !bucket.take(key))
        return this.error(conn, id, 'CC_RATE_LIMITED', `Too many ${type} frames; slow down`);
    }
    const schema =
      principal.role === 'agent'
        ? agentFrames[type as keyof typeof agentFrames]
        : customerFrames[type as keyof typeof customerFrames];
    if (!schema) return this.error(conn, id, 'CC_FORBIDDEN', `"${type}" is not allowed for ${principal.role}s`);
    const parsed = schema.safeParse(frame);
    if (!parsed.success)
      return this.error(conn, id, 'CC_BAD_REQUEST', `Invalid ${type} frame: ${describeIssues(parsed.error)}`);
    const request = parsed.data as Record<string, unknown> & { type: string };
    if (typeof request.body === 'string' && request.body.length > this.options.maxMessageLength) {
      return this.error(
        conn,
        id,
        'CC_TOO_LARGE',
        `Message body of ${request.body.length} characters is over the limit of ${this.options.maxMessageLength}`,
      );
    }
    try {
      this.dispatch(conn, id, request);
    } catch (e) {
      this.fail(conn, id, e);
    }
  }

  private dispatch(conn: Connection, id: RequestId | null, r: Record<string, unknown> & { type: string }): void {
    const { engine } = this.options;
    const p = conn.principal;
    const str = (k: string) => r[k] as string;
    const reply = (result: Promise<unknown> | unknown) =>
      Promise.resolve(result).then(
        (value) => id !== null && this.send(conn, JSON.stringify({ type: 'result', id, result: value ?? null })),
        (e: unknown) => this.fail(conn, id, e),
      );
    // A customer's channel is its token's; naming another one is refused.
    const channelSid =
      p.role === 'customer' ? ((r.channelSid as string | undefined) ?? p.channelSid) : str('channelSid');
    if (p.role === 'customer' && channelSid !== p.channelSid)
      throw new ContactCenterError('CC_FORBIDDEN', 'A customer can only use its own channel');
    switch (r.type) {
      case 'sendMessage':
        return engine.sendMessage(p, channelSid, str('body'), str('clientId'), conn, (error, message) =>
          error
            ? this.fail(conn, id, error)
            : id !== null && this.send(conn, JSON.stringify({ type: 'result', id, result: message })),
        );
      case 'sendTyping':
        return void reply(engine.typing(p, channelSid, conn));
      case 'getMessages':
        return void reply(engine.getMessages(p, channelSid, r.afterIndex as number | undefined));
      case 'leave':
        return void reply(engine.leave(channelSid));
    }
    if (p.role !== 'agent') throw new ContactCenterError('CC_FORBIDDEN', `"${r.type}" is not allowed for customers`);
    const w = p.workerSid;
    switch (r.type) {
      case 'setActivity':
        return void reply(engine.setActivity(w, r.activity as 'Available'));
      case 'acceptReservation':
        return void reply(engine.acceptReservation(w, str('reservationSid')));
      case 'rejectReservation':
        return void reply(engine.rejectReservation(w, str('reservationSid')));
      case 'transferTask':
        return void reply(engine.transferTask(w, str('taskSid'), str('toWorkerSid')));
      case 'wrapupTask':
        return void reply(engine.wrapupTask(w, str('taskSid')));
      case 'completeTask':
        return void reply(engine.completeTask(w, str('taskSid')));
      case 'listWorkers':
        return void reply(engine.listWorkers());
      case 'logout':
        return void reply(engine.setActivity(w, 'Offline').then(() => null));
    }
  }

  private fail(conn: Connection, id: RequestId | null, e: unknown): void {
    if (e instanceof ContactCenterError) return this.error(conn, id, e.code, e.message);
    this.options.logger.error('request failed', e);
    this.error(conn, id, 'CC_INTERNAL', 'The server failed; the operation did not happen');
  }

  private error(conn: Connection, id: RequestId | null, code: ContactCenterError['code'], message: string): void {
    this.send(conn, JSON.stringify({ type: 'error', id, code, message }));
  }

  private send(conn: Connection, text: string): void {
    if (conn.backlog) return void conn.backlog.push(text);
    const { ws } = conn;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) {
      this.options.logger.warn('dropping a connection that does not read its frames');
      return ws.terminate();
    }
    ws.send(text);
  }

  private deliver(push: Push): void {
    const targets = new Set<Connection>();
    if (push.allAgents) for (const c of this.agents) targets.add(c);
    for (const w of push.workers ?? []) for (const c of this.byWorker.get(w) ?? []) targets.add(c);
    if (push.channelSid) for (const c of this.byChannel.get(push.channelSid) ?? []) targets.add(c);
    if (push.except) targets.delete(push.except as Connection);
    if (!targets.size) return;
    const text = JSON.stringify({ type: 'event', event: push.event, data: push.data });
    for (const c of targets) this.send(c, text);
  }

  private beat(): void {
    for (const conns of [this.agents, ...this.byChannel.values()]) {
      for (const c of conns) {
        if (!c.alive) c.ws.terminate();
        else {
          c.alive = false;
          c.ws.ping();
        }
      }
    }
    for (const l of Object.values(this.limits)) l.sweep();
  }
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  set?.delete(value);
  if (set && !set.size) map.delete(key);
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
