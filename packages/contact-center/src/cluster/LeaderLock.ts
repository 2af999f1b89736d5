/**
 * Which instance runs the engine: the one holding a PostgreSQL advisory lock, on a connection
 * of its own. `pg_advisory_lock` blocks until the lock is free, so a waiting instance takes
 * over the moment the holder's session ends — a process killed with -9 included: its socket
 * closes, PostgreSQL ends the session and releases the lock, with no lease to wait out. The
 * lock is per database, so clusters on different databases of one server do not meet.
 */
import { Emitter } from '@switchboard/actions/events';
import type { Client } from 'pg';

/** The advisory lock's key (any 64-bit number; this one spells "SWBDENG1"). */
export const ENGINE_LOCK_KEY = '6004235543541843505';

export interface LeaderLockEvents {
  /** The lock's connection failed while held: this instance must stop running the engine at once. */
  lost: (reason: string) => void;
}

export class LeaderLock {
  readonly events: Emitter<LeaderLockEvents>;
  private client: Client | undefined;
  private held = false;
  private closed = false;

  constructor(
    private readonly url: string,
    onError: (message: string, error: unknown) => void,
  ) {
    this.events = new Emitter<LeaderLockEvents>((error) => onError('engine lock listener failed', error));
  }

  /** Is the lock held by this instance? */
  get isHeld(): boolean {
    return this.held;
  }

  /**
   * Waits until this instance holds the lock (resolves true), or until {@link close} (false).
   * A connection that fails while waiting is opened again after `retryMs`.
   */
  async acquire(retryMs = 500): Promise<boolean> {
    while (!this.closed) {
      const { Client: PgClient } = await import('pg');
      const client = new PgClient({ connectionString: this.url, application_name: 'switchboard-engine-lock' });
      this.client = client;
      client.on('error', () => {}); // reported through 'end'
      try {
        await client.connect();
        await client.query('SELECT pg_advisory_lock($1::bigint)', [ENGINE_LOCK_KEY]);
      } catch {
        await client.end().catch(() => {});
        if (this.closed) return false;
        await new Promise((resolve) => setTimeout(resolve, retryMs));
        continue;
      }
      if (this.closed) {
        await client.end().catch(() => {});
        return false;
      }
      this.held = true;
      client.once('end', () => {
        if (!this.held) return;
        this.held = false;
        this.events.emit('lost', 'the connection holding the engine lock closed');
      });
      return true;
    }
    return false;
  }

  /** Releases the lock (ends its session) and stops waiting for it. */
  async close(): Promise<void> {
    this.closed = true;
    this.held = false;
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }
}
