/**
 * Everything an agent's client emitted, in order, so a test driver can wait for an event that
 * may already have happened (an offer pushed before the driver asked for it).
 */
import type { AgentEvents, ContactCenterProvider } from '@switchboard/contact-center';

type Entry = { [K in keyof AgentEvents]: { event: K; value: Parameters<AgentEvents[K]>[0] } }[keyof AgentEvents];
type ValueOf<K extends keyof AgentEvents> = Parameters<AgentEvents[K]>[0];

const EVENTS: ReadonlyArray<keyof AgentEvents> = [
  'connectionStateChanged',
  'snapshot',
  'workerUpdated',
  'reservationUpdated',
  'taskUpdated',
  'channelUpdated',
  'messageAdded',
  'typing',
  'callUpdated',
  'callDtmf',
];

export class EventJournal {
  private readonly entries: Entry[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(
    client: Pick<ContactCenterProvider, 'on'>,
    private readonly waitMs: number,
  ) {
    for (const event of EVENTS) {
      client.on(event, ((value: never) => {
        this.entries.push({ event, value } as Entry);
        for (const wake of [...this.waiters]) wake();
      }) as AgentEvents[typeof event]);
    }
  }

  /** A position to wait from: what happens after it counts. */
  get mark(): number {
    return this.entries.length;
  }

  /** The latest value of `event` that matches, if any. */
  latest<K extends keyof AgentEvents>(event: K, match: (value: ValueOf<K>) => boolean = () => true) {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.event === event && match(e.value as ValueOf<K>)) return e.value as ValueOf<K>;
    }
    return undefined;
  }

  /**
   * Resolves with the first `event` since `from` that matches; rejects after the wait time,
   * with `why()` in the message.
   */
  waitFor<K extends keyof AgentEvents>(
    event: K,
    match: (value: ValueOf<K>) => boolean,
    why: () => string,
    from = this.mark,
  ): Promise<ValueOf<K>> {
    return new Promise((resolve, reject) => {
      let at = from;
      const check = (): boolean => {
        for (; at < this.entries.length; at++) {
          const e = this.entries[at]!;
          if (e.event === event && match(e.value as ValueOf<K>)) {
            done();
            resolve(e.value as ValueOf<K>);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${why()} (waited ${this.waitMs} ms)`));
      }, this.waitMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      if (!check()) this.waiters.add(check);
    });
  }
}
