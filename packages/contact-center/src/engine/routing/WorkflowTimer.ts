/**
 * One timer for the workflow's target timeouts: armed for the earliest moment a waiting task's
 * target times out; when it fires, routing runs (and moves the task to its next target).
 */
export class WorkflowTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private at: number | undefined;

  constructor(private readonly fire: () => void) {}

  /** Fires at `at` (ms since the epoch); undefined: nothing to wait for. */
  armAt(at: number | undefined, now: number): void {
    if (at === this.at) return;
    this.clear();
    if (at === undefined) return;
    this.at = at;
    // A little after the deadline, so the task is due when routing looks at it.
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.at = undefined;
        this.fire();
      },
      Math.max(0, at - now) + 5,
    );
  }

  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.at = undefined;
  }
}
