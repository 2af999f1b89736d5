/**
 * The OpenID Connect sign-in's HTTP endpoints (`/api/auth/oidc/…`); what they do is
 * {@link OidcSignIn}'s. Without `auth.oidc` they answer 404 CC_NOT_FOUND.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContactCenterError } from '../errors';
import { oidcExchangeBody } from '../gateway/schemas';
import { json, parse, readJson } from './httpKit';
import type { OidcSignIn } from './oidc';

/** `GET start`, `GET callback`, `POST exchange {code}` under `/api/auth/oidc/`. */
export async function handleOidcApi(
  oidc: OidcSignIn<unknown> | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  maxBodyBytes: number,
): Promise<void> {
  const { pathname } = url;
  if (!oidc) throw new ContactCenterError('CC_NOT_FOUND', 'Sign-in with OpenID Connect is not configured (auth.oidc)');
  if (req.method === 'GET' && pathname === '/api/auth/oidc/start') return oidc.start(res);
  if (req.method === 'GET' && pathname === '/api/auth/oidc/callback') return oidc.callback(req, res, url);
  if (req.method === 'POST' && pathname === '/api/auth/oidc/exchange') {
    const { code } = parse(oidcExchangeBody, await readJson(req, maxBodyBytes));
    return json(res, 200, oidc.exchange(code));
  }
  throw new ContactCenterError('CC_NOT_FOUND', `No API endpoint ${req.method} ${pathname}`);
}
