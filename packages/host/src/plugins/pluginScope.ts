import { DisposableStore, toDisposable, type ActionsApi, type Disposable } from '@switchboard/actions';
import type { ContributionsApi, Logger, PluginApi } from '@switchboard/plugin';
import type { Store } from '@reduxjs/toolkit';
import type { ContributionRegistry } from '../contributions/ContributionRegistry';
import type { KitInternals } from '../store/storeKit';
import type { ManifestEntry, PluginErrorSource } from './types';

/** What a plugin scope needs from the host. */
export interface ScopeDeps {
  hostVersion: string;
  actions: ActionsApi;
  store: Store;
  kit: KitInternals;
  contributions: ContributionRegistry;
  logger(source: string): Logger;
  /** A plugin's code failed outside the actions framework (a store subscriber, an unload hook). */
  onPluginError(owner: string, source: PluginErrorSource, error: unknown): void;
}

/** A plugin's API and the means to undo everything done through it. */
export interface PluginScope {
  readonly api: PluginApi;
  /** Undoes every registration, newest first; errors are logged, never thrown. */
  dispose(): void;
}

const NOTHING: Disposable = { dispose() {} };

/** Creates the scoped API a plugin's `init` receives. */
export function createPluginScope(entry: ManifestEntry, deps: ScopeDeps): PluginScope {
  const { name } = entry;
  const owned = new DisposableStore();
  const log = deps.logger(name);
  const actions = owned.add(deps.actions.scope(name));

  /** Makes a registration owned by the plugin, unless the plugin has been unloaded. */
  const own = (what: string, register: () => Disposable): Disposable => {
    if (owned.disposed) {
      log.warn(`${what} after the plugin was unloaded (or failed) was ignored`);
      return NOTHING;
    }
    const d = register();
    owned.add(d);
    return toDisposable(() => {
      owned.delete(d);
      d.dispose();
    });
  };

  const contributions = deps.contributions.scoped(name, (d) => d);
  const ownedContributions: ContributionsApi = {
    add: (slot, component, options) =>
      own(`contributions.add("${slot}")`, () => contributions.add(slot, component, options)),
    replace: (slot, component, options) =>
      own(`contributions.replace("${slot}")`, () => contributions.replace(slot, component, options)),
    remove: (slot, key, options) =>
      own(`contributions.remove("${slot}")`, () => contributions.remove(slot, key, options)),
  };

  const api: PluginApi = Object.freeze({
    name,
    version: entry.version,
    hostVersion: deps.hostVersion,
    actions,
    store: Object.freeze({
      getState: () => deps.store.getState(),
      dispatch: deps.store.dispatch,
      subscribe: (listener: () => void) =>
        own('store.subscribe', () =>
          toDisposable(
            deps.store.subscribe(() => {
              try {
                listener();
              } catch (error) {
                deps.onPluginError(name, 'subscriber', error);
              }
            }),
          ),
        ),
      addReducer: (namespace: string, reducer: Parameters<KitInternals['addReducer']>[1]) =>
        own(`store.addReducer("${namespace}")`, () => deps.kit.addReducer(namespace, reducer, name)),
      addMiddleware: (middleware: Parameters<KitInternals['addMiddleware']>[0]) =>
        own('store.addMiddleware', () => deps.kit.addMiddleware(middleware, name)),
    }),
    contributions: Object.freeze(ownedContributions),
    log,
    onDispose: (fn: () => void) =>
      own('onDispose', () =>
        toDisposable(() => {
          try {
            fn();
          } catch (error) {
            deps.onPluginError(name, 'dispose', error);
          }
        }),
      ),
  });

  return {
    api,
    dispose() {
      try {
        owned.dispose();
      } catch (error) {
        log.error('unloading failed in part', error);
      }
    },
  };
}
