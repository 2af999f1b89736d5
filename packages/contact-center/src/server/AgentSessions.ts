/**
 * Agents' sign-in sessions, in the database (`sessions`): each sign-in (password, one-click
 * development, OpenID Connect) makes one, with a short-lived access token (a JWT naming the
 * session) and a refresh token. The refresh token is `<sid>.<32 random bytes, base64url>`,
 * stored only as the SHA-256 of the whole; each refresh rotates it. Presenting a refresh token
 * that was already rotated away (a copy used by someone else, or replayed) revokes the whole
 * session. Signing out revokes it too; the access tokens of a revoked session are refused by
 * {@link TokenService.verify}.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ContactCenterError } from '../errors';
import type { ContactCenterDatabase } from './database';
import type { TokenService } from './TokenService';

/** What a sign-in or a refresh answers: the access token, its expiry (ms since the epoch), the refresh token. */
export interface IssuedSession {
  token: string;
  refreshToken: string;
  expiresAt: number;
  /** The session's id (the access token's `sid` claim). */
  sid: string;
  workerSid: string;
  identity: string;
}

export interface AgentSessionsOptions {
  /** Lifetime of a refresh token, in seconds (each refresh starts a new one). */
  refreshTtlSeconds: number;
  /** Called after a session is revoked here (the server closes its sockets). */
  onRevoked?: (sid: string) => void;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const newRefreshSecret = (): string => randomBytes(32).toString('base64url');
const invalidRefresh = () =>
  new ContactCenterError('CC_UNAUTHORIZED', 'The refresh token is not valid, expired or signed out; sign in again');

export class AgentSessions {
  constructor(
    private readonly db: Kysely<ContactCenterDatabase>,
    private readonly tokens: TokenService,
    private readonly options: AgentSessionsOptions,
  ) {}

  /**
   * Opens a session for a worker and signs its tokens: what every way of signing in ends with
   * (the caller has checked who it is).
   *
   * @example
   * const { token, refreshToken, expiresAt } = await sessions.issueAgentSession(worker.sid, worker.identity);
   */
  async issueAgentSession(workerSid: string, identity: string): Promise<IssuedSession> {
    const sid = `SE${randomUUID().replace(/-/g, '')}`;
    const refreshToken = `${sid}.${newRefreshSecret()}`;
    const now = Date.now();
    await this.db
      .insertInto('sessions')
      .values({
        sid,
        worker_sid: workerSid,
        identity,
        refresh_hash: sha256(refreshToken),
        created_at: now,
        expires_at: now + this.options.refreshTtlSeconds * 1000,
        revoked_at: null,
      })
      .execute();
    const access = await this.tokens.signAgent(workerSid, identity, sid);
    return { ...access, refreshToken, sid, workerSid, identity };
  }

  /**
   * A new access token and a new refresh token for a valid refresh token (which stops working).
   * CC_UNAUTHORIZED for an unknown, expired or revoked one; a rotated-away one also revokes its session.
   */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const sid = /^(SE[0-9a-f]{32})\.[A-Za-z0-9_-]{43}$/.exec(refreshToken)?.[1];
    if (!sid) throw invalidRefresh();
    const now = Date.now();
    const next = `${sid}.${newRefreshSecret()}`;
    // Compare-and-swap: of two refreshes with the same token, one wins; the other is a reuse.
    const swapped = await this.db
      .updateTable('sessions')
      .set({ refresh_hash: sha256(next), expires_at: now + this.options.refreshTtlSeconds * 1000 })
      .where('sid', '=', sid)
      .where('refresh_hash', '=', sha256(refreshToken))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['worker_sid', 'identity'])
      .executeTakeFirst();
    if (!swapped) {
      const row = await this.db
        .selectFrom('sessions')
        .select(['revoked_at', 'expires_at', 'refresh_hash'])
        .where('sid', '=', sid)
        .executeTakeFirst();
      // A live session whose current refresh token is another one: this one was used already.
      if (row && row.revoked_at === null && row.expires_at > now && row.refresh_hash !== sha256(refreshToken))
        await this.revoke(sid);
      throw invalidRefresh();
    }
    const access = await this.tokens.signAgent(swapped.worker_sid, swapped.identity, sid);
    return { ...access, refreshToken: next, sid, workerSid: swapped.worker_sid, identity: swapped.identity };
  }

  /** Revokes session `sid` (sign-out): its refresh token stops working, its access tokens are refused. */
  async revoke(sid: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: Date.now() })
      .where('sid', '=', sid)
      .where('revoked_at', 'is', null)
      .execute();
    this.tokens.forgetSession(sid);
    this.options.onRevoked?.(sid);
  }
}

/**
 * Revokes every active session of `identity` (the admin CLI's `users sign-out`); returns how
 * many. Running servers refuse their tokens within 2 seconds.
 *
 * @example
 * await revokeAgentSessions(db, 'alice'); // 2
 */
export async function revokeAgentSessions(db: Kysely<ContactCenterDatabase>, identity: string): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: Date.now() })
    .where('identity', '=', identity)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
