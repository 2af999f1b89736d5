/**
 * Sign-in with OpenID Connect (`auth.oidc`): the authorization code flow with PKCE, state and
 * nonce, through panva's `openid-client` (loaded only when `auth.oidc` is set). The provider
 * vouches for a claim (default `preferred_username`) that must name an existing worker; the
 * session it gets is handed to the desktop as a one-time code in the URL fragment
 * (`/agent/#oidc=<code>`, never sent to a server or kept in a log), which the desktop exchanges
 * at `POST /api/auth/oidc/exchange` for the tokens.
 *
 * Pending sign-ins and one-time codes live in this process's memory: in a cluster every
 * `/api/*` request is served by the engine's instance, so start, callback and exchange meet.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Configuration } from 'openid-client';
import { SwitchboardError } from '@switchboard/actions';
import { ContactCenterError } from '../errors';
import type { WorkerInfo } from '../types';
import { escapeHtml } from './registryPages';
import { htmlHeaders, NOSNIFF, type ContentSecurityPolicy } from './securityHeaders';

/**
 * The `auth.oidc` option of `startContactCenter`.
 *
 * @example
 * await startContactCenter({
 *   dataDir: './.switchboard',
 *   auth: { oidc: { issuer: 'https://id.example.com', clientId: 'switchboard', clientSecret: process.env.OIDC_SECRET, name: 'Example ID' } },
 * });
 */
export interface OidcOptions {
  /** The provider's issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). https, or http on a loopback host. */
  issuer: string;
  clientId: string;
  /** The client's secret (sent with HTTP Basic); none for a public client (PKCE alone). */
  clientSecret?: string;
  /** What the desktop's button says: "Sign in with <name>" (default: the issuer's host). */
  name?: string;
  /** The ID token / userinfo claim that is the agent's identity (default `preferred_username`). */
  claim?: string;
  /**
   * The callback URL registered with the provider (default: the server's URL +
   * `/api/auth/oidc/callback`, right only when the browser reaches the server at that URL).
   */
  redirectUri?: string;
  /**
   * Where the desktop is, to which the callback redirects with `#oidc=<one-time code>`: a path
   * on this server or a URL (default `/agent/`; the local stack, which serves the desktop at
   * `/`, sets `/`).
   */
  desktopUrl?: string;
}

/** Codes of {@link OidcError}. */
export type OidcErrorCode =
  /** The `auth.oidc` option is not usable (not a URL, an http issuer on a network host). */
  | 'OIDC_BAD_OPTIONS'
  /** The issuer did not answer its discovery document (unreachable, not a provider, wrong issuer). */
  | 'OIDC_DISCOVERY_FAILED';

/**
 * A sign-in provider that cannot be used: thrown by `startContactCenter` at start.
 *
 * @example
 * try { await startContactCenter({ dataDir, auth: { oidc } }) }
 * catch (e) { if (isSwitchboardError(e, 'OIDC_DISCOVERY_FAILED')) console.error(e.message) }
 */
export class OidcError extends SwitchboardError {
  declare readonly code: OidcErrorCode;

  constructor(code: OidcErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'OidcError';
  }
}

/** Makes the session of a worker who signed in (the same tokens as a password sign-in). */
export type IssueSession<S> = (worker: WorkerInfo) => Promise<S>;

export interface OidcSignInDeps<S> {
  findWorker(identity: string): WorkerInfo | undefined;
  issueSession: IssueSession<S>;
  /** The callback URL when `redirectUri` is not set (known once the server listens). */
  defaultRedirectUri(): string;
  contentSecurityPolicy: ContentSecurityPolicy | undefined;
}

/** How long a started sign-in may take at the provider, and how long a one-time code lives. */
const PENDING_TTL_MS = 10 * 60_000;
const CODE_TTL_MS = 60_000;
/** Bounds the memory strangers can make us hold by starting sign-ins they never finish. */
const MAX_PENDING = 10_000;
const STATE_COOKIE = 'switchboard_oidc_state';
const COOKIE_PATH = '/api/auth/oidc';
const DEFAULT_DESKTOP_URL = '/agent/';

interface Pending {
  verifier: string;
  nonce: string;
  redirectUri: string;
  expires: number;
}

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);

