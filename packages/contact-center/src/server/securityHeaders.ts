/**
 * The security headers of what the server answers: every HTML page gets a
 * Content-Security-Policy, a Referrer-Policy and `nosniff`; JSON and other answers get
 * `nosniff` (a browser never guesses another type for them).
 */
import type { IncomingMessage } from 'node:http';

/**
 * The Content-Security-Policy of the HTML pages: a fixed policy, `false` for none, or one made
 * per request (from its Host, say). See {@link defaultContentSecurityPolicy} for the default.
 */
export type ContentSecurityPolicy = string | false | ((req: IncomingMessage) => string);

/** A Host header that can stand in a policy as is: a name or an IP literal, and a port. */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** A source a policy may name as is: scheme://host[:port], the host optionally `*.`-prefixed. */
const CSP_SOURCE = /^(?:https?|wss?):\/\/(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?$/;

/**
 * The default policy, for a page requested with Host `host`, with `extra.connectSrc` (origins
 * a page's code calls, e.g. the declared origins of the live plugins) added to `connect-src`:
 *
 * - `script-src 'self'`: scripts from files of this origin only; no inline script, no eval
 *   (the pages and the widget need neither; plugin bundles are served from this origin).
 * - `style-src 'self' 'unsafe-inline'`: the webchat widget injects its stylesheet as a
 *   `<style>` element, which a static page cannot give a nonce (a page that can passes
 *   `styleNonce` and a stricter policy).
 * - `connect-src 'self' ws://HOST wss://HOST`: the API and the WebSocket. `'self'` covers a
 *   same-origin WebSocket only in newer browsers (CSP level 3), so the socket's origin is
 *   named (from the Host header; left out when that is not a plain host[:port]).
 * - `img-src 'self' data:`, `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`.
 * - `frame-ancestors 'self'`: no other site may frame the desktop or the shop page
 *   (clickjacking); a page of this origin may.
 *
 * @example
 * defaultContentSecurityPolicy('127.0.0.1:4100');
 * // "default-src 'self'; script-src 'self'; …; connect-src 'self' ws://127.0.0.1:4100 wss://127.0.0.1:4100; …"
 */
export function defaultContentSecurityPolicy(
  host: string | undefined,
  extra: { connectSrc?: readonly string[] } = {},
): string {
  const socket = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  // Only what is a plain origin: a value with a space or a semicolon would add directives.
  const more = (extra.connectSrc ?? []).filter((o) => CSP_SOURCE.test(o));
  const connect = more.length ? `${socket} ${more.join(' ')}` : socket;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** Headers of every answer: the declared content type is the only one a browser may use. */
export const NOSNIFF = { 'x-content-type-options': 'nosniff' } as const;

/**
 * The headers of an HTML page. The Referrer-Policy is `same-origin`: no Referer leaves for
 * other sites. Not `no-referrer`: with it, browsers that follow the Fetch standard (Firefox)
 * send `Origin: null` on same-origin POSTs, which the origin check refuses (sign-in, starting
 * a chat).
 */
export function htmlHeaders(policy: ContentSecurityPolicy | undefined, req: IncomingMessage): Record<string, string> {
  const csp =
    policy === false
      ? undefined
      : typeof policy === 'function'
        ? policy(req)
        : (policy ?? defaultContentSecurityPolicy(req.headers.host));
  return {
    ...(csp === undefined ? {} : { 'content-security-policy': csp }),
    'referrer-policy': 'same-origin',
    ...NOSNIFF,
  };
}
