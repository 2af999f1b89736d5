/**
 * The invocation pipeline: what `invokeAction` does, steps 1-12 of SEMANTICS.md. Internal.
 *
 * Steps run synchronously as far as they can: an invocation whose listeners, replacements
 * and body all complete synchronously completes inside `invokeAction` (pending cleared,
 * `invocationEnd` emitted, a settled promise returned). Anything asynchronous continues
 * through promises. Continuations take their state as arguments, so the synchronous path
 * allocates little, and each phase has its own call site for listeners, so engines can
 * specialise them.
 */
import type { OwnerRef } from './lifecycle';
import {
  ActionAbortedError,
  ActionBlockedError,
  ActionFailedError,
  ActionNotFoundError,
  ActionPendingError,
  isError,
  type ErrorPhase,
} from './errors';
import { isThenable, type ListenerList, type Registration } from './listeners';
import { matches } from './match';
import type { ActionEntry, ActionRegistry, AnyFunction } from './registry';
import type { ActionWarning, Invocation, InvocationOutcome } from './types';

type Owner = OwnerRef | undefined;
type Body = Registration<AnyFunction, AnyFunction | undefined>;
type Link = Registration<AnyFunction, unknown>;

/** The lifecycle events an invocation emits (step 6, after the synchronous part, step 12). */
export interface PipelineEvents {
  invocationBegin: ListenerList<AnyFunction>;
  invocationAwaiting: ListenerList<AnyFunction>;
  invocationEnd: ListenerList<AnyFunction>;
}

/** What the pipeline needs from its Actions instance. */
export interface PipelineDeps {
  registry: ActionRegistry;
  events: PipelineEvents;
  /** Reports an isolated or rejecting failure to onError (and the owner). */
  report(error: unknown, action: string, phase: ErrorPhase, owner: Owner): void;
  warn(warning: ActionWarning): void;
  emit(list: ListenerList<AnyFunction>, action: string, args: [unknown, unknown?, unknown?]): void;
}

/** Who aborted an invocation: the first caller of `abort()` wins (it may call after an await). */
interface AbortState {
  by: [Owner] | undefined;
}
function abortAs(this: AbortState, owner: Owner): void {
  this.by ??= [owner];
}

/** How an owner is named in messages. */
export const ownerLabel = (owner: Owner): string => (owner === undefined ? '(unscoped)' : `"${owner.id}"`);