/** The OIDC sign-in of one server: its provider's configuration, pending sign-ins and one-time codes. */
export class OidcSignIn<S> {
  private readonly pending = new Map<string, Pending>();
  private readonly codes = new Map<string, { session: S; expires: number }>();
  readonly name: string;
  private readonly claim: string;
  private readonly desktopUrl: string;

  private constructor(
    private readonly client: typeof import('openid-client'),
    private readonly config: Configuration,
    private readonly options: OidcOptions,
    private readonly deps: OidcSignInDeps<S>,
  ) {
    this.name = options.name ?? new URL(options.issuer).host;
    this.claim = options.claim ?? 'preferred_username';
    // Without a fragment of its own: the code is appended as one.
    this.desktopUrl = (options.desktopUrl ?? DEFAULT_DESKTOP_URL).replace(/#.*$/, '');
  }

  /** Loads `openid-client` and discovers the issuer; {@link OidcError} in one line when it does not answer. */
  static async discover<S>(options: OidcOptions, deps: OidcSignInDeps<S>): Promise<OidcSignIn<S>> {
    let issuer: URL;
    try {
      issuer = new URL(options.issuer);
    } catch (cause) {
      throw new OidcError('OIDC_BAD_OPTIONS', `auth.oidc.issuer "${options.issuer}" is not a URL`, { cause });
    }
    const insecure = issuer.protocol === 'http:';
    if (insecure && !isLoopback(issuer.hostname))
      throw new OidcError(
        'OIDC_BAD_OPTIONS',
        `auth.oidc.issuer ${options.issuer} must be https (http is accepted only on a loopback host, for local tests)`,
      );
    // Lazily, so a server without OIDC never loads it (a real import() in the ESM build).
    const client = await import('openid-client');
    try {
      const config = await client.discovery(
        issuer,
        options.clientId,
        options.clientSecret,
        options.clientSecret === undefined ? client.None() : client.ClientSecretBasic(options.clientSecret),
        { execute: insecure ? [client.allowInsecureRequests] : [], timeout: 10 },
      );
      return new OidcSignIn(client, config, options, deps);
    } catch (cause) {
      const reason = describeCause(cause);
      throw new OidcError(
        'OIDC_DISCOVERY_FAILED',
        `The OpenID Connect issuer ${options.issuer} did not answer discovery (${reason}): check auth.oidc.issuer and that the provider is up`,
        { cause },
      );
    }
  }

  /** Where the desktop's "Sign in with <name>" button goes: the start endpoint, on the callback's origin. */
  startUrl(): string {
    return new URL('/api/auth/oidc/start', this.options.redirectUri ?? this.deps.defaultRedirectUri()).href;
  }

  /** `GET /api/auth/oidc/start`: remembers state, nonce and PKCE verifier; 302 to the provider. */
  async start(res: ServerResponse): Promise<void> {
    this.sweep();
    if (this.pending.size >= MAX_PENDING) {
      // Drop the oldest (a Map iterates in insertion order).
      const oldest = this.pending.keys().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    const { client } = this;
    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    const redirectUri = this.options.redirectUri ?? this.deps.defaultRedirectUri();
    this.pending.set(state, { verifier, nonce, redirectUri, expires: Date.now() + PENDING_TTL_MS });
    const url = client.buildAuthorizationUrl(this.config, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.writeHead(302, {
      location: url.href,
      'cache-control': 'no-store',
      // Binds the sign-in to this browser: a callback URL sent to someone else is refused.
      'set-cookie': serializeCookie(STATE_COOKIE, state, {
        httpOnly: true,
        sameSite: 'lax',
        path: COOKIE_PATH,
        maxAge: PENDING_TTL_MS / 1000,
        secure: redirectUri.startsWith('https:'),
      }),
      ...NOSNIFF,
    });
    res.end();
  }

  /**
   * `GET /api/auth/oidc/callback`: checks state (against the browser's cookie), exchanges the
   * code (PKCE, nonce), maps the claim to a worker, makes the session and redirects to the
   * desktop with a one-time code. A refusal is an HTML page saying why (status 400 or 403).
   */
  async callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.sweep();
    const state = url.searchParams.get('state') ?? '';
    const cookieState = parseCookies(req.headers.cookie ?? '')[STATE_COOKIE];
    const pending = this.pending.get(state);
    if (!state || !pending || cookieState !== state) {
      return this.page(req, res, 400, 'Sign-in failed', [
        'This sign-in could not be verified (its state is unknown, expired or from another browser).',
        'Start again from the sign-in page.',
      ]);
    }
    this.pending.delete(state);
    const error = url.searchParams.get('error');
    if (error !== null) {
      const description = url.searchParams.get('error_description');
      return this.page(req, res, 403, 'Sign-in refused', [
        `${this.name} refused the sign-in: ${error}${description ? ` (${description})` : ''}.`,
      ]);
    }
    const { client } = this;
    let identity: unknown;
    try {
      // The URL the provider redirected to, on the registered redirect URI (not the Host header).
      const current = new URL(pending.redirectUri);
      current.search = url.search;
      const tokens = await client.authorizationCodeGrant(this.config, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      identity = claims?.[this.claim];
      // Providers may keep profile claims out of the ID token (when an access token is issued).
      if (identity === undefined && claims) {
        const info = await client.fetchUserInfo(this.config, tokens.access_token, claims.sub);
        identity = info[this.claim];
      }
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return this.page(req, res, 400, 'Sign-in failed', [
        `The answer of ${this.name} could not be verified: ${reason}.`,
      ]);
    }
    if (typeof identity !== 'string' || identity === '') {
      return this.page(req, res, 403, 'Sign-in refused', [
        `${this.name} did not say who you are: its answer has no "${this.claim}" claim.`,
      ]);
    }
    const worker = this.deps.findWorker(identity);
    if (!worker) {
      return this.page(req, res, 403, 'Sign-in refused', [
        `${this.name} signed you in as "${identity}", but there is no agent "${identity}" in this contact center.`,
        'Ask an administrator to create it.',
      ]);
    }
    const session = await this.deps.issueSession(worker);
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { session, expires: Date.now() + CODE_TTL_MS });
    res.writeHead(302, {
      location: `${this.desktopUrl}#oidc=${code}`,
      'cache-control': 'no-store',
      'set-cookie': serializeCookie(STATE_COOKIE, '', {
        httpOnly: true,
        sameSite: 'lax',
        path: COOKIE_PATH,
        maxAge: 0,
      }),
      ...NOSNIFF,
    });
    res.end();
  }

  /** `POST /api/auth/oidc/exchange { code }`: the session of a one-time code (once, within 60 s). */
  exchange(code: string): S {
    this.sweep();
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (!entry) throw new ContactCenterError('CC_UNAUTHORIZED', 'The sign-in code is unknown, already used or expired');
    return entry.session;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, { expires }] of this.pending) if (expires <= now) this.pending.delete(key);
    for (const [key, { expires }] of this.codes) if (expires <= now) this.codes.delete(key);
  }

