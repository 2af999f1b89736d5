/**
 * Signed access tokens (JWT, HS256, with jose). The secret is generated on first start and
 * kept in the data dir, so tokens survive restarts (a webchat resumes its engagement after a
 * server restart); without a data dir it lives in memory.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { ContactCenterError } from '../errors';
import type { Principal } from '../engine/principal';

const ISSUER = 'switchboard-contact-center';
const SECRET_FILE = 'token-secret';

const claims = z.discriminatedUnion('role', [
  z.object({ role: z.literal('agent'), workerSid: z.string(), sub: z.string() }),
  z.object({ role: z.literal('customer'), channelSid: z.string(), sub: z.string(), name: z.string() }),
  z.object({ role: z.literal('phone'), number: z.string(), sub: z.string() }),
]);

/** Token lifetimes, in seconds. */
export interface TokenLifetimes {
  agent: number;
  customer: number;
}

export class TokenService {
  private constructor(
    private readonly key: Uint8Array,
    private readonly ttl: TokenLifetimes,
  ) {}

  /** Loads the secret from `dataDir` (creating it on first start), or makes a throwaway one. */
  static async open(dataDir: string | null, ttl: TokenLifetimes): Promise<TokenService> {
    if (dataDir === null) return new TokenService(randomBytes(32), ttl);
    const file = path.join(dataDir, SECRET_FILE);
    try {
      return new TokenService(Buffer.from((await readFile(file, 'utf8')).trim(), 'hex'), ttl);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const secret = randomBytes(32);
    try {
      // 'wx': if another process created it meanwhile, use theirs.
      await writeFile(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
      return new TokenService(secret, ttl);
    } catch {
      return new TokenService(Buffer.from((await readFile(file, 'utf8')).trim(), 'hex'), ttl);
    }
  }

  signAgent(workerSid: string, identity: string): Promise<string> {
    return this.sign({ role: 'agent', workerSid }, identity, this.ttl.agent);
  }

  signCustomer(channelSid: string, identity: string, friendlyName: string): Promise<string> {
    return this.sign({ role: 'customer', channelSid, name: friendlyName }, identity, this.ttl.customer);
  }

  /** A phone page's token: its number, and the registration's identity (registering again replaces it). */
  signPhone(number: string, identity: string): Promise<string> {
    return this.sign({ role: 'phone', number }, identity, this.ttl.customer);
  }

  /** The principal of a valid token; CC_UNAUTHORIZED for anything else. */
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
    return c.data.role === 'agent'
      ? { role: 'agent', workerSid: c.data.workerSid, identity: c.data.sub }
      : { role: 'customer', channelSid: c.data.channelSid, identity: c.data.sub, friendlyName: c.data.name };
  }

  private sign(payload: Record<string, string>, subject: string, ttlSeconds: number): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }
}
