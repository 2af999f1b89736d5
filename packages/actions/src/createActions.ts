/**
 * `createActions()`: the public API of an Actions instance, unscoped or owned by a scope.
 * Registrations go to the registry (registry.ts); `invokeAction` runs the pipeline
 * (pipeline.ts). The behaviour is written down in SEMANTICS.md.
 */
import { DisposableStore, Disposable, type OwnerRef } from './lifecycle';
import { InvalidArgumentError, type ErrorPhase } from './errors';
import { ListenerList } from './listeners';
import { matches, samePattern } from './match';
import { createPipeline, ownerLabel } from './pipeline';
import { ActionRegistry, type ActionEntry, type AnyFunction, type RegistrationKind } from './registry';
import type {
  ActionDescription,
  ActionMapOf,
  ActionsApi,
  ActionsScope,
  ActionWarning,
  UntypedActionMap,
} from './types';

type Owner = OwnerRef | undefined;

const LIFECYCLE = ['invocationBegin', 'invocationAwaiting', 'invocationEnd', 'actionBlockedChanged'] as const;
type LifecycleName = (typeof LIFECYCLE)[number];
const isLifecycle = (event: string): event is LifecycleName => (LIFECYCLE as readonly string[]).includes(event);
/** `before${Action}` and `after${Action}`. */
const ACTION_EVENT = /^(before|after)(.+)$/;
const LOG = '[switchboard]';

const need = (ok: unknown, where: string, what: string): void => {
  if (!ok) throw new InvalidArgumentError(`${where}: ${what}`);
};
const checkString = (value: unknown, where: string, what: string): void =>
  need(typeof value === 'string' && value, where, `${what} must be a non-empty string, got ${String(value)}`);
const checkName = (name: unknown, where: string): void => checkString(name, where, 'the action name');
const checkFunction = (fn: unknown, where: string, what: string): void =>
  need(typeof fn === 'function', where, `${what} must be a function, got ${typeof fn}`);

/**
 * Creates a new, independent Actions instance (SEMANTICS.md).
 *
 * @example
 * interface Map { AcceptTask: { payload: { sid: string }; result: void } }
 * const actions = createActions<Map>();
 * actions.registerAction('AcceptTask', async ({ sid }) => provider.accept(sid));
 * await actions.invokeAction('AcceptTask', { sid: 'WT1' });
 * @public
 */
