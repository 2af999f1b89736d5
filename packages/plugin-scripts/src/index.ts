/**
 * @switchboard/plugin-scripts: build, start and test for Switchboard plugins, and deploy /
 * release / rollback through the contact center's plugin registry. The CLI is
 * `switchboard-plugin`; the same operations are functions here (the registry's are
 * `createRegistryClient` of `@switchboard/contact-center`).
 */
export { buildPlugin, MANIFEST_ENTRY_FILE } from './buildPlugin';
export { contentHash, sri } from './bundleFacts';
export { describePermissions } from './describePermissions';
export { main } from './cli';
export { BUNDLE_FILE, createWebpackConfig, FLEX_IMPORTS, flexCompatEntry } from './createWebpackConfig';
export { DEV_EVENTS_PATH, DEV_INFO_PATH } from './DevEventStream';
export { PluginScriptsError } from './PluginScriptsError';
export {
  DEFAULT_ENTRIES,
  DEFAULT_FLEX_SIZE_LIMIT,
  DEFAULT_SIZE_LIMIT,
  FLEX_PACKAGES,
  isFlexPlugin,
  readPlugin,
} from './readPlugin';
export { DEFAULT_ADMIN, DEFAULT_SERVER } from './registry/registryCommand';
export { formatPermissions, permissionsAdded } from './registry/permissions';
export { flexModuleNameMapper, jestPresetFile, runTests } from './runTests';
export { startPlugins } from './startPlugins';

export type { BuildOptions, BuildResult } from './buildPlugin';
export type { BundleSize, ManifestEntry } from './bundleFacts';
export type { CliOutput } from './cli';
export type { WebpackEnv } from './createWebpackConfig';
export type { PluginScriptsErrorCode } from './PluginScriptsError';
export type { PluginProject, PluginTarget } from './readPlugin';
export type { WebpackOverride } from './resolveWebpackConfig';
export type { DevPlugin, DevServer, StartOptions } from './startPlugins';
