import { Disposable, toDisposable, type ActionsApi } from '@switchboard/actions';
import type { ListenerList } from '@switchboard/actions';
import type { ContributionsApi, Logger, PluginApi, PluginStoreApi } from '@switchboard/plugin';
import type { Store } from '@reduxjs/toolkit';
import type { RuntimeOwner } from '@switchboard/actions/runtime';
import type { Contributions } from '../contributions/ContributionRegistry';
import type { KitInternals } from '../store/storeKit';
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
  logger(source: string): Logger;
}

/**
 * The API a plugin's `init` receives: the host, with everything registered through it owned
 * by `owner`. Disposing the owner undoes it all; registrations attempted afterwards (late
 * async code of an unloaded plugin) are refused with a warning and leave nothing behind.
 */
export function createPluginApi(entry: ManifestEntry, owner: RuntimeOwner, deps: PluginApiDeps): PluginApi {
  const log = deps.logger(entry.name);
  const actions = deps.actions.scope(owner);

  /** Registers through `register` unless the plugin is gone. */
  const guarded = (what: string, register: () => Disposable): Disposable => {
    if (owner.disposed) {
      log.warn(`${what} after the plugin was unloaded (or failed) was ignored`);
      return Disposable.None;
    }
    return register();
  };

  const contributions: ContributionsApi = Object.freeze({
    add: (slot, component, options) =>
      guarded(`contributions.add("${slot}")`, () => deps.contributions.add(slot, component, options, owner)),
    replace: (slot, component, options) =>
      guarded(`contributions.replace("${slot}")`, () => deps.contributions.replace(slot, component, options, owner)),
    remove: (slot, key, options) =>
      guarded(`contributions.remove("${slot}")`, () => deps.contributions.remove(slot, key, options, owner)),
  } satisfies ContributionsApi);

  const store: PluginStoreApi = Object.freeze({
    getState: () => deps.store.getState(),
    dispatch: deps.store.dispatch,
    subscribe: (listener: () => void) => guarded('store.subscribe', () => deps.subscribers.add(listener, owner)),
    addReducer: (namespace, reducer) =>
      guarded(`store.addReducer("${namespace}")`, () => deps.kit.addReducer(namespace, reducer, owner)),
    addMiddleware: (middleware) => guarded('store.addMiddleware', () => deps.kit.addMiddleware(middleware, owner)),
  } satisfies PluginStoreApi);

  return Object.freeze({
    name: entry.name,
    version: entry.version,
    hostVersion: deps.hostVersion,
    actions,
    store,
    contributions,
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
