/**
 * The calls one side of a call (a caller's session, a phone) has heard of, each as it last
 * heard of it, so a test driver can wait for a state that may already have been reached.
 */
import type { Disposable } from '@switchboard/actions';
import type { CallInfo, CallStatus } from '@switchboard/contact-center';

/** What a waiter accepts: a call status, or any test of the call. */
export type CallMatch = CallStatus | ((call: CallInfo) => boolean);

/** A client that reports calls: a customer session or a phone session. */
interface CallSource {
  on(event: 'callUpdated', listener: (call: CallInfo) => void): Disposable;
}

export class CallWatch {
  /** Every call heard of, by sid, in the order first heard. */
  readonly #calls = new Map<string, CallInfo>();
  readonly #waiters = new Set<() => void>();
  readonly #subscriptions: Disposable[] = [];

  constructor(
    source: CallSource,
    private readonly waitMs: number,
  ) {
    this.#subscriptions.push(source.on('callUpdated', (call) => this.seen(call)));
  }

  /** Records a call (from an event or a snapshot) and wakes the waiters. */
  seen(call: CallInfo | null | undefined): void {
    if (!call) return;
    this.#calls.set(call.sid, call);
    for (const wake of [...this.#waiters]) wake();
  }

  get(callSid: string): CallInfo | undefined {
    return this.#calls.get(callSid);
  }

  all(): CallInfo[] {
    return [...this.#calls.values()];
  }

  /**
   * Resolves with the first call (of `callSid`, or any) that matches, now or later; rejects
   * after the wait time with `why()` and what was seen.
   */
  waitFor(callSid: string | undefined, match: CallMatch, why: () => string): Promise<CallInfo> {
    const test = typeof match === 'string' ? (c: CallInfo) => c.status === match : match;
    const find = () =>
      callSid === undefined ? this.all().find(test) : [this.#calls.get(callSid)].find((c) => c && test(c));
    return new Promise((resolve, reject) => {
      const check = () => {
        const call = find();
        if (!call) return;
        done();
        resolve(call);
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.all().map((c) => `${c.sid} ${c.status}`);
        reject(new Error(`${why()} (waited ${this.waitMs} ms; calls seen: ${seen.join(', ') || 'none'})`));
      }, this.waitMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  dispose(): void {
    for (const s of this.#subscriptions.splice(0)) s.dispose();
  }
}
