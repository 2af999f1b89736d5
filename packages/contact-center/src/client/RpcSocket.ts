/**
 * One reconnecting WebSocket carrying requests with correlation ids: the engine of both
 * clients. It keeps reconnecting (exponential backoff with jitter) until `stop()`, waits for
 * the server's snapshot before it calls itself connected, and resends retryable requests
 * (sendMessage, whose clientId makes a resend harmless) after a reconnect; any other request
 * made or in flight while disconnected rejects with CC_DISCONNECTED.
 *
 * A retryable request has no deadline: it waits, however long the server is away, until the
 * server answers it (stored, or refused with a reason) or the client stops for good. While it
 * is on the wire, `requestTimeoutMs` without an answer means the connection is dead (a
 * half-open TCP connection, a frozen server): the socket is dropped and a new one resends it.
 */
import { ContactCenterError } from '../errors';
import type { ServerFrame } from '../protocol';
import type { ConnectionState } from '../provider';

/**
 * The part of a WebSocket the clients use: the browser's `WebSocket` and the `ws` package's
 * both fit.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `ws`'s `WebSocket` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** How a client reconnects after its connection drops. */
export interface ReconnectOptions {
  /** First delay (default 250 ms); doubled on each failed attempt. */
  initialDelayMs?: number;
  /** Longest delay (default 10,000 ms). */
  maxDelayMs?: number;
}

/** Event-frame type, as the socket hands it on. */
export type EventFrame = Extract<ServerFrame, { type: 'event' }>;

export interface RpcSocketOptions<S> {
  /** The URL to connect to (with a fresh token); throwing a ContactCenterError ends the client. */
  url: () => Promise<string>;
  WebSocket: WebSocketConstructor;
  reconnect: ReconnectOptions | false;
  requestTimeoutMs: number;
  onState(state: ConnectionState): void;
  onSnapshot(snapshot: S): void;
  onEvent(frame: EventFrame): void;
  /**
   * A connection attempt failed before it opened (browsers don't say why): lets the client
   * find out (log in again, probe its token). Throw a ContactCenterError to stop for good.
   */
  onConnectFailed?: () => Promise<void>;
}

interface Pending {
  id: number;
  type: string;
  frame: string;
  retry: boolean;
  sent: boolean;
  /** The deadline: of the request (not retryable), or of the connection while it is on the wire (retryable). */
  timer: ReturnType<typeof setTimeout> | undefined;
  resolve(value: unknown): void;
  reject(error: ContactCenterError): void;
}

const OPEN = 1;
/** Close codes that end the client: a server closing with them says "don't come back with this token". */
const TERMINAL_CLOSE: Record<number, ContactCenterError['code']> = {
  /** The session was signed out (on this client or elsewhere). */
  4001: 'CC_UNAUTHORIZED',
  4401: 'CC_UNAUTHORIZED',
  4403: 'CC_FORBIDDEN',
};

export class RpcSocket<S> {
  private current: ConnectionState = 'idle';
  private ws: WebSocketLike | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshot: S | undefined;
  private first: Promise<S> | undefined;
  private settleFirst: { resolve(s: S): void; reject(e: ContactCenterError): void } | undefined;

  constructor(private readonly options: RpcSocketOptions<S>) {}

  get state(): ConnectionState {
    return this.current;
  }

  /** Starts connecting (once); resolves with the first snapshot. */
  start(): Promise<S> {
    if (this.current === 'closed') return Promise.reject(disconnected('The client was disconnected'));
    if (!this.first) {
      this.first = new Promise<S>((resolve, reject) => (this.settleFirst = { resolve, reject }));
      this.first.catch(() => {}); // the caller of start() gets the rejection; no unhandled one here
      void this.open();
    }
    return this.snapshot !== undefined ? Promise.resolve(this.snapshot) : this.first;
  }

  /** Closes for good: pending requests reject with CC_DISCONNECTED. */
  stop(reason = 'The client was disconnected'): void {
    this.fail(disconnected(reason));
  }

