/**
 * A WebSocket without a network: the client end of an in-memory pipe to the hub. It behaves
 * as a browser's WebSocket does for the clients: it opens (or fails to, with a 1006 close),
 * carries JSON text frames both ways, each in its own turn and in order, and closes with a
 * code. The clients cannot tell it from a real one.
 */
import type { WebSocketLike } from '../client/RpcSocket';
import type { FrameSink, HubConnection } from '../gateway/Hub';

type Listener = (event: never) => void;

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** What the socket needs from its contact center. */
export interface SocketServer {
  /** Opens the server end for this URL's token; undefined when the connection is refused (1006). */
  accept(url: string, socket: InProcessSocket): Promise<((sink: FrameSink) => HubConnection) | undefined>;
  /** The socket closed (either end): the server forgets it. */
  forget(socket: InProcessSocket): void;
}

export class InProcessSocket implements WebSocketLike {
  readyState: number = CONNECTING;
  private readonly listeners = new Map<string, Listener[]>();
  private server: HubConnection | undefined;
  /** Frames to the client, delivered one per microtask turn, in order. */
  private readonly inbox: string[] = [];
  private draining = false;

  constructor(
    readonly url: string,
    private readonly host: SocketServer,
  ) {
    // Opening takes a turn, as on a network: the client adds its listeners first.
    queueMicrotask(() => void this.open());
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    if (this.readyState !== OPEN) throw new Error('InProcessSocket: send while not open');
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch (e) {
      const message = `Malformed JSON: ${(e as Error).message}`;
      queueMicrotask(() => this.server?.refuse(null, 'CC_BAD_REQUEST', message));
      return;
    }
    const server = this.server;
    queueMicrotask(() => this.readyState === OPEN && server?.receive(frame));
  }

  close(code = 1000, reason = ''): void {
    this.shut(code, reason);
  }

  /** The server end closes the connection (an outage: 1006; shutting down: 1001). */
  drop(code: number, reason = ''): void {
    this.shut(code, reason);
  }

  private async open(): Promise<void> {
    if (this.readyState !== CONNECTING) return;
    const connect = await this.host.accept(this.url, this);
    if (this.readyState !== CONNECTING) return; // closed by the client meanwhile
    if (!connect) return this.shut(1006, '');
    this.readyState = OPEN;
    this.emit('open', {});
    this.server = connect({
      send: (text) => this.toClient(text),
      fail: (reason) => this.shut(1011, reason),
    });
  }

  private toClient(text: string): void {
    if (this.readyState !== OPEN) return;
    this.inbox.push(text);
    if (this.draining) return;
    this.draining = true;
    queueMicrotask(() => this.drain());
  }

  private drain(): void {
    const text = this.inbox.shift();
    if (text === undefined || this.readyState !== OPEN) {
      this.draining = false;
      return;
    }
    this.emit('message', { data: text });
    queueMicrotask(() => this.drain());
  }

  private shut(code: number, reason: string): void {
    if (this.readyState === CLOSED) return;
    const wasOpen = this.readyState === OPEN;
    this.readyState = CLOSED;
    this.inbox.length = 0;
    this.server?.closed();
    this.server = undefined;
    this.host.forget(this);
    queueMicrotask(() => {
      if (!wasOpen) this.emit('error', {});
      this.emit('close', { code, reason });
    });
  }

  private emit(type: string, event: unknown): void {
    for (const l of this.listeners.get(type) ?? []) (l as (e: unknown) => void)(event);
  }
}
