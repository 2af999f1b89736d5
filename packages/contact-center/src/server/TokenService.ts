/**
 * Signed access tokens (JWT, HS256, with jose). The secret is generated on first start and
 * kept in the data dir (SQLite), or in the database's `secrets` table (PostgreSQL: every
 * instance sharing the database signs and verifies the same tokens), so tokens survive
 * restarts (a webchat resumes its engagement after a server restart); without either it lives
 * in memory. An agent token names its sign-in session (`sid`), which {@link TokenService.verify}
 * checks in the database: a signed-out session's tokens are refused within 2 seconds on every
 * instance.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ContactCenterError } from '../errors';
import type { Principal } from '../engine/principal';
import { isPostgres, type ContactCenterDatabase } from './database';

const ISSUER = 'switchboard-contact-center';
const SECRET_FILE = 'token-secret';
const SECRET_NAME = 'token-secret';
/** How long a session's state is trusted without asking the database again (the contract's ≤ 2 s). */
export const SESSION_CACHE_MS = 2000;

const claims = z.discriminatedUnion('role', [
  z.object({ role: z.literal('agent'), workerSid: z.string(), sub: z.string(), sid: z.string().optional() }),
  z.object({ role: z.literal('customer'), channelSid: z.string(), sub: z.string(), name: z.string() }),
  z.object({ role: z.literal('phone'), number: z.string(), sub: z.string() }),
]);

/** Token lifetimes, in seconds (`agent`: the access token). */
export interface TokenLifetimes {
  agent: number;
  customer: number;
}

export class TokenService {
  /** sid → whether it is active, until when that answer is trusted. */
  private readonly sessionCache = new Map<string, { active: boolean; until: number }>();

  private constructor(
    private readonly key: Uint8Array,
    private readonly ttl: TokenLifetimes,
    private readonly db: Kysely<ContactCenterDatabase> | null,
  ) {}

  /**
   * Loads the secret: from `db` when it is PostgreSQL (created on first start: an insert that
   * does nothing on conflict, then read back, so concurrent starts agree), else from `dataDir`
   * (creating it on first start), else a throwaway one. Agent tokens' sessions are checked in `db`.
   */
  static async open(
    dataDir: string | null,
    ttl: TokenLifetimes,
    db: Kysely<ContactCenterDatabase> | null = null,
  ): Promise<TokenService> {
    if (db && isPostgres(db)) {
      await db
        .insertInto('secrets')
        .values({ name: SECRET_NAME, value: randomBytes(32).toString('hex'), created_at: Date.now() })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await db
        .selectFrom('secrets')
        .select('value')
        .where('name', '=', SECRET_NAME)
        .executeTakeFirstOrThrow();
      return new TokenService(Buffer.from(row.value, 'hex'), ttl, db);
    }
    if (dataDir === null) return new TokenService(randomBytes(32), ttl, db);
    const file = path.join(dataDir, SECRET_FILE);
    try {
      return new TokenService(Buffer.from((await readFile(file, 'utf8')).trim(), 'hex'), ttl, db);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const secret = randomBytes(32);
    try {
      // 'wx': if another process created it meanwhile, use theirs.
      await writeFile(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
      return new TokenService(secret, ttl, db);
    } catch {
      return new TokenService(Buffer.from((await readFile(file, 'utf8')).trim(), 'hex'), ttl, db);
    }
  }

  /** The access token's lifetime, in seconds. */
  get agentTtlSeconds(): number {
    return this.ttl.agent;
  }

  /** An agent's access token for its session `sid`; `expiresAt` in ms since the epoch. */
  async signAgent(workerSid: string, identity: string, sid: string): Promise<{ token: string; expiresAt: number }> {
    const exp = Math.floor(Date.now() / 1000) + this.ttl.agent;
    return { token: await this.sign({ role: 'agent', workerSid, sid }, identity, exp), expiresAt: exp * 1000 };
  }

  signCustomer(channelSid: string, identity: string, friendlyName: string): Promise<string> {
    return this.sign({ role: 'customer', channelSid, name: friendlyName }, identity, this.expiry(this.ttl.customer));
  }

  /** A phone page's token: its number, and the registration's identity (registering again replaces it). */
  signPhone(number: string, identity: string): Promise<string> {
    return this.sign({ role: 'phone', number }, identity, this.expiry(this.ttl.customer));
  }

  /** Forgets what is cached about session `sid` (it was just revoked here). */
  forgetSession(sid: string): void {
    this.sessionCache.set(sid, { active: false, until: Date.now() + SESSION_CACHE_MS });
  }

  /** The principal of a valid token; CC_UNAUTHORIZED for anything else (an agent's revoked session too). */
  async verify(token: string | null | undefined): Promise<Principal> {
    if (!token) throw new ContactCenterError('CC_UNAUTHORIZED', 'A token is required');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER }));
    } catch (cause) {
      const expired = (cause as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new ContactCenterError('CC_UNAUTHORIZED', expired ? 'The token has expired' : 'The token is not valid', {
        cause,
      });
    }
    const c = claims.safeParse(payload);
    if (!c.success) throw new ContactCenterError('CC_UNAUTHORIZED', 'The token has unexpected claims');
    if (c.data.role === 'phone') return { role: 'phone', number: c.data.number, identity: c.data.sub };
    if (c.data.role === 'customer')
      return { role: 'customer', channelSid: c.data.channelSid, identity: c.data.sub, friendlyName: c.data.name };
    const { sid } = c.data;
    if (sid === undefined)
      throw new ContactCenterError(
        'CC_UNAUTHORIZED',
        'The token has no sign-in session (signed before sessions); sign in again',
      );
    if (!(await this.isActive(sid)))
      throw new ContactCenterError('CC_UNAUTHORIZED', 'The session was signed out; sign in again');
    return { role: 'agent', workerSid: c.data.workerSid, identity: c.data.sub, session: sid };
  }

  /** Whether session `sid` exists and is not revoked (asked of the database at most every 2 s). */
  private async isActive(sid: string): Promise<boolean> {
    if (!this.db) return true;
    const now = Date.now();
    const cached = this.sessionCache.get(sid);
    if (cached && cached.until > now) return cached.active;
    const row = await this.db.selectFrom('sessions').select('revoked_at').where('sid', '=', sid).executeTakeFirst();
    const active = row !== undefined && row.revoked_at === null;
    if (this.sessionCache.size > 10_000) {
      for (const [key, entry] of this.sessionCache) if (entry.until <= now) this.sessionCache.delete(key);
    }
    this.sessionCache.set(sid, { active, until: now + SESSION_CACHE_MS });
    return active;
  }

  private expiry(ttlSeconds: number): number {
    return Math.floor(Date.now() / 1000) + ttlSeconds;
  }

  private sign(payload: Record<string, string>, subject: string, exp: number): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(this.key);
  }
}
