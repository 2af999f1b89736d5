import {
  configureStore,
  type Dispatch,
  type Middleware,
  type Reducer,
  type ReducersMapObject,
  type Store,
  type UnknownAction,
} from '@reduxjs/toolkit';
import {
  createActions,
  InvalidArgumentError,
  toDisposable,
  type ActionsApi,
  type Disposable,
} from '@switchboard/actions';
import { createActionsBridge, INVOKE, type InvokeDispatch } from '@switchboard/actions/redux';
import * as SwitchboardActions from '@switchboard/actions';
import * as SwitchboardPlugin from '@switchboard/plugin';
import type { SwitchboardGlobal } from '@switchboard/plugin';
import validVersion from 'semver/functions/valid.js';
import { ContributionRegistry } from './contributions/ContributionRegistry';
import { HostError } from './errors';
import { createEmitter, type Emitter } from './events';
import { createLogger, type HostLogger, type LogEntry, type LogLevel } from './logger';
import { PluginManager, type PluginManagerApi } from './plugins/PluginManager';
import { createPluginScope } from './plugins/pluginScope';
import { createScriptLoader } from './plugins/scriptLoader';
import type { PluginErrorSource, PluginLoader, PluginStatus } from './plugins/types';
import { hostSlice, pluginForgotten, pluginStatusChanged, type HostState } from './store/hostSlice';
import { createHostStoreKit, kitInternals, type HostStoreKit } from './store/storeKit';
import { HOST_VERSION } from './version';

/** Options of {@link createHost}. */
export interface HostOptions {
  /** This host's semver version, compared with each plugin's `hostVersion` range. Default: the package's. */
  hostVersion?: string;
  /** How long a plugin's bundle may take to load, and its `init` to finish. Default 10000. */
  pluginTimeoutMs?: number;
  /** How a bundle is loaded. Default: a `<script>` element with SRI (browsers only). */
  loader?: PluginLoader;
  /**
   * An existing store to join. It must be built with `storeKit` (its reducer and middleware
   * composed in); without one, the host creates its store.
   */
  store?: Store;
  /** The kit `store` was built with. */
  storeKit?: HostStoreKit;
  /** The app's reducers, when the host creates the store. */
  reducers?: ReducersMapObject;
  /** What a plugin whose code throws at run time gets: `fail` (unloaded, Failed; default) or `report` (logged). */
  onPluginError?: 'fail' | 'report';
  /** The lowest level written to the console. Default `warn`. */
  logLevel?: LogLevel | 'silent';
  /** Base URL of relative manifest and bundle URLs. Default: the document's. */
  baseUrl?: string;
  /** Install `window.Switchboard`, through which plugin bundles register. Default true. */
  global?: boolean;
  /** More modules to share with plugin bundles, by import name (e.g. `react-dom`). */
  modules?: Record<string, unknown>;
}

/** Events of a host (`host.events.on(name, listener)`). */
export interface HostEvents {
  /** A plugin's state or failure changed. */
  pluginStateChanged: (status: PluginStatus) => void;
  /** A plugin's code threw at run time (whether or not that failed the plugin). */
  pluginError: (report: { plugin: string; source: PluginErrorSource; error: unknown }) => void;
  /** A slot's contributions changed. */
  contributionsChanged: (slot: string) => void;
  /** Every log entry, of the host and of plugins. */
  log: (entry: LogEntry) => void;
}

/**
 * The host's store: Redux, plus runtime reducers and middleware. Its dispatch also runs
 * actions: `store.dispatch(invoke(name, payload))` returns the invocation's promise.
 */
export type HostStore = Omit<Store<Record<string, unknown>>, 'dispatch'> & {
  dispatch: Dispatch<UnknownAction> & InvokeDispatch;
  /** Adds a reducer under `state[namespace]`; rejects reserved and taken namespaces. */
  addReducer(namespace: string, reducer: Reducer): Disposable;
  /** Removes a reducer added with `addReducer` (plugins' are removed when they unload). */
  removeReducer(namespace: string): void;
  /** Adds a middleware at runtime. */
  addMiddleware(middleware: Middleware): Disposable;
};

