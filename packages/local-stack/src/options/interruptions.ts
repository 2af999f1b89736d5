/**
 * Ctrl-C (or SIGTERM) for a command that runs until stopped: the first one asks it to stop
 * (it closes what it opened), a second one, while it does, stops the process at once.
 */

/** What {@link interruptions} returns. */
export interface Interruptions {
  /** Resolves with the first signal. */
  readonly received: Promise<NodeJS.Signals>;
  /** Stops listening (after the command closed what it opened, or when it failed to start). */
  dispose(): void;
}

/**
 * Listens for SIGINT and SIGTERM from now on (call it before the slow start-up work, so a
 * Ctrl-C during it still closes what was started).
 *
 * @param onForce said when a second signal stops the process at once (e.g. "Stopping now.")
 */
export function interruptions(onForce: () => void): Interruptions {
  let resolve: (signal: NodeJS.Signals) => void = () => {};
  const received = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const force = (signal: NodeJS.Signals) => {
    onForce();
    dispose();
    process.kill(process.pid, signal); // no listener left: the default action ends the process
  };
  const stop = (signal: NodeJS.Signals) => {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    process.once('SIGINT', force).once('SIGTERM', force);
    resolve(signal);
  };
  const dispose = () => {
    for (const listener of [stop, force]) process.off('SIGINT', listener).off('SIGTERM', listener);
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  return { received, dispose };
}
