/**
 * Runs async jobs one at a time, in order. Every state change of the contact center goes
 * through one queue, so a check and the write it guards never interleave with another
 * operation (accepting twice, completing while transferring…).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;

  /** Runs `job` after every job queued before it; resolves or rejects with its outcome. */
  run<T>(job: () => Promise<T> | T): Promise<T> {
    this.running++;
    const result = this.tail.then(job);
    this.tail = result.then(
      () => this.running--,
      () => this.running--,
    );
    return result;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.running;
  }

  /** Resolves when every job queued so far has finished. */
  async drain(): Promise<void> {
    while (this.running > 0) await this.tail;
  }
}
