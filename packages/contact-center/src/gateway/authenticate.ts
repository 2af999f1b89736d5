/**
 * Who a request is from: a token that is validly signed AND names a worker or a channel this
 * contact center has. A signature alone is not enough: after the database was reset with the
 * secret kept, or for a token signed for a sid that never existed, the socket would open and
 * then fail on every read, and a client would retry forever. CC_UNAUTHORIZED instead tells
 * it to stop (or, for an agent with an identity, to log in again).
 */
import { ContactCenterError } from '../errors';
import type { Principal } from '../engine/principal';
import type { EnginePort } from './EnginePort';

/** What checks a token's signature (the server's TokenService; the in-process token table). */
export interface TokenVerifier {
  /** The token's principal; CC_UNAUTHORIZED when it is missing, invalid or expired. */
  verify(token: string | null | undefined): Promise<Principal>;
}

/** The principal of `token`; CC_UNAUTHORIZED when it is invalid or names nothing that exists. */
export async function authenticate(
  tokens: TokenVerifier,
  engine: Pick<EnginePort, 'checkPrincipal'>,
  token: string | null | undefined,
): Promise<Principal> {
  const principal = await tokens.verify(token);
  const problem = await engine.checkPrincipal(principal);
  if (problem !== null) throw new ContactCenterError('CC_UNAUTHORIZED', problem);
  return principal;
}
