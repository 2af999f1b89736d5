/* Helpers shared by this package's tests (not exported from the package). */
import type { ActionsApi, ErrorInfo } from './index';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued microtask and I/O callback run. */
export const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Collects everything reported to `onError`. */
export function collectErrors(actions: ActionsApi): Array<{ error: unknown; info: ErrorInfo }> {
  const seen: Array<{ error: unknown; info: ErrorInfo }> = [];
  actions.onError((error, info) => seen.push({ error, info }));
  return seen;
}

/** Resolves with the rejection reason of `p`, failing if `p` resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
