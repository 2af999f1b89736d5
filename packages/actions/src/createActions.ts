import { DisposableStore, toDisposable, type Disposable } from './disposable';
import {
  ActionAbortedError,
  ActionBlockedError,
  ActionFailedError,
  ActionNotFoundError,
  ActionPendingError,
  InvalidArgumentError,
  isError,
  type ErrorPhase,
} from './errors';
import { matches, samePattern } from './match';
import type {
  ActionDescription,
  ActionMapOf,
  ActionsApi,
  ActionsScope,
  ActionWarning,
  Invocation,
  InvocationOutcome,
  UntypedActionMap,
} from './types';

// Internal storage is untyped: the public signatures carry the types.
type Fn = (a?: unknown, b?: unknown, c?: unknown) => unknown;
type Owner = string | undefined;

/**
 * One registration: a body, replacement, listener, handler or block. Always made by
 * {@link reg}, so every registration has the same shape and the hot paths' property reads
 * stay monomorphic.
 */
interface Reg {
  fn: Fn;
  owner: Owner;
  /** Undoes this registration. */
  d: Disposable | undefined;
  /** A body's payloadUpdate. */
  up: Fn | undefined;
  /** A block's pattern. */
  pattern: unknown;
  /** Cached rejection handler that blames this registration. */
  b: ((err: unknown) => void) | undefined;
}

const reg = (fn: unknown, owner: Owner, up?: unknown, pattern?: unknown): Reg => ({
  fn: fn as Fn,
  owner,
  d: undefined,
  up: up as Fn | undefined,
  pattern,
  b: undefined,
});

type Kind = 'bodies' | 'reps' | 'before' | 'after' | 'blocks';

/**
 * Everything known about one action name. Lists are copy-on-write, so a step iterates a
 * snapshot: a listener added mid-emit fires from the next invocation on.
 */
type Entry = Record<Kind, Reg[]> & {
  /** Running invocations, oldest first (an array: usually 0 or 1 long, cheaper than a Set). */
  pending: Invocation[];
  /** The replacement chain, built once per change of replacements or body. */
  chain: Fn | undefined;
};

/** Who aborted an invocation: the first caller of `abort()` wins. */
interface AbortState {
  by: [Owner] | undefined;
}
function abortAs(this: AbortState, owner: Owner): void {
  this.by ??= [owner];
}

const LIFECYCLE = ['invocationBegin', 'invocationEnd', 'actionBlockedChanged'];
const EVENT = /^(before|after)(.+)$/;
const LOG = '[switchboard]';
/** What a refused registration returns: there is nothing to undo. */
const NOTHING: Disposable = { dispose() {} };

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof (v as { then?: unknown } | null)?.then === 'function';
const who = (owner: Owner): string => (owner === undefined ? '(unscoped)' : `"${owner}"`);

const need = (ok: unknown, where: string, what: string): void => {
  if (!ok) throw new InvalidArgumentError(`${where}: ${what}`);
};
const nameArg = (name: unknown, where: string): void =>
  need(typeof name === 'string' && name, where, `the action name must be a non-empty string, got ${String(name)}`);
const fnArg = (fn: unknown, where: string, what: string): void =>
  need(typeof fn === 'function', where, `${what} must be a function, got ${typeof fn}`);

/**
 * Creates a new, independent Actions instance (ACTIONS-SPEC.md).
 *
 * @example
 * interface Map { AcceptTask: { payload: { sid: string }; result: void } }
 * const actions = createActions<Map>();
 * actions.registerAction('AcceptTask', async ({ sid }) => provider.accept(sid));
 * await actions.invokeAction('AcceptTask', { sid: 'WT1' });
 */
