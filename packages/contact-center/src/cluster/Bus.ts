/**
 * The cluster's messages between instances, over Redis pub/sub (ioredis): one connection
 * publishes, one subscribes. Redis carries only what can be rebuilt — pushes, requests to the
 * engine and their answers; PostgreSQL is the record. While Redis is away nothing is queued
 * (a publish fails at once, as CC_UNAVAILABLE upstream), and when it is back `resumed` fires:
 * every instance then drops its sockets, so that each client reconnects and reads a fresh
 * snapshot instead of missing what was pushed meanwhile.
 */
import { Emitter } from '@switchboard/actions/events';
import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import { ContactCenterError } from '../errors';

export interface BusEvents {
  /** A message on a subscribed channel. */
  message: (channel: string, text: string) => void;
  /** Redis went away (both connections reconnect on their own). */
  lost: () => void;
  /** Redis is back after `lost` (subscriptions restored). */
  resumed: () => void;
}

/** A one-line description of a Redis URL, without its password. */
export const describeRedis = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'the Redis URL';
  }
};

export class Bus {
  readonly events: Emitter<BusEvents>;
  private up = true;

  private constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    onError: (message: string, error: unknown) => void,
  ) {
    this.events = new Emitter<BusEvents>((error, event) =>
      onError(`cluster bus ${String(event)} listener failed`, error),
    );
    sub.on('message', (channel: string, text: string) => this.events.emit('message', channel, text));
    const down = () => {
      if (!this.up) return;
      this.up = false;
      this.events.emit('lost');
    };
    const ready = () => {
      if (this.up || pub.status !== 'ready' || sub.status !== 'ready') return;
      this.up = true;
      this.events.emit('resumed');
    };
    for (const c of [pub, sub]) {
      c.on('close', down);
      c.on('ready', ready);
      // ioredis logs unhandled 'error' events; a lost connection is reported once, by `lost`.
      c.on('error', () => {});
    }
  }

  /** Connects both connections; fails in one line when Redis does not answer. */
  static async open(url: string, onError: (message: string, error: unknown) => void): Promise<Bus> {
    const { Redis } = await import('ioredis');
    const options: RedisOptions = {
      lazyConnect: true,
      // Nothing waits for Redis: a publish while it is away fails, and the caller answers CC_UNAVAILABLE.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(50 * 2 ** times, 1000),
      connectTimeout: 3000,
    };
    const pub = new Redis(url, options);
    const sub = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (cause) {
      pub.disconnect();
      sub.disconnect();
      throw new ContactCenterError(
        'CC_UNAVAILABLE',
        `Redis at ${describeRedis(url)} does not answer (${(cause as Error)?.message ?? String(cause)}); start it or check --redis`,
        { cause },
      );
    }
    return new Bus(pub, sub, onError);
  }

  /** Is Redis reachable (as far as the connections know)? */
  get connected(): boolean {
    return this.up;
  }

  /** Publishes; resolves with how many subscribers got it. CC_UNAVAILABLE while Redis is away. */
  async publish(channel: string, text: string): Promise<number> {
    try {
      return await this.pub.publish(channel, text);
    } catch (cause) {
      throw new ContactCenterError('CC_UNAVAILABLE', 'The cluster cannot reach Redis right now; retry', { cause });
    }
  }

  subscribe(...channels: string[]): Promise<unknown> {
    return this.sub.subscribe(...channels);
  }

  unsubscribe(...channels: string[]): Promise<unknown> {
    return this.sub.unsubscribe(...channels);
  }

  /** A plain Redis key (the leader's address). */
  async get(key: string): Promise<string | null> {
    try {
      return await this.pub.get(key);
    } catch {
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    await this.pub.set(key, value);
  }

  /** Sets `key` only when it has no value yet. */
  async setIfAbsent(key: string, value: string): Promise<void> {
    await this.pub.set(key, value, 'NX');
  }

  close(): void {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
