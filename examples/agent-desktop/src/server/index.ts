/**
 * @switchboard/agent-desktop/server (Node): the local stack — the contact center, the agent
 * desktop, its plugins and the webchat page on one port.
 */
export { desktopDirOf, pluginsIn, startLocalStack } from './startLocalStack';
export type { LocalPlugin, LocalStack, LocalStackOptions, PluginsInFolder } from './startLocalStack';
