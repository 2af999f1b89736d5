import {
  SHOULD_AUTOBATCH,
  type Middleware,
  type MiddlewareAPI,
  type Reducer,
  type ReducersMapObject,
  type UnknownAction,
} from '@reduxjs/toolkit';
import { InvalidArgumentError, toDisposable, type Disposable, type OwnerRef } from '@switchboard/actions';
import { actionsSlice } from '@switchboard/actions/redux';
import { HostError } from '../errors';
import { hostSlice } from './hostSlice';

/**
 * A reducer added or removed changes no one's state but its own namespace: auto-batched, so a
 * boot's twenty plugins adding theirs notify the store's subscribers (React) once per frame.
 */
const BATCHED = { [SHOULD_AUTOBATCH]: true };

/**
 * What the host adds to a Redux store: compose `middleware` into it and build its reducer
 * with `reducer(appReducers)`, the way an app adds any middleware and reducers. Pass the
 * store and the kit to `createHost({ store, storeKit })`. (Without a store, the host makes
 * one exactly so.)
 *
 * @example
 * const storeKit = createHostStoreKit();
 * const store = configureStore({
 *   reducer: storeKit.reducer({ app: appReducer }),
 *   middleware: (gDM) => gDM().concat(storeKit.middleware),
 * });
 * const host = createHost({ store, storeKit });
 */
export interface HostStoreKit {
  /** The actions bridge and the runtime middleware of plugins, as one middleware. */
  readonly middleware: Middleware;
  /** The root reducer: your reducers, the host's (`actions`, `switchboard`) and room for plugin namespaces. */
  reducer(app?: ReducersMapObject): Reducer<Record<string, unknown>>;
}

/** The host's side of a kit. */
export interface KitInternals {
  /**
   * Adds a reducer under `namespace`. With an `owner` (a plugin), its failures are isolated
   * and reported to `owner.report('reducer', error)` (never inside the reducer call stack),
   * and the registration is added to the owner's disposables.
   */
  addReducer(namespace: string, reducer: Reducer, owner?: OwnerRef): Disposable;
  /** Adds the host's own reducer under one of the host's reserved namespaces (`desktop`). */
  addHostReducer(namespace: string, reducer: Reducer): Disposable;
  /** Adds a middleware, isolated like a reducer when owned; `first` puts it before all others (the actions bridge). */
  addMiddleware(middleware: Middleware, owner?: OwnerRef, first?: boolean): Disposable;
  /** Whether the store was built with this kit's reducer and middleware. */
  readonly attached: boolean;
  /**
   * Remembers the state of every namespace owned by `ownerId` now: the next `addReducer` of
   * one of them by an owner of that id starts from it instead of the reducer's initial state
   * (a state-keeping hot reload: the old activation is torn down, the new one re-adds).
   */
  holdState(ownerId: string): void;
  /** Forgets what {@link KitInternals.holdState} remembered for `ownerId` and was not re-added. */
  releaseState(ownerId: string): void;
}

const kits = new WeakMap<HostStoreKit, KitInternals>();

/** The host's handle on a kit made by {@link createHostStoreKit}. */
export function kitInternals(kit: HostStoreKit): KitInternals {
  const internals = kits.get(kit);
  if (!internals) throw new TypeError('storeKit: not a kit made by createHostStoreKit()');
  return internals;
}

const NAMESPACE = /^[A-Za-z_$][\w$.-]*$/;
/** Namespaces the host keeps for itself: the actions bridge, plugin statuses, the agent desktop, the UI. */
export const RESERVED_NAMESPACES: readonly string[] = [
  actionsSlice.reducerPath,
  hostSlice.reducerPath,
  'desktop',
  'ui',
  'supervisor',
];

interface MiddlewareEntry {
  middleware: Middleware;
  owner: OwnerRef | undefined;
  /** `middleware(api)`, made once per store: a middleware's setup may subscribe to things. */
  withApi?: ((next: (action: unknown) => unknown) => (action: unknown) => unknown) | undefined;
}

