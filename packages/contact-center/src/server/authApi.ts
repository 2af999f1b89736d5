/**
 * Agents' sign-in over HTTP: `GET /api/auth` (what the sign-in page offers), `POST
 * /api/agents/login` (a password; or, in development mode only, an identity alone),
 * `POST /api/agents/refresh`, `POST /api/agents/logout`, and `GET /api/agents` (the
 * one-click roster, development mode only). Failed password sign-ins are rate-limited per
 * identity and per client address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import { ContactCenterError } from '../errors';
import type { ContactCenter } from '../engine/ContactCenter';
import type { RateLimiter } from '../gateway/RateLimiter';
import { loginBody, refreshBody } from '../gateway/schemas';
import type { AgentSessions, IssuedSession } from './AgentSessions';
import { checkAgentPassword } from './credentials';
import type { ContactCenterDatabase } from './database';
import { bearer, clientAddress, json, parse, readJson } from './httpKit';
import type { TokenService } from './TokenService';

/** What `GET /api/auth` answers. */
export interface AuthInfo {
  /** One-click development sign-in (identity only) is on. */
  dev: boolean;
  password: true;
  /** The OpenID Connect provider to offer, if any. */
  oidc: null | { name: string; url: string };
}

export interface AuthApiOptions {
  engine: ContactCenter;
  db: Kysely<ContactCenterDatabase>;
  tokens: TokenService;
  sessions: AgentSessions;
  /** One-click development sign-in. */
  dev: boolean;
  /** Failed sign-ins, per identity and per client address. */
  failures: RateLimiter;
  maxBodyBytes: number;
  /** The cluster's key: requests forwarded by another instance carry the client's address. */
  clusterKey?: string | undefined;
  /** The OpenID Connect provider offered on the sign-in page (set by the OIDC sign-in). */
  oidc?: AuthInfo['oidc'];
}

const wrong = () => new ContactCenterError('CC_UNAUTHORIZED', 'Wrong identity or password');

/** The answer of a sign-in or a refresh. */
const answer = (engine: ContactCenter, s: IssuedSession) => {
  const worker = engine.worker(s.workerSid);
  if (!worker) throw new ContactCenterError('CC_UNAUTHORIZED', 'The session names a worker that does not exist');
  return { token: s.token, refreshToken: s.refreshToken, expiresAt: s.expiresAt, worker };
};

/** Handles the sign-in routes; false for any other request. */
export async function handleAuthApi(
  o: AuthApiOptions,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  if (req.method === 'GET' && pathname === '/api/auth') {
    const info: AuthInfo = { dev: o.dev, password: true, oidc: o.oidc ?? null };
    json(res, 200, info);
    return true;
  }
  if (req.method === 'GET' && pathname === '/api/agents') {
    if (!o.dev)
      throw new ContactCenterError('CC_FORBIDDEN', 'The agent list is only for the one-click development sign-in');
    json(
      res,
      200,
      o.engine.listWorkers().map(({ identity, fullName }) => ({ identity, fullName })),
    );
    return true;
  }
  if (req.method !== 'POST') return false;
  if (pathname === '/api/agents/login') {
    const { identity, password } = parse(loginBody, await readJson(req, o.maxBodyBytes));
    if (password === undefined) {
      if (!o.dev)
        throw new ContactCenterError(
          'CC_FORBIDDEN',
          'One-click sign-in is only for local development; sign in with a password',
        );
      const worker = o.engine.workerByIdentity(identity);
      if (!worker) throw new ContactCenterError('CC_NOT_FOUND', `No agent "${identity}" in this contact center`);
      json(res, 200, answer(o.engine, await o.sessions.issueAgentSession(worker.sid, worker.identity)));
      return true;
    }
    const keys = [`identity:${identity}`, `address:${clientAddress(req, o.clusterKey)}`];
    const waitMs = Math.max(...keys.map((k) => o.failures.retryAfterMs(k)));
    if (waitMs > 0) {
      res.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
      throw new ContactCenterError('CC_RATE_LIMITED', 'Too many failed sign-ins; try again later');
    }
    const worker = o.engine.workerByIdentity(identity);
    // Checked even for an unknown identity (against nothing), so the timing does not tell.
    const ok = await checkAgentPassword(o.db, identity, password);
    if (!worker || !ok) {
      for (const k of keys) o.failures.take(k);
      throw wrong();
    }
    json(res, 200, answer(o.engine, await o.sessions.issueAgentSession(worker.sid, worker.identity)));
    return true;
  }
  if (pathname === '/api/agents/refresh') {
    const { refreshToken } = parse(refreshBody, await readJson(req, o.maxBodyBytes));
    json(res, 200, answer(o.engine, await o.sessions.refresh(refreshToken)));
    return true;
  }
  if (pathname === '/api/agents/logout') {
    const principal = await o.tokens.verify(bearer(req));
    if (principal.role !== 'agent' || !principal.session)
      throw new ContactCenterError('CC_FORBIDDEN', 'Only an agent token can sign out');
    await o.sessions.revoke(principal.session);
    res.writeHead(204).end();
    return true;
  }
  return false;
}
