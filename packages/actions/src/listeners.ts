/**
 * The one listener-list primitive: an ordered, copy-on-write list of owned, disposable
 * registrations whose calls isolate errors. The actions core keeps its listeners,
 * replacements and blocks in these lists; `Emitter` (`@switchboard/actions/events`) names
 * them for the host's events, contribution slots and store subscriptions.
 */
import type { Disposable, DisposableStore, OwnerRef } from './lifecycle';

/**
 * One registration in a {@link ListenerList}: the function, its owner, data of the list's
 * own (a block's pattern, a body's payloadUpdate), and the means to remove it (disposing it
 * twice is harmless).
 * @public
 */
export interface Registration<F, D = undefined> extends Disposable {
  readonly fn: F;
  readonly owner: OwnerRef | undefined;
  readonly data: D;
}

/** A function a list may hold. */
export type Callable = (...args: never[]) => unknown;

/** Does `v` look like a promise? (Shared by the pipeline.) */
export const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof (v as { then?: unknown } | null)?.then === 'function';

/**
 * An ordered list of registrations. `items` is replaced, never changed in place, so a loop
 * over one read of it sees a stable snapshot: a registration added while the list is being
 * called runs from the next call on.
 *
 * @example
 * const list = new ListenerList<(n: number) => void>();
 * const d = list.add((n) => console.log(n));
 * list.call([1], (error, r) => report(error, r.owner));
 * d.dispose();
 * @public
 */
export class ListenerList<F extends Callable, D = undefined> {
  /** The registrations, oldest first. */
  items: ReadonlyArray<Registration<F, D>> = [];
  readonly #onChange: ((registration: Registration<F, D>, added: boolean) => void) | undefined;

  /** @param onChange called after every add and remove, with the registration */
  constructor(onChange?: (registration: Registration<F, D>, added: boolean) => void) {
    this.#onChange = onChange;
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * Adds `fn`, owned by `owner` when given. The registration is added to `store` (default:
   * the owner's disposables), so disposing that undoes it; on a disposed store it is undone
   * at once.
   */
  add(fn: F, owner?: OwnerRef, store: DisposableStore | undefined = owner?.disposables, data?: D): Registration<F, D> {
    const r: Registration<F, D> = {
      fn,
      owner,
      data: data as D,
      dispose: () => {
        const rest = this.items.filter((x) => x !== r);
        if (rest.length === this.items.length) return;
        this.items = rest;
        store?.deleteAndLeak(r);
        this.#onChange?.(r, false);
      },
    };
    this.items = [...this.items, r];
    this.#onChange?.(r, true);
    return store ? store.add(r) : r;
  }

  /** Removes the most recent registration of `fn`; returns whether there was one. */
  remove(fn: unknown): boolean {
    const r = this.items[this.items.map((x) => x.fn).lastIndexOf(fn as F)];
    r?.dispose();
    return !!r;
  }

  /**
   * Calls every registration with `args`, in order. A registration that throws, or returns
   * a promise that rejects, is passed to `onError`; the others still run.
   */
  call(args: Parameters<F>, onError: (error: unknown, registration: Registration<F, D>) => void): void {
    for (const r of this.items) {
      try {
        const v = (r.fn as unknown as (...a: unknown[]) => unknown)(...args);
        if (isThenable(v)) v.then(undefined, (error: unknown) => onError(error, r));
      } catch (error) {
        onError(error, r);
      }
    }
  }
}
