/**
 * One instance of a contact-center cluster: several server processes on one PostgreSQL and
 * one Redis. Exactly one of them runs the engine — the one holding the database's advisory
 * lock (`LeaderLock`) — and every routing decision, timer and write goes through it, so a
 * task is never offered twice and no agent goes over capacity whichever instance a client
 * uses. Every instance terminates WebSockets: the hub of a gateway instance reaches the
 * engine through Redis (`RemotePort`), the engine instance answers and publishes its pushes
 * (`EngineService`). When the engine instance dies, the next waiting instance gets the lock
 * at once, loads the working set from PostgreSQL (pending offers with their deadlines,
 * routing timeouts from each task's arrival), announces itself, and every instance resyncs
 * its connections with fresh snapshots.
 */
import { randomBytes } from 'node:crypto';
import { Emitter } from '@switchboard/actions/events';
import type { ContactCenter } from '../engine/ContactCenter';
import type { Push } from '../engine/PushPlanner';
import type { Reply } from '../gateway/dispatch';
import { localPort, type EnginePort, type ValidRequest } from '../gateway/EnginePort';
import type { Principal } from '../engine/principal';
import { Bus } from './Bus';
import { EngineService } from './EngineService';
import { LeaderLock } from './LeaderLock';
import { RemotePort } from './RemotePort';
import { clusterChannels, type ClusterChannels, type ControlMessage, type LeaderAnnouncement } from './wire';

/** The cluster settings of `startContactCenter` (`cluster`). */
export interface ClusterOptions {
  /** The Redis every instance shares: `redis://127.0.0.1:6379`. */
  redis: string;
  /** This instance's name (default: random); unique in the cluster. */
  instanceId?: string;
  /** The prefix of the Redis channels and keys (default `switchboard`): clusters sharing a Redis need different ones. */
  prefix?: string;
  /** How long a gateway instance waits for the engine's answer (default 10,000 ms). */
  requestTimeoutMs?: number;
  /** How long a request waits for a new engine instance when there is none (default 15,000 ms). */
  failoverWaitMs?: number;
}

/** What a cluster instance knows of itself, on `ContactCenterServer.cluster`. */
export interface ClusterStatus {
  readonly instanceId: string;
  /** Does this instance run the engine now? */
  readonly isEngine: boolean;
  /** The engine instance, as last announced (null before any). */
  readonly engine: LeaderAnnouncement | null;
  /** Is Redis reachable? */
  readonly redisConnected: boolean;
}

/** The engine's side, opened when this instance takes the lock. */
export interface EngineStack {
  engine: ContactCenter;
  /** Stops it: queued writes are stored first. */
  close(): Promise<void>;
}

export interface ClusterNodeEvents {
  /** Connections must resync (fresh snapshots): the engine moved, or Redis came back. */
  resync: (reason: string) => void;
  /** This instance now runs the engine (true) or stopped running it (false). */
  engineChanged: (isEngine: boolean) => void;
  /** A sign-in session was revoked (on any instance): its sockets on this one must close. */
  sessionRevoked: (sid: string) => void;
}

export interface ClusterNodeOptions extends ClusterOptions {
  /** The PostgreSQL URL (the advisory lock's own connection). */
  databaseUrl: string;
  /** This instance's HTTP address (announced when it runs the engine). */
  url(): string;
  /** Opens the engine's side (the working set loaded from the database). */
  openEngine(): Promise<EngineStack>;
  onError(message: string, error: unknown): void;
  log(message: string): void;
}

export class ClusterNode implements ClusterStatus {
  readonly events: Emitter<ClusterNodeEvents>;
  /** The hub's engine, wherever it runs. */
  readonly port: EnginePort;
  readonly instanceId: string;
  private readonly channels: ClusterChannels;
  private readonly lock: LeaderLock;
  private readonly remote: RemotePort;
  /** The port's pushes: the engine's here when this instance runs it, else those from Redis. */
  private readonly pushes: Emitter<{ push: (push: Push) => void }>;
  private stack: EngineStack | undefined;
  private local: EnginePort | undefined;
  private service: EngineService | undefined;
  private announced: LeaderAnnouncement | null = null;
  private leaderWaiters = new Set<() => void>();
  private closed = false;
  private key = '';

