/**
 * The plugin registry's HTTP side (`/api/registry/…`): who may call what (admins write and
 * read everything, any agent reads its active release and reports health), the bodies
 * checked with zod, the registry called, JSON answered. Bundles are public
 * (`GET /api/registry/bundles/<sha256>.js`: content-addressed, cached for good, guarded by
 * SRI). Every error is the API's `{ error: { code, message } }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ContactCenterError } from '../errors';
import type { ContactCenter } from '../engine/ContactCenter';
import { authenticate } from '../gateway/authenticate';
import { localPort } from '../gateway/EnginePort';
import type { Registry } from '../registry/Registry';
import { MAX_UPLOAD_BYTES } from '../registry/types';
import type { WorkerInfo } from '../types';
import { bearer, json, parse, readJson } from './httpKit';
import { NOSNIFF } from './securityHeaders';
import type { TokenService } from './TokenService';

export interface RegistryApiOptions {
  registry: Registry;
  engine: ContactCenter;
  tokens: TokenService;
  /** The API's body limit (uploads have MAX_UPLOAD_BYTES, 8 MiB). */
  maxBodyBytes: number;
}

const BUNDLE_PATH = /^\/api\/registry\/bundles\/([0-9a-f]{64})\.js$/;
const PLUGIN_PATH = /^\/api\/registry\/plugins\/((?:@[^/]+\/)?[^/]+?)(\/versions|\/archive)?$/;
const CONFIGURATION_PATH = /^\/api\/registry\/configurations\/([^/]+)$/;
const RELEASE_PATH = /^\/api\/registry\/releases\/([^/]+?)(\/rollback)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// A list left out is empty (as in a package.json's declaration).
const permissions = z.strictObject({
  actions: z.array(z.string().max(100)).max(500).default([]),
  slots: z.array(z.string().max(100)).max(500).default([]),
  origins: z.array(z.string().max(300)).max(100).default([]),
});
const deployBody = z.strictObject({
  version: z.string().min(1).max(100),
  bundle: z.string().min(1),
  changelog: z.string().max(100_000).optional(),
  hostVersion: z.string().min(1).max(200).optional(),
  permissions: permissions.nullable().optional(),
  phase: z.number().int().min(0).max(1000).optional(),
  description: z.string().max(2000).optional(),
});
const archiveBody = z.strictObject({ version: z.string().min(1).max(100).optional() });
const configurationBody = z.strictObject({
  name: z.string().max(200).optional(),
  description: z.string().max(2000).optional(),
  plugins: z
    .array(
      z.strictObject({
        plugin: z.string().min(1).max(214),
        version: z.string().min(1).max(100),
        phase: z.number().int().min(0).max(1000).optional(),
        enabled: z.boolean().optional(),
      }),
    )
    .max(500),
});
const target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('percent'), percent: z.number() }),
  z.strictObject({ kind: z.literal('agents'), identities: z.array(z.string().min(1).max(200)).max(10_000) }),
]);
const releaseBody = z.strictObject({
  configurationSid: z.string().min(1).max(64),
  target: target.optional(),
  thresholds: z
    .strictObject({
      maxFailingDesktops: z.number().optional(),
      maxErrorRate: z.number().optional(),
      minInvocations: z.number().optional(),
    })
    .optional(),
});
const rollbackBody = z.strictObject({ reason: z.string().max(1000).optional() });
const count = z.number().int().min(0).max(1e9);
/** Bytes of a health report (every plugin of a release, with its figures per action). */
const HEALTH_BODY_BYTES = 256 * 1024;
const healthBody = z.strictObject({
  releaseSid: z.string().min(1).max(64),
  plugins: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(214),
        version: z.string().min(1).max(100),
        state: z.enum(['Initialized', 'Failed', 'Loaded', 'Initializing', 'NotStarted']),
        failure: z.strictObject({ code: z.string().max(100), message: z.string().max(2000) }).optional(),
        errors: count,
        aborts: count,
        timeouts: count,
        invocations: count,
        actions: z
          .record(
            z.string().max(100),
            z.strictObject({ p50: z.number().min(0), p95: z.number().min(0), count: z.number().int().min(0) }),
          )
          .optional(),
      }),
    )
    .max(200),
});

const article = (role: WorkerInfo['role']) => (role === 'agent' || role === 'admin' ? `an ${role}` : `a ${role}`);

/**
 * Answers a registry request; false when `url` is not one (the caller answers 404).
 *
 * @example
 * if (url.pathname.startsWith('/api/registry/') && (await handleRegistryApi(o, req, res, url))) return;
 */
