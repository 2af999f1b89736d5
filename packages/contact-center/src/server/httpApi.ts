/**
 * The HTTP side: agent login, webchat engagements, history, the session probe, CORS for the
 * allowed origins, then the `handler` hook and the static mounts. Every error answer is
 * `{ error: { code, message } }` with the status of its code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContactCenterError } from '../errors';
import { authenticate } from '../gateway/authenticate';
import { localPort } from '../gateway/EnginePort';
import { registerPhone, startCall, startEngagement, type SignCustomer } from '../gateway/sessions';
import type { ContactCenter } from '../engine/ContactCenter';
import { httpStatus } from './httpErrors';
import type { Logger } from './logger';
import type { RateLimiter } from '../gateway/RateLimiter';
import type { Registry } from '../registry/Registry';
import { handleRegistryApi, serveBundle } from './registryApi';
import { serveRegistryPages } from './registryPages';
import { afterIndexQuery, callBody, describeIssues, engagementBody, phoneBody } from '../gateway/schemas';
import { handleAuthApi, type AuthApiOptions } from './authApi';
import { allowOrigin, bearer, clientAddress, json, parse, readJson, RequestAborted } from './httpKit';
import type { OidcSignIn } from './oidc';
import { handleOidcApi } from './oidcApi';
import { NOSNIFF, htmlHeaders, type ContentSecurityPolicy } from './securityHeaders';
import { serveStatic } from './staticFiles';
import type { TokenService } from './TokenService';

/**
 * A request handler mounted before the static files: return true when it answered.
 * (The lead's hook for serving the agent desktop and the webchat from the same server.)
 */
export type RequestHook = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface HttpApiOptions {
  engine: ContactCenter;
  tokens: TokenService;
  isAllowedOrigin(origin: string | undefined): boolean;
  maxBodyBytes: number;
  engagementLimiter: RateLimiter;
  /** The plugin registry (`/api/registry/…`, its bundles and status pages). */
  registry: Registry;
  staticMounts: ReadonlyArray<readonly [string, string]>;
  handler: RequestHook | undefined;
  /** Of the HTML pages the static mounts serve (default: {@link defaultContentSecurityPolicy}). */
  contentSecurityPolicy: ContentSecurityPolicy | undefined;
  logger: Logger;
  /** Sign-in: `/api/auth`, `/api/agents/login|refresh|logout`, `/api/agents`. */
  auth: Omit<AuthApiOptions, 'engine' | 'tokens' | 'maxBodyBytes'>;
  /** Sign-in with OpenID Connect (`auth.oidc`), or undefined when not configured. */
  oidc: OidcSignIn<unknown> | undefined;
}

const MESSAGES_PATH = /^\/api\/channels\/([A-Za-z0-9]{1,64})\/messages$/;

