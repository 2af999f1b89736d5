/**
 * @switchboard/actions/events: named events on the one listener-list primitive
 * ({@link ListenerList}), for hosts, clients and anything else that emits events. A
 * separate entry: the actions core does not need it.
 */
import type { Disposable, OwnerRef } from '@switchboard/actions';
import { ListenerList } from '@switchboard/actions';

/** A function an event may have as listener. */
type Callable = (...args: never[]) => unknown;

/** Listener signatures by event name. */
export type EventMap<E> = { [K in keyof E]: Callable };

/**
 * Named events, each a {@link ListenerList}. A listener that throws is passed to `onError`
 * with the event and the listener's owner; the others still run.
 *
 * @example
 * const events = new Emitter<{ ready: (at: number) => void }>((error) => console.error(error));
 * const d = events.on('ready', (at) => console.log(at));
 * events.emit('ready', Date.now());
 * @public
 */
export class Emitter<E extends EventMap<E>> {
  readonly #lists = new Map<keyof E, ListenerList<E[keyof E]>>();
  readonly #onError: (error: unknown, event: keyof E, owner: OwnerRef | undefined) => void;

  /** @param onError gets every error a listener throws (or rejects with), with the event and its owner */
  constructor(onError: (error: unknown, event: keyof E, owner: OwnerRef | undefined) => void) {
    this.#onError = onError;
  }

  /** Subscribes `listener`, owned by `owner` when given; the Disposable unsubscribes. */
  on<K extends keyof E>(event: K, listener: E[K], owner?: OwnerRef): Disposable {
    let list = this.#lists.get(event);
    if (!list) this.#lists.set(event, (list = new ListenerList()));
    return list.add(listener, owner);
  }

  /** Calls every listener of `event` with `args`. */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    this.#lists.get(event)?.call(args as Parameters<E[keyof E]>, (error, r) => this.#onError(error, event, r.owner));
  }

  /** How many listeners `event` has; without an event, how many in all. */
  count(event?: keyof E): number {
    if (event !== undefined) return this.#lists.get(event)?.size ?? 0;
    let n = 0;
    for (const list of this.#lists.values()) n += list.size;
    return n;
  }
}
