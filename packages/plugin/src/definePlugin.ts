import { InvalidArgumentError, SwitchboardError } from '@switchboard/actions';
import type { PluginDefinition, PluginRegistration } from './types';

/**
 * The registration contract this SDK speaks: what `Switchboard.Plugins.init` receives and
 * what `init(api)` gets. A host accepts a range of contracts (`Switchboard.contracts`); it
 * loads a bundle built for an older one through an adapter, and refuses one it does not
 * know with a reason naming both. Bumped only on a breaking change of that contract.
 */
export const PLUGIN_CONTRACT = 1;

/** This SDK's version (kept equal to package.json's by a test). */
export const SDK_VERSION = '0.1.0';

/**
 * Plugin names: lowercase letters, digits, `.`, `_` and `-`, optionally scoped like npm
 * packages (`@acme/crm-sync`).
 */
export const PLUGIN_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/**
 * Declares a plugin (checked, and typed for `init`).
 *
 * @example
 * export default definePlugin({
 *   name: 'accept-task-confirm',
 *   init(api) {
 *     api.actions.addListener('beforeAcceptTask', async (payload, abort) => {
 *       if (!window.confirm('Accept this task?')) abort();
 *     });
 *   },
 * });
 */
export function definePlugin<T extends PluginDefinition>(plugin: T): T {
  const name: unknown = (plugin as Partial<PluginDefinition> | null)?.name;
  if (typeof name !== 'string' || !PLUGIN_NAME.test(name)) {
    throw new InvalidArgumentError(
      `definePlugin: name must be a plugin name (lowercase letters, digits, ".", "_", "-", optionally @scope/), got ${JSON.stringify(name)}`,
    );
  }
  if (typeof plugin.init !== 'function') {
    throw new InvalidArgumentError(`definePlugin("${name}"): init must be a function, got ${typeof plugin.init}`);
  }
  const { hotReload } = plugin;
  if (
    hotReload !== undefined &&
    (typeof hotReload !== 'object' ||
      hotReload === null ||
      (hotReload.keepState !== undefined && typeof hotReload.keepState !== 'boolean'))
  ) {
    throw new InvalidArgumentError(
      `definePlugin("${name}"): hotReload must be { keepState?: boolean }, got ${JSON.stringify(hotReload)}`,
    );
  }
  return plugin;
}

/**
 * Registers `plugin` with the host running the page (`window.Switchboard.Plugins.init`).
 * A plugin bundle's entry calls it once, when it runs.
 *
 * @example
 * loadPlugin(definePlugin({ name: 'my-plugin', init(api) { … } }));
 */
export function loadPlugin(plugin: PluginDefinition): void {
  definePlugin(plugin);
  const host = globalThis.Switchboard;
  if (typeof host?.Plugins?.init !== 'function') {
    throw new SwitchboardError(
      'HOST_NOT_FOUND',
      `loadPlugin("${plugin.name}"): no Switchboard host on this page (window.Switchboard is missing); load the bundle through a host's plugin manifest`,
      { owner: plugin.name },
    );
  }
  const registration: PluginRegistration = { contract: PLUGIN_CONTRACT, sdkVersion: SDK_VERSION };
  host.Plugins.init(plugin, registration);
}
