/**
 * The deadlines of pending reservations: one timer per reservation, armed when it is offered
 * and cleared when it is answered. A timer that fires hands the expiry to the engine (which
 * re-checks the reservation in its serial queue: an answer may have won the race).
 */
import type { ReservationInfo } from '../types';

export class ReservationTimers {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(private readonly expire: (reservationSid: string) => void) {}

  /** Arms (or re-arms) the deadline of a pending reservation. */
  arm(r: ReservationInfo): void {
    if (this.stopped) return;
    this.clear(r.sid);
    const timer = setTimeout(
      () => {
        this.timers.delete(r.sid);
        this.expire(r.sid);
      },
      Math.max(0, (r.expiresAt ?? Date.now()) - Date.now()),
    );
    // A waiting offer must not keep a Node process alive on its own.
    (timer as { unref?: () => void }).unref?.();
    this.timers.set(r.sid, timer);
  }

  clear(reservationSid: string): void {
    const t = this.timers.get(reservationSid);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(reservationSid);
  }

  /** Follows a reservation's new status: pending arms, anything else clears. */
  follow(r: ReservationInfo): void {
    if (r.status === 'pending') this.arm(r);
    else this.clear(r.sid);
  }

  /** Clears every timer; none is armed after this. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