  /**
   * Sends a request and resolves with its result. `retry`: queue it while disconnected and
   * resend it after a reconnect (only for idempotent requests).
   */
  request<R>(type: string, params: object, retry = false): Promise<R> {
    if (this.current === 'closed') return Promise.reject(disconnected('The client is closed'));
    if (!retry && this.current !== 'connected') return Promise.reject(disconnected('Not connected'));
    return new Promise<R>((resolve, reject) => {
      const id = this.nextId++;
      const p: Pending = {
        id,
        type,
        frame: JSON.stringify({ ...params, type, id }),
        retry,
        sent: false,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: undefined,
      };
      if (!retry) {
        p.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(
            new ContactCenterError('CC_TIMEOUT', `No answer to ${type} within ${this.options.requestTimeoutMs} ms`),
          );
        }, this.options.requestTimeoutMs);
      }
      this.pending.set(id, p);
      if (this.current === 'connected') this.send(p);
    });
  }

  /** Sends a frame without an id (no reply unless it fails); dropped while disconnected. */
  notify(type: string, params: object): void {
    if (this.current === 'connected') this.ws?.send(JSON.stringify({ ...params, type }));
  }

  private setState(state: ConnectionState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onState(state);
  }

  private async open(): Promise<void> {
    this.retryTimer = undefined;
    this.setState(this.snapshot === undefined && this.attempt === 0 ? 'connecting' : 'reconnecting');
    let url: string;
    try {
      url = await this.options.url();
    } catch (error) {
      return this.failedAttempt(error);
    }
    if (this.current === 'closed') return;
    let ws: WebSocketLike;
    try {
      ws = new this.options.WebSocket(url);
    } catch (error) {
      return this.failedAttempt(error);
    }
    this.ws = ws;
    let gotSnapshot = false;
    ws.addEventListener('message', (event) => {
      if (this.ws !== ws) return;
      const frame = parse(event.data);
      if (frame?.type === 'snapshot') gotSnapshot = true;
      if (frame) this.onFrame(frame);
    });
    ws.addEventListener('close', (event) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.dropInFlight();
      const terminal = TERMINAL_CLOSE[event.code];
      if (terminal) return this.fail(new ContactCenterError(terminal, event.reason || 'The server refused the token'));
      if (gotSnapshot) {
        this.attempt = 0;
        this.scheduleReconnect();
      } else {
        void this.failedAttempt(undefined);
      }
    });
    ws.addEventListener('error', () => {}); // a close event follows; errors are handled there
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'snapshot': {
        this.snapshot = frame.snapshot as S;
        this.attempt = 0;
        this.setState('connected');
        this.options.onSnapshot(this.snapshot);
        this.settleFirst?.resolve(this.snapshot);
        this.settleFirst = undefined;
        for (const p of this.pending.values()) if (!p.sent) this.send(p);
        return;
      }
      case 'result':
      case 'error': {
        const p = typeof frame.id === 'number' ? this.pending.get(frame.id) : undefined;
        if (!p) return;
        this.pending.delete(p.id);
        clearTimeout(p.timer);
        if (frame.type === 'result') p.resolve(frame.result);
        else p.reject(new ContactCenterError(frame.code, frame.message));
        return;
      }
      case 'event':
        this.options.onEvent(frame);
    }
  }

  private send(p: Pending): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== OPEN) return;
    p.sent = true;
    ws.send(p.frame);
    if (p.retry) p.timer = setTimeout(() => this.unresponsive(ws, p), this.options.requestTimeoutMs);
  }

  /** A retryable request got no answer on `ws` in time: that connection is dead; a new one resends. */
  private unresponsive(ws: WebSocketLike, p: Pending): void {
    if (this.ws !== ws || !this.pending.has(p.id)) return;
    this.ws = undefined;
    try {
      ws.close(4000, `no answer to ${p.type} within ${this.options.requestTimeoutMs} ms`);
    } catch {
      // a socket that cannot close is dropped all the same
    }
    this.dropInFlight();
    this.scheduleReconnect();
  }

  /** The socket dropped: requests that may be resent wait for the next connection, the rest fail. */
  private dropInFlight(): void {
    for (const p of [...this.pending.values()]) {
      if (p.retry) {
        p.sent = false;
        clearTimeout(p.timer);
        p.timer = undefined;
      } else if (p.sent) {
        this.pending.delete(p.id);
        clearTimeout(p.timer);
        p.reject(disconnected('The connection dropped before the server answered'));
      }
    }
  }

  private async failedAttempt(error: unknown): Promise<void> {
    if (this.current === 'closed') return;
    if (error instanceof ContactCenterError && error.code !== 'CC_DISCONNECTED') return this.fail(error);
    try {
      await this.options.onConnectFailed?.();
    } catch (e) {
      if (e instanceof ContactCenterError && e.code !== 'CC_DISCONNECTED') return this.fail(e);
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.current === 'closed') return;
    const { reconnect } = this.options;
    if (reconnect === false) return this.fail(disconnected('The connection closed (reconnect is off)'));
    this.setState('reconnecting');
    const base = Math.min(reconnect.maxDelayMs ?? 10_000, (reconnect.initialDelayMs ?? 250) * 2 ** this.attempt++);
    // Jitter spreads the reconnects of many clients after a server restart.
    this.retryTimer = setTimeout(() => void this.open(), base * (0.5 + Math.random() / 2));
  }

  private fail(error: ContactCenterError): void {
    if (this.current === 'closed') return;
    clearTimeout(this.retryTimer);
    const ws = this.ws;
    this.ws = undefined;
    try {
      ws?.close(1000, 'client closed');
    } catch {
      // closing a socket that is still connecting throws in some implementations; it is gone anyway
    }
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
    this.settleFirst?.reject(error);
    this.settleFirst = undefined;
    this.setState('closed');
  }
}

const disconnected = (message: string) => new ContactCenterError('CC_DISCONNECTED', message);

function parse(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as ServerFrame;
  } catch {
    return undefined;
  }
}
