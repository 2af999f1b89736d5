/**
 * The simulators' timers: `later(ms, fn)` schedules, `stop()` cancels everything pending and
 * refuses anything scheduled afterwards, so a stopped simulator never acts again.
 */
export class Timers {
  readonly #pending = new Set<ReturnType<typeof setTimeout>>();
  #stopped = false;

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Runs `fn` in `ms` milliseconds, unless stopped by then (or already). */
  later(ms: number, fn: () => void): void {
    if (this.#stopped) return;
    const t = setTimeout(() => {
      this.#pending.delete(t);
      fn();
    }, ms);
    this.#pending.add(t);
  }

  stop(): void {
    this.#stopped = true;
    for (const t of this.#pending) clearTimeout(t);
    this.#pending.clear();
  }
}
