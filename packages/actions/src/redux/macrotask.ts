/**
 * The macrotask boundary the bridge mirrors at: `afterMacrotask(fn)` runs `fn` in a task of
 * its own, once the current task and every microtask it queued (every `await` that settles
 * without waiting for the outside world) have run: nothing can have been painted before
 * it, and nothing the page does next (a timer, an event, a frame) waits long for it.
 *
 * Which primitive, where (the same choice as React's scheduler makes, for the same reasons):
 * - `setImmediate` where it exists (Node): it runs in this turn of the event loop, right
 *   after I/O, unclamped, and unlike an open MessageChannel it does not keep the process
 *   alive;
 * - `MessageChannel` otherwise (browsers, web workers): a posted message is a task of its
 *   own, run without delay. `setTimeout(0)` is clamped to 4 ms once timers nest five deep
 *   (HTML), and throttled further in background tabs: a mirror that reschedules itself from
 *   its own flushes would lag by that much;
 * - `setTimeout(0)` as the last resort (jsdom under Jest has neither of the others).
 *
 * The primitive is looked up at each call, not once at load, so fake timers installed by a
 * test (which replace `setImmediate` and `setTimeout`) drive the mirror as they drive the
 * rest of the code under test.
 */

let channel: MessageChannel | undefined;
const posted: Array<() => void> = [];

/** One message per callback: a callback that throws does not stop the next one. */
const viaChannel = (fn: () => void): void => {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => posted.shift()?.();
  }
  posted.push(fn);
  channel.port2.postMessage(null);
};

/** Node's `setImmediate`, typed here: the package is built without Node's type library. */
type WithImmediate = { setImmediate?: (fn: () => void) => unknown };

/** Runs `fn` at the next macrotask boundary (see the module's comment for the primitive). */
export function afterMacrotask(fn: () => void): void {
  const { setImmediate } = globalThis as WithImmediate;
  if (typeof setImmediate === 'function') setImmediate(fn);
  else if (typeof MessageChannel === 'function') viaChannel(fn);
  else setTimeout(fn, 0);
}
