import { PLUGIN_NAME } from '@switchboard/plugin';
import validateNpmPackageName from 'validate-npm-package-name';

/**
 * Why `name` cannot be a plugin's name, in one line, or `undefined` when it can. A plugin's
 * name is both its npm package name (valid for a new package) and the name it registers with
 * the host (`PLUGIN_NAME`: lowercase letters, digits, `.`, `_`, `-`, optionally `@scope/`).
 *
 * @example
 * validatePluginName('crm-badge'); // undefined
 * validatePluginName('CRM'); // '"CRM" is not a valid npm package name: name can no longer contain capital letters'
 */
export function validatePluginName(name: string): string | undefined {
  if (name.trim() === '') return 'a plugin name is required (e.g. my-plugin or @acme/crm-badge)';
  const npm = validateNpmPackageName(name);
  if (!npm.validForNewPackages) {
    const problems = [...(npm.errors ?? []), ...(npm.warnings ?? [])];
    return `${JSON.stringify(name)} is not a valid npm package name: ${problems.join('; ')}`;
  }
  // Stricter than npm where the host is: a scope or name must start with a letter or digit.
  if (!PLUGIN_NAME.test(name)) {
    return `${JSON.stringify(name)} is not a valid plugin name: use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit, optionally scoped (@scope/name)`;
  }
  return undefined;
}

/** The name without its scope: `@acme/crm-badge` → `crm-badge` (the default folder name). */
export const unscopedName = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/** A title for people: `@acme/crm-badge` → `Crm Badge`. */
export const titleOf = (name: string): string =>
  unscopedName(name)
    .split(/[-_.]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
