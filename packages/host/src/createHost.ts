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
  DisposableStore,
  InvalidArgumentError,
  ListenerList,
  toDisposable,
  type ActionsApi,
  type Disposable,
  type OwnerRef,
} from '@switchboard/actions';
import { Emitter } from '@switchboard/actions/events';
import { createActionsBridge, INVOKE, type InvokeDispatch } from '@switchboard/actions/redux';
import type { ContactCenterProvider } from '@switchboard/contact-center';
import validVersion from 'semver/functions/valid.js';
import { ContributionRegistry, type Contributions } from './contributions/ContributionRegistry';
import { mirrorContactCenter, type DesktopEvents } from './desktop/connectContactCenter';
import { desktopSlice } from './desktop/desktopSlice';
import { registerNativeActions } from './desktop/nativeActions';
import { mirrorSupervisor } from './desktop/mirrorSupervisor';
import { registerSupervisorActions } from './desktop/supervisorActions';
import { supervisorSlice } from './desktop/supervisorSlice';
import { HostError } from './errors';
import { installGlobal } from './installGlobal';
import { createLogger, type HostLogger, type LogEntry, type LogLevel } from './logger';
import { createActionGuard, type HostInvocations } from './plugins/actionGuard';
import type { GuardrailOptions, GuardrailTrip } from './plugins/guardrails';
import type { InvocationRecord } from './plugins/invocationLog';
import { createPluginApi } from './plugins/pluginApi';
import { createPermissionChecks } from './plugins/permissions';
import type { PluginMetrics } from './plugins/pluginMetrics';
import { PluginManager, type PluginManagerApi } from './plugins/PluginManager';
import { createScriptLoader } from './plugins/scriptLoader';
import type { PluginErrorSource, PluginLoader, PluginStatus } from './plugins/types';
import {
  guardFiguresChanged,
  hostSlice,
  pluginForgotten,
  pluginStatusChanged,
  type HostState,
} from './store/hostSlice';
import { createHostStoreKit, kitInternals, type HostStoreKit } from './store/storeKit';
import { HOST_VERSION } from './version';
import { createHistory, type HostHistory } from './ui/history';
import { NotificationRegistry, type HostNotifications } from './ui/notifications';
import { StringsRegistry } from './ui/strings';
import { followHistory, registerUiActions } from './ui/uiActions';
import { notificationShown, uiSlice } from './ui/uiSlice';
import { ViewRegistry } from './ui/views';
import type { StringsApi, ViewsApi } from '@switchboard/plugin';

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
  /**
   * More modules to share with plugin bundles, by import name, beside the ones every host
   * shares (`react`, `react/jsx-runtime`, `react-dom`, `redux`, `react-redux`,
   * `@reduxjs/toolkit`, `@switchboard/*`). Give their versions in `moduleVersions`.
   */
  modules?: Record<string, unknown>;
  /** The versions of the modules in `modules`, by the same names. */
  moduleVersions?: Record<string, string>;
  /**
   * The contact center the agent works on. With one, the host registers the native actions
   * (AcceptTask, SendMessage, …) against it and keeps `state.desktop` in step with its events.
   * Call `contactCenter.connect()` yourself (its errors are yours to show).
   */
  contactCenter?: ContactCenterProvider;
  /** Called after the `Logout` action signed the agent out (the agent desktop reloads the page). */
  onLogout?: () => void;
  /**
   * The history the views follow. Default: the browser's (the view is the URL's hash,
   * `#/view-name`), or one in memory without `window.history`.
   */
  history?: HostHistory;
  /**
   * How long a plugin's before-listener, replacement or after-listener may hold an invocation,
   * and what happens past that, by action. Default: 2000 ms; `HangupCall`, `HoldCall`, `Logout`,
   * `EndConferenceForAll`, `KickParticipant` and `CompleteTask` fail open, others fail with
   * `ACTION_TIMED_OUT`. See the README's "Guardrails".
   */
  guardrails?: GuardrailOptions;
  /**
   * Measure each plugin (`host.plugins.metrics()`) and record the provenance of invocations
   * (`host.invocations`). Default true. `false`: plugins' hooks are not wrapped at all (no
   * cost), which also turns the guardrails off.
   */
  metrics?: boolean;
}

/**
 * Events of a host (`host.events.on(name, listener, owner?)`). With a contact center, the
 * desktop's too ({@link DesktopEvents}: `taskReceived`, `taskAccepted`, `taskWrapup`,
 * `taskCompleted`, …, `workerActivityUpdated`, `connectionStateChanged`).
 */
