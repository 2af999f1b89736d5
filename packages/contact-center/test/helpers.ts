/**
 * Test helpers: the server in a child process (real Node: jose is ESM-only and Jest's CJS
 * runtime cannot load it in-process), a raw protocol client over `ws`, temp dirs and HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type { ContactCenterOptions } from '../src/server/startContactCenter';
import type { Engagement, RequestId, ServerFrame, WorkerInfo } from '../src/index';

/** The repository root (works from Jest's CJS and from run-ts's ESM bundles alike). */
function findRoot(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'scripts/run-ts.mjs')) && existsSync(path.join(dir, 'packages/contact-center')))
      return dir;
    if (path.dirname(dir) === dir) throw new Error('run this from inside the Switchboard repository');
  }
}
const ROOT = findRoot();
const ENTRY = path.join(ROOT, 'packages/contact-center/test/serverEntry.ts');

/** JSON-serialisable server options. */
export type ServerOptions = Omit<ContactCenterOptions, 'logger' | 'handler'>;

/** Test-only set-up of the server process. */
export interface ServerExtras {
  /** `decode`: a `handler` that decodes `/plugins/<name>/<file>` as the local stack does. */
  handler?: 'decode';
  /** Collect what the server logs (debug included) in `ServerProcess.logs`. */
  logs?: boolean;
  /** Passwords to set at start, `{ identity: password }` (agents that exist). */
  passwords?: Record<string, string>;
}

/** A line the server logged. */
export interface LogLine {
  log: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  details: string[];
}

export interface ServerProcess {
  url: string;
  port: number;
  /** What the server logged so far, debug included (with `extras.logs`; else empty). */
  logs: LogLine[];
  /** The server's own pid (run-ts runs it in a grandchild). */
  pid: number;
  /** SIGTERM: a graceful close. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

/** Starts the contact center in a child process and waits for its ready line. */
export async function startServerProcess(options: ServerOptions, extras: ServerExtras = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'scripts/run-ts.mjs'), ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      SB_CC_OPTIONS: JSON.stringify({ port: 0, ...options }),
      ...(extras.logs ? { SB_CC_LOG: 'json' } : {}),
      ...(extras.handler ? { SB_CC_TEST_HANDLER: extras.handler } : {}),
      ...(extras.passwords ? { SB_CC_PASSWORDS: JSON.stringify(extras.passwords) } : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Passed through, and its end kept for the error of a server that exits before it is ready.
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const logs: LogLine[] = [];
  const ready = await new Promise<{ url: string; port: number; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 20 s')), 20_000);
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: boolean; url: string; port: number; pid: number } & Partial<LogLine>;
        if (msg.log) logs.push(msg as LogLine);
        else if (msg.ready) {
          clearTimeout(timer);
          resolve(msg);
        }
      } catch {
        // not the ready line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before it was ready: ${stderr.trim()}`));
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    try {
      process.kill(ready.pid, sig);
    } catch {
      // already gone
    }
    await exited;
    lines.close();
    child.stdin?.destroy();
  };
  return { ...ready, logs, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

/**
 * Waits until `check` (sync or async) holds, polling every 50 ms; throws naming `what` after
 * `timeoutMs`.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fresh temp dir and its removal. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-cc-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** POSTs JSON; returns the status and the parsed body. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

export async function get(url: string, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

export async function login(serverUrl: string, identity: string): Promise<{ token: string; worker: WorkerInfo }> {
  const res = await post(`${serverUrl}/api/agents/login`, { identity });
  if (res.status !== 200) throw new Error(`login ${identity}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function engage(serverUrl: string, formData: Record<string, string> = {}): Promise<Engagement> {
  const res = await post(`${serverUrl}/api/webchat/engagements`, { formData });
  if (res.status !== 201) throw new Error(`engagement: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

type Frame = ServerFrame & { id?: RequestId | null };

/** A protocol-level client: sends raw frames, waits for the frames it expects. */
export class RawClient {
  readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 1;
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
  }

  /** Opens a socket with `token` and waits for the snapshot. */
  static async connect(serverUrl: string, token: string, headers: Record<string, string> = {}): Promise<RawClient> {
    const ws = new WebSocket(`${serverUrl.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`, { headers });
    const client = new RawClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    client.snapshot = (await client.next((f) => f.type === 'snapshot')).snapshot;
    return client;
  }

  /** Tries to open a socket; resolves with the HTTP status of a refused upgrade (101 when it opened). */
  static async upgradeStatus(serverUrl: string, query: string, headers: Record<string, string> = {}): Promise<number> {
    const ws = new WebSocket(`${serverUrl.replace('http', 'ws')}/ws${query}`, { headers });
    return new Promise<number>((resolve) => {
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.once('error', () => resolve(0));
    });
  }

  /** The snapshot the connection started with. */
  snapshot: any;

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Sends `{ type, id, ...params }` and resolves with its reply (result or error frame). */
  async request(type: string, params: Record<string, unknown> = {}): Promise<any> {
    const id = `t${this.nextId++}`;
    this.ws.send(JSON.stringify({ type, id, ...params }));
    return this.next((f) => (f.type === 'result' || f.type === 'error') && f.id === id);
  }

  /** Like request, but returns the result and throws the error frame. */
  async ok(type: string, params: Record<string, unknown> = {}): Promise<any> {
    const reply = await this.request(type, params);
    if (reply.type === 'error') throw new Error(`${type}: ${reply.code} ${reply.message}`);
    return reply.result;
  }

  /** Takes the first received frame that matches (waiting for it if needed). */
  async next(match: (f: any) => boolean, timeoutMs = 3000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(match);
      if (i >= 0) return this.frames.splice(i, 1)[0];
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 800)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  /** Resolves with the event frame `event` whose data matches. */
  event(event: string, match: (data: any) => boolean = () => true, timeoutMs?: number): Promise<any> {
    return this.next((f) => f.type === 'event' && f.event === event && match(f.data), timeoutMs).then((f) => f.data);
  }

  /** True if no frame matching arrives within `ms`. */
  async none(match: (f: any) => boolean, ms = 200): Promise<boolean> {
    try {
      await this.next(match, ms);
      return false;
    } catch {
      return true;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
