import type { PluginPermissions } from '@switchboard/plugin';
import * as z from 'zod/mini';

/** An origin a plugin calls: scheme, host (optionally `*.` for subdomains), port; no path. */
const ORIGIN = /^(https?|wss?):\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/;
/** An action or slot name, or `*`: no spaces, nothing empty. */
const NAME = /^\S+$/;

const needs = (what: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is required' : `must be ${what}, got ${JSON.stringify(issue.input)}`,
});

const names = (what: 'action' | 'slot') => {
  const one = `${what === 'action' ? 'an' : 'a'} ${what} name`;
  return z._default(
    z.array(
      z.string(needs(one)).check(z.refine((v) => NAME.test(v), { error: `must be ${one} (no spaces), or "*"` })),
      needs(`an array of ${what} names`),
    ),
    [],
  );
};

/**
 * A permissions declaration (`PluginPermissions`): each list defaults to empty (nothing of
 * that kind is allowed); `null` means "declares nothing" (unrestricted, flagged).
 */
export const permissionsSchema = z.nullable(
  z.strictObject(
    {
      actions: names('action'),
      slots: names('slot'),
      origins: z._default(
        z.array(
          z.string(needs('an origin')).check(
            z.refine((v) => ORIGIN.test(v), {
              error: (issue) =>
                `must be an origin like "https://crm.example.com" (scheme, host, optional port; no path), got ${JSON.stringify(issue.input)}`,
            }),
          ),
          needs('an array of origins'),
        ),
        [],
      ),
    },
    needs('an object { actions, slots, origins } or null'),
  ),
);

/** A zod issue's path as a person writes it: `actions[1]`. */
export const pathText = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');

/**
 * Checks a permissions declaration (as a package.json or a manifest carries it). Returns the
 * declaration with defaults applied (`null`: declares nothing), or the problems, each naming
 * the field under `field`.
 *
 * @example
 * checkPermissions({ actions: ['AcceptTask'] }, 'switchboard.plugin.permissions');
 * // { permissions: { actions: ['AcceptTask'], slots: [], origins: [] } }
 * checkPermissions({ actions: 'AcceptTask' }, 'permissions');
 * // { problems: ['permissions.actions: must be an array of action names, got "AcceptTask"'] }
 */
export function checkPermissions(
  raw: unknown,
  field = 'permissions',
): { permissions: PluginPermissions | null; problems?: undefined } | { permissions?: undefined; problems: string[] } {
  if (raw === undefined) return { permissions: null };
  const result = permissionsSchema.safeParse(raw);
  if (result.success) return { permissions: result.data };
  const fields = Object.keys(permissionsSchema.def.innerType.shape);
  return {
    problems: result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => `${field}: unknown field "${k}" (fields: ${fields.join(', ')})`)
        : [`${pathText([field, ...issue.path])}: ${issue.message}`],
    ),
  };
}
