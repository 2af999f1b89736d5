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
      if (done) return;
      done = true;
      fn();
    },
  };
}

/**
 * A set of disposables disposed together. Disposing it disposes every child even if one
 * throws (the first error is rethrown after all ran, or an AggregateError for several);
 * adding to a disposed store disposes the child at once, so late registrations never leak.
 */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private isDisposed = false;

  get disposed(): boolean {
    return this.isDisposed;
  }

  get size(): number {
    return this.items.size;
  }

  /** Adds `item`; returns it. On a disposed store `item` is disposed immediately. */
  add<T extends Disposable>(item: T): T {
    if (this.isDisposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  /** Forgets `item` without disposing it (it was disposed on its own). */
  delete(item: Disposable): void {
    this.items.delete(item);
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    const errors: unknown[] = [];
    // Newest first, so later registrations that depend on earlier ones go first.
    for (const item of [...this.items].reverse()) {
      try {
        item.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    this.items.clear();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed');
  }
}