export function createActions<M extends ActionMapOf<M> = UntypedActionMap>(): ActionsApi<M> {
  // `actionBlockedChanged` on a real change only: the first block of a pattern added, or the last removed.
  const registry = new ActionRegistry((name, pattern, added) => {
    if (blocksOf(name).filter((b) => samePattern(b.data, pattern)).length === +added) {
      emit(lifecycle.actionBlockedChanged, name, [added, name, pattern]);
    }
  });
  const lifecycle = Object.fromEntries(LIFECYCLE.map((name) => [name, new ListenerList()])) as Record<
    LifecycleName,
    ListenerList<AnyFunction>
  >;
  const errorHandlers = new ListenerList<AnyFunction>();
  const warningHandlers = new ListenerList<AnyFunction>();

  const handlerFailed = (error: unknown) => console.error(LOG, 'onError/onWarning handler failed:', error);

  const warn = (warning: ActionWarning): void => {
    if (!warningHandlers.size) console.warn(LOG, warning.message);
    warningHandlers.call([warning], handlerFailed);
  };

  /**
   * A failure the framework isolated (a listener's) or that rejects an invocation (a body's):
   * to every onError handler; a listener's also to its owner, when the owner takes reports.
   */
  const report = (error: unknown, action: string, phase: ErrorPhase, owner: Owner): void => {
    const isolated = phase !== 'body' && phase !== 'payloadUpdate';
    if (isolated && owner?.report) owner.report('listener', error);
    // A failed body already rejects to its caller; anything else would be lost unseen.
    else if (!errorHandlers.size && phase !== 'body')
      console.error(LOG, `${phase} of "${action}" by ${ownerLabel(owner)} failed:`, error);
    errorHandlers.call([error, { action, phase, owner: owner?.id }], handlerFailed);
  };

  const emit = (list: ListenerList<AnyFunction>, action: string, args: [unknown, unknown?, unknown?]): void =>
    list.call(args, (error, r) => report(error, action, 'event', r.owner));
  const invoke = createPipeline({ registry, events: lifecycle, report, warn, emit });

  const blocksOf = (name: string) => registry.get(name)?.blocks.items ?? [];

  // ---- queries -----------------------------------------------------------------------

  const find = (names: unknown, match: unknown, where: string, values: (e: ActionEntry) => unknown[]) => {
    const out: Record<string, unknown> = {};
    for (const name of [names].flat() as string[]) {
      checkName(name, where);
      const e = registry.get(name);
      const vs = e ? values(e) : [];
      const i = vs.findIndex((v) => matches(match, v, name));
      if (i >= 0) {
        out[name] = vs[i];
        out.first ??= { action: name, payload: vs[i] };
      }
    }
    return out;
  };

  const describeEntry = ([action, e]: [string, ActionEntry]): ActionDescription => {
    const active = e.bodies.items.at(-1);
    const list = (l: { items: ReadonlyArray<{ fn: AnyFunction; owner: Owner }> }) =>
      l.items.map((r) => ({ owner: r.owner?.id, name: r.fn.name || '(anonymous)' }));
    return {
      action,
      registered: !!active,
      owner: active?.owner?.id,
      hasPayloadUpdate: !!active?.data,
      registrations: list(e.bodies),
      replacements: list(e.replacements).reverse(),
      before: list(e.before),
      after: list(e.after),
      blocks: e.blocks.items.map((b) => ({ pattern: b.data, owner: b.owner?.id })),
      pending: [...e.pending],
    };
  };

  /** The listener list an event name denotes, if any. */
  const listOf = (event: string): ListenerList<AnyFunction> | undefined => {
    if (isLifecycle(event)) return lifecycle[event];
    const m = ACTION_EVENT.exec(event);
    return m ? registry.get(m[2]!)?.[m[1] as 'before' | 'after'] : undefined;
  };

  // ---- the API, unscoped or owned by a scope -----------------------------------------

  const api = (owner: Owner, store?: DisposableStore): ActionsApi<UntypedActionMap> => {
    /** Registrations through a disposed scope are refused (warned), never leaked. */
    const refused = (action?: string): boolean => {
      if (!store?.disposed) return false;
      warn({
        code: 'SCOPE_DISPOSED',
        action,
        owner: owner!.id,
        message: `scope "${owner!.id}" is disposed: registration ignored`,
      });
      return true;
    };

    /** Adds a registration to one of an action's lists. */
    const register = (name: string, kind: RegistrationKind, fn: AnyFunction, data?: unknown): Disposable =>
      refused(name) ? Disposable.None : registry.entry(name)[kind].add(fn, owner, store, data as never);

    /** Checks a name and a function, naming the method and the culprit. */
    const checked = (where: string, name: unknown, fn: unknown, what: string) => {
      checkName(name, where);
      checkFunction(fn, `${where}("${name}")`, what);
    };

    const handler = (list: ListenerList<AnyFunction>, where: string, fn: unknown): Disposable => {
      checkFunction(fn, where, 'the handler');
      return refused() ? Disposable.None : list.add(fn as AnyFunction, owner, store);
    };

    const addListener = (event: string, listener: unknown): Disposable => {
      checkString(event, 'addListener', 'the event');
      checkFunction(listener, 'addListener', `the listener of "${event}"`);
      if (isLifecycle(event)) return handler(lifecycle[event], 'addListener', listener);
      const m = ACTION_EVENT.exec(event);
      need(
        m,
        'addListener',
        `unknown event "${event}"; expected before<Action>, after<Action>, ${LIFECYCLE.join(', ')}`,
      );
      return register(m![2]!, m![1] as 'before' | 'after', listener as AnyFunction);
    };

    const removeListener = (event: string, listener: unknown): void => void listOf(event)?.remove(listener);

    return {
      registerAction(name, fn, payloadUpdate) {
        checked('registerAction', name, fn, 'the action function');
        if (payloadUpdate !== undefined) checked('registerAction', name, payloadUpdate, 'payloadUpdate');
        return register(name, 'bodies', fn as AnyFunction, payloadUpdate);
      },
      invokeAction: ((name: string, payload?: unknown) => {
        try {
          checkName(name, 'invokeAction');
          return invoke(name, payload, owner);
        } catch (error) {
          // Step 1: never throw synchronously; every guard's rejection lands here.
          return Promise.reject(error);
        }
      }) as ActionsApi['invokeAction'],
      replaceAction(name, replacement) {
        checked('replaceAction', name, replacement, 'the replacement');
        return register(name, 'replacements', replacement as AnyFunction);
      },
      addListener: addListener as ActionsApi['addListener'],
      on: addListener as ActionsApi['on'],
      removeListener: removeListener as ActionsApi['removeListener'],
      off: removeListener as ActionsApi['off'],
      blockAction(name, pattern) {
        checkName(name, 'blockAction');
        return register(name, 'blocks', Boolean, pattern);
      },
      unblockAction(name, pattern) {
        checkName(name, 'unblockAction');
        for (const b of blocksOf(name)) if (matches(pattern, b.data, name)) b.dispose();
      },
      findPendingActions: ((names: unknown, match?: unknown) =>
        find(names, match, 'findPendingActions', (e) =>
          e.pending.map((i) => i.payload),
        )) as ActionsApi['findPendingActions'],
      findBlockedActions: ((names: unknown, match?: unknown) =>
        find(names, match, 'findBlockedActions', (e) =>
          e.blocks.items.map((b) => b.data),
        )) as ActionsApi['findBlockedActions'],
      scope(child) {
        const ref: OwnerRef = typeof child === 'string' ? { id: child } : child;
        checkString(ref?.id, 'scope', 'the owner');
        const childStore = new DisposableStore();
        const scoped: ActionsScope<UntypedActionMap> = {
          ...api(ref, childStore),
          owner: ref.id,
          get disposed() {
            return childStore.disposed;
          },
          dispose() {
            store?.deleteAndLeak(scoped);
            ref.disposables?.deleteAndLeak(scoped);
            childStore.dispose();
          },
        };
        // Disposed with its parent scope, and with its owner.
        store?.add(scoped);
        ref.disposables?.add(scoped);
        return scoped;
      },
      describe: ((name?: string) =>
        name === undefined
          ? [...registry].map(describeEntry)
          : registry.get(name) && describeEntry([name, registry.get(name)!])) as ActionsApi['describe'],
      onError: (fn) => handler(errorHandlers, 'onError', fn),
      onWarning: (fn) => handler(warningHandlers, 'onWarning', fn),
      listenerCount: (event?: string) => {
        if (event !== undefined) return listOf(event)?.size ?? 0;
        let n = 0;
        for (const e of registry.values()) n += e.before.size + e.after.size;
        for (const name of LIFECYCLE) n += lifecycle[name].size;
        return n;
      },
    };
  };

  return api(undefined) as unknown as ActionsApi<M>;
}
