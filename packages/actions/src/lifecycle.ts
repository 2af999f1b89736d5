/**
 * Undoable registrations and their owners (the VS Code `IDisposable` / `DisposableStore`
 * idea). Every registration in Switchboard returns a {@link Disposable}; everything a plugin
 * registers hangs on its {@link Owner}.
 */

/**
 * Something that can be undone. `dispose()` is idempotent.
 * @public
 */
export interface Disposable {
  dispose(): void;
}

/** @public */
export const Disposable: {
  /** The one Disposable that does nothing: what a refused registration returns. */
  readonly None: Disposable;
} = { None: { dispose() {} } };

/**
 * Wraps `fn` as a Disposable that runs it at most once.
 *
 * @example
 * const d = toDisposable(() => clearInterval(timer));
 * d.dispose(); d.dispose(); // runs once
 * @public
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
 * @public
 */
export class DisposableStore implements Disposable {
  readonly #items = new Set<Disposable>();
  #disposed = false;

  /** True once {@link DisposableStore.dispose} has run. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Adds `item` and returns it; on a disposed store `item` is disposed immediately. */
  add<T extends Disposable>(item: T): T {
    if (this.#disposed) item.dispose();
    else this.#items.add(item);
    return item;
  }

  /** Forgets `item` without disposing it (it was disposed on its own, or changes hands). */
  deleteAndLeak(item: Disposable): void {
    this.#items.delete(item);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const errors: unknown[] = [];
    for (const item of [...this.#items].reverse()) {
      try {
        item.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    this.#items.clear();
    if (errors.length) throw errors.length > 1 ? new AggregateError(errors, 'Several disposables failed') : errors[0];
  }
}

/**
 * The least an owner is: an id, where its registrations go, and where its failures are
 * reported. `actions.scope('name')` makes one from a name; an {@link Owner} is one.
 * @public
 */
export interface OwnerRef {
  /** Unique among the owners of one host (a plugin's name, or `name#index` for a rejected duplicate). */
  readonly id: string;
  /** Where the owner's registrations go, when it keeps them. */
  readonly disposables?: DisposableStore;
  /** Where failures of the owner's code go, when it takes them. */
  report?(source: string, error: unknown): void;
  /**
   * The owner's place among its peers (a plugin's position in the manifest): what it
   * contributes is ordered by it where nothing else decides, so the UI does not depend on
   * which plugin happened to start first.
   */
  readonly rank?: number;
}

/**
 * Who registered something: a plugin, the host, a test. The plugin manager makes one per
 * plugin; everything the plugin registers (action scopes, listeners, reducers, middleware,
 * contributions, subscriptions) is added to `disposables`, so disposing the owner undoes all
 * of it, and `signal` tells the plugin's pending work to stop.
 * @public
 */
export interface Owner extends OwnerRef {
  readonly id: string;
  /** The name shown to people (a plugin's name). */
  readonly name: string;
  /** Everything the owner registered; disposed when the owner goes away. */
  readonly disposables: DisposableStore;
  /** Aborted when the owner goes away (a plugin unloads, fails or its `init` times out). */
  readonly signal: AbortSignal;
  /**
   * Reports a failure of the owner's code that the framework isolated (a listener that threw,
   * a reducer, a render). `source` says where (`listener`, `reducer`, `render`, …).
   */
  report(source: string, error: unknown): void;
}
