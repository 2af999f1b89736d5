/**
 * A static HTTP server for browser tests and benchmarks: serves files from memory on
 * 127.0.0.1 (a random free port) and records every request. A file can answer any status,
 * late (`delayMs`), when a test says so (`gate`), or never (`hang`), and can leave out CORS,
 * so tests can register generated bundles, manifests, pages and the harness bundle and
 * inject transport faults.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One file the server answers with. */
export interface ServedFile {
  body: string | Uint8Array;
  /** Default: from the path's extension (see {@link contentTypeOf}). */
  contentType?: string;
  /** Default 200. */
  status?: number;
  /** More response headers (they win over the defaults). */
  headers?: Record<string, string>;
  /** Never answer (the request stays open until the client gives up or the server closes). */
  hang?: boolean;
  /**
   * A response in flight: the headers go at once, the body only once this settles (so a
   * test decides when a bundle arrives).
   */
  gate?: Promise<unknown>;
  /** Answer after this many milliseconds. */
  delayMs?: number;
  /** Send `Access-Control-Allow-Origin: *`. Default true (false: a CDN that forgot CORS). */
  cors?: boolean;
}

/** A request the server received. */
export interface ServedRequest {
  method: string;
  path: string;
  /** When it arrived (ms since the epoch). */
  time: number;
  /** The status it was answered with, once the whole response is sent; `pending` until then (forever, for `hang`). */
  status: number | 'pending';
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly origin: string;
  /** Absolute URL of `path`. */
  url(path: string): string;
  /** Serves `file` at `path` (replacing what was there). `path` starts with `/`. */
  set(path: string, file: ServedFile | string): void;
  /** Stops serving `path` (it answers 404). */
  delete(path: string): void;
  /** Every request so far, in arrival order. */
  readonly requests: readonly ServedRequest[];
  /** Stops listening and drops every open connection (pending ones included). */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Content-Type of a path, by its extension. */
export function contentTypeOf(path: string): string {
  const ext = /\.[a-z0-9]+$/i.exec(path)?.[0]?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}

const CORS = { 'access-control-allow-origin': '*' } as const;
const NO_STORE = { 'cache-control': 'no-store' } as const;

/** Starts a server on 127.0.0.1 on a free port, serving `files` (more can be `set` later). */
export async function startStaticServer(files: Record<string, ServedFile | string> = {}): Promise<StaticServer> {
  const served = new Map<string, ServedFile>();
  const requests: ServedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closed = false;
  const normalize = (file: ServedFile | string): ServedFile => (typeof file === 'string' ? { body: file } : file);
  for (const [path, file] of Object.entries(files)) served.set(path, normalize(file));

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const answer = (req: IncomingMessage, res: ServerResponse, record: ServedRequest, file: ServedFile | undefined) => {
    if (closed || res.destroyed) return; // the client or close() gave up on it
    const status = file?.status ?? (file ? 200 : 404);
    const body = file ? file.body : `Not found: ${record.path}\n`;
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    res.writeHead(status, {
      ...(file?.cors === false ? {} : CORS),
      ...NO_STORE,
      'content-type': file ? (file.contentType ?? contentTypeOf(record.path)) : 'text/plain; charset=utf-8',
      'content-length': String(bytes.byteLength),
      ...file?.headers,
    });
    const end = () => {
      if (closed || res.destroyed) return;
      record.status = status;
      res.end(req.method === 'HEAD' ? undefined : bytes);
    };
    if (!file?.gate) return end();
    res.flushHeaders();
    void file.gate.then(end, end);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const record: ServedRequest = { method: req.method ?? 'GET', path, time: Date.now(), status: 'pending' };
    requests.push(record);
    if (req.method === 'OPTIONS') {
      record.status = 204;
      res.writeHead(204, { ...CORS, 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': '*' });
      res.end();
      return;
    }
    const file = served.get(path);
    if (file?.hang) return; // never answered; dropped by close()
    if (file?.delayMs) later(file.delayMs, () => answer(req, res, record, file));
    else answer(req, res, record, file);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    url: (path) => new URL(path, origin).href,
    set(path, file) {
      served.set(path, normalize(file));
    },
    delete(path) {
      served.delete(path);
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