/** A plugin host (see `createHost`). */
export interface Host {
  readonly version: string;
  /** The Actions instance (`@switchboard/actions`). */
  readonly actions: ActionsApi;
  readonly store: HostStore;
  readonly plugins: PluginManagerApi;
  readonly contributions: ContributionRegistry;
  readonly events: Pick<Emitter<HostEvents>, 'on' | 'count'>;
  readonly log: HostLogger;
  /** Report a plugin's failure the host cannot see itself (error boundaries do). */
  reportPluginError(plugin: string, source: PluginErrorSource, error: unknown): void;
  /** Unloads every plugin, detaches from the store and removes `window.Switchboard`. */
  dispose(): void;
}

/** The host's state: `actions` (the bridge), `switchboard` (plugin statuses), and yours. */
export type HostRootState = { switchboard: HostState } & Record<string, unknown>;

/**
 * Creates a plugin host: its Actions instance, Redux store, plugin manager, contribution
 * registry, events and logger.
 *
 * @example
 * const host = createHost({ hostVersion: '1.4.0' });
 * await host.plugins.loadManifest('/plugins.json');
 * host.plugins.list(); // [{ name, version, phase, state: 'Initialized' }, …]
 */
export function createHost(options: HostOptions = {}): Host {
  const hostVersion = options.hostVersion ?? HOST_VERSION;
  if (validVersion(hostVersion) === null) {
    throw new InvalidArgumentError(
      `createHost: hostVersion must be a semver version, got ${JSON.stringify(hostVersion)}`,
    );
  }
  const timeoutMs = options.pluginTimeoutMs ?? 10_000;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new InvalidArgumentError(`createHost: pluginTimeoutMs must be a positive number, got ${String(timeoutMs)}`);
  }
  if (options.store && !options.storeKit) {
    throw new InvalidArgumentError(
      'createHost: a store must be built with a storeKit (createHostStoreKit()); pass both',
    );
  }

  const disposables: Disposable[] = [];
  const events = createEmitter<HostEvents>((error, event) =>
    console.error(`[host] a "${String(event)}" listener failed:`, error),
  );
  const log = createLogger((entry) => events.emit('log', entry), options.logLevel ?? 'warn');
  const actions = createActions();

  // The store: the app's, joined through its kit, or our own built the same way.
  const storeKit = options.storeKit ?? createHostStoreKit();
  const kit = kitInternals(storeKit);
  const store =
    options.store ??
    configureStore({
      reducer: storeKit.reducer(options.reducers),
      middleware: (gDM) =>
        // `invoke` commands carry action payloads, which may hold anything: they are not state.
        gDM({ serializableCheck: { ignoredActions: [INVOKE] } }).concat(storeKit.middleware),
    });
  if (!kit.attached || !(hostSlice.reducerPath in (store.getState() as object))) {
    throw new InvalidArgumentError(
      'createHost: the store was not built with its storeKit: use reducer: storeKit.reducer(…) and add storeKit.middleware',
    );
  }
  const bridge = createActionsBridge(actions);
  disposables.push(kit.addMiddleware(bridge.middleware, undefined, true), bridge);

  const contributions = new ContributionRegistry(
    (slot) => events.emit('contributionsChanged', slot),
    (owner, slot, key, error) =>
      owner === undefined
        ? log.error(`the condition of contribution "${key}" in slot "${slot}" threw`, error)
        : reportPluginError(owner, 'render', error),
  );

  const plugins: PluginManager = new PluginManager({
    hostVersion,
    timeoutMs,
    loader:
      options.loader ??
      (typeof document === 'undefined'
        ? () =>
            Promise.reject(
              new InvalidArgumentError('createHost: no document to load bundles into; pass options.loader'),
            )
        : createScriptLoader()),
    baseUrl: options.baseUrl ?? (typeof document === 'undefined' ? undefined : document.baseURI),
    log,
    onPluginError: options.onPluginError ?? 'fail',
    createScope: (entry) =>
      createPluginScope(entry, {
        hostVersion,
        actions,
        store,
        kit,
        contributions,
        logger: (source) => log.child(source),
        onPluginError: reportPluginError,
      }),
    onStatus: (status) => {
      store.dispatch(pluginStatusChanged(status));
      events.emit('pluginStateChanged', status);
    },
    markFailedUi: (owner, reason) =>
      reason === undefined ? contributions.clearTombstones(owner) : contributions.tombstone(owner, reason),
    onStatusRemoved: (id) => store.dispatch(pluginForgotten(id)),
  });

  function reportPluginError(plugin: string, source: PluginErrorSource, error: unknown): void {
    events.emit('pluginError', { plugin, source, error });
    plugins.pluginError(plugin, source, error);
  }

  kit.onPluginError = reportPluginError;
  disposables.push(toDisposable(() => (kit.onPluginError = undefined)));

  // Failures the actions framework isolated. A plugin's listener that throws is a fault of the
  // plugin; a body or replacement that rejects has already rejected to its caller.
  disposables.push(
    actions.onError((error, { action, phase, owner }) => {
      if (owner !== undefined && plugins.get(owner) && (phase === 'before' || phase === 'after' || phase === 'event')) {
        reportPluginError(owner, 'listener', error);
      } else {
        log.error(`${phase} of action "${action}"${owner === undefined ? '' : ` (by "${owner}")`} failed`, error);
      }
    }),
    actions.onWarning((warning) => log.warn(warning.message)),
  );

  const namespaces = new Map<string, Disposable>();
  const hostStore: HostStore = Object.assign(Object.create(store) as HostStore, {
    addReducer(namespace: string, reducer: Reducer): Disposable {
      const d = kit.addReducer(namespace, reducer);
      namespaces.set(namespace, d);
      return toDisposable(() => {
        namespaces.delete(namespace);
        d.dispose();
      });
    },
    removeReducer(namespace: string): void {
      const d = namespaces.get(namespace);
      if (!d) {
        throw new HostError(
          'NAMESPACE_TAKEN',
          `removeReducer: "${namespace}" was not added with store.addReducer (plugins' reducers go when they unload)`,
        );
      }
      namespaces.delete(namespace);
      d.dispose();
    },
    addMiddleware: (middleware: Middleware) => kit.addMiddleware(middleware),
  });

  // The registration global plugin bundles call, and the modules they share with the host.
  if (options.global !== false && typeof window !== 'undefined') {
    if (globalThis.Switchboard) log.warn('another Switchboard host was on this page; this one replaces it');
    const global: SwitchboardGlobal = {
      version: hostVersion,
      Plugins: {
        init(plugin) {
          const script = typeof document === 'undefined' ? null : document.currentScript;
          const bundleOf = (script as HTMLScriptElement | null)?.dataset?.switchboardPlugin;
          // The loader removes the script of an attempt it gave up on (timeout, unload), but the
          // browser still runs it when it arrives: it must not register into a later attempt.
          if (bundleOf !== undefined && script?.isConnected === false) {
            log.warn(`plugin "${bundleOf}": a bundle of an abandoned load attempt ran late; ignored`);
            return;
          }
          plugins.register(plugin, bundleOf);
        },
      },
      modules: {
        '@switchboard/actions': SwitchboardActions,
        '@switchboard/plugin': SwitchboardPlugin,
        ...options.modules,
      },
    };
    globalThis.Switchboard = global;
    disposables.push(
      toDisposable(() => {
        if (globalThis.Switchboard === global) delete globalThis.Switchboard;
      }),
    );
  }

  let disposed = false;
  return {
    version: hostVersion,
    actions,
    store: hostStore,
    plugins,
    contributions,
    events,
    log,
    reportPluginError,
    dispose() {
      if (disposed) return;
      disposed = true;
      plugins.disposeAll();
      for (const d of [...namespaces.values(), ...disposables.reverse()]) d.dispose();
      namespaces.clear();
    },
  };
}
