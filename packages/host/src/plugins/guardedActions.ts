/**
 * A plugin's actions API with guardrails and accounting: each before/after listener and
 * replacement the plugin registers is wrapped to time it (its cost, its long tasks), to bound
 * how long it may hold an invocation (the action's guardrail policy), and to record what it did
 * to the invocation (abort and reason, replacement, payload change). The core
 * (`@switchboard/actions`) is not changed: the host wraps what the plugin registers.
 */
import { toDisposable, type AbortFunction, type ActionsScope, type Disposable } from '@switchboard/actions';
import {
  actionTimedOut,
  type GuardedPhase,
  type GuardrailTrip,
  type Guardrails,
  type WatchEntry,
  type Watchdog,
} from './guardrails';
import type { InvocationLog, LiveInvocation } from './invocationLog';
import { LONG_TASK_MS, type PluginMetricsRegistry } from './pluginMetrics';

/** What the guarded hooks of every plugin share (one per host; see `createActionGuard`). */
export interface GuardRuntime {
  readonly log: InvocationLog;
  readonly metrics: PluginMetricsRegistry;
  readonly guardrails: Guardrails;
  readonly watchdog: Watchdog;
  readonly now: () => number;
  /** A hook ran past its budget: count it, tell `host.events`, log it (plugin named). */
  tripped(trip: GuardrailTrip, rec: LiveInvocation | undefined): void;
  /** Makes `rec` fail with `error` once its before-listeners are done (its body does not run). */
  fail(rec: LiveInvocation, error: Error): void;
}

type AnyFn = (...args: never[]) => unknown;
type Thenable = PromiseLike<unknown>;
const isThenable = (v: unknown): v is Thenable =>
  v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as Thenable).then === 'function';
const ACTION_EVENT = /^(before|after)(.+)$/;

/** Keeps the wrapped function's name (`describe()` lists it). */
const named = <F extends AnyFn>(wrapper: F, of: AnyFn): F => Object.defineProperty(wrapper, 'name', { value: of.name });

/** Time of a synchronous run of a plugin's code: its cost, and a long task past {@link LONG_TASK_MS}. */
function account(rt: GuardRuntime, rec: LiveInvocation | undefined, plugin: string, ms: number): void {
  if (ms > LONG_TASK_MS) rt.metrics.longTask(plugin);
  if (rec) rt.log.cost(rec, plugin, ms);
}

/**
 * Wraps a plugin's scoped actions API (see the file comment). Without a runtime
 * (`createHost({ metrics: false })`) it returns `scope` itself: no wrapper, no cost.
 * `removeListener(event, fn)` removes the wrapper of `fn`; everything else is the scope's.
 *
 * @example
 * const actions = guardActions(deps.actions.scope(owner), owner.id, deps.guard);
 */
export function guardActions(scope: ActionsScope, plugin: string, rt: GuardRuntime | undefined): ActionsScope {
  if (!rt) return scope;
  // The wrappers of each listener, by event, newest last (the core removes the newest registration).
  const wrappers = new Map<string, Map<unknown, AnyFn[]>>();
  const forget = (event: string, listener: unknown, wrapper?: AnyFn): AnyFn | undefined => {
    const list = wrappers.get(event)?.get(listener);
    if (!list) return undefined;
    const i = wrapper ? list.lastIndexOf(wrapper) : list.length - 1;
    const [found] = i < 0 ? [] : list.splice(i, 1);
    if (!list.length) wrappers.get(event)!.delete(listener);
    return found;
  };

  const addListener = (event: string, listener: unknown): Disposable => {
    const m = typeof event === 'string' && typeof listener === 'function' ? ACTION_EVENT.exec(event) : null;
    // Lifecycle events and invalid arguments: the core's (it validates and names the culprit).
    if (!m) return scope.addListener(event as never, listener as never);
    const fn = listener as AnyFn;
    const wrapper =
      m[1] === 'before' ? guardBefore(rt, plugin, m[2]!, fn as never) : guardAfter(rt, plugin, m[2]!, fn as never);
    const byFn = wrappers.get(event) ?? wrappers.set(event, new Map()).get(event)!;
    (byFn.get(listener) ?? byFn.set(listener, []).get(listener)!).push(wrapper);
    const registration = scope.addListener(event as never, wrapper as never);
    return toDisposable(() => {
      forget(event, listener, wrapper);
      registration.dispose();
    });
  };
  const removeListener = (event: string, listener: unknown): void =>
    scope.removeListener(event as never, (forget(event, listener) ?? listener) as never);

  const guarded: Partial<ActionsScope> = {
    addListener: addListener as ActionsScope['addListener'],
    on: addListener as ActionsScope['on'],
    removeListener: removeListener as ActionsScope['removeListener'],
    off: removeListener as ActionsScope['off'],
    replaceAction: ((name: string, replacement: unknown) =>
      scope.replaceAction(
        name,
        (typeof replacement === 'function'
          ? guardReplacement(rt, plugin, name, replacement as never)
          : replacement) as never,
      )) as ActionsScope['replaceAction'],
    scope: (child) => guardActions(scope.scope(child), plugin, rt),
  };
  // The scope's other members (owner, disposed, dispose, queries) stay the scope's own.
  return Object.freeze(Object.assign(Object.create(scope) as ActionsScope, guarded));
}

