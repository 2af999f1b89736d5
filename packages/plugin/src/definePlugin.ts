import { InvalidArgumentError, SwitchboardError } from '@switchboard/actions';
import type { PluginDefinition } from './types';

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
  host.Plugins.init(plugin);
}