/** Makes the `invoke(action, payload, caller)` of one Actions instance. It throws where the API rejects. */
export function createPipeline({ registry, events, report, warn, emit }: PipelineDeps) {
  const warned = new Set<string>();
  // Which registration a failure came from, by thrown object (primitives fall back to the body).
  const culprits = new WeakMap<object, Owner>();
  // The promise the latest chain link returned: a link that returns it unchanged passed it
  // on (it is not the source of a failure). When it was made from a plain value (`handed`
  // 1) or a synchronous throw (2), its outcome is `handedValue`, known without waiting.
  // Never a link's value (not `undefined`, which a synchronous body may return).
  let handedOut: unknown = culprits;
  let handed = 0;
  let handedValue: unknown;
  let lastId = 0;

  const blame = (error: unknown, owner: Owner): void => {
    // Only objects can be keys (Object(x) === x for objects and functions alone).
    if (Object(error) === error && !culprits.has(error as object)) culprits.set(error as object, owner);
  };

  /** Calls one link of the replacement chain (a replacement or the body); always returns a promise. */
  const callLink = (r: Link, a: unknown, b?: unknown, c?: unknown): Promise<unknown> => {
    let v: unknown;
    try {
      v = r.fn(a, b, c);
    } catch (error) {
      blame(error, r.owner);
      handed = 2;
      handedValue = error;
      return (handedOut = Promise.reject(error)) as Promise<unknown>;
    }
    if (v === handedOut) return v as Promise<unknown>;
    if (isThenable(v)) {
      v.then(undefined, (error: unknown) => blame(error, r.owner));
      handed = 0;
    } else {
      handed = 1;
      handedValue = v;
    }
    return (handedOut = Promise.resolve(v)) as Promise<unknown>;
  };

  /** Step 9: the replacement chain, the newest replacement wired to the older ones and the body. */
  const chainOf = (action: string, e: ActionEntry, body: Body): AnyFunction => {
    if (e.chain) return e.chain;
    const callBody = (p: unknown) => callLink(body, p);
    let next: AnyFunction = callBody;
    e.replacements.items.forEach((replacement, i, all) => {
      const older = next;
      // The known trap: `original` from here skips older replacements by other owners.
      const skipped = [...new Set(all.slice(0, i).map((r) => r.owner))].filter((o) => o !== replacement.owner);
      const key = `${action}\0${ownerLabel(replacement.owner)}`;
      const original = skipped.length
        ? (p: unknown) => {
            if (!warned.has(key)) {
              warned.add(key);
              warn({
                code: 'ORIGINAL_SKIPS_REPLACEMENTS',
                action,
                owner: replacement.owner?.id,
                skippedOwners: skipped.map((o) => o?.id),
                message: `"${action}": the replacement by ${ownerLabel(replacement.owner)} called original() and skipped those by ${skipped.map(ownerLabel).join(', ')}; next() runs them`,
              });
            }
            return callBody(p);
          }
        : callBody;
      next = (p) => callLink(replacement, p, original, older);
    });
    return (e.chain = next);
  };

  /**
   * Step 12: the invocation is no longer pending; `invocationEnd` tells how it ended.
   * Returns the result, or throws the error.
   */
  const settle = (e: ActionEntry, inv: Invocation, status: InvocationOutcome['status'], value: unknown): unknown => {
    const running = e.pending;
    // Usually the last (often the only) one: pop, no search.
    if (running[running.length - 1] === inv) running.pop();
    else running.splice(running.indexOf(inv), 1);
    registry.prune(inv.action, e);
    if (events.invocationEnd.size) {
      emit(events.invocationEnd, inv.action, [
        inv,
        status === 'succeeded' ? { status, result: value } : { status, error: value },
      ]);
    }
    if (status !== 'succeeded') throw value;
    return value;
  };

  /** Steps 10 and 12 on failure: report, settle, throw. */
  const fail = (e: ActionEntry, body: Body, inv: Invocation, thrown: unknown): never => {
    const error = isError(thrown) ? thrown : new ActionFailedError(inv.action, 'body', thrown, inv.payload);
    report(error, inv.action, 'body', culprits.has(thrown as object) ? culprits.get(thrown as object) : body.owner);
    culprits.delete(thrown as object);
    return settle(e, inv, 'failed', error) as never;
  };

  /** Steps 11-12: after listeners, awaited together (their errors are reported, never rejected). */
  const runAfter = (e: ActionEntry, inv: Invocation, result: unknown): unknown => {
    const list = e.after.items;
    let waits: Array<PromiseLike<unknown>> | undefined;
    for (let i = 0; i < list.length; i++) {
      const l = list[i]!;
      try {
        const r = l.fn(inv.payload);
        if (isThenable(r))
          (waits ??= []).push(r.then(undefined, (error: unknown) => report(error, inv.action, 'after', l.owner)));
      } catch (error) {
        report(error, inv.action, 'after', l.owner);
      }
    }
    return waits
      ? Promise.all(waits).then(() => settle(e, inv, 'succeeded', result))
      : settle(e, inv, 'succeeded', result);
  };

  /** Steps 8-10: abort, or run the body through the replacements. */
  const runBody = (e: ActionEntry, body: Body, inv: Invocation, abortedBy: AbortState['by']): unknown => {
    if (abortedBy) {
      return settle(e, inv, 'aborted', new ActionAbortedError(inv.action, inv.payload, abortedBy[0]?.id));
    }
    let r: unknown;
    try {
      // The body registered now: re-registering during the before step takes effect.
      const current = e.bodies.items.at(-1) ?? body;
      r = e.replacements.size ? chainOf(inv.action, e, current)(inv.payload) : current.fn(inv.payload);
    } catch (error) {
      return fail(e, body, inv, error);
    }
    // The chain's own already-settled promise: its outcome is known, no need to wait.
    if (r === handedOut && handed) {
      if (handed > 1) {
        (r as Promise<unknown>).catch(Boolean); // handled here, synchronously
        return fail(e, body, inv, handedValue);
      }
      r = handedValue;
    }
    return isThenable(r)
      ? Promise.resolve(r).then(
          (v) => runAfter(e, inv, v),
          (error) => fail(e, body, inv, error),
        )
      : runAfter(e, inv, r);
  };

  /**
   * Step 7: calls the before listeners, each with its own `abort` (bound to its owner, so an
   * abort is attributed exactly, even after an await). Returns what to await, if anything.
   */
  const runBefore = (list: ActionEntry['before']['items'], inv: Invocation, state: AbortState) => {
    let waits: Array<PromiseLike<unknown>> | undefined;
    for (let i = 0; i < list.length; i++) {
      const l = list[i]!;
      try {
        const r = l.fn(inv.payload, abortAs.bind(state, l.owner));
        if (isThenable(r))
          (waits ??= []).push(r.then(undefined, (error: unknown) => report(error, inv.action, 'before', l.owner)));
      } catch (error) {
        report(error, inv.action, 'before', l.owner);
      }
    }
    return waits && Promise.all(waits);
  };

  /** Steps 2-12 for `action`, invoked by `caller`. Throws where `invokeAction` rejects (step 1). */
  return (action: string, raw: unknown, caller: Owner): Promise<unknown> => {
    const e = registry.get(action);
    const body = e?.bodies.items.at(-1);
    // Step 2.
    if (!body) throw new ActionNotFoundError(action, raw);
    // Step 3: the pending guard. A payload is never called as a predicate.
    const { pending } = e!;
    for (let i = 0; i < pending.length; i++) {
      if (matches(raw, pending[i]!.payload, action, false)) throw new ActionPendingError(action, raw);
    }
    // Step 4: the blocked guard.
    const blocks = e!.blocks.items;
    for (let i = 0; i < blocks.length; i++) {
      if (matches(blocks[i]!.data, raw, action)) throw new ActionBlockedError(action, raw, blocks[i]!.data);
    }
    // Step 5: payloadUpdate, synchronous so nothing can slip past the pending guard.
    let payload = raw;
    if (body.data) {
      try {
        payload = body.data(raw);
      } catch (thrown) {
        const error = isError(thrown) ? thrown : new ActionFailedError(action, 'payloadUpdate', thrown, raw);
        report(error, action, 'payloadUpdate', body.owner);
        throw error;
      }
    }
    // Step 6.
    const inv: Invocation = { id: ++lastId, action, payload, owner: caller?.id };
    e!.pending.push(inv);
    if (events.invocationBegin.size) emit(events.invocationBegin, action, [inv]);
    // Steps 7-12: the result, a promise of it, or a throw.
    const state: AbortState = { by: undefined };
    const wait = runBefore(e!.before.items, inv, state);
    const result = wait ? wait.then(() => runBody(e!, body, inv, state.by)) : runBody(e!, body, inv, state.by);
    if (!isThenable(result)) return Promise.resolve(result);
    // The synchronous part is over and the invocation is still running.
    if (events.invocationAwaiting.size) emit(events.invocationAwaiting, action, [inv]);
    return result as Promise<unknown>;
  };
}
