/**
 * @switchboard/flex-compat: the Twilio Flex plugin surface (`@twilio/flex-ui`, `flex-plugin`,
 * `@twilio/flex-plugin`) as a thin translation over a Switchboard plugin's `PluginApi`.
 * `switchboard-plugin` compiles it into each Flex plugin's bundle in place of those imports.
 */
export * from './flexExports';
export { FlexPlugin, flexPluginDefinition, loadPlugin, toPluginName } from './FlexPlugin';
export type { FlexNamespace, FlexPluginClass, FlexPluginOptions } from './FlexPlugin';
