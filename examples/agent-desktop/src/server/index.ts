/**
 * @switchboard/agent-desktop/server (Node): the local stack — the contact center, the agent
 * desktop, its plugins and the webchat page on one port.
 */
export { desktopDirOf, startLocalStack } from './startLocalStack';
export type { LocalPlugin, LocalStack, LocalStackOptions } from './startLocalStack';