export async function handleRegistryApi(
  o: RegistryApiOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const { pathname } = url;
  const { registry } = o;
  const method = req.method ?? 'GET';

  /** The calling worker (any agent token); customers and phones are refused. */
  const worker = async (operation: string): Promise<WorkerInfo> => {
    const principal = await authenticate(o.tokens, localPort(o.engine), bearer(req));
    if (principal.role !== 'agent')
      throw new ContactCenterError(
        'CC_FORBIDDEN',
        `registry.${operation} needs an agent's token, not a ${principal.role}'s`,
      );
    return o.engine.worker(principal.workerSid)!;
  };
  /** The calling admin; CC_FORBIDDEN naming the operation for anyone else. */
  const admin = async (operation: string): Promise<WorkerInfo> => {
    const w = await worker(operation);
    if (w.role !== 'admin')
      throw new ContactCenterError(
        'CC_FORBIDDEN',
        `registry.${operation} is for admins; ${w.fullName} (${w.identity}) is ${article(w.role)}`,
      );
    return w;
  };
  const body = async (limit = o.maxBodyBytes) => readJson(req, limit);

  if (pathname === '/api/registry/active' && method === 'GET') {
    const w = await worker('active');
    return (json(res, 200, registry.active(w.identity)), true);
  }
  if (pathname === '/api/registry/health' && method === 'POST') {
    const w = await worker('reportHealth');
    // A desktop with many plugins, each timing many actions, can pass the API's 16 KiB.
    await registry.reportHealth(w.sid, parse(healthBody, await body(Math.max(o.maxBodyBytes, HEALTH_BODY_BYTES))));
    res.writeHead(204, { ...NOSNIFF }).end();
    return true;
  }
  if (pathname === '/api/registry/plugins' && method === 'GET') {
    await admin('plugins');
    return (json(res, 200, registry.plugins()), true);
  }
  const plugin = PLUGIN_PATH.exec(pathname);
  if (plugin) {
    const name = decodeURIComponent(plugin[1]!);
    if (plugin[2] === '/versions' && method === 'POST') {
      const w = await admin('deployVersion');
      const input = parse(deployBody, await body(MAX_UPLOAD_BYTES));
      if (!BASE64.test(input.bundle)) throw new ContactCenterError('CC_BAD_REQUEST', 'bundle must be base64');
      const bundle = new Uint8Array(Buffer.from(input.bundle, 'base64'));
      return (json(res, 201, await registry.deployVersion(w.identity, name, { ...input, bundle })), true);
    }
    if (plugin[2] === '/archive' && method === 'POST') {
      await admin('archive');
      const { version } = parse(archiveBody, await body());
      await registry.archive(name, version);
      return (json(res, 200, registry.plugin(name)), true);
    }
    if (plugin[2] === undefined && method === 'GET') {
      await admin('plugin');
      return (json(res, 200, registry.plugin(name)), true);
    }
  }
  if (pathname === '/api/registry/configurations') {
    if (method === 'POST') {
      const w = await admin('createConfiguration');
      return (
        json(res, 201, await registry.createConfiguration(w.identity, parse(configurationBody, await body()))),
        true
      );
    }
    if (method === 'GET') {
      await admin('configurations');
      return (json(res, 200, registry.configurations()), true);
    }
  }
  if (pathname === '/api/registry/configurations/diff' && method === 'GET') {
    await admin('diff');
    const from = url.searchParams.get('from');
    const to = url.searchParams.get('to');
    if (!from || !to)
      throw new ContactCenterError('CC_BAD_REQUEST', 'diff needs ?from=<configuration sid>&to=<configuration sid>');
    return (json(res, 200, registry.diff(from, to)), true);
  }
  const configuration = CONFIGURATION_PATH.exec(pathname);
  if (configuration && method === 'GET') {
    await admin('configuration');
    return (json(res, 200, registry.configuration(decodeURIComponent(configuration[1]!))), true);
  }
  if (pathname === '/api/registry/releases') {
    if (method === 'POST') {
      const w = await admin('release');
      return (json(res, 201, await registry.release(w.identity, parse(releaseBody, await body()))), true);
    }
    if (method === 'GET') {
      await admin('releases');
      return (json(res, 200, await registry.releases()), true);
    }
  }
  const release = RELEASE_PATH.exec(pathname);
  if (release) {
    const sid = decodeURIComponent(release[1]!);
    if (release[2] === '/rollback' && method === 'POST') {
      const w = await admin('rollback');
      const { reason } = parse(rollbackBody, await body());
      return (json(res, 200, await registry.rollback(w.identity, sid, reason)), true);
    }
    if (release[2] === undefined && method === 'GET') {
      await admin('releaseOf');
      return (json(res, 200, await registry.releaseOf(sid)), true);
    }
  }
  return false;
}

/**
 * Serves `GET /api/registry/bundles/<sha256>.js` (public: the hash names the content, SRI
 * guards it, so it is cached for good and any origin may load it); false when not that path.
 */
export async function serveBundle(
  registry: Registry,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const match = BUNDLE_PATH.exec(url.pathname);
  if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const content = await registry.bundle(match[1]!);
  if (!content) throw new ContactCenterError('CC_NOT_FOUND', `No bundle ${match[1]} in the registry`);
  res.writeHead(200, {
    'content-type': 'application/javascript; charset=utf-8',
    'content-length': content.length,
    'cache-control': 'public, max-age=31536000, immutable',
    'access-control-allow-origin': '*',
    ...NOSNIFF,
  });
  res.end(req.method === 'HEAD' ? undefined : content);
  return true;
}
