/**
 * The server side of the protocol, transport-free: the connections (by worker, by channel),
 * the snapshot each gets first (with what was pushed meanwhile held back until it is out),
 * every inbound request checked (shape, type, rate, schema, size) and dispatched to the
 * engine, every reply and push turned into a JSON text frame. The WebSocket gateway feeds it
 * the frames of sockets; the in-process contact center those of in-memory pipes: both speak
 * exactly the same protocol, refusals and codes included.
 */
import type { ZodType } from 'zod';
import { ContactCenterError } from '../errors';
import type { RequestId } from '../protocol';
import type { Principal } from '../engine/principal';
import type { Push } from '../engine/PushPlanner';
import { RateLimiter, type Rate } from './RateLimiter';
import { FRAME_TYPES, agentFrames, customerFrames, describeIssues, phoneFrames } from './schemas';
import type { EnginePort, ValidRequest } from './EnginePort';

/** Where a connection's frames go. */
export interface FrameSink {
  send(text: string): void;
  /** The snapshot could not be read: the connection must close (1011). */
  fail(reason: string): void;
}

/** One client's connection, as the hub knows it. */
export interface HubConnection {
  readonly principal: Principal;
  /** A JSON frame the client sent, parsed (the transport checked its size). */
  receive(frame: unknown): void;
  /** Refuses a frame the transport could not take (binary, too large, malformed JSON). */
  refuse(id: RequestId | null, code: ContactCenterError['code'], message: string): void;
  /**
   * Takes one frame from the customer's frame budget (before the transport parses it: a flood
   * costs one bucket check per frame); false when over it. Agents have no budget.
   */
  takeFrame(): boolean;
  /** The transport closed: the connection leaves the hub. */
  closed(): void;
}

export interface HubOptions {
  /** The engine, in this process or (in a cluster) on the instance that runs it. */
  engine: EnginePort;
  maxMessageLength: number;
  /** Per-customer token buckets (none: no limit). */
  rateLimit?: { messages: Rate; typing: Rate; frames: Rate };
  /** A request or snapshot that failed for an unexpected reason (not a ContactCenterError). */
  onError(message: string, error: unknown): void;
}

interface Connection extends HubConnection {
  sink: FrameSink;
  /** Frames held back until the snapshot is out. */
  backlog: string[] | null;
}

export class Hub {
  private readonly agents = new Set<Connection>();
  private readonly byWorker = new Map<string, Set<Connection>>();
  private readonly byChannel = new Map<string, Set<Connection>>();
  private readonly byPhone = new Map<string, Set<Connection>>();
  private readonly limits: { messages: RateLimiter; typing: RateLimiter; frames: RateLimiter } | undefined;
  private readonly subscription: { dispose(): void };

  constructor(private readonly options: HubOptions) {
    const rate = options.rateLimit;
    this.limits = rate && {
      messages: new RateLimiter(rate.messages),
      typing: new RateLimiter(rate.typing),
      frames: new RateLimiter(rate.frames),
    };
    this.subscription = options.engine.pushes.on('push', (push) => this.deliver(push));
  }

  /** Open connections of this worker or this channel (the principal's). */
  openFor(principal: Principal): number {
    return this.setOf(principal)?.size ?? 0;
  }

  /**
   * Registers a connection and sends it its snapshot first. It is registered before the
   * snapshot is taken, with pushes held back until the snapshot is out: nothing committed in
   * between is missed (a message in both is dropped by the client's tracker).
   */
  open(principal: Principal, sink: FrameSink): HubConnection {
    // Customers' and phones' frames are budgeted (agents' are not).
    const key =
      principal.role === 'customer'
        ? principal.channelSid
        : principal.role === 'phone'
          ? `phone:${principal.number}`
          : undefined;
    const conn: Connection = {
      principal,
      sink,
      backlog: [],
      receive: (frame) => this.onFrame(conn, frame),
      refuse: (id, code, message) => this.error(conn, id, code, message),
      takeFrame: () => key === undefined || !this.limits || this.limits.frames.take(key),
      closed: () => this.remove(conn),
    };
    if (principal.role === 'agent') {
      this.agents.add(conn);
      add(this.byWorker, principal.workerSid, conn);
    } else if (principal.role === 'phone') add(this.byPhone, principal.number, conn);
    else add(this.byChannel, principal.channelSid, conn);
    this.sendSnapshot(conn);
    return conn;
  }

  /**
   * Sends every connection a fresh snapshot (pushes held back meanwhile, as at the start): in a
   * cluster, after the engine moved to another instance or Redis came back, when pushes may
   * have been lost. A client takes a later snapshot as it takes one after a reconnect.
   */
  resync(): void {
    const all = new Set<Connection>(this.agents);
    for (const map of [this.byChannel, this.byPhone]) for (const set of map.values()) for (const c of set) all.add(c);
    for (const conn of all) {
      conn.backlog ??= [];
      this.sendSnapshot(conn);
    }
  }