/** The trip of `plugin`'s hook of `action` in `phase` under the action's policy. */
const tripOf = (rt: GuardRuntime, plugin: string, action: string, phase: GuardedPhase): GuardrailTrip => ({
  plugin,
  action,
  phase,
  budgetMs: rt.guardrails.budgetMs,
  policy: phase === 'after' ? 'fail-open' : rt.guardrails.policyOf(action),
});

type Before = (payload: unknown, abort: AbortFunction) => unknown;
type After = (payload: unknown) => unknown;
type Replacement = (
  payload: unknown,
  original: (p: unknown) => Promise<unknown>,
  next: (p: unknown) => Promise<unknown>,
) => unknown;

/** A clock reading when `rec` is one of the timed invocations (see `TIMED_EVERY`), else 0. */
const clock = (rt: GuardRuntime, rec: LiveInvocation | undefined): number =>
  rec !== undefined && rec.timed ? rt.now() : 0;

/**
 * A before-listener: timed; its `abort(reason)` records the reason; past its budget the
 * invocation goes on without it (fail-open: a later abort is ignored) or fails with
 * ACTION_TIMED_OUT (fail).
 */
function guardBefore(rt: GuardRuntime, plugin: string, action: string, fn: Before): Before {
  return named(function guardedBefore(payload: unknown, abort: AbortFunction): unknown {
    const { log } = rt;
    const rec = log.open(action, payload);
    let late = false;
    const stop: AbortFunction = (reason?: string) => {
      if (late) return; // past its budget: the invocation went on without it
      if (rec?.status === 'pending') {
        const reasons = (rec.reasons ??= new Map());
        if (!reasons.has(plugin)) reasons.set(plugin, typeof reason === 'string' ? reason : undefined);
      }
      abort();
    };
    const t0 = clock(rt, rec);
    let r: unknown;
    try {
      r = fn(payload, stop);
    } finally {
      if (t0) account(rt, rec!, plugin, rt.now() - t0);
      if (rec) log.compare(rec, plugin, payload);
    }
    if (!isThenable(r)) return r;
    const t1 = clock(rt, rec);
    return new Promise((resolve, reject) => {
      const entry = rt.watchdog.add(rt.guardrails.budgetMs, () => {
        late = true;
        const trip = tripOf(rt, plugin, action, 'before');
        if (trip.policy === 'fail') {
          if (rec) rt.fail(rec, actionTimedOut(trip));
          else abort(); // an invocation the log does not know (cannot happen): stopped all the same
        }
        rt.tripped(trip, rec);
        resolve(undefined);
      });
      const settled = (ok: boolean, value: unknown) => {
        if (late) return; // its outcome no longer matters (a rejection is not left unhandled)
        rt.watchdog.delete(entry);
        if (rec?.status === 'pending') {
          if (t1) log.cost(rec, plugin, rt.now() - t1);
          log.compare(rec, plugin, payload);
        }
        if (ok) resolve(value);
        else reject(value);
      };
      r.then(
        (v) => settled(true, v),
        (e) => settled(false, e),
      );
    });
  }, fn);
}

