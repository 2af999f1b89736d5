/**
 * The local stack's OpenID Connect flags: `--oidc-issuer`, `--oidc-client-id`, `--oidc-name`,
 * `--oidc-claim` (the first two also from the environment). The client secret is read only
 * from `SWITCHBOARD_OIDC_CLIENT_SECRET`: never from the command line, where `ps` shows it.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { OidcOptions } from '@switchboard/contact-center/server';

/** The environment variable of the client secret. */
export const OIDC_CLIENT_SECRET_ENV = 'SWITCHBOARD_OIDC_CLIENT_SECRET';

/** What the flags parse to. */
export interface OidcFlags {
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcName?: string;
  oidcClaim?: string;
}

/** Adds the OpenID Connect flags to `command`. */
export function addOidcOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--oidc-issuer <url>',
        `sign-in with OpenID Connect: the provider's issuer URL (the client secret, if any, from ${OIDC_CLIENT_SECRET_ENV})`,
      ).env('SWITCHBOARD_OIDC_ISSUER'),
    )
    .addOption(
      new Option('--oidc-client-id <id>', 'with --oidc-issuer: the client id registered with the provider').env(
        'SWITCHBOARD_OIDC_CLIENT_ID',
      ),
    )
    .addOption(new Option('--oidc-name <name>', 'with --oidc-issuer: the desktop\'s button says "Sign in with <name>"'))
    .addOption(
      new Option('--oidc-claim <claim>', 'with --oidc-issuer: the claim that is the agent identity').default(
        undefined,
        'preferred_username',
      ),
    );
}

/**
 * The contact center's `auth.oidc` of the parsed flags, or undefined without `--oidc-issuer`.
 * Throws commander's InvalidArgumentError when `--oidc-issuer` comes without a client id.
 *
 * @example
 * oidcOptions({ oidcIssuer: 'https://id.example.com', oidcClientId: 'switchboard' }, process.env);
 * // { issuer: 'https://id.example.com', clientId: 'switchboard', clientSecret: process.env.SWITCHBOARD_OIDC_CLIENT_SECRET }
 */
export function oidcOptions(flags: OidcFlags, env: NodeJS.ProcessEnv): OidcOptions | undefined {
  const { oidcIssuer: issuer, oidcClientId: clientId, oidcName: name, oidcClaim: claim } = flags;
  if (!issuer) {
    if (clientId || name || claim)
      throw new InvalidArgumentError('--oidc-client-id, --oidc-name and --oidc-claim need --oidc-issuer');
    return undefined;
  }
  if (!clientId) throw new InvalidArgumentError('--oidc-issuer needs --oidc-client-id (or SWITCHBOARD_OIDC_CLIENT_ID)');
  const clientSecret = env[OIDC_CLIENT_SECRET_ENV];
  return {
    issuer,
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    ...(name ? { name } : {}),
    ...(claim ? { claim } : {}),
  };
}
