import { InvalidArgumentError, SwitchboardError, type ErrorContext } from '@switchboard/actions';
import type { RuntimeOwner } from './RuntimeOwner';

/**
 * An `init` that did not settle in time. What {@link runOwnedInit} fails with on a timeout,
 * unless `options.failure` makes another error of it.
 * @public
 */
export class InitTimeoutError extends SwitchboardError {
  declare readonly code: 'INIT_TIMEOUT';
  /** The time init had, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(owner: string, timeoutMs: number) {
    super('INIT_TIMEOUT', `init did not settle within ${timeoutMs} ms`, { owner, timeoutMs } as ErrorContext);
  }
}
// Minifiers rename classes: the name is set explicitly.
InitTimeoutError.prototype.name = 'InitTimeoutError';

/** Options of {@link runOwnedInit}. */
export interface OwnedInitOptions<F> {
  /** How long `init` may take to settle, in milliseconds (positive). */
  timeoutMs: number;
  /**
   * Makes the error the run fails with (and the owner's signal is aborted with) from what
   * `init` threw or rejected with, or from the {@link InitTimeoutError} when `timedOut`.
   * Default: that error as it is.
   */
  failure?: (error: unknown, timedOut: boolean) => F;
  /**
   * Called with the failure before the owner is disposed, while what the extension registered
   * is still in place (to record the failure, log it, leave notices where its UI was).
   */
  onFailure?: (failure: F) => void;
  /**
   * Called with the outcome the moment the run ends, before the promise settles: within the
   * `runOwnedInit` call itself when `init` returns without a promise (a synchronous init is
   * done in the same run, with no task or microtask in between).
   */
  onSettled?: (outcome: OwnedInitOutcome<unknown, F>) => void;
}

/**
 * How an owned init ended: `initialized` (settled in time; the owner lives on), `failed`
 * (threw, rejected or timed out; the owner was disposed) or `disposed` (someone disposed the
 * owner, an unload, before init settled: its outcome no longer matters).
 */
export type OwnedInitOutcome<T, F> =
  | { readonly status: 'initialized'; readonly value: T }
  | { readonly status: 'failed'; readonly error: F; readonly timedOut: boolean }
  | { readonly status: 'disposed'; readonly reason: unknown };

/**
 * Runs an extension's `init` for `owner`: calls it at once (what it registers synchronously is
 * in place when `runOwnedInit` returns), lets it settle within `timeoutMs`, and when it throws,
 * rejects or times out, aborts the owner's signal with the failure and undoes everything the
 * owner registered. Disposing the owner meanwhile (an unload) ends the run as `disposed`. The
 * promise never rejects: it resolves with the outcome. Throws `INVALID_ARGUMENT` at once for
 * a `timeoutMs` that is not a positive number.
 *
 * @example
 * const owner = new RuntimeOwner({ id: plugin.name });
 * const outcome = await runOwnedInit(owner, (o) => plugin.init(makeApi(o)), {
 *   timeoutMs: 10_000,
 *   onFailure: (error) => console.error(`plugin "${owner.name}" failed to initialize`, error),
 * });
 * if (outcome.status === 'initialized') console.log(`${owner.name} runs`);
 * // later, an unload: owner.dispose(reason)
 * @public
 */
export function runOwnedInit<T, F = unknown>(
  owner: RuntimeOwner,
  init: (owner: RuntimeOwner) => T | PromiseLike<T>,
  options: OwnedInitOptions<F>,
): Promise<OwnedInitOutcome<Awaited<T>, F>> {
  const { timeoutMs } = options;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new InvalidArgumentError(`runOwnedInit: timeoutMs must be a positive number, got ${String(timeoutMs)}`);
  }
  return new Promise((resolve) => {
    let settled = false;
    // Not const: settle() may run (an owner disposed already) before the timer is armed.
    // eslint-disable-next-line prefer-const
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (outcome: OwnedInitOutcome<Awaited<T>, F>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      owner.signal.removeEventListener('abort', onDisposed);
      options.onSettled?.(outcome);
      resolve(outcome);
    };
    const onDisposed = () => settle({ status: 'disposed', reason: owner.signal.reason });
    const fail = (error: unknown, timedOut: boolean): void => {
      if (settled) return;
      // Disposing the owner below must not end the run as `disposed`.
      owner.signal.removeEventListener('abort', onDisposed);
      let failure = error as F;
      try {
        if (options.failure) failure = options.failure(error, timedOut);
        options.onFailure?.(failure);
      } catch (hookError) {
        // A bug in the caller's hooks: thrown where it is seen, and the extension is still undone.
        queueMicrotask(() => {
          throw hookError;
        });
      }
      owner.dispose(failure);
      settle({ status: 'failed', error: failure, timedOut });
    };

    if (owner.disposed) return onDisposed();
    owner.signal.addEventListener('abort', onDisposed);
    timer = setTimeout(() => fail(new InitTimeoutError(owner.name, timeoutMs), true), timeoutMs);
    let result: T | PromiseLike<T>;
    try {
      // Called now, not in a later tick: its synchronous registrations are in place on return.
      result = init(owner);
    } catch (error) {
      return fail(error, false);
    }
    if (typeof (result as { then?: unknown } | null)?.then !== 'function') {
      return settle({ status: 'initialized', value: result as Awaited<T> });
    }
    Promise.resolve(result).then(
      (value) => settle({ status: 'initialized', value }),
      (error: unknown) => fail(error, false),
    );
  });
}
