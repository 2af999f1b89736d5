/**
 * @switchboard/create-plugin: scaffolds a Switchboard plugin project
 * (`npx @switchboard/create-plugin my-plugin`), from the command line or from code.
 */
export { createPlugin } from './createPlugin';
export { CreatePluginError } from './errors';
export { findWorkspaceRoot, PLUGINS_WORKSPACE } from './findWorkspaceRoot';
export { LANGUAGES, TEMPLATES } from './templates';
export { validatePluginName } from './validatePluginName';
export type { CreatedPlugin, CreatePluginOptions } from './createPlugin';
export type { CreatePluginErrorCode } from './errors';
export type { Language, Template } from './templates';