  private page(req: IncomingMessage, res: ServerResponse, status: number, title: string, lines: string[]): void {
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${lines
      .map((l) => `<p>${escapeHtml(l)}</p>`)
      .join('')}<p><a href="${escapeHtml(this.desktopUrl)}">Back to the sign-in page</a></p></main></body></html>`;
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      ...htmlHeaders(this.deps.contentSecurityPolicy, req),
    });
    res.end(body);
  }
}

/**
 * The reasons along an error's causes, in one line: a failed fetch's own reason (`connect
 * ECONNREFUSED …`) is on its cause, an unexpected answer's status on its cause's Response.
 */
function describeCause(e: unknown): string {
  const parts: string[] = [];
  let x: unknown = e;
  // Duck-typed, not instanceof: fetch's errors and Responses may come from another realm.
  for (let depth = 0; typeof x === 'object' && x !== null && depth < 5; depth++) {
    const { message, cause, status } = x as { message?: unknown; cause?: unknown; status?: unknown };
    if (typeof status === 'number' && message === undefined) {
      parts.push(`HTTP ${status}`);
      break;
    }
    if (typeof message === 'string' && message) parts.push(message);
    x = cause;
  }
  if (parts.length === 0) parts.push(String(e));
  return parts.join(': ').replace(/\s+/g, ' ');
}
