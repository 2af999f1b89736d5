/** JSON over HTTP for the clients (login, engagements, the session probe), with typed errors. */
import { ContactCenterError, isContactCenterErrorCode } from '../errors';

/** The `fetch` the clients use (injectable; default `globalThis.fetch`). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Builds `serverUrl` + `path`, tolerating a trailing slash on the server URL. */
export const joinUrl = (serverUrl: string, path: string): string => serverUrl.replace(/\/+$/, '') + path;

/** The WebSocket URL of a server (`http:` → `ws:`, `https:` → `wss:`) with the token in the query. */
export function socketUrl(serverUrl: string, path: string, token: string): string {
  const url = new URL(joinUrl(serverUrl, path));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * Calls the API and returns the JSON body. A network failure rejects with CC_DISCONNECTED;
 * an error answer with the server's code (CC_NOT_FOUND, CC_UNAUTHORIZED, …).
 */
export async function requestJson<T>(
  fetchFn: FetchLike,
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; token?: string | undefined } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
  } catch (cause) {
    throw new ContactCenterError('CC_DISCONNECTED', `Cannot reach the contact center at ${url}`, { cause });
  }
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok) return data as T;
  const error = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = isContactCenterErrorCode(error?.code)
    ? error.code
    : response.status === 401
      ? 'CC_UNAUTHORIZED'
      : 'CC_INTERNAL';
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status} from ${url}`;
  throw new ContactCenterError(code, message);
}
