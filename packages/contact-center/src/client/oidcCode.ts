/**
 * The desktop's half of the OpenID Connect sign-in: the server's callback redirects to
 * `/agent/#oidc=<one-time code>`; the page reads the code from its URL fragment and exchanges
 * it for the agent's tokens (once, within 60 s).
 */
import type { WorkerInfo } from '../types';
import type { AgentTokens } from './createAgentClient';
import { joinUrl, requestJson, type FetchLike } from './http';

const CODE = /(?:^#|&)oidc=([A-Za-z0-9_-]{1,200})(?:&|$)/;

/**
 * The one-time code of an OpenID Connect sign-in in a URL fragment, or undefined.
 *
 * @example
 * readOidcCode(location.hash); // 'Qk3…' for '#oidc=Qk3…'
 */
export function readOidcCode(hash: string): string | undefined {
  return CODE.exec(hash)?.[1];
}

/**
 * Exchanges a one-time code (`POST /api/auth/oidc/exchange`) for the agent's tokens and worker.
 * CC_UNAUTHORIZED when the code is unknown, already used or older than 60 s.
 *
 * @example
 * const code = readOidcCode(location.hash);
 * if (code) {
 *   const { token, refreshToken, expiresAt } = await exchangeOidcCode({ serverUrl, code });
 *   const agent = createAgentClient({ serverUrl, token, refreshToken, expiresAt });
 * }
 */
export function exchangeOidcCode(options: {
  serverUrl: string;
  code: string;
  /** Default `globalThis.fetch`. */
  fetch?: FetchLike;
}): Promise<AgentTokens & { worker: WorkerInfo }> {
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return requestJson(fetchFn, joinUrl(options.serverUrl, '/api/auth/oidc/exchange'), {
    body: { code: options.code },
  });
}
