import type { Middleware, MiddlewareAPI, Reducer, ReducersMapObject, UnknownAction } from '@reduxjs/toolkit';
import { InvalidArgumentError, toDisposable, type Disposable } from '@switchboard/actions';
import { actionsSlice } from '@switchboard/actions/redux';
import { HostError } from '../errors';
import { hostSlice } from './hostSlice';

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
  /** Adds a reducer under `namespace`; `owner` is the plugin, if any (its failures are isolated). */
  addReducer(namespace: string, reducer: Reducer, owner?: string): Disposable;
  /** Adds a middleware; `first` puts it before all others (the actions bridge). */
  addMiddleware(middleware: Middleware, owner?: string, first?: boolean): Disposable;
  /** Whether the store was built with this kit's reducer and middleware. */
  readonly attached: boolean;
  /** Called when a plugin's reducer or middleware throws (never inside the reducer call stack). */
  onPluginError?: ((owner: string, where: 'reducer' | 'middleware', error: unknown) => void) | undefined;
}

const kits = new WeakMap<HostStoreKit, KitInternals>();

/** The host's handle on a kit made by {@link createHostStoreKit}. */
export function kitInternals(kit: HostStoreKit): KitInternals {
  const internals = kits.get(kit);
  if (!internals) throw new TypeError('storeKit: not a kit made by createHostStoreKit()');
  return internals;
}

const NAMESPACE = /^[A-Za-z_$][\w$.-]*$/;
/** Namespaces the host keeps for itself. */
export const RESERVED_NAMESPACES: readonly string[] = [actionsSlice.reducerPath, hostSlice.reducerPath];

interface MiddlewareEntry {
  middleware: Middleware;
  owner: string | undefined;
  /** `middleware(api)`, made once per store: a middleware's setup may subscribe to things. */
  withApi?: ((next: (action: unknown) => unknown) => (action: unknown) => unknown) | undefined;
}

/** Creates a store kit. One kit serves one store. */
export function createHostStoreKit(): HostStoreKit {
  const reducers = new Map<string, { reducer: Reducer; owner: string | undefined }>();
  const reserved = new Set<string>(RESERVED_NAMESPACES);
  let middlewares: MiddlewareEntry[] = [];
  let version = 0;
  let api: MiddlewareAPI | undefined;
  let reducerMade = false;

  const pluginError = (owner: string, where: 'reducer' | 'middleware', error: unknown) => {
    // A reducer must not dispatch; neither may whatever handles its failure.
    queueMicrotask(() => internals.onPluginError?.(owner, where, error));
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
    for (const [key, { reducer, owner }] of reducers) {
      const prev = state[key];
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
      const who = owner === undefined ? '' : ` (plugin "${owner}")`;
      if (typeof namespace !== 'string' || !NAMESPACE.test(namespace)) {
        throw new InvalidArgumentError(
          `addReducer${who}: namespace must be an identifier, got ${JSON.stringify(namespace)}`,
        );
      }
      if (reserved.has(namespace)) {
        throw new HostError(
          'NAMESPACE_RESERVED',
          `addReducer${who}: "${namespace}" is reserved for the host and the app`,
          { owner },
        );
      }
      const taken = reducers.get(namespace);
      if (taken) {
        throw new HostError(
          'NAMESPACE_TAKEN',
          `addReducer${who}: "${namespace}" is taken${taken.owner === undefined ? '' : ` by plugin "${taken.owner}"`}`,
          { owner },
        );
      }
      if (typeof reducer !== 'function') {
        throw new InvalidArgumentError(`addReducer${who}: the reducer of "${namespace}" must be a function`);
      }
      const entry = { reducer, owner };
      reducers.set(namespace, entry);
      api?.dispatch({ type: '@@switchboard/reducerAdded', payload: { namespace } } satisfies UnknownAction);
      return toDisposable(() => {
        if (reducers.get(namespace) !== entry) return;
        reducers.delete(namespace);
        api?.dispatch({ type: '@@switchboard/reducerRemoved', payload: { namespace } } satisfies UnknownAction);
      });
    },
    addMiddleware(mw, owner, first = false) {
      if (typeof mw !== 'function') {
        throw new InvalidArgumentError(
          `addMiddleware${owner === undefined ? '' : ` (plugin "${owner}")`}: middleware must be a function`,
        );
      }
      const entry: MiddlewareEntry = { middleware: mw, owner };
      if (api) setup(entry, api);
      middlewares = first ? [entry, ...middlewares] : [...middlewares, entry];
      version++;
      return toDisposable(() => {
        middlewares = middlewares.filter((e) => e !== entry);
        version++;
      });
    },
  };
  kits.set(kit, internals);
  return kit;
}
