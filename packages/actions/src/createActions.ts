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

/** One registration: a body, replacement, listener, handler or block. */
interface Reg {
  fn: Fn;
  owner: string | undefined;
  /** Undoes this registration; set right after creation. */
  d?: Disposable;
  /** A body's payloadUpdate. */
  up?: Fn | undefined;
  /** A block's pattern. */
  pattern?: unknown;
}

type Kind = 'bodies' | 'reps' | 'before' | 'after' | 'blocks';

/**
 * Everything known about one action name. Lists are copy-on-write, so an invocation
 * iterates a snapshot: a listener added mid-emit fires from the next invocation on.
 */
type Entry = Record<Kind, Reg[]> & { pending: Set<Invocation> };

const LIFECYCLE: readonly string[] = ['invocationBegin', 'invocationEnd', 'actionBlockedChanged'];

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null &&
  (typeof v === 'object' || typeof v === 'function') &&
  typeof (v as { then?: unknown }).then === 'function';

const describeOwner = (owner: string | undefined): string => (owner === undefined ? '(unscoped)' : `"${owner}"`);

function checkName(name: unknown, method: string): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw new InvalidArgumentError(`${method}: the action name must be a non-empty string, got ${String(name)}`);
  }
}

function checkFn(fn: unknown, method: string, what: string, action?: string): asserts fn is Fn {
  if (typeof fn !== 'function') {
    throw new InvalidArgumentError(
      `${method}${action ? `("${action}")` : ''}: ${what} must be a function, got ${typeof fn}`,
      action === undefined ? {} : { action },
    );
  }
}

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
  const life: Record<string, Reg[]> = { invocationBegin: [], invocationEnd: [], actionBlockedChanged: [] };
  const hooks: Record<'error' | 'warning', Reg[]> = { error: [], warning: [] };
  const warned = new Set<string>();
  let seq = 0;

  const entryOf = (name: string): Entry => {
    let e = entries.get(name);
    if (!e) {
      e = { bodies: [], reps: [], before: [], after: [], blocks: [], pending: new Set() };
      entries.set(name, e);
    }
    return e;
  };

  // Forget names with nothing left, so disposed scopes leave no trace.
  const prune = (name: string, e: Entry): void => {
    if (
      entries.get(name) === e &&
      !e.bodies.length && !e.reps.length && !e.before.length && !e.after.length && !e.blocks.length &&
      !e.pending.size
    ) {
      entries.delete(name);
    }
  };

  const warn = (w: ActionWarning): void => {
    if (!hooks.warning.length) console.warn(`[switchboard] ${w.message}`);
    for (const h of hooks.warning) {
      try {
        h.fn(w);
      } catch (err) {
        console.error('[switchboard] onWarning handler failed:', err);
      }
    }
  };

  const report = (error: unknown, action: string, phase: ErrorPhase, owner: string | undefined): void => {
    // A failed body already rejects to its caller; anything else would be lost without a handler.
    if (!hooks.error.length && phase !== 'body') {
      console.error(`[switchboard] ${phase} of "${action}" by ${describeOwner(owner)} failed:`, error);
    }
    for (const h of hooks.error) {
      try {
        h.fn(error, { action, phase, owner });
      } catch (err) {
        console.error('[switchboard] onError handler failed:', err);
      }
    }
  };

  const emit = (event: string, action: string, a: unknown, b?: unknown, c?: unknown): void => {
    for (const l of life[event] as Reg[]) {
      try {
        const r = l.fn(a, b, c);
        if (isThenable(r)) r.then(undefined, (err: unknown) => report(err, action, 'event', l.owner));
      } catch (err) {
        report(err, action, 'event', l.owner);
      }
    }
  };

  /** Appends `reg` to `holder[key]` (copy-on-write) and returns the Disposable undoing it. */
  const add = <K extends string>(
    holder: Record<K, Reg[]>,
    key: K,
    reg: Reg,
    store: DisposableStore | undefined,
    onRemoved?: () => void,
  ): Disposable => {
    holder[key] = [...holder[key], reg];
    const d = toDisposable(() => {
      holder[key] = holder[key].filter((r) => r !== reg);
      store?.delete(d);
      onRemoved?.();
    });
    reg.d = d;
    store?.add(d);
    return d;
  };

  // ---- invocation (ACTIONS-SPEC steps 1-12) ------------------------------------------

  const settle = (e: Entry, inv: Invocation, outcome: InvocationOutcome): void => {
    e.pending.delete(inv);
    prune(inv.action, e);
    if (life.invocationEnd?.length) emit('invocationEnd', inv.action, inv, outcome);
  };

  /** Runs the listeners of one phase with error isolation; awaits what they return together. */
  const runListeners = (
    list: Reg[],
    action: string,
    phase: 'before' | 'after',
    payload: unknown,
    onAbort?: (owner: string | undefined) => void,
  ): Promise<unknown> | undefined => {
    let waits: Array<PromiseLike<unknown>> | undefined;
    for (const l of list) {
      try {
        const r = l.fn(payload, onAbort && (() => onAbort(l.owner)));
        if (isThenable(r)) (waits ??= []).push(r.then(undefined, (err: unknown) => report(err, action, phase, l.owner)));
      } catch (err) {
        report(err, action, phase, l.owner);
      }
    }
    return waits && Promise.all(waits);
  };

  /** Runs the replacement chain (step 9); `blame` learns which link raised a failure. */
  const runChain = (reps: Reg[], body: Reg, action: string, payload: unknown, blame: (err: unknown, owner: string | undefined) => void): Promise<unknown> => {
    const call = (reg: Reg, a: unknown, b?: unknown, c?: unknown): Promise<unknown> => {
      try {
        const r = reg.fn(a, b, c);
        return isThenable(r)
          ? Promise.resolve(r).then(undefined, (err: unknown) => {
              blame(err, reg.owner);
              throw err;
            })
          : Promise.resolve(r);
      } catch (err) {
        blame(err, reg.owner);
        return Promise.reject(err);
      }
    };
    const original = (p: unknown): Promise<unknown> => call(body, p);
    const link = (i: number, p: unknown): Promise<unknown> => {
      if (i < 0) return call(body, p);
      const rep = reps[i] as Reg;
      return call(
        rep,
        p,
        i === 0 ? original : (q: unknown) => {
          checkSkipped(action, reps, i);
          return original(q);
        },
        (q: unknown) => link(i - 1, q),
      );
    };
    return link(reps.length - 1, payload);
  };

  // The known trap: `original` from a later replacement skips earlier owners' replacements.
  const checkSkipped = (action: string, reps: Reg[], i: number): void => {
    const owner = (reps[i] as Reg).owner;
    const key = `${action}\u0000${owner ?? ''}\u0000${owner === undefined ? 0 : 1}`;
    if (warned.has(key)) return;
    const skipped = [...new Set(reps.slice(0, i).map((r) => r.owner))].filter((o) => o !== owner);
    if (!skipped.length) return;
    warned.add(key);
    warn({
      code: 'ORIGINAL_SKIPS_REPLACEMENTS',
      action,
      owner,
      skippedOwners: skipped,
      message:
        `A replacement of "${action}" by ${describeOwner(owner)} called original(), which skipped the ` +
        `replacement(s) by ${skipped.map(describeOwner).join(', ')}. Call next() to run them.`,
    });
  };

  const run = async (e: Entry, body: Reg, inv: Invocation): Promise<unknown> => {
    const { action, payload } = inv;
    let abortedBy: { owner: string | undefined } | undefined;
    // Step 7: before listeners, in order, awaited together.
    if (e.before.length) {
      const wait = runListeners(e.before, action, 'before', payload, (owner) => {
        abortedBy ??= { owner };
      });
      if (wait) await wait;
    }
    // Step 8: abort. (An invocation stays pending until its promise settles, so even an
    // all-synchronous one is seen by the pending guard: hence the await.)
    if (abortedBy) {
      await undefined;
      const error = new ActionAbortedError(action, payload, abortedBy.owner);
      settle(e, inv, { status: 'aborted', error });
      throw error;
    }
    // Steps 9-10: body or replacement chain, always awaited once.
    let result: unknown;
    let culprit = { error: undefined as unknown, owner: body.owner, set: false };
    let r: unknown;
    try {
      const reps = e.reps;
      r = reps.length
        ? runChain(reps, body, action, payload, (error, owner) => {
            if (!culprit.set || culprit.error !== error) culprit = { error, owner, set: true };
          })
        : body.fn(payload);
    } catch (err) {
      r = Promise.reject(err);
    }
    try {
      result = await r;
    } catch (err) {
      const error = isError(err) ? err : new ActionFailedError(action, 'body', err, payload);
      report(error, action, 'body', culprit.set ? culprit.owner : body.owner);
      settle(e, inv, { status: 'failed', error });
      throw error;
    }
    // Step 11: after listeners; their errors are reported, never rejected.
    if (e.after.length) {
      const wait = runListeners(e.after, action, 'after', payload);
      if (wait) await wait;
    }
    // Step 12.
    settle(e, inv, { status: 'succeeded', result });
    return result;
  };

  const invoke = (name: unknown, raw: unknown, caller: string | undefined): Promise<unknown> => {
    checkName(name, 'invokeAction');
    const e = entries.get(name);
    const body = e?.bodies[e.bodies.length - 1];
    // Step 2.
    if (!e || !body) return Promise.reject(new ActionNotFoundError(name, raw));
    // Step 3: pending guard. A payload is never called as a predicate.
    for (const p of e.pending) {
      if (matches(raw, p.payload, name, false)) return Promise.reject(new ActionPendingError(name, raw));
    }
    // Step 4: blocked guard.
    for (const b of e.blocks) {
      if (matches(b.pattern, raw, name)) return Promise.reject(new ActionBlockedError(name, raw, b.pattern));
    }
    // Step 5: payloadUpdate (synchronous, so nothing can slip past the pending guard).
    let payload = raw;
    if (body.up) {
      try {
        payload = body.up(raw);
      } catch (err) {
        const error = isError(err) ? err : new ActionFailedError(name, 'payloadUpdate', err, raw);
        report(error, name, 'payloadUpdate', body.owner);
        return Promise.reject(error);
      }
    }
    // Step 6.
    const inv: Invocation = { id: ++seq, action: name, payload, owner: caller };
    e.pending.add(inv);
    if (life.invocationBegin?.length) emit('invocationBegin', name, inv);
    return run(e, body, inv);
  };

  // ---- queries -----------------------------------------------------------------------

  const find = (
    names: unknown,
    match: unknown,
    values: (e: Entry) => Iterable<unknown>,
    method: string,
  ): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const name of typeof names === 'string' ? [names] : (names as unknown[])) {
      checkName(name, method);
      const e = entries.get(name);
      if (!e) continue;
      for (const v of values(e)) {
        if (matches(match, v, name)) {
          out[name] = v;
          out.first ??= { action: name, payload: v };
          break;
        }
      }
    }
    return out;
  };

  const info = (r: Reg) => ({ owner: r.owner, name: r.fn.name || '(anonymous)' });
  const describeEntry = (action: string, e: Entry): ActionDescription => {
    const body = e.bodies[e.bodies.length - 1];
    return {
      action,
      registered: !!body,
      owner: body?.owner,
      hasPayloadUpdate: !!body?.up,
      registrations: e.bodies.map(info),
      replacements: e.reps.map(info).reverse(),
      before: e.before.map(info),
      after: e.after.map(info),
      blocks: e.blocks.map((b) => ({ pattern: b.pattern, owner: b.owner })),
      pending: [...e.pending],
    };
  };

  // ---- the API, unscoped or owned by a scope -----------------------------------------

  const api = (owner: string | undefined, store: DisposableStore | undefined): ActionsApi<UntypedActionMap> => {
    /** Registrations through a disposed scope are refused (warned), never leaked. */
    const refused = (action: string | undefined): Disposable | undefined => {
      if (!store?.disposed) return undefined;
      warn({
        code: 'SCOPE_DISPOSED',
        action,
        owner: owner as string,
        message: `Scope "${owner}" is disposed; its registration${action ? ` for "${action}"` : ''} was ignored`,
      });
      return toDisposable(() => {});
    };

    /** Adds a registration to an action's list, unless this scope is disposed. */
    const addTo = (name: string, kind: Kind, reg: Reg, onRemoved?: () => void): Disposable => {
      const no = refused(name);
      if (no) return no;
      const e = entryOf(name);
      return add(e, kind, reg, store, () => {
        onRemoved?.();
        prune(name, e);
      });
    };

    const addListener = (event: string, listener: unknown): Disposable => {
      if (typeof event !== 'string') throw new InvalidArgumentError(`addListener: event must be a string, got ${typeof event}`);
      checkFn(listener, 'addListener', `the listener of "${event}"`);
      const reg: Reg = { fn: listener, owner };
      if (LIFECYCLE.includes(event)) return refused(undefined) ?? add(life, event, reg, store);
      const m = /^(before|after)(.+)$/.exec(event);
      if (!m) {
        throw new InvalidArgumentError(
          `addListener: unknown event "${event}"; expected before<Action>, after<Action>, ${LIFECYCLE.join(', ')}`,
        );
      }
      return addTo(m[2] as string, m[1] as 'before' | 'after', reg);
    };

    const removeListener = (event: string, listener: unknown): void => {
      const m = /^(before|after)(.+)$/.exec(event);
      const list = LIFECYCLE.includes(event) ? life[event] : m && entries.get(m[2] as string)?.[m[1] as 'before' | 'after'];
      if (!list) return;
      for (let i = list.length - 1; i >= 0; i--) {
        if ((list[i] as Reg).fn === listener) return (list[i] as Reg).d?.dispose();
      }
    };

    const hook = (kind: 'error' | 'warning', handler: unknown): Disposable => {
      checkFn(handler, kind === 'error' ? 'onError' : 'onWarning', 'the handler');
      return refused(undefined) ?? add(hooks, kind, { fn: handler, owner }, store);
    };

    const self: ActionsApi<UntypedActionMap> = {
      registerAction(name, fn, payloadUpdate) {
        checkName(name, 'registerAction');
        checkFn(fn, 'registerAction', 'the action function', name);
        if (payloadUpdate !== undefined) checkFn(payloadUpdate, 'registerAction', 'payloadUpdate', name);
        return addTo(name, 'bodies', { fn: fn as Fn, owner, up: payloadUpdate as Fn | undefined });
      },
      invokeAction: ((name: unknown, payload?: unknown) => {
        try {
          return invoke(name, payload, owner);
        } catch (err) {
          // Step 1: never throw synchronously (a throwing block predicate lands here too).
          return Promise.reject(err);
        }
      }) as ActionsApi['invokeAction'],
      replaceAction(name, replacement) {
        checkName(name, 'replaceAction');
        checkFn(replacement, 'replaceAction', 'the replacement', name);
        return addTo(name, 'reps', { fn: replacement as Fn, owner });
      },
      addListener: addListener as ActionsApi['addListener'],
      on: addListener as ActionsApi['on'],
      removeListener: removeListener as ActionsApi['removeListener'],
      off: removeListener as ActionsApi['off'],
      blockAction(name, pattern) {
        checkName(name, 'blockAction');
        const isNew = !entries.get(name)?.blocks.some((b) => samePattern(b.pattern, pattern));
        const d = addTo(name, 'blocks', { fn: () => {}, owner, pattern }, () => {
          const e = entries.get(name);
          if (!e?.blocks.some((b) => samePattern(b.pattern, pattern))) emit('actionBlockedChanged', name, false, name, pattern);
        });
        if (isNew && !store?.disposed) emit('actionBlockedChanged', name, true, name, pattern);
        return d;
      },
      unblockAction(name, pattern) {
        checkName(name, 'unblockAction');
        for (const b of entries.get(name)?.blocks ?? []) {
          if (matches(pattern, b.pattern, name)) b.d?.dispose();
        }
      },
      findPendingActions: ((names: unknown, match?: unknown) =>
        find(names, match, (e) => [...e.pending].map((i) => i.payload), 'findPendingActions')) as ActionsApi['findPendingActions'],
      findBlockedActions: ((names: unknown, match?: unknown) =>
        find(names, match, (e) => e.blocks.map((b) => b.pattern), 'findBlockedActions')) as ActionsApi['findBlockedActions'],
      scope(child) {
        if (typeof child !== 'string' || child === '') {
          throw new InvalidArgumentError(`scope: the owner must be a non-empty string, got ${String(child)}`);
        }
        const childStore = new DisposableStore();
        const scoped = Object.defineProperties(api(child, childStore), {
          owner: { value: child, enumerable: true },
          disposed: { get: () => childStore.disposed, enumerable: true },
          dispose: {
            value() {
              store?.delete(scoped);
              childStore.dispose();
            },
          },
        }) as ActionsScope<UntypedActionMap>;
        // A scope of a scope is disposed with its parent.
        store?.add(scoped);
        return scoped;
      },
      describe: ((name?: string) =>
        name === undefined
          ? [...entries].map(([n, e]) => describeEntry(n, e))
          : entries.has(name)
            ? describeEntry(name, entries.get(name) as Entry)
            : undefined) as ActionsApi['describe'],
      onError: (handler) => hook('error', handler),
      onWarning: (handler) => hook('warning', handler),
      listenerCount(event?: string) {
        if (event === undefined) {
          let n = 0;
          for (const e of entries.values()) n += e.before.length + e.after.length;
          for (const k of LIFECYCLE) n += (life[k] as Reg[]).length;
          return n;
        }
        if (LIFECYCLE.includes(event)) return (life[event] as Reg[]).length;
        const m = /^(before|after)(.+)$/.exec(event);
        return (m && entries.get(m[2] as string)?.[m[1] as 'before' | 'after'].length) || 0;
      },
      eventNames() {
        const names = LIFECYCLE.filter((k) => (life[k] as Reg[]).length);
        for (const [n, e] of entries) {
          if (e.before.length) names.push(`before${n}`);
          if (e.after.length) names.push(`after${n}`);
        }
        return names;
      },
    };
    return self;
  };

  return api(undefined, undefined) as unknown as ActionsApi<M>;
}
