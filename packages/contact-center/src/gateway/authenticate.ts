/**
 * Who a request is from: a token that is validly signed AND names a worker or a channel this
 * contact center has. A signature alone is not enough: after the database was reset with the
 * secret kept, or for a token signed for a sid that never existed, the socket would open and
 * then fail on every read, and a client would retry forever. CC_UNAUTHORIZED instead tells
 * it to stop (or, for an agent with an identity, to log in again).
 */
import { ContactCenterError } from '../errors';
import type { ContactCenter } from '../engine/ContactCenter';
import type { Principal } from '../engine/principal';

/** What checks a token's signature (the server's TokenService; the in-process token table). */
export interface TokenVerifier {
  /** The token's principal; CC_UNAUTHORIZED when it is missing, invalid or expired. */
  verify(token: string | null | undefined): Promise<Principal>;
}

/** The principal of `token`; CC_UNAUTHORIZED when it is invalid or names nothing that exists. */
export async function authenticate(
  tokens: TokenVerifier,
  engine: ContactCenter,
  token: string | null | undefined,
): Promise<Principal> {
  const principal = await tokens.verify(token);
  if (principal.role === 'agent' && !engine.worker(principal.workerSid))
    throw new ContactCenterError('CC_UNAUTHORIZED', 'The token names a worker that does not exist');
  if (principal.role === 'customer' && !(await engine.hasChannel(principal.channelSid)))
    throw new ContactCenterError('CC_UNAUTHORIZED', 'The token names a conversation that does not exist');
  if (principal.role === 'phone' && !engine.phones.isCurrent(principal.number, principal.identity))
    throw new ContactCenterError(
      'CC_UNAUTHORIZED',
      `The registration of ${principal.number} was replaced or is gone (after a restart); register the phone again`,
    );
  return principal;
}