/** Creates a store kit. One kit serves one store. */
export function createHostStoreKit(): HostStoreKit {
  const reducers = new Map<string, { reducer: Reducer; owner: OwnerRef | undefined; seed?: unknown }>();
  /** State held for a hot reload, by namespace, with the id of the owner that may take it. */
  const held = new Map<string, { ownerId: string; state: unknown }>();
  const reserved = new Set<string>(RESERVED_NAMESPACES);
  let middlewares: MiddlewareEntry[] = [];
  let version = 0;
  let api: MiddlewareAPI | undefined;
  let reducerMade = false;

  const pluginError = (owner: OwnerRef, where: 'reducer' | 'middleware', error: unknown) => {
    // A reducer must not dispatch; neither may whatever handles its failure.
    queueMicrotask(() => owner.report?.(where, error));
  };

  /** `d`, added to the owner's disposables (and forgotten there once disposed on its own). */
  const owned = (d: Disposable, owner: OwnerRef | undefined): Disposable => {
    if (!owner?.disposables) return d;
    const registration = toDisposable(() => {
      owner.disposables?.deleteAndLeak(registration);
      d.dispose();
    });
    return owner.disposables.add(registration);
  };

  const setup = (entry: MiddlewareEntry, storeApi: MiddlewareAPI) => {
    try {
      entry.withApi = entry.middleware(storeApi) as MiddlewareEntry['withApi'];
    } catch (error) {
      if (entry.owner === undefined) throw error;
      pluginError(entry.owner, 'middleware', error);
    }
  };

  /** A plugin's middleware, isolated: if it throws, the action goes on without it. */
  const isolate = (entry: MiddlewareEntry, next: (action: unknown) => unknown) => {
    let calledNext = false;
    const trackedNext = (action: unknown) => {
      calledNext = true;
      return next(action);
    };
    let handle: (action: unknown) => unknown;
    try {
      handle = entry.withApi!(trackedNext);
    } catch (error) {
      pluginError(entry.owner!, 'middleware', error);
      return next;
    }
    return (action: unknown) => {
      calledNext = false;
      try {
        return handle(action);
      } catch (error) {
        pluginError(entry.owner!, 'middleware', error);
        return calledNext ? undefined : next(action);
      }
    };
  };

  const middleware: Middleware = (storeApi) => {
    api = storeApi;
    for (const entry of middlewares) setup(entry, storeApi);
    return (next) => {
      let built = -1;
      let chain = next as (action: unknown) => unknown;
      return (action) => {
        if (built !== version) {
          chain = middlewares.reduceRight<(action: unknown) => unknown>(
            (n, entry) => (!entry.withApi ? n : entry.owner === undefined ? entry.withApi(n) : isolate(entry, n)),
            next as (action: unknown) => unknown,
          );
          built = version;
        }
        return chain(action);
      };
    };
  };

  const root: Reducer<Record<string, unknown>> = (state = {}, action) => {
    let changed = Object.keys(state).length !== reducers.size;
    const next: Record<string, unknown> = {};
    for (const [key, entry] of reducers) {
      const { reducer, owner } = entry;
      let prev = state[key];
      if (prev === undefined && entry.seed !== undefined) {
        // A namespace re-added by a state-keeping reload starts from the state it had.
        prev = entry.seed;
        entry.seed = undefined;
      }
      let value: unknown;
      if (owner === undefined) {
        value = reducer(prev, action);
      } else {
        try {
          value = reducer(prev, action);
          if (value === undefined) throw new TypeError(`reducer of "${key}" returned undefined for ${action.type}`);
        } catch (error) {
          value = prev;
          pluginError(owner, 'reducer', error);
        }
      }
      next[key] = value;
      if (value !== prev) changed = true;
    }
    return changed ? next : state;
  };

  const kit: HostStoreKit = {
    middleware,
    reducer(app = {}) {
      if (reducerMade) throw new TypeError('storeKit.reducer: already made; a kit serves one store');
      reducerMade = true;
      reducers.set(actionsSlice.reducerPath, { reducer: actionsSlice.reducer, owner: undefined });
      reducers.set(hostSlice.reducerPath, { reducer: hostSlice.reducer, owner: undefined });
      for (const [key, reducer] of Object.entries(app)) {
        if (reserved.has(key))
          throw new HostError('NAMESPACE_RESERVED', `storeKit.reducer: "${key}" is reserved for the host`);
        reducers.set(key, { reducer, owner: undefined });
        reserved.add(key);
      }
      return root;
    },
  };

  const internals: KitInternals = {
    get attached() {
      return reducerMade && api !== undefined;
    },
    addReducer(namespace, reducer, owner) {
      const who = owner === undefined ? '' : ` (plugin "${owner.id}")`;
      if (typeof namespace !== 'string' || !NAMESPACE.test(namespace)) {
        throw new InvalidArgumentError(
          `addReducer${who}: namespace must be an identifier, got ${JSON.stringify(namespace)}`,
        );
      }
      if (reserved.has(namespace)) {
        throw new HostError(
          'NAMESPACE_RESERVED',
          `addReducer${who}: "${namespace}" is reserved for the host and the app`,
          { owner: owner?.id },
        );
      }
      const taken = reducers.get(namespace);
      if (taken) {
        throw new HostError(
          'NAMESPACE_TAKEN',
          `addReducer${who}: "${namespace}" is taken${taken.owner === undefined ? '' : ` by plugin "${taken.owner.id}"`}`,
          { owner: owner?.id },
        );
      }
      if (typeof reducer !== 'function') {
        throw new InvalidArgumentError(`addReducer${who}: the reducer of "${namespace}" must be a function`);
      }
      const kept = held.get(namespace);
      const keep = kept !== undefined && owner !== undefined && kept.ownerId === owner.id;
      if (keep) held.delete(namespace);
      const entry = { reducer, owner, ...(keep ? { seed: kept.state } : {}) };
      reducers.set(namespace, entry);
      api?.dispatch({
        type: '@@switchboard/reducerAdded',
        payload: { namespace },
        meta: BATCHED,
      } satisfies UnknownAction);
      return owned(
        toDisposable(() => {
          if (reducers.get(namespace) !== entry) return;
          reducers.delete(namespace);
          api?.dispatch({
            type: '@@switchboard/reducerRemoved',
            payload: { namespace },
            meta: BATCHED,
          } satisfies UnknownAction);
        }),
        owner,
      );
    },
    holdState(ownerId) {
      const state = api?.getState() as Record<string, unknown> | undefined;
      if (!state) return;
      for (const [namespace, { owner }] of reducers) {
        if (owner?.id === ownerId && state[namespace] !== undefined)
          held.set(namespace, { ownerId, state: state[namespace] });
      }
    },
    releaseState(ownerId) {
      for (const [namespace, kept] of held) if (kept.ownerId === ownerId) held.delete(namespace);
    },
    addHostReducer(namespace, reducer) {
      if (!RESERVED_NAMESPACES.includes(namespace) || reducers.has(namespace)) {
        throw new HostError('NAMESPACE_TAKEN', `addHostReducer: "${namespace}" is not a free namespace of the host`);
      }
      reducers.set(namespace, { reducer, owner: undefined });
      api?.dispatch({
        type: '@@switchboard/reducerAdded',
        payload: { namespace },
        meta: BATCHED,
      } satisfies UnknownAction);
      return toDisposable(() => {
        reducers.delete(namespace);
        api?.dispatch({
          type: '@@switchboard/reducerRemoved',
          payload: { namespace },
          meta: BATCHED,
        } satisfies UnknownAction);
      });
    },
    addMiddleware(mw, owner, first = false) {
      if (typeof mw !== 'function') {
        throw new InvalidArgumentError(
          `addMiddleware${owner === undefined ? '' : ` (plugin "${owner.id}")`}: middleware must be a function`,
        );
      }
      const entry: MiddlewareEntry = { middleware: mw, owner };
      if (api) setup(entry, api);
      middlewares = first ? [entry, ...middlewares] : [...middlewares, entry];
      version++;
      return owned(
        toDisposable(() => {
          middlewares = middlewares.filter((e) => e !== entry);
          version++;
        }),
        owner,
      );
    },
  };
  kits.set(kit, internals);
  return kit;
}