  /** Forgets idle rate-limit buckets (call now and then). */
  sweep(): void {
    if (this.limits) for (const l of Object.values(this.limits)) l.sweep();
  }

  /** Stops following the engine's pushes. */
  dispose(): void {
    this.subscription.dispose();
  }

  private sendSnapshot(conn: Connection): void {
    this.options.engine.snapshot(conn.principal).then(
      (s) => {
        const backlog = conn.backlog ?? [];
        conn.backlog = null;
        this.send(conn, JSON.stringify({ type: 'snapshot', snapshot: s }));
        for (const frame of backlog) this.send(conn, frame);
      },
      (error: unknown) => {
        if (!(error instanceof ContactCenterError)) this.options.onError('snapshot failed', error);
        conn.sink.fail('The snapshot could not be read');
      },
    );
  }

  private remove(conn: Connection): void {
    const { principal } = conn;
    this.options.engine.forget?.(conn);
    if (principal.role === 'agent') {
      this.agents.delete(conn);
      remove(this.byWorker, principal.workerSid, conn);
    } else if (principal.role === 'phone') remove(this.byPhone, principal.number, conn);
    else remove(this.byChannel, principal.channelSid, conn);
  }

  private setOf(principal: Principal): Set<Connection> | undefined {
    if (principal.role === 'agent') return this.byWorker.get(principal.workerSid);
    if (principal.role === 'phone') return this.byPhone.get(principal.number);
    return this.byChannel.get(principal.channelSid);
  }

  private onFrame(conn: Connection, frame: unknown): void {
    const { principal } = conn;
    const isObject = typeof frame === 'object' && frame !== null && !Array.isArray(frame);
    const rawId = isObject ? (frame as { id?: unknown }).id : undefined;
    const id: RequestId | null = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : null;
    if (!isObject || typeof (frame as { type?: unknown }).type !== 'string')
      return this.error(conn, id, 'CC_BAD_REQUEST', 'A frame is a JSON object with a string "type"');
    const { type } = frame as { type: string };
    if (!FRAME_TYPES.has(type))
      return this.error(conn, id, 'CC_UNKNOWN_TYPE', `Unknown frame type "${type.slice(0, 64)}"`);
    if (principal.role === 'customer' && this.limits) {
      const bucket =
        type === 'sendMessage' ? this.limits.messages : type === 'sendTyping' ? this.limits.typing : undefined;
      if (bucket && !bucket.take(principal.channelSid))
        return this.error(conn, id, 'CC_RATE_LIMITED', `Too many ${type} frames; slow down`);
    }
    const frames: Record<string, ZodType | undefined> =
      principal.role === 'agent' ? agentFrames : principal.role === 'phone' ? phoneFrames : customerFrames;
    const schema = Object.hasOwn(frames, type) ? frames[type] : undefined;
    if (!schema) return this.error(conn, id, 'CC_FORBIDDEN', `"${type}" is not allowed for ${principal.role}s`);
    const parsed = schema.safeParse(frame);
    if (!parsed.success)
      return this.error(conn, id, 'CC_BAD_REQUEST', `Invalid ${type} frame: ${describeIssues(parsed.error)}`);
    const request = parsed.data as ValidRequest;
    const max = this.options.maxMessageLength;
    if (typeof request.body === 'string' && request.body.length > max) {
      return this.error(
        conn,
        id,
        'CC_TOO_LARGE',
        `Message body of ${request.body.length} characters is over the limit of ${max}`,
      );
    }
    this.options.engine.dispatch(principal, request, conn, {
      result: (value) => id !== null && this.send(conn, JSON.stringify({ type: 'result', id, result: value ?? null })),
      error: (e) => this.fail(conn, id, e),
    });
  }

  private fail(conn: Connection, id: RequestId | null, e: unknown): void {
    if (e instanceof ContactCenterError) return this.error(conn, id, e.code, e.message);
    this.options.onError('request failed', e);
    this.error(conn, id, 'CC_INTERNAL', 'The server failed; the operation did not happen');
  }

  private error(conn: Connection, id: RequestId | null, code: ContactCenterError['code'], message: string): void {
    this.send(conn, JSON.stringify({ type: 'error', id, code, message }));
  }

  private send(conn: Connection, text: string): void {
    if (conn.backlog) conn.backlog.push(text);
    else conn.sink.send(text);
  }

  private deliver(push: Push): void {
    const targets = new Set<Connection>();
    if (push.allAgents) for (const c of this.agents) targets.add(c);
    for (const w of push.workers ?? []) for (const c of this.byWorker.get(w) ?? []) targets.add(c);
    if (push.channelSid) for (const c of this.byChannel.get(push.channelSid) ?? []) targets.add(c);
    for (const n of push.phones ?? []) for (const c of this.byPhone.get(n) ?? []) targets.add(c);
    if (push.except) targets.delete(push.except as Connection);
    if (!targets.size) return;
    const text = JSON.stringify({ type: 'event', event: push.event, data: push.data });
    for (const c of targets) this.send(c, text);
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
