/** Two configurations compared: versions, enabled, and the permissions each plugin gains or loses. */
import semverGt from 'semver/functions/gt.js';
import type {
  ConfigurationDiff,
  ConfigurationEntry,
  DiffChange,
  DiffSide,
  PluginDiff,
  PluginPermissions,
  RegistryConfiguration,
  RegistryVersion,
} from './types';

const KINDS = ['actions', 'slots', 'origins'] as const;

/** An empty permission set. */
export const noPermissions = (): PluginPermissions => ({ actions: [], slots: [], origins: [] });

/**
 * What a permission set allows, for comparing: undeclared (`null`) runs unrestricted, so it
 * counts as every action and every slot (`'*'`); its origins are none (the desktop's CSP lets
 * it call none but its own origin).
 */
export const effectivePermissions = (p: PluginPermissions | null): PluginPermissions =>
  p ?? { actions: ['*'], slots: ['*'], origins: [] };

/** What `b` allows that `a` does not, per kind (`'*'` in `a` covers every name). */
export function permissionsMinus(b: PluginPermissions, a: PluginPermissions): PluginPermissions {
  const out = noPermissions();
  for (const k of KINDS) out[k] = b[k].filter((x) => !a[k].includes(x) && !a[k].includes('*'));
  return out;
}

/**
 * Compares configuration `from` with `to`, plugin by plugin (by name).
 *
 * @example
 * diffConfigurations(a, b, (plugin, version) => versions.get(`${plugin}@${version}`));
 * // { from: 'PC…', to: 'PC…', plugins: [{ plugin: 'crm-sync', change: 'upgraded', permissionsAdded: { origins: ['https://crm.example.com'], … } }] }
 */
export function diffConfigurations(
  from: RegistryConfiguration,
  to: RegistryConfiguration,
  versionOf: (plugin: string, version: string) => RegistryVersion | undefined,
): ConfigurationDiff {
  const side = (e: ConfigurationEntry | undefined): DiffSide | undefined =>
    e && { version: e.version, enabled: e.enabled, permissions: versionOf(e.plugin, e.version)?.permissions ?? null };
  const names = [...new Set([...from.plugins, ...to.plugins].map((e) => e.plugin))].sort();
  const plugins = names.map((plugin): PluginDiff => {
    const a = side(from.plugins.find((e) => e.plugin === plugin));
    const b = side(to.plugins.find((e) => e.plugin === plugin));
    const change: DiffChange = !a
      ? 'added'
      : !b
        ? 'removed'
        : a.version !== b.version
          ? semverGt(b.version, a.version)
            ? 'upgraded'
            : 'downgraded'
          : a.enabled !== b.enabled
            ? 'toggled'
            : 'unchanged';
    const pa = a ? effectivePermissions(a.permissions) : noPermissions();
    const pb = b ? effectivePermissions(b.permissions) : noPermissions();
    return {
      plugin,
      change,
      ...(a ? { from: a } : {}),
      ...(b ? { to: b } : {}),
      permissionsAdded: permissionsMinus(pb, pa),
      permissionsRemoved: permissionsMinus(pa, pb),
    };
  });
  return { from: from.sid, to: to.sid, plugins };
}
