/**
 * The dev server's Server-Sent Events stream, which every open agent desktop follows
 * (`devReload.ts` of the agent desktop): `event: plugin-rebuilt` tells it to reload one plugin
 * in place. Also answers `/__switchboard/dev.json`, where the desktop learns the stream's path
 * (`{ events, desktops }`: how many pages follow it now).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where the desktop asks whether a dev server runs (see the agent desktop's config.ts). */
export const DEV_INFO_PATH = '/__switchboard/dev.json';
/** The event stream's path. */
export const DEV_EVENTS_PATH = '/__switchboard/events';
/** A comment line now and then keeps proxies and idle timeouts from closing the stream. */
const KEEP_ALIVE_MS = 15_000;

/** The SSE stream of `start`: who is listening, and one message to all of them. */
export class DevEventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly path: string = DEV_EVENTS_PATH) {
    this.timer = setInterval(() => {
      for (const res of this.clients) res.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    this.timer.unref();
  }

  /** How many pages follow the stream now. */
  get listeners(): number {
    return this.clients.size;
  }

  /** Answers the stream's and dev.json's requests; false for anything else. */
  handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === DEV_INFO_PATH) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ events: this.path, desktops: this.clients.size }));
      return true;
    }
    if (pathname !== this.path || req.method !== 'GET') return false;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    // Reconnect quickly after a restart of the dev server.
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
    return true;
  };

  /** Sends `event` with `data` (JSON) to every listener; returns how many got it. */
  send(event: string, data: unknown): number {
    const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of this.clients) res.write(message);
    return this.clients.size;
  }

  /** Ends every stream (so the HTTP server can close). */
  close(): void {
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
