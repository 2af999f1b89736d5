/**
 * The sign-in options and the rule of the one-click development sign-in: on by default only
 * for local development (a loopback host and SQLite), and refused when forced elsewhere.
 */
import { ContactCenterError } from '../errors';
import type { Rate } from '../gateway/RateLimiter';
import type { DatabaseConfig } from './database';
import type { OidcOptions } from './oidc';

/** Sign-in options of `startContactCenter` (see the README's "Sign-in"). */
export interface AuthOptions {
  /**
   * One-click development sign-in (`POST /api/agents/login` with an identity alone, and the
   * roster `GET /api/agents`). Default: on only when the host is loopback AND the database is
   * SQLite; `true` with another host or PostgreSQL is refused at start.
   */
  dev?: boolean;
  /** Lifetime of an agent's access token, in seconds (default 900: 15 minutes). */
  accessTtlSeconds?: number;
  /** Lifetime of a refresh token, in seconds (default 43,200: 12 hours; each refresh starts a new one). */
  refreshTtlSeconds?: number;
  /** Failed password sign-ins allowed per identity and per client address (default 5 a minute). */
  signIn?: { failures?: Rate };
  /**
   * Sign-in with OpenID Connect as well (discovered at start; a provider that does not answer
   * fails the start with OIDC_DISCOVERY_FAILED). See the README's "Sign-in with OpenID Connect".
   */
  oidc?: OidcOptions;
}

/** Failed sign-ins: 5 a minute, per identity and per client address. */
export const DEFAULT_SIGN_IN_FAILURES: Rate = { perSecond: 5 / 60, burst: 5 };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Whether the one-click development sign-in is on: `auth.dev`, else on for loopback + SQLite.
 * Throws CC_BAD_REQUEST (naming `auth.dev`) when it is forced on a network host or PostgreSQL.
 *
 * @example
 * devSignIn(undefined, '127.0.0.1', { dialect: 'sqlite', file: ':memory:' }); // true
 * devSignIn(undefined, '0.0.0.0', { dialect: 'sqlite', file: ':memory:' }); // false
 */
export function devSignIn(auth: AuthOptions | undefined, host: string, database: DatabaseConfig): boolean {
  const local = LOOPBACK.has(host) && database.dialect === 'sqlite';
  if (auth?.dev === true && !local) {
    const why = LOOPBACK.has(host) ? 'the database is not SQLite' : `the host ${host} is not loopback`;
    throw new ContactCenterError(
      'CC_BAD_REQUEST',
      `auth.dev: one-click sign-in lets anyone sign in as any agent, so it is only for local development (127.0.0.1 and SQLite); refused because ${why}`,
    );
  }
  return auth?.dev ?? local;
}