  private constructor(
    private readonly bus: Bus,
    private readonly o: ClusterNodeOptions,
  ) {
    this.events = new Emitter<ClusterNodeEvents>((error, event) =>
      o.onError(`cluster ${String(event)} listener failed`, error),
    );
    this.instanceId = o.instanceId ?? `cc-${randomBytes(4).toString('hex')}`;
    this.channels = clusterChannels(o.prefix ?? 'switchboard');
    this.lock = new LeaderLock(o.databaseUrl, o.onError);
    this.remote = new RemotePort({
      bus,
      instance: this.instanceId,
      channels: this.channels,
      requestTimeoutMs: o.requestTimeoutMs ?? 10_000,
      failoverWaitMs: o.failoverWaitMs ?? 15_000,
      nextLeader: (ms) => this.nextLeader(ms),
      onError: o.onError,
    });
    this.pushes = new Emitter<{ push: (push: Push) => void }>((error) => o.onError('push failed', error));
    this.remote.pushes.on('push', (push) => {
      if (!this.stack) this.pushes.emit('push', push);
    });
    this.port = {
      pushes: this.pushes,
      snapshot: (principal: Principal) => (this.local ?? this.remote).snapshot(principal),
      dispatch: (principal: Principal, request: ValidRequest, origin: object, reply: Reply) =>
        (this.local ?? this.remote).dispatch(principal, request, origin, reply),
      checkPrincipal: (principal: Principal) => (this.local ?? this.remote).checkPrincipal(principal),
      forget: (origin: object) => this.remote.forget(origin),
    };
  }

  /**
   * Joins the cluster: connects to Redis (failing in one line when it does not answer) and
   * learns the engine instance; {@link start} then competes for the engine lock.
   */
  static async join(o: ClusterNodeOptions): Promise<ClusterNode> {
    const bus = await Bus.open(o.redis, o.onError);
    const node = new ClusterNode(bus, o);
    await node.init();
    return node;
  }

  get isEngine(): boolean {
    return this.stack !== undefined;
  }

  get engine(): LeaderAnnouncement | null {
    return this.announced;
  }

  get redisConnected(): boolean {
    return this.bus.connected;
  }

  /** The engine of this instance, when it runs it. */
  get engineStack(): EngineStack | undefined {
    return this.stack;
  }

  /** The key other instances prove themselves with when they forward HTTP requests here. */
  get clusterKey(): string {
    return this.key;
  }

  /** Leaves: stops the engine (its writes stored), releases the lock (another instance takes over), disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.stepDown('this instance is stopping');
    await this.lock.close();
    this.remote.failPending('This instance is stopping');
    this.bus.close();
  }

  /** Tells every instance (this one included) that a sign-in session was revoked. */
  async sessionRevoked(sid: string): Promise<void> {
    const message: ControlMessage = { kind: 'sessionRevoked', sid };
    await this.bus.publish(this.channels.control, JSON.stringify(message)).catch(() => {
      // Redis is away: the session is refused at the next token check all the same.
    });
  }

  private async init(): Promise<void> {
    const { bus, channels } = this;
    bus.events.on('message', (channel, text) => {
      if (channel === channels.leader) return this.onAnnouncement(text);
      if (channel === channels.control) return this.onControl(text);
      try {
        this.remote.receive(channel, text);
      } catch (error) {
        this.o.onError('cluster: a malformed message on the bus', error);
      }
    });
    bus.events.on('lost', () => {
      this.o.log('cluster: Redis is unreachable; clients of other instances miss events until it is back');
      this.remote.failPending('The cluster lost Redis; retry shortly');
    });
    bus.events.on('resumed', () => {
      this.o.log('cluster: Redis is back; resyncing connections');
      if (this.stack) void this.announce();
      else void this.readLeader();
      this.events.emit('resync', 'Redis came back');
    });
    await bus.subscribe(channels.leader, channels.control, channels.push, channels.reply(this.instanceId));
    // The first instance's key wins; the others read it.
    await bus.setIfAbsent(channels.clusterKey, randomBytes(24).toString('base64url')).catch(() => {});
    this.key = (await bus.get(channels.clusterKey)) ?? '';
    await this.readLeader();
    this.lock.events.on('lost', (reason) => {
      this.o.log(`cluster: ${this.instanceId} lost the engine lock (${reason}); stopping its engine`);
      void this.stepDown(reason).then(() => this.campaign());
    });
  }

