/**
 * `@switchboard/host/permissions`: the host's rules for a plugin's permissions declaration,
 * without the rest of the host (no React, no store): what `switchboard-plugin build` and
 * `deploy` check a package.json's `switchboard.plugin.permissions` with, so they and the
 * host agree. The main entry exports the same function.
 */
export { checkPermissions } from './manifest/permissionsSchema';
export type { PluginPermissions } from '@switchboard/plugin';
