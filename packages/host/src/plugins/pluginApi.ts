import { Disposable, toDisposable, type ActionsApi } from '@switchboard/actions';
import type { ListenerList } from '@switchboard/actions';
import type {
  ContributionsApi,
  Logger,
  NotificationsApi,
  PluginApi,
  PluginEvents,
  PluginEventsApi,
  PluginStoreApi,
  StringsApi,
  ViewsApi,
} from '@switchboard/plugin';
import type { Store } from '@reduxjs/toolkit';
import type { RuntimeOwner } from '@switchboard/actions/runtime';
import type { Contributions } from '../contributions/ContributionRegistry';
import type { KitInternals } from '../store/storeKit';
import type { NotificationRegistry } from '../ui/notifications';
import type { StringsRegistry } from '../ui/strings';
import type { ViewRegistry } from '../ui/views';
import { restrictActions, restrictContributions, type PluginPermissionCheck } from './permissions';
import { guardActions, type GuardRuntime } from './guardedActions';
import type { ManifestEntry } from './types';

/** What a plugin's API is made of: the host's parts. */
export interface PluginApiDeps {
  hostVersion: string;
  actions: ActionsApi;
  store: Store;
  kit: KitInternals;
  contributions: Contributions;
  /** The host's store subscribers (one store subscription feeds them all). */
  subscribers: ListenerList<() => void>;
  notifications: NotificationRegistry;
  strings: StringsRegistry;
  views: ViewRegistry;
  /** The host's events (`host.events`): plugins listen to the {@link PluginEvents} among them. */
  events: { on<K extends keyof PluginEvents>(event: K, listener: PluginEvents[K], owner: RuntimeOwner): Disposable };
  logger(source: string): Logger;
  /** The plugin's declared permissions, as a check (see `createPermissionChecks`). */
  permissions(entry: ManifestEntry, log: Logger): PluginPermissionCheck;
  /** Guardrails, provenance and cost of the plugin's hooks; none with `createHost({ metrics: false })`. */
  guard?: GuardRuntime;
}

/**
 * The API a plugin's `init` receives: the host, with everything registered through it owned
 * by `owner`. Disposing the owner undoes it all; registrations attempted afterwards (late
 * async code of an unloaded plugin) are refused with a warning and leave nothing behind.
 */
export function createPluginApi(entry: ManifestEntry, owner: RuntimeOwner, deps: PluginApiDeps): PluginApi {
  const log = deps.logger(entry.name);
  const permissions = deps.permissions(entry, log);
  const actions = restrictActions(guardActions(deps.actions.scope(owner), owner.id, deps.guard), permissions);

  /** Registers through `register` unless the plugin is gone. */
  const guarded = (what: string, register: () => Disposable): Disposable => {
    if (owner.disposed) {
      log.warn(`${what} after the plugin was unloaded (or failed) was ignored`);
      return Disposable.None;
    }
    return register();
  };

  const contributions: ContributionsApi = restrictContributions(
    Object.freeze({
      add: (slot, component, options) =>
        guarded(`contributions.add("${slot}")`, () => deps.contributions.add(slot, component, options, owner)),
      replace: (slot, component, options) =>
        guarded(`contributions.replace("${slot}")`, () => deps.contributions.replace(slot, component, options, owner)),
      remove: (slot, key, options) =>
        guarded(`contributions.remove("${slot}")`, () => deps.contributions.remove(slot, key, options, owner)),
    } satisfies ContributionsApi),
    permissions,
  );

  const store: PluginStoreApi = Object.freeze({
    getState: () => deps.store.getState(),
    dispatch: deps.store.dispatch,
    subscribe: (listener: () => void) => guarded('store.subscribe', () => deps.subscribers.add(listener, owner)),
    addReducer: (namespace, reducer) =>
      guarded(`store.addReducer("${namespace}")`, () => deps.kit.addReducer(namespace, reducer, owner)),
    addMiddleware: (middleware) => guarded('store.addMiddleware', () => deps.kit.addMiddleware(middleware, owner)),
  } satisfies PluginStoreApi);

  const { notifications: n, strings: s, views: v } = deps;
  const notifications: NotificationsApi = Object.freeze({
    register: (definition) =>
      guarded(`notifications.register("${String(definition?.id)}")`, () => n.register(definition, owner)),
    show: (id, context) => {
      if (!owner.disposed) return n.show(id, context, owner);
      log.warn(`notifications.show("${id}") after the plugin was unloaded (or failed) was ignored`);
      return undefined;
    },
    dismiss: (key) => n.dismiss(key),
    dismissById: (id) => n.dismissById(id),
    get: (id) => n.get(id),
    shown: () => n.shown(),
    addListener: (event, listener) =>
      guarded(`notifications.addListener("${event}")`, () => n.addListener(event, listener, owner)),
  } satisfies NotificationsApi);

  const strings: StringsApi = Object.freeze({
    get: (key, context) => s.get(key, context),
    template: (key) => s.template(key),
    render: (template, context) => s.render(template, context),
    all: () => s.all(),
    override: (values) => guarded('strings.override', () => s.override(values, owner)),
    get locale() {
      return s.locale;
    },
    setLocale: (locale, catalogue) => s.setLocale(locale, catalogue),
    subscribe: (listener) => guarded('strings.subscribe', () => s.subscribe(listener, owner)),
  } satisfies StringsApi);

  const views: ViewsApi = Object.freeze({
    register: (view) => guarded(`views.register("${String(view?.name)}")`, () => v.register(view, owner)),
    list: () => v.list(),
    get: (name) => v.get(name),
    get selected() {
      return v.selected;
    },
    subscribe: (listener) => guarded('views.subscribe', () => v.subscribe(listener, owner)),
  } satisfies ViewsApi);

  const events: PluginEventsApi = Object.freeze({
    on: (event, listener) => {
      if (typeof listener !== 'function') {
        throw new TypeError(`events.on("${String(event)}"): the listener must be a function (plugin "${entry.name}")`);
      }
      return guarded(`events.on("${String(event)}")`, () => deps.events.on(event, listener, owner));
    },
  } satisfies PluginEventsApi);

  return Object.freeze({
    name: entry.name,
    version: entry.version,
    hostVersion: deps.hostVersion,
    actions,
    store,
    contributions,
    notifications,
    strings,
    views,
    events,
    log,
    signal: owner.signal,
    onDispose: (fn: () => void) =>
      guarded('onDispose', () => {
        const registration = toDisposable(() => {
          owner.disposables.deleteAndLeak(registration);
          try {
            fn();
          } catch (error) {
            owner.report('dispose', error);
          }
        });
        return owner.disposables.add(registration);
      }),
  });
}