/** An after-listener: timed; past its budget the invocation settles without waiting for it (always fail-open). */
function guardAfter(rt: GuardRuntime, plugin: string, action: string, fn: After): After {
  return named(function guardedAfter(payload: unknown): unknown {
    const rec = rt.log.open(action, payload);
    const t0 = clock(rt, rec);
    let r: unknown;
    try {
      r = fn(payload);
    } finally {
      if (t0) account(rt, rec!, plugin, rt.now() - t0);
    }
    if (!isThenable(r)) return r;
    const t1 = clock(rt, rec);
    return new Promise((resolve, reject) => {
      let late = false;
      const entry = rt.watchdog.add(rt.guardrails.budgetMs, () => {
        late = true;
        rt.tripped(tripOf(rt, plugin, action, 'after'), rec);
        resolve(undefined);
      });
      r.then(
        (v) => {
          if (late) return;
          rt.watchdog.delete(entry);
          if (t1 && rec?.status === 'pending') rt.log.cost(rec, plugin, rt.now() - t1);
          resolve(v);
        },
        (e) => {
          if (late) return;
          rt.watchdog.delete(entry);
          reject(e);
        },
      );
    });
  }, fn);
}

/**
 * A replacement. Its budget bounds each stretch of its own code: until it hands the payload on
 * (`next`/`original`), and from when that settles to its end; the time inside `next`/`original`
 * (older replacements, the body) is not its own. Past the budget:
 * - fail-open, before it handed the payload on: the invocation goes on through `next` (the older
 *   replacements, then the body) as if it were not there; after: with what the chain returned.
 * - fail: the invocation rejects with ACTION_TIMED_OUT.
 * Either way its late calls of `next`/`original` are refused (ACTION_TIMED_OUT), so the body's
 * side effects (a hang-up, a message sent) never happen twice, and its late result is ignored.
 */
function guardReplacement(rt: GuardRuntime, plugin: string, action: string, fn: Replacement): Replacement {
  return named(function guardedReplacement(payload, original, next): unknown {
    const { log } = rt;
    const rec = log.find(action, payload);
    if (rec?.status === 'pending') log.replaced(rec, plugin);
    const timed = rec !== undefined && rec.timed;
    let own = 0; // ms of its own code so far (timed invocations)
    let since = timed ? rt.now() : 0; // when its own code last started running
    let inside = 0; // calls of next/original in flight
    let handedOn: Promise<unknown> | undefined; // the latest of them
    let late = false;
    let done = false;
    let entry: WatchEntry | undefined;
    let onLate: (() => void) | undefined;

    const arm = () => {
      if (onLate && !done && !entry) entry = rt.watchdog.add(rt.guardrails.budgetMs, onLate);
    };
    const through =
      (target: (p: unknown) => Promise<unknown>) =>
      (p: unknown): Promise<unknown> => {
        if (late) return Promise.reject(actionTimedOut(tripOf(rt, plugin, action, 'replacement'), true));
        if (rec?.status === 'pending') log.compare(rec, plugin, p);
        if (inside++ === 0) {
          if (timed) own += rt.now() - since;
          if (entry) rt.watchdog.delete(entry);
          entry = undefined;
        }
        const out = (handedOn = target(p));
        out.then(back, back);
        return out;
      };
    const back = () => {
      if (--inside === 0) {
        if (timed) since = rt.now();
        arm();
      }
    };

    let r: unknown;
    try {
      r = fn(payload, through(original), through(next));
    } finally {
      if (timed && !inside && rt.now() - since > LONG_TASK_MS) rt.metrics.longTask(plugin);
    }
    const finish = () => {
      done = true;
      if (entry) rt.watchdog.delete(entry);
      if (!timed) return;
      if (!inside) own += rt.now() - since;
      if (rec.status === 'pending') log.cost(rec, plugin, own);
    };
    // Synchronous, or handing on exactly what next/original returned: its own part is over.
    if (!isThenable(r) || r === handedOn) {
      finish();
      return r;
    }
    return new Promise((resolve, reject) => {
      onLate = () => {
        entry = undefined;
        late = true;
        const trip = tripOf(rt, plugin, action, 'replacement');
        rt.tripped(trip, rec);
        if (trip.policy === 'fail') reject(actionTimedOut(trip));
        else resolve(handedOn ?? next(payload));
      };
      if (!inside) arm();
      r.then(
        (v) => {
          if (late) return;
          finish();
          resolve(v);
        },
        (e) => {
          if (late) return;
          finish();
          reject(e);
        },
      );
    });
  }, fn);
}
