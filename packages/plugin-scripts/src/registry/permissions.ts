/**
 * A plugin's declared permissions as the CLI reads, compares and prints them: what it may hook
 * (actions), fill (slots) and call (origins). `null` is "declares none": the plugin runs
 * unrestricted, which compares as `*` (anything) everywhere.
 */
import type { PluginPermissions } from '@switchboard/contact-center';

/** The three kinds, in the order they are printed. */
export const PERMISSION_KINDS = ['actions', 'slots', 'origins'] as const;

const ANY: PluginPermissions = { actions: ['*'], slots: ['*'], origins: ['*'] };

const sorted = (list: readonly string[]) => [...new Set(list)].sort();

/**
 * What `to` allows that `from` did not: per kind, the names in `to` that `from` does not list
 * (nothing when `from` has `*`). Undeclared (`null`) is unrestricted: from `null` nothing is
 * added; to `null` adds `*` (anything) where `from` had less.
 *
 * @example
 * permissionsAdded({ actions: ['AcceptTask'], slots: [], origins: [] },
 *                  { actions: ['AcceptTask', 'HangupCall'], slots: [], origins: ['https://crm.example.com'] });
 * // { actions: ['HangupCall'], slots: [], origins: ['https://crm.example.com'] }
 */
export function permissionsAdded(
  from: PluginPermissions | null | undefined,
  to: PluginPermissions | null | undefined,
): PluginPermissions {
  const before = from ?? ANY;
  const after = to ?? ANY;
  const added = (kind: (typeof PERMISSION_KINDS)[number]) =>
    before[kind].includes('*') ? [] : sorted(after[kind].filter((name) => !before[kind].includes(name)));
  return { actions: added('actions'), slots: added('slots'), origins: added('origins') };
}

/** Whether a permission set lists nothing. */
export const isEmptyPermissions = (p: PluginPermissions): boolean => PERMISSION_KINDS.every((k) => p[k].length === 0);

/**
 * One line, as `build` prints it: `actions AcceptTask, HangupCall; slots TaskCanvasTabs; origins none`, or
 * `undeclared (runs unrestricted)` for `null`.
 */
export function formatPermissions(p: PluginPermissions | null | undefined): string {
  if (!p) return 'undeclared (runs unrestricted)';
  return PERMISSION_KINDS.map((k) => `${k} ${p[k].length ? p[k].join(', ') : 'none'}`).join('; ');
}

/** The kinds that list something, signed: `+actions HangupCall; +origins https://…` (empty string when none). */
export function formatPermissionChange(p: PluginPermissions, sign: '+' | '-'): string {
  return PERMISSION_KINDS.filter((k) => p[k].length)
    .map((k) => `${sign}${k} ${p[k].join(', ')}`)
    .join('; ');
}
