/**
 * A gateway instance's way to the engine when the engine runs on another instance: requests
 * go out on Redis and their answers come back on this instance's reply channel; the engine's
 * pushes arrive on the push channel. When no instance runs the engine (one just died and
 * another is taking over), a request waits for the next engine instance to announce itself
 * (up to `failoverWaitMs`), then fails with CC_UNAVAILABLE; a request in flight when the
 * engine instance changes fails at once with CC_UNAVAILABLE (the client resends what is
 * idempotent: messages carry their idempotency key).
 */
import { Emitter } from '@switchboard/actions/events';
import { ContactCenterError } from '../errors';
import type { Principal } from '../engine/principal';
import type { Push } from '../engine/PushPlanner';
import type { Reply } from '../gateway/dispatch';
import type { EnginePort, ValidRequest } from '../gateway/EnginePort';
import type { Bus } from './Bus';
import type { ClusterChannels, RpcBody, RpcReply, RpcRequest, WirePush } from './wire';

export interface RemotePortOptions {
  bus: Bus;
  instance: string;
  channels: ClusterChannels;
  /** How long a request waits for its answer (default 10,000 ms). */
  requestTimeoutMs: number;
  /** How long a request waits for an engine instance when there is none (default 15,000 ms). */
  failoverWaitMs: number;
  /** Resolves when an engine instance announces itself (or after `ms`). */
  nextLeader(ms: number): Promise<void>;
  onError(message: string, error: unknown): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: ContactCenterError): void;
  timer: ReturnType<typeof setTimeout>;
}

const unavailable = (message: string) => new ContactCenterError('CC_UNAVAILABLE', message);

export class RemotePort implements EnginePort {
  readonly pushes: Emitter<{ push: (push: Push) => void }>;
  private readonly pending = new Map<number, Pending>();
  private readonly originIds = new WeakMap<object, number>();
  private readonly origins = new Map<number, object>();
  private nextId = 1;
  private nextOrigin = 1;

  constructor(private readonly o: RemotePortOptions) {
    this.pushes = new Emitter<{ push: (push: Push) => void }>((error) => o.onError('push failed', error));
  }

  snapshot(principal: Principal): Promise<unknown> {
    return this.call({ op: 'snapshot', principal });
  }

  checkPrincipal(principal: Principal): Promise<string | null> {
    return this.call({ op: 'check', principal }) as Promise<string | null>;
  }

  dispatch(principal: Principal, request: ValidRequest, origin: object, reply: Reply): void {
    let id = this.originIds.get(origin);
    if (id === undefined) {
      id = this.nextOrigin++;
      this.originIds.set(origin, id);
      this.origins.set(id, origin);
    }
    this.call({ op: 'dispatch', principal, request, origin: id }).then(reply.result, reply.error);
  }

  forget(origin: object): void {
    const id = this.originIds.get(origin);
    if (id !== undefined) this.origins.delete(id);
  }

  /** A message on one of this instance's channels (replies, pushes). */
  receive(channel: string, text: string): void {
    if (channel === this.o.channels.reply(this.o.instance)) {
      const reply = JSON.parse(text) as RpcReply;
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      clearTimeout(p.timer);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new ContactCenterError(reply.code, reply.message));
      return;
    }
    if (channel === this.o.channels.push) {
      const wire = JSON.parse(text) as WirePush;
      const push: Push = { event: wire.event, data: wire.data as Push['data'] };
      if (wire.workers) push.workers = wire.workers;
      if (wire.channelSid !== undefined) push.channelSid = wire.channelSid;
      if (wire.allAgents) push.allAgents = true;
      if (wire.phones) push.phones = wire.phones;
      if (wire.except?.instance === this.o.instance) push.except = this.origins.get(wire.except.origin);
      this.pushes.emit('push', push);
    }
  }

  /** Fails every request in flight (the engine instance changed, or Redis went away). */
  failPending(reason: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(unavailable(reason));
    }
  }

  private async call(body: RpcBody): Promise<unknown> {
    const id = this.nextId++;
    const request: RpcRequest = { ...body, id, from: this.o.instance };
    const text = JSON.stringify(request);
    const deadline = Date.now() + this.o.failoverWaitMs;
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ContactCenterError('CC_TIMEOUT', `The engine did not answer within ${this.o.requestTimeoutMs} ms`));
      }, this.o.requestTimeoutMs + this.o.failoverWaitMs);
      this.pending.set(id, { resolve, reject, timer });
    });
    answer.catch(() => {}); // rejected without a listener while publishing fails: handled below
    for (;;) {
      let receivers: number;
      try {
        receivers = await this.o.bus.publish(this.o.channels.rpc, text);
      } catch (error) {
        this.settle(id);
        throw error;
      }
      if (receivers > 0) return answer;
      // No engine instance listens (one died; another is taking over): wait for its announcement.
      const left = deadline - Date.now();
      if (left <= 0 || !this.pending.has(id)) {
        this.settle(id);
        throw unavailable('No contact-center instance runs the engine right now; retry shortly');
      }
      await this.o.nextLeader(Math.min(left, 250));
    }
  }

  private settle(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
  }
}
