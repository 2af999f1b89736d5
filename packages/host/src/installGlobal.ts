import { toDisposable, type Disposable } from '@switchboard/actions';
import type { Logger, PluginRegistration, SwitchboardGlobal } from '@switchboard/plugin';
import { defaultSharedModules } from './sharedModules';
import { HOST_CONTRACTS } from './version';

/** What {@link installGlobal} puts on the page. */
export interface GlobalOptions {
  /** The host's version (`window.Switchboard.version`). */
  hostVersion: string;
  /**
   * Where a bundle's registration goes (the plugin manager). `bundleOf` names the plugin whose
   * `<script>` is running, when the loader marked it.
   */
  register(plugin: unknown, registration: PluginRegistration | undefined, bundleOf: string | undefined): void;
  /** More modules to share, beside the default ones, and their versions. */
  modules?: Record<string, unknown>;
  moduleVersions?: Record<string, string>;
  log: Pick<Logger, 'warn'>;
}

/**
 * Installs `window.Switchboard`: the registration entry plugin bundles call
 * (`Switchboard.Plugins.init(plugin, registration)`), the modules the host shares with them
 * and their versions, and the registration contracts the host accepts. A second host on the
 * page replaces the first (with a warning). Disposing removes the global, unless another host
 * replaced it since.
 *
 * @example
 * const installed = installGlobal({ hostVersion, register: (p, r, b) => plugins.register(p, r, b), log });
 * installed.dispose(); // window.Switchboard is gone
 */
export function installGlobal(options: GlobalOptions): Disposable {
  const { log } = options;
  if (globalThis.Switchboard) log.warn('another Switchboard host was on this page; this one replaces it');
  const modules: Record<string, unknown> = {};
  const versions: Record<string, string> = {};
  for (const [name, { module, version }] of Object.entries(defaultSharedModules())) {
    modules[name] = module;
    versions[name] = version;
  }
  Object.assign(modules, options.modules);
  Object.assign(versions, options.moduleVersions);
  const global: SwitchboardGlobal = {
    version: options.hostVersion,
    contracts: HOST_CONTRACTS,
    Plugins: {
      init(plugin, registration) {
        const script = typeof document === 'undefined' ? null : document.currentScript;
        const bundleOf = (script as HTMLScriptElement | null)?.dataset?.switchboardPlugin;
        // The loader removes the script of an attempt it gave up on (timeout, unload), but the
        // browser still runs it when it arrives: it must not register into a later attempt.
        if (bundleOf !== undefined && script?.isConnected === false) {
          log.warn(`plugin "${bundleOf}": a bundle of an abandoned load attempt ran late; ignored`);
          return;
        }
        options.register(plugin, registration, bundleOf);
      },
    },
    modules: Object.freeze(modules),
    versions: Object.freeze(versions),
  };
  globalThis.Switchboard = global;
  return toDisposable(() => {
    if (globalThis.Switchboard === global) delete globalThis.Switchboard;
  });
}
