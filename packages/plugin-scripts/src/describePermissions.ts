import type { PluginPermissions } from '@switchboard/plugin';

/**
 * One line saying what a plugin may touch, as `switchboard-plugin build` prints it; for a
 * plugin that declares nothing, that it runs unrestricted and where to declare.
 *
 * @example
 * describePermissions({ actions: ['AcceptTask'], slots: [], origins: ['https://crm.example.com'] });
 * // 'Permissions: actions AcceptTask; slots none; origins https://crm.example.com'
 */
export function describePermissions(permissions: PluginPermissions | null): string {
  if (!permissions) {
    return 'Permissions: none declared: the plugin may hook any action and fill any slot (declare them in package.json switchboard.plugin.permissions)';
  }
  const list = (values: string[]) => (values.length ? values.join(', ') : 'none');
  return `Permissions: actions ${list(permissions.actions)}; slots ${list(permissions.slots)}; origins ${list(permissions.origins)}`;
}