export function createHttpHandler(o: HttpApiOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Registry bundles are public (content-addressed, SRI-guarded): any origin may load them.
    if (url.pathname.startsWith('/api/registry/bundles/') && (await serveBundle(o.registry, req, res, url))) return;
    if (url.pathname.startsWith('/api/')) {
      allowOrigin(req, res, o.isAllowedOrigin);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'content-type, authorization',
          'access-control-max-age': '600',
        });
        return void res.end();
      }
      return api(req, res, url);
    }
    if (
      (url.pathname === '/registry' || url.pathname.startsWith('/registry/')) &&
      (await serveRegistryPages(o.registry, o.contentSecurityPolicy, req, res, url))
    )
      return;
    if (o.handler && (await o.handler(req, res))) return;
    if (await serveStatic(o.staticMounts, req, res, htmlHeaders(o.contentSecurityPolicy, req))) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...NOSNIFF }).end('Not found');
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const { pathname } = url;
    const auth = { ...o.auth, engine: o.engine, tokens: o.tokens, maxBodyBytes: o.maxBodyBytes };
    if (await handleAuthApi(auth, req, res, pathname)) return;
    if (pathname.startsWith('/api/auth/oidc/')) return handleOidcApi(o.oidc, req, res, url, o.maxBodyBytes);
    if (req.method === 'POST' && pathname === '/api/webchat/engagements') {
      if (!o.engagementLimiter.take(clientAddress(req, o.auth.clusterKey))) {
        throw new ContactCenterError('CC_RATE_LIMITED', 'Too many engagements from this address; try again shortly');
      }
      const { formData } = parse(engagementBody, await readJson(req, o.maxBodyBytes));
      const sign: SignCustomer = (sid, identity, name) => o.tokens.signCustomer(sid, identity, name);
      return json(res, 201, await startEngagement(o.engine, formData, sign));
    }
    if (req.method === 'POST' && pathname === '/api/voice/calls') {
      if (!o.engagementLimiter.take(clientAddress(req, o.auth.clusterKey))) {
        throw new ContactCenterError('CC_RATE_LIMITED', 'Too many engagements from this address; try again shortly');
      }
      const { formData } = parse(callBody, await readJson(req, o.maxBodyBytes));
      const sign: SignCustomer = (sid, identity, name) => o.tokens.signCustomer(sid, identity, name);
      return json(res, 201, await startCall(o.engine, formData, sign));
    }
    if (req.method === 'POST' && pathname === '/api/phones') {
      if (!o.engagementLimiter.take(clientAddress(req, o.auth.clusterKey))) {
        throw new ContactCenterError('CC_RATE_LIMITED', 'Too many registrations from this address; try again shortly');
      }
      const { number } = parse(phoneBody, await readJson(req, o.maxBodyBytes));
      return json(res, 201, await registerPhone(o.engine, number, (n, identity) => o.tokens.signPhone(n, identity)));
    }
    if (req.method === 'GET' && pathname === '/api/session') {
      return json(res, 200, await authenticate(o.tokens, localPort(o.engine), bearer(req)));
    }
    if (req.method === 'GET' && pathname === '/api/health') return json(res, 200, { ok: true });
    if (pathname.startsWith('/api/registry/')) {
      const registryOptions = {
        registry: o.registry,
        engine: o.engine,
        tokens: o.tokens,
        maxBodyBytes: o.maxBodyBytes,
      };
      if (await handleRegistryApi(registryOptions, req, res, url)) return;
    }
    const history = MESSAGES_PATH.exec(pathname);
    if (req.method === 'GET' && history) {
      const principal = await authenticate(o.tokens, localPort(o.engine), bearer(req));
      const after = afterIndexQuery.safeParse(url.searchParams.get('afterIndex') ?? undefined);
      if (!after.success) throw new ContactCenterError('CC_BAD_REQUEST', `afterIndex: ${describeIssues(after.error)}`);
      return json(res, 200, await o.engine.getMessages(principal, history[1]!, after.data));
    }
    throw new ContactCenterError('CC_NOT_FOUND', `No API endpoint ${req.method} ${pathname}`);
  };

  return (req, res) => {
    route(req, res).catch((e: unknown) => {
      // The client went away mid-body: nothing failed here, and nobody is left to answer.
      if (e instanceof RequestAborted) {
        o.logger.debug(`${req.method} ${req.url} aborted by the client`, e.cause);
        return void res.destroy();
      }
      const error = asContactCenterError(e);
      if (error.code === 'CC_INTERNAL' && error !== e) o.logger.error(`${req.method} ${req.url} failed`, e);
      if (res.headersSent) return void res.destroy();
      json(res, httpStatus(error.code), { error: { code: error.code, message: error.message } });
      // A body we stopped reading (too large) must not be parsed as the next request.
      if (error.code === 'CC_TOO_LARGE') res.once('finish', () => req.destroy());
    });
  };
}

/**
 * The error to answer with. A URIError comes from decoding a malformed percent-encoding of the
 * request's URL (`decodeURIComponent('%ff')`), in a `handler` as in the local stack's: the
 * client's mistake (400), not the server's.
 */
function asContactCenterError(e: unknown): ContactCenterError {
  if (e instanceof ContactCenterError) return e;
  if (e instanceof URIError)
    return new ContactCenterError('CC_BAD_REQUEST', 'The URL has a malformed percent-encoding', { cause: e });
  return new ContactCenterError('CC_INTERNAL', 'The server failed; the operation did not happen');
}
