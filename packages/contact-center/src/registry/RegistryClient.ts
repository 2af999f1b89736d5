/**
 * The plugin registry's HTTP client (browser-safe, `fetch`-based): what the CLI and the
 * desktop call. Every method rejects with a `ContactCenterError` carrying the server's code
 * and message (`CC_FORBIDDEN` for an agent token on an admin operation, `CC_CONFLICT` for a
 * version deployed twice, `CC_NOT_FOUND`, `CC_BAD_REQUEST`…).
 */
import { joinUrl, requestJson, type FetchLike } from '../client/http';
import { ContactCenterError } from '../errors';
import type {
  ActiveRelease,
  ConfigurationDiff,
  HealthReport,
  PluginPermissions,
  RegistryConfiguration,
  RegistryPlugin,
  RegistryRelease,
  RegistryReleaseWithHealth,
  RegistryVersion,
  RolloutTarget,
  RolloutThresholds,
} from './types';
import { MAX_UPLOAD_BYTES } from './types';

/** What {@link RegistryClient.deployVersion} uploads. */
export interface DeployVersionInput {
  version: string;
  /** The bundle's bytes, or its text (encoded as UTF-8). */
  bundle: Uint8Array | string;
  changelog?: string;
  /** A semver range of host versions (default `*`). */
  hostVersion?: string;
  /** null or absent: undeclared (runs unrestricted, flagged). */
  permissions?: PluginPermissions | null;
  phase?: number;
  /** The plugin's description (kept from the first version when absent). */
  description?: string;
}

/** What {@link RegistryClient.createConfiguration} sends. */
export interface CreateConfigurationInput {
  name?: string;
  description?: string;
  plugins: Array<{ plugin: string; version: string; phase?: number; enabled?: boolean }>;
}

/** What {@link RegistryClient.release} sends. */
export interface CreateReleaseInput {
  configurationSid: string;
  /** Default `{ kind: 'all' }`. */
  target?: RolloutTarget;
  thresholds?: Partial<RolloutThresholds>;
}

/** The registry's API, as an admin (writes, lists) or an agent (`active`, `reportHealth`) calls it. */
export interface RegistryClient {
  deployVersion(name: string, v: DeployVersionInput): Promise<RegistryVersion>;
  plugins(): Promise<RegistryPlugin[]>;
  plugin(name: string): Promise<RegistryPlugin>;
  /** Archives one version, or every version of the plugin when `version` is absent. */
  archive(name: string, version?: string): Promise<void>;
  createConfiguration(c: CreateConfigurationInput): Promise<RegistryConfiguration>;
  configurations(): Promise<RegistryConfiguration[]>;
  configuration(sid: string): Promise<RegistryConfiguration>;
  diff(fromSid: string, toSid: string): Promise<ConfigurationDiff>;
  release(r: CreateReleaseInput): Promise<RegistryRelease>;
  /** The new release for an all-release, the rolled-back one for a cohort release. */
  rollback(releaseSid: string, reason?: string): Promise<RegistryRelease>;
  /** Newest first. */
  releases(): Promise<RegistryReleaseWithHealth[]>;
  releaseOf(sid: string): Promise<RegistryReleaseWithHealth>;
  /** The release live for the token's agent. */
  active(): Promise<ActiveRelease>;
  reportHealth(report: HealthReport): Promise<void>;
}

/** Options of {@link createRegistryClient}. */
export interface RegistryClientOptions {
  /** The contact center's HTTP origin, e.g. `http://127.0.0.1:4000`. */
  serverUrl: string;
  /** An agent token (`POST /api/agents/login`); an admin's for the writes. */
  token: string;
  /** Default `globalThis.fetch`. */
  fetch?: FetchLike;
}

const BASE64_CHUNK = 0x8000;

/** Base64 of bytes, without Node's Buffer (browser-safe). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  return btoa(binary);
}

const seg = (s: string) => encodeURIComponent(s);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * A client of the plugin registry.
 *
 * @example
 * const registry = createRegistryClient({ serverUrl: 'http://127.0.0.1:4000', token: adminToken });
 * await registry.deployVersion('crm-sync', { version: '1.1.0', bundle: code, permissions });
 * const config = await registry.createConfiguration({ plugins: [{ plugin: 'crm-sync', version: '1.1.0' }] });
 * await registry.release({ configurationSid: config.sid, target: { kind: 'percent', percent: 10 } });
 */
export function createRegistryClient(o: RegistryClientOptions): RegistryClient {
  const fetchFn: FetchLike = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const get = <T>(path: string) => requestJson<T>(fetchFn, joinUrl(o.serverUrl, path), { token: o.token });
  const post = <T>(path: string, body: unknown) =>
    requestJson<T>(fetchFn, joinUrl(o.serverUrl, path), { method: 'POST', body, token: o.token });

  return {
    deployVersion: async (name, v) => {
      const bytes = typeof v.bundle === 'string' ? new TextEncoder().encode(v.bundle) : v.bundle;
      const body = { ...v, bundle: toBase64(bytes) };
      // Said here: a server refusing a body this large closes the connection mid-upload,
      // which a client sees only as a network failure.
      // (Base64 is ASCII and needs no escaping in JSON: its length adds as is.)
      const size = body.bundle.length + new TextEncoder().encode(JSON.stringify({ ...v, bundle: '' })).length;
      if (size > MAX_UPLOAD_BYTES)
        throw new ContactCenterError(
          'CC_TOO_LARGE',
          `The upload of "${name}" ${v.version} is ${mib(size)} (its bundle, ${mib(bytes.length)}, in base64): over the registry's limit of ${mib(MAX_UPLOAD_BYTES)}`,
        );
      return post<RegistryVersion>(`/api/registry/plugins/${seg(name)}/versions`, body);
    },
    plugins: () => get<RegistryPlugin[]>('/api/registry/plugins'),
    plugin: (name) => get<RegistryPlugin>(`/api/registry/plugins/${seg(name)}`),
    archive: async (name, version) =>
      void (await post<unknown>(
        `/api/registry/plugins/${seg(name)}/archive`,
        version === undefined ? {} : { version },
      )),
    createConfiguration: (c) => post<RegistryConfiguration>('/api/registry/configurations', c),
    configurations: () => get<RegistryConfiguration[]>('/api/registry/configurations'),
    configuration: (sid) => get<RegistryConfiguration>(`/api/registry/configurations/${seg(sid)}`),
    diff: (from, to) => get<ConfigurationDiff>(`/api/registry/configurations/diff?from=${seg(from)}&to=${seg(to)}`),
    release: (r) => post<RegistryRelease>('/api/registry/releases', r),
    rollback: (sid, reason) =>
      post<RegistryRelease>(`/api/registry/releases/${seg(sid)}/rollback`, reason === undefined ? {} : { reason }),
    releases: () => get<RegistryReleaseWithHealth[]>('/api/registry/releases'),
    releaseOf: (sid) => get<RegistryReleaseWithHealth>(`/api/registry/releases/${seg(sid)}`),
    active: () => get<ActiveRelease>('/api/registry/active'),
    reportHealth: async (report) => void (await post<unknown>('/api/registry/health', report)),
  };
}