export interface HostEvents extends DesktopEvents {
  /** A plugin's state or failure changed. */
  pluginStateChanged: (status: PluginStatus) => void;
  /** A plugin's code threw at run time (whether or not that failed the plugin). */
  pluginError: (report: { plugin: string; source: PluginErrorSource; error: unknown }) => void;
  /** A slot's contributions changed. */
  contributionsChanged: (slot: string) => void;
  /** Every log entry, of the host and of plugins. */
  log: (entry: LogEntry) => void;
  /** The selected view changed (NavigateToView, the history actions, Back, a typed URL). */
  selectedViewChanged: (viewName: string) => void;
  /** A `loadManifest`'s plugins are all loaded (each bundle Loaded, or Failed): their statuses. */
  pluginsLoaded: (statuses: PluginStatus[]) => void;
  /** Then all initialized (each Initialized, or Failed): their statuses. */
  pluginsInitialized: (statuses: PluginStatus[]) => void;
  /** A plugin's hook ran past its guardrail budget (see `HostOptions.guardrails`). */
  guardrailTripped: (trip: GuardrailTrip) => void;
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

/** `host.plugins`: the plugin manager, and what each plugin costs. */
export interface HostPlugins extends PluginManagerApi {
  /**
   * Each plugin's figures: load and init time, the time its hooks add to each action (p50/p95),
   * errors, aborts, guardrail timeouts, long tasks. Empty with `createHost({ metrics: false })`.
   *
   * @example
   * const { p95 } = host.plugins.metrics()['crm-sync']?.actions.AcceptTask ?? {};
   */
  metrics(): Record<string, PluginMetrics>;
}

/** `host.actions`: the Actions instance, and the provenance of its latest invocations. */
export type HostActions = ActionsApi & {
  /** The latest 50 invocations plugins hooked that ended, oldest first (same as `host.invocations.recent()`). */
  lastInvocations(): InvocationRecord[];
};

/** A plugin host (see `createHost`). */
export interface Host {
  readonly version: string;
  /**
   * The Actions instance (`@switchboard/actions`). Its invocations reject with `HostError`
   * ACTION_TIMED_OUT when a plugin's hook ran past its budget under the `fail` policy.
   */
  readonly actions: HostActions;
  /** Who aborted, replaced, changed the payload of, or timed out in the latest invocations. */
  readonly invocations: HostInvocations;
  readonly store: HostStore;
  readonly plugins: HostPlugins;
  /** The contribution slots (add / replace / remove, resolve, subscribe, describe). */
  readonly contributions: Contributions;
  readonly events: Pick<Emitter<HostEvents>, 'on' | 'count'>;
  readonly log: HostLogger;
  /** Notifications: register, show, dismiss (shown ones are in `state.ui.notifications`). */
  readonly notifications: HostNotifications;
  /** The desktop's strings and templates (`DESKTOP_STRINGS`, overrides, the locale). */
  readonly strings: StringsApi;
  /** The views (pages) of the side nav; the selected one is `state.ui.view.selected`. */
  readonly views: ViewsApi;
  /** The contact center of `createHost({ contactCenter })`, if any. */
  readonly contactCenter: ContactCenterProvider | undefined;
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
  // A plugin's listener that throws is reported as its error (`pluginError`, its error policy).
  const events = new Emitter<HostEvents>((error, event, owner) =>
    owner?.report
      ? owner.report('listener', error)
      : console.error(`[host] a "${String(event)}" listener failed:`, error),
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
        // Shown notifications keep their context as given (plain data, by contract; not checked).
        gDM({
          serializableCheck: { ignoredActions: [INVOKE, notificationShown.type], ignoredPaths: ['ui.notifications'] },
        }).concat(storeKit.middleware),
      // Auto-batched actions (plugin statuses, reducers added) notify subscribers once per
      // animation frame (any other action notifies at once, these included): twenty plugins
      // booting render a few frames, not eighty state changes. Measured: packages/host/bench.
      enhancers: (gDE) => gDE({ autoBatch: { type: 'raf' } }),
    });
  if (!kit.attached || !(hostSlice.reducerPath in (store.getState() as object))) {
    throw new InvalidArgumentError(
      'createHost: the store was not built with its storeKit: use reducer: storeKit.reducer(…) and add storeKit.middleware',
    );
  }
  // Guardrails, provenance and cost of plugins' hooks (their actions APIs are wrapped with it).
  const guard = createActionGuard({
    actions,
    metrics: options.metrics !== false,
    guardrails: options.guardrails,
    onTrip: (trip, error) => {
      log.warn(error.message);
      events.emit('guardrailTripped', trip);
      events.emit('pluginError', { plugin: trip.plugin, source: 'listener', error });
    },
    mirror: (figures) => store.dispatch(guardFiguresChanged(figures)),
  });
  disposables.push(guard);
  const bridge = createActionsBridge(guard.actions);
  disposables.push(kit.addMiddleware(bridge.middleware, undefined, true), bridge);

  // Plugins' store subscriptions: one subscription to the store feeds them all; a subscriber
  // that throws is reported to its plugin.
  const subscribers = new ListenerList<() => void>();
  disposables.push(
    toDisposable(
      store.subscribe(() => {
        if (subscribers.size) subscribers.call([], (error, r) => r.owner?.report?.('subscriber', error));
      }),
    ),
  );

