/** Undoable registrations (the VS Code `IDisposable` idea). */

/** Something that can be undone. `dispose()` is idempotent. */
export interface Disposable {
  dispose(): void;
}

/**
 * Wraps `fn` as a Disposable that runs it at most once.
 *
 * @example
 * const d = toDisposable(() => clearInterval(timer));
 * d.dispose(); d.dispose(); // runs once
 */
export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (!done) {
        done = true;
        fn();
      }
    },
  };
}

/**
 * A set of disposables disposed together, newest first. Disposing it disposes every child
 * even if one throws (then rethrows: the error, or an AggregateError of several); adding to
 * a disposed store disposes the child at once, so late registrations never leak.
 */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private done = false;

  get disposed(): boolean {
    return this.done;
  }

  /** Adds `item` and returns it; on a disposed store `item` is disposed immediately. */
  add<T extends Disposable>(item: T): T {
    this.done ? item.dispose() : this.items.add(item);
    return item;
  }

  /** Forgets `item` without disposing it (it was disposed on its own). */
  delete(item: Disposable): void {
    this.items.delete(item);
  }

  dispose(): void {
    if (this.done) return;
    this.done = true;
    const errors: unknown[] = [];
    for (const item of [...this.items].reverse()) {
      try {
        item.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    this.items.clear();
    if (errors.length) throw errors.length > 1 ? new AggregateError(errors, 'Several disposables failed') : errors[0];
  }
}
