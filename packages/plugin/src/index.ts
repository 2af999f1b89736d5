/**
 * @switchboard/plugin: the plugin authoring SDK. A plugin bundle's entry calls
 * `loadPlugin(definePlugin({ name, init }))`; `init(api)` gets the host scoped to the plugin.
 */
export { definePlugin, loadPlugin, PLUGIN_NAME } from './definePlugin';
export type {
  ContributionOptions,
  ContributionsApi,
  Logger,
  PluginApi,
  PluginDefinition,
  PluginStoreApi,
  SlotName,
  SlotProps,
  SlotPropsMap,
  SwitchboardGlobal,
  TaskLike,
} from './types';
