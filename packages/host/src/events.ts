import { toDisposable, type Disposable } from '@switchboard/actions';

type Listener = (...args: never[]) => void;

/** A typed event emitter whose subscriptions are Disposables. */
export interface Emitter<E extends { [K in keyof E]: Listener }> {
  /** Subscribes; the Disposable unsubscribes. */
  on<K extends keyof E>(event: K, listener: E[K]): Disposable;
  /** Calls every listener of `event`; a listener that throws is passed to `onListenerError`. */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void;
  /** How many listeners `event` has. */
  count(event: keyof E): number;
}

/**
 * Creates an emitter. Listeners run in subscription order, each isolated: one that throws
 * does not stop the others.
 */
export function createEmitter<E extends { [K in keyof E]: Listener }>(
  onListenerError: (error: unknown, event: keyof E) => void,
): Emitter<E> {
  const listeners = new Map<keyof E, Listener[]>();
  return {
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return toDisposable(() => {
        const rest = (listeners.get(event) ?? []).filter((l) => l !== listener);
        if (rest.length) listeners.set(event, rest);
        else listeners.delete(event);
      });
    },
    emit(event, ...args) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          (listener as (...a: unknown[]) => void)(...args);
        } catch (error) {
          onListenerError(error, event);
        }
      }
    },
    count: (event) => listeners.get(event)?.length ?? 0,
  };
}
