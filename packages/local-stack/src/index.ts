/**
 * @switchboard/local-stack (Node): the whole product on one port of 127.0.0.1 — the local
 * contact center, the agent desktop with its plugins, a customer's webchat page and a demo
 * CRM — and its command line (`main`). The flags it shares with other commands are in
 * `@switchboard/local-stack/options`.
 */
export { startLocalStack, desktopDirOf } from './startLocalStack';
export { pluginsIn, manifestOf } from './plugins';
export { main } from './cli';

export type { LocalStack, LocalStackOptions } from './startLocalStack';
export type { LocalPlugin, PluginsInFolder } from './plugins';
export type { CrmInteraction } from './demoCrm';
export type { CliOutput, CliSetup } from './cli';