export function createActions<M extends ActionMapOf<M> = UntypedActionMap>(): ActionsApi<M> {
  const entries = new Map<string, Entry>();
  // Lifecycle listeners and onError/onWarning handlers, by event name.
  const life: Record<string, Reg[]> = {
    invocationBegin: [],
    invocationEnd: [],
    actionBlockedChanged: [],
    error: [],
    warning: [],
  };
  const warned = new Set<string>();
  // Which registration a failure came from, by thrown object (primitives fall back to the body).
  const culprits = new WeakMap<object, Owner>();
  // The promise the latest chain link returned: a link that returns it unchanged passed it
  // on (it is not the source of a failure). When it was made from a plain value (`handed`
  // 1) or a synchronous throw (2), its outcome is `handedValue`, known without waiting.
  let handedOut: unknown;
  let handed = 0;
  let handedValue: unknown;
  let seq = 0;

  const entryOf = (name: string): Entry => {
    let e = entries.get(name);
    if (!e)
      entries.set(
        name,
        (e = { bodies: [], reps: [], before: [], after: [], blocks: [], pending: [], chain: undefined }),
      );
    return e;
  };

  // Forget names with nothing left, so disposed scopes leave no trace.
  const prune = (name: string, e: Entry): void => {
    if (
      !(e.bodies.length || e.pending.length || e.reps.length || e.before.length || e.after.length || e.blocks.length) &&
      entries.get(name) === e
    ) {
      entries.delete(name);
    }
  };

  /** Calls every handler of `list` with `args`, isolating their failures. */
  const call = (list: Reg[], args: unknown[], onError: (err: unknown, r: Reg) => void): void => {
    for (const r of list) {
      try {
        const v = r.fn(...args);
        if (isThenable(v)) v.then(undefined, (err: unknown) => onError(err, r));
      } catch (err) {
        onError(err, r);
      }
    }
  };

  const handlerFailed = (err: unknown) => console.error(LOG, 'an onError/onWarning handler failed:', err);
  const warn = (w: ActionWarning): void => {
    if (!life.warning!.length) console.warn(LOG, w.message);
    call(life.warning!, [w], handlerFailed);
  };

  const report = (error: unknown, action: string, phase: ErrorPhase, owner: Owner): void => {
    // A failed body already rejects to its caller; anything else would be lost without a handler.
    if (!life.error!.length && phase !== 'body')
      console.error(LOG, `${phase} of "${action}" by ${who(owner)} failed:`, error);
    call(life.error!, [error, { action, phase, owner }], handlerFailed);
  };

  const emit = (event: string, action: string, args: unknown[]): void =>
    call(life[event]!, args, (err, r) => report(err, action, 'event', r.owner));

  /** Appends `r` to `holder[key]` (copy-on-write) and returns the Disposable undoing it. */
  const add = <K extends string>(
    holder: Record<K, Reg[]>,
    key: K,
    r: Reg,
    store?: DisposableStore,
    onRemoved?: () => void,
  ): Disposable => {
    holder[key] = [...holder[key], r];
    const d = (r.d = toDisposable(() => {
      holder[key] = holder[key].filter((x) => x !== r);
      store?.delete(d);
      onRemoved?.();
    }));
    store?.add(d);
    return d;
  };

  // ---- invocation (ACTIONS-SPEC steps 1-12) ------------------------------------------
  //
  // Steps run synchronously as far as they can: an invocation whose listeners, replacements
  // and body all complete synchronously completes inside invokeAction (pending cleared,
  // invocationEnd emitted, a settled promise returned). Anything asynchronous continues
  // through promises. Continuations take their state as arguments, so the synchronous path
  // allocates little; each phase has its own call site for listeners, so engines can
  // specialise them.

  const blame = (err: unknown, owner: Owner): void => {
    if (((typeof err === 'object' && err) || typeof err === 'function') && !culprits.has(err as object))
      culprits.set(err as object, owner);
  };

  /** Calls one link of the chain (a replacement or the body); always returns a promise. */
  const link = (r: Reg, a: unknown, b?: unknown, c?: unknown): Promise<unknown> => {
    let v: unknown;
    try {
      v = r.fn(a, b, c);
    } catch (err) {
      blame(err, r.owner);
      handed = 2;
      handedValue = err;
      return (handedOut = Promise.reject(err)) as Promise<unknown>;
    }
    if (v === handedOut) return v as Promise<unknown>;
    if (isThenable(v)) {
      v.then(undefined, (r.b ??= (err) => blame(err, r.owner)));
      handed = 0;
    } else {
      handed = 1;
      handedValue = v;
    }
    return (handedOut = Promise.resolve(v)) as Promise<unknown>;
  };

  /** The replacement chain (step 9): the most recent replacement, wired to the others. */
  const chainOf = (action: string, e: Entry, body: Reg): Fn => {
    if (e.chain) return e.chain;
    const callBody = (p: unknown) => link(body, p);
    let next: Fn = callBody;
    e.reps.forEach((rep, i, reps) => {
      const inner = next;
      // The known trap: `original` from here skips earlier replacements by other owners.
      const skipped = [...new Set(reps.slice(0, i).map((r) => r.owner))].filter((o) => o !== rep.owner);
      const key = `${action}\0${who(rep.owner)}`;
      const original = skipped.length
        ? (p: unknown) => {
            if (!warned.has(key)) {
              warned.add(key);
              warn({
                code: 'ORIGINAL_SKIPS_REPLACEMENTS',
                action,
                owner: rep.owner,
                skippedOwners: skipped,
                message: `"${action}": the replacement by ${who(rep.owner)} called original(), which skipped those by ${skipped.map(who).join(', ')}; call next() to run them`,
              });
            }
            return callBody(p);
          }
        : callBody;
      next = (p) => link(rep, p, original, inner);
    });
    return (e.chain = next);
  };

  const settle = (e: Entry, inv: Invocation, status: InvocationOutcome['status'], value: unknown): void => {
    const { pending } = e;
    // Usually the last (often the only) one: pop, no search.
    if (pending[pending.length - 1] === inv) pending.pop();
    else pending.splice(pending.indexOf(inv), 1);
    prune(inv.action, e);
    if (life.invocationEnd!.length) {
      emit('invocationEnd', inv.action, [
        inv,
        status === 'succeeded' ? { status, result: value } : { status, error: value },
      ]);
    }
  };

  /** Steps 10 and 12 on failure: report, settle, throw. */
  const fail = (e: Entry, body: Reg, inv: Invocation, err: unknown): never => {
    const error = isError(err) ? err : new ActionFailedError(inv.action, 'body', err, inv.payload);
    report(error, inv.action, 'body', culprits.has(err as object) ? culprits.get(err as object) : body.owner);
    culprits.delete(err as object);
    settle(e, inv, 'failed', error);
    throw error;
  };

  /** Step 12 on success. */
  const done = (e: Entry, inv: Invocation, result: unknown): unknown => {
    settle(e, inv, 'succeeded', result);
    return result;
  };

  /** Steps 11-12: after listeners, awaited together; their errors are reported, never rejected. */
  const finish = (e: Entry, inv: Invocation, result: unknown): unknown => {
    const list = e.after;
    let waits: Array<PromiseLike<unknown>> | undefined;
    for (let i = 0; i < list.length; i++) {
      const l = list[i]!;
      try {
        const r = l.fn(inv.payload);
        if (isThenable(r))
          (waits ??= []).push(r.then(undefined, (err: unknown) => report(err, inv.action, 'after', l.owner)));
      } catch (err) {
        report(err, inv.action, 'after', l.owner);
      }
    }
    return waits ? Promise.all(waits).then(() => done(e, inv, result)) : done(e, inv, result);
  };

  /** Steps 8-10. */
  const runBody = (e: Entry, body: Reg, inv: Invocation, abortedBy: AbortState['by']): unknown => {
    if (abortedBy) {
      const error = new ActionAbortedError(inv.action, inv.payload, abortedBy[0]);
      settle(e, inv, 'aborted', error);
      throw error;
    }
    let r: unknown;
    try {
      const latest = e.bodies[e.bodies.length - 1] ?? body;
      r = e.reps.length ? chainOf(inv.action, e, latest)(inv.payload) : latest.fn(inv.payload);
    } catch (err) {
      return fail(e, body, inv, err);
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
          (v) => finish(e, inv, v),
          (err) => fail(e, body, inv, err),
        )
      : finish(e, inv, r);
  };

  /**
   * Step 7: calls the before listeners, each with its own `abort` (bound to its owner, so an
   * abort is attributed exactly, even after an await). Returns what to await, if anything.
   */
  const before = (list: Reg[], inv: Invocation, state: AbortState) => {
    let waits: Array<PromiseLike<unknown>> | undefined;
    for (let i = 0; i < list.length; i++) {
      const l = list[i]!;
      try {
        const r = l.fn(inv.payload, abortAs.bind(state, l.owner));
        if (isThenable(r))
          (waits ??= []).push(r.then(undefined, (err: unknown) => report(err, inv.action, 'before', l.owner)));
      } catch (err) {
        report(err, inv.action, 'before', l.owner);
      }
    }
    return waits && Promise.all(waits);
  };

  /** Steps 7-12; returns the result, a promise of it, or throws. */
  const run = (e: Entry, body: Reg, inv: Invocation): unknown => {
    if (!e.before.length) return runBody(e, body, inv, undefined);
    const state: AbortState = { by: undefined };
    const wait = before(e.before, inv, state);
    return wait ? wait.then(() => runBody(e, body, inv, state.by)) : runBody(e, body, inv, state.by);
  };

  const invoke = (action: string, raw: unknown, caller: Owner): Promise<unknown> => {
    if (typeof action !== 'string' || !action) nameArg(action, 'invokeAction');
    const e = entries.get(action);
    const body = e?.bodies[e.bodies.length - 1];
    // Step 2.
    if (!body) throw new ActionNotFoundError(action, raw);
    // Step 3: pending guard. A payload is never called as a predicate.
    const { pending, blocks } = e!;
    for (let i = 0; i < pending.length; i++) {
      if (matches(raw, pending[i]!.payload, action, false)) throw new ActionPendingError(action, raw);
    }
    // Step 4: blocked guard.
    for (let i = 0; i < blocks.length; i++) {
      if (matches(blocks[i]!.pattern, raw, action)) throw new ActionBlockedError(action, raw, blocks[i]!.pattern);
    }
    // Step 5: payloadUpdate, synchronous so nothing can slip past the pending guard.
    let payload = raw;
    if (body.up) {
      try {
        payload = body.up(raw);
      } catch (err) {
        const error = isError(err) ? err : new ActionFailedError(action, 'payloadUpdate', err, raw);
        report(error, action, 'payloadUpdate', body.owner);
        throw error;
      }
    }
    // Step 6.
    const inv: Invocation = { id: ++seq, action, payload, owner: caller };
    pending.push(inv);
    if (life.invocationBegin!.length) emit('invocationBegin', action, [inv]);
    const result = run(e!, body, inv);
    return isThenable(result) ? (result as Promise<unknown>) : Promise.resolve(result);
  };

  // ---- queries -----------------------------------------------------------------------

  const find = (names: unknown, match: unknown, values: (e: Entry) => unknown[], where: string) => {
    const out: Record<string, unknown> = {};
    for (const name of typeof names === 'string' ? [names] : (names as string[])) {
      nameArg(name, where);
      const e = entries.get(name);
      const vs = e ? values(e) : [];
      const i = vs.findIndex((v) => matches(match, v, name));
      if (i >= 0) {
        out[name] = vs[i];
        out.first ??= { action: name, payload: vs[i] };
      }
    }
    return out;
  };

  const info = (r: Reg) => ({ owner: r.owner, name: r.fn.name || '(anonymous)' });
  const describeEntry = ([action, e]: [string, Entry]): ActionDescription => ({
    action,
    registered: !!e.bodies.length,
    owner: e.bodies.at(-1)?.owner,
    hasPayloadUpdate: !!e.bodies.at(-1)?.up,
    registrations: e.bodies.map(info),
    replacements: e.reps.map(info).reverse(),
    before: e.before.map(info),
    after: e.after.map(info),
    blocks: e.blocks.map((b) => ({ pattern: b.pattern, owner: b.owner })),
    pending: [...e.pending],
  });

  /** The listener list an event name denotes, if any. */
  const listOf = (event: string): Reg[] | undefined => {
    const m = EVENT.exec(event);
    return LIFECYCLE.includes(event) ? life[event] : m ? entries.get(m[2]!)?.[m[1] as Kind] : undefined;
  };

  // ---- the API, unscoped or owned by a scope -----------------------------------------

  const api = (owner: Owner, store?: DisposableStore): ActionsApi<UntypedActionMap> => {
    /** Registrations through a disposed scope are refused (warned), never leaked. */
    const refused = (action?: string): boolean => {
      if (store?.disposed) {
        warn({
          code: 'SCOPE_DISPOSED',
          action,
          owner: owner!,
          message: `scope "${owner}" is disposed: registration ignored`,
        });
      }
      return !!store?.disposed;
    };

    /** Adds a registration to an action's list. */
    const addTo = (name: string, kind: Kind, r: Reg, onRemoved?: () => void): Disposable => {
      if (refused(name)) return NOTHING;
      const e = entryOf(name);
      e.chain = undefined;
      return add(e, kind, r, store, () => {
        e.chain = undefined;
        onRemoved?.();
        prune(name, e);
      });
    };

    const addListener = (event: string, listener: unknown): Disposable => {
      need(typeof event === 'string', 'addListener', `event must be a string, got ${typeof event}`);
      fnArg(listener, 'addListener', `the listener of "${event}"`);
      const r = reg(listener, owner);
      if (LIFECYCLE.includes(event)) return refused() ? NOTHING : add(life, event, r, store);
      const m = EVENT.exec(event);
      need(
        m,
        'addListener',
        `unknown event "${event}"; expected before<Action>, after<Action>, ${LIFECYCLE.join(', ')}`,
      );
      return addTo(m![2]!, m![1] as Kind, r);
    };

    const removeListener = (event: string, listener: unknown): void => {
      const list = listOf(event) ?? [];
      for (let i = list.length; i--;) if (list[i]!.fn === listener) return list[i]!.d!.dispose();
    };

    const hook = (kind: 'error' | 'warning', handler: unknown): Disposable => {
      fnArg(handler, kind === 'error' ? 'onError' : 'onWarning', 'the handler');
      return refused() ? NOTHING : add(life, kind, reg(handler, owner), store);
    };

    return {
      registerAction(name, fn, payloadUpdate) {
        nameArg(name, 'registerAction');
        fnArg(fn, `registerAction("${name}")`, 'the action function');
        if (payloadUpdate !== undefined) fnArg(payloadUpdate, `registerAction("${name}")`, 'payloadUpdate');
        return addTo(name, 'bodies', reg(fn, owner, payloadUpdate));
      },
      invokeAction: ((name: string, payload?: unknown) => {
        try {
          return invoke(name, payload, owner);
        } catch (err) {
          // Step 1: never throw synchronously; every guard's rejection lands here.
          return Promise.reject(err);
        }
      }) as ActionsApi['invokeAction'],
      replaceAction(name, replacement) {
        nameArg(name, 'replaceAction');
        fnArg(replacement, `replaceAction("${name}")`, 'the replacement');
        return addTo(name, 'reps', reg(replacement, owner));
      },
      addListener: addListener as ActionsApi['addListener'],
      on: addListener as ActionsApi['on'],
      removeListener: removeListener as ActionsApi['removeListener'],
      off: removeListener as ActionsApi['off'],
      blockAction(name, pattern) {
        nameArg(name, 'blockAction');
        const has = () => entries.get(name)?.blocks.some((b) => samePattern(b.pattern, pattern));
        const isNew = !has();
        const d = addTo(name, 'blocks', reg(Boolean, owner, undefined, pattern), () => {
          if (!has()) emit('actionBlockedChanged', name, [false, name, pattern]);
        });
        if (isNew && has()) emit('actionBlockedChanged', name, [true, name, pattern]);
        return d;
      },
      unblockAction(name, pattern) {
        nameArg(name, 'unblockAction');
        for (const b of entries.get(name)?.blocks ?? []) if (matches(pattern, b.pattern, name)) b.d!.dispose();
      },
      findPendingActions: ((names: unknown, match?: unknown) =>
        find(
          names,
          match,
          (e) => e.pending.map((i) => i.payload),
          'findPendingActions',
        )) as ActionsApi['findPendingActions'],
      findBlockedActions: ((names: unknown, match?: unknown) =>
        find(
          names,
          match,
          (e) => e.blocks.map((b) => b.pattern),
          'findBlockedActions',
        )) as ActionsApi['findBlockedActions'],
      scope(child) {
        need(typeof child === 'string' && child, 'scope', `the owner must be a non-empty string, got ${String(child)}`);
        const childStore = new DisposableStore();
        const scoped: ActionsScope<UntypedActionMap> = {
          ...api(child, childStore),
          owner: child,
          get disposed() {
            return childStore.disposed;
          },
          dispose() {
            store?.delete(scoped);
            childStore.dispose();
          },
        };
        // A scope of a scope is disposed with its parent.
        store?.add(scoped);
        return scoped;
      },
      describe: ((name?: string) =>
        name === undefined
          ? [...entries].map(describeEntry)
          : entries.has(name)
            ? describeEntry([name, entries.get(name)!])
            : undefined) as ActionsApi['describe'],
      onError: (handler) => hook('error', handler),
      onWarning: (handler) => hook('warning', handler),
      listenerCount: (event?: string) =>
        event === undefined
          ? [...entries.values()].reduce((n, e) => n + e.before.length + e.after.length, 0) +
            LIFECYCLE.reduce((n, k) => n + life[k]!.length, 0)
          : (listOf(event)?.length ?? 0),
    };
  };

  return api(undefined) as unknown as ActionsApi<M>;
}