  /**
   * Starts competing for the engine (in the background). Call it once this instance listens:
   * it announces its address when it takes over.
   */
  start(): void {
    this.campaign();
  }

  /** Waits for the engine lock in the background, then takes over. */
  private campaign(): void {
    if (this.closed) return;
    void this.lock.acquire().then(
      (held) => (held ? this.takeOver() : undefined),
      (error: unknown) => this.o.onError('cluster: waiting for the engine lock failed', error),
    );
  }

  private async takeOver(): Promise<void> {
    const started = Date.now();
    let stack: EngineStack;
    try {
      stack = await this.o.openEngine();
    } catch (error) {
      this.o.onError('cluster: opening the engine failed; releasing the lock', error);
      await this.lock.close();
      return;
    }
    if (this.closed) return void (await stack.close());
    this.stack = stack;
    this.local = localPort(stack.engine);
    stack.engine.pushes.on('push', (push) => this.pushes.emit('push', push));
    this.service = new EngineService(this.bus, stack.engine, this.instanceId, this.channels, this.o.onError);
    await this.service.start();
    this.remote.failPending('The engine moved to another instance; retry');
    await this.announce();
    this.o.log(`cluster: ${this.instanceId} runs the engine (took over in ${Date.now() - started} ms)`);
    this.events.emit('engineChanged', true);
    this.events.emit('resync', 'this instance took over the engine');
  }

  private async stepDown(reason: string): Promise<void> {
    const stack = this.stack;
    if (!stack) return;
    this.stack = undefined;
    this.local = undefined;
    await this.service?.stop();
    this.service = undefined;
    await stack.close().catch((error: unknown) => this.o.onError('cluster: closing the engine failed', error));
    this.events.emit('engineChanged', false);
    if (!this.closed) this.events.emit('resync', `this instance stopped running the engine (${reason})`);
  }

  private async announce(): Promise<void> {
    const me: LeaderAnnouncement = { instance: this.instanceId, url: this.o.url(), since: Date.now() };
    this.announced = me;
    const text = JSON.stringify(me);
    try {
      await this.bus.set(this.channels.leaderKey, text);
      await this.bus.publish(this.channels.leader, text);
    } catch {
      // Redis is away: announced again when it is back (`resumed`).
    }
    this.wakeLeaderWaiters();
  }

  private async readLeader(): Promise<void> {
    const text = await this.bus.get(this.channels.leaderKey);
    if (text) this.onAnnouncement(text);
  }

  private onAnnouncement(text: string): void {
    let next: LeaderAnnouncement;
    try {
      next = JSON.parse(text) as LeaderAnnouncement;
    } catch (error) {
      return this.o.onError('cluster: a malformed announcement', error);
    }
    const previous = this.announced;
    if (previous?.instance === next.instance && previous.since === next.since) return;
    this.announced = next;
    this.wakeLeaderWaiters();
    if (next.instance === this.instanceId || this.stack) return;
    if (previous) {
      this.o.log(`cluster: the engine moved from ${previous.instance} to ${next.instance}; resyncing connections`);
      this.remote.failPending('The engine moved to another instance; retry');
      this.events.emit('resync', 'the engine moved to another instance');
    }
  }

  private onControl(text: string): void {
    let message: ControlMessage;
    try {
      message = JSON.parse(text) as ControlMessage;
    } catch (error) {
      return this.o.onError('cluster: a malformed control message', error);
    }
    if (message.kind === 'sessionRevoked' && typeof message.sid === 'string')
      this.events.emit('sessionRevoked', message.sid);
  }

  private nextLeader(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.leaderWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.leaderWaiters.add(done);
    });
  }

  private wakeLeaderWaiters(): void {
    for (const wake of [...this.leaderWaiters]) wake();
  }
}