  // The UI framework: notifications, strings, views and the native UI actions, always.
  /** A plugin's listener that throws is reported to the plugin; the host's own is logged. */
  const listenerFailed = (what: string) => (error: unknown, owner: OwnerRef | undefined) =>
    owner?.report ? owner.report('listener', error) : log.error(`a ${what} listener failed`, error);
  const strings = new StringsRegistry(listenerFailed('strings'));
  disposables.push(kit.addHostReducer(uiSlice.reducerPath, uiSlice.reducer));
  const notifications = new NotificationRegistry(store, listenerFailed('beforeAddNotification'));
  const views = new ViewRegistry(store, listenerFailed('views'));
  const history = options.history ?? createHistory();
  {
    const owner = { id: 'host', disposables: new DisposableStore() };
    disposables.push(
      toDisposable(() => history.dispose()),
      followHistory(history, store, (viewName) => events.emit('selectedViewChanged', viewName)),
      registerUiActions(actions, store, { history, views }, owner),
      notifications.register({ id: 'ActionFailed', type: 'error', templateKey: 'ActionFailed' }),
      owner.disposables,
      toDisposable(() => notifications.dispose()),
    );
  }

  const contributions = new ContributionRegistry(
    (slot) => events.emit('contributionsChanged', slot),
    (_owner, slot, key, error) => log.error(`the condition of contribution "${key}" in slot "${slot}" threw`, error),
  );

  const permissionChecks = createPermissionChecks();
  const plugins = new PluginManager({
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
    errorPolicy: options.onPluginError ?? 'fail',
    createApi: (entry, owner) =>
      createPluginApi(entry, owner, {
        hostVersion,
        actions,
        store,
        kit,
        contributions,
        subscribers,
        notifications,
        strings,
        views,
        events,
        logger: (source) => log.child(source),
        permissions: permissionChecks,
        guard: guard.runtime,
      }),
    onStatus: (status) => {
      guard.status(status);
      store.dispatch(pluginStatusChanged(status));
      events.emit('pluginStateChanged', status);
    },
    markFailedUi: (ownerId, reason) =>
      reason === undefined ? contributions.clearTombstones(ownerId) : contributions.tombstone(ownerId, reason),
    onStatusRemoved: (id) => {
      guard.forget(id);
      store.dispatch(pluginForgotten(id));
    },
    onPluginError: (plugin, source, error) => {
      guard.error(plugin);
      events.emit('pluginError', { plugin, source, error });
    },
    onManifestSettled: (event, statuses) => events.emit(event, statuses),
    stateKeeper: { hold: (id) => kit.holdState(id), release: (id) => kit.releaseState(id) },
  });

  // Failures the actions framework isolated or that rejected an invocation. A plugin's own
  // listeners' failures went to the plugin's owner already (it fails or logs the plugin).
  disposables.push(
    actions.onError((error, { action, phase, owner }) => {
      if (owner !== undefined && phase !== 'body' && phase !== 'payloadUpdate') return;
      log.error(`${phase} of action "${action}"${owner === undefined ? '' : ` (by "${owner}")`} failed`, error);
    }),
    actions.onWarning((warning) => log.warn(warning.message)),
  );

  // The agent desktop on a contact center: its state and the native actions.
  if (options.contactCenter) {
    const owner = { id: 'host', disposables: new DisposableStore() };
    disposables.push(
      kit.addHostReducer(desktopSlice.reducerPath, desktopSlice.reducer),
      mirrorContactCenter(
        options.contactCenter,
        store,
        (message, error) => log.warn(message, error),
        (event, ...args) => events.emit(event, ...args),
      ),
      registerNativeActions(actions, store, options.contactCenter, { onLogout: options.onLogout }, owner),
      kit.addHostReducer(supervisorSlice.reducerPath, supervisorSlice.reducer),
      mirrorSupervisor(options.contactCenter, store),
      registerSupervisorActions(actions, store, options.contactCenter, owner),
      owner.disposables,
    );
  }

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
          'NAMESPACE_NOT_FOUND',
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
    disposables.push(
      installGlobal({
        hostVersion,
        register: (plugin, registration, bundleOf) => plugins.register(plugin, registration, bundleOf),
        modules: options.modules,
        moduleVersions: options.moduleVersions,
        log,
      }),
    );
  }

  const hostActions: HostActions = { ...guard.actions, lastInvocations: () => guard.invocations.recent() };
  // The manager itself, with the metrics beside its methods.
  const hostPlugins: HostPlugins = Object.assign(plugins, { metrics: () => guard.metrics() });

  let disposed = false;
  return {
    version: hostVersion,
    actions: hostActions,
    invocations: guard.invocations,
    store: hostStore,
    plugins: hostPlugins,
    contributions,
    events,
    log,
    notifications,
    strings,
    views,
    contactCenter: options.contactCenter,
    reportPluginError: (plugin, source, error) => plugins.pluginError(plugin, source, error),
    dispose() {
      if (disposed) return;
      disposed = true;
      plugins.disposeAll();
      for (const d of [...namespaces.values(), ...disposables.reverse()]) d.dispose();
      namespaces.clear();
    },
  };
}
