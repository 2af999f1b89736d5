/**
 * The plugin registry (server side): versions (immutable, content-addressed bundles with
 * their SRI hash), configurations, releases to all agents or to a cohort, rollback (manual
 * and automatic, from the desktops' health reports), and the release each agent's desktop
 * loads. Transport-free: the HTTP API (`server/registryApi.ts`) checks who calls and hands
 * it validated input; `events` tells the server when a release went live or was rolled back
 * (it pushes `releaseChanged` to every connected agent).
 *
 * Writes run one at a time (a queue), so a check and the write it guards never interleave;
 * releases, configurations and version metadata are kept in memory (small), bundles and
 * health rows in the repository.
 */
import { createHash } from 'node:crypto';
import { Emitter } from '@switchboard/actions/events';
import semverRcompare from 'semver/functions/rcompare.js';
import semverValid from 'semver/functions/valid.js';
import semverValidRange from 'semver/ranges/valid.js';
import { ContactCenterError } from '../errors';
import { newSid } from '../engine/ids';
import { SerialQueue } from '../engine/SerialQueue';
import { isInTarget } from './cohort';
import { diffConfigurations } from './diff';
import { breach, mergeReport, summarizeHealth } from './health';
import type { HealthRecord, PluginRecord, RegistryRepository } from './RegistryRepository';
import {
  DEFAULT_THRESHOLDS,
  type ActiveRelease,
  type ConfigurationDiff,
  type HealthReport,
  type PluginPermissions,
  type RegistryConfiguration,
  type RegistryPlugin,
  type RegistryRelease,
  type RegistryReleaseWithHealth,
  type RegistryVersion,
  type RolloutTarget,
  type RolloutThresholds,
} from './types';

/** What {@link Registry.deployVersion} takes (the HTTP API decodes the bundle). */
export interface DeployVersion {
  version: string;
  bundle: Uint8Array;
  changelog?: string;
  hostVersion?: string;
  permissions?: PluginPermissions | null;
  phase?: number;
  description?: string;
}

/** What {@link Registry.createConfiguration} takes. */
export interface NewConfiguration {
  name?: string;
  description?: string;
  plugins: Array<{ plugin: string; version: string; phase?: number; enabled?: boolean }>;
}

/** What {@link Registry.release} takes. */
export interface NewRelease {
  configurationSid: string;
  target?: RolloutTarget;
  thresholds?: Partial<RolloutThresholds>;
}

/** Events of the registry. */
export interface RegistryEvents {
  /** A release went live or was rolled back: `releaseSid` names it. */
  releaseChanged: (event: { releaseSid: string | null }) => void;
}

export interface RegistryOptions {
  /** Default `Date.now`. */
  now?: () => number;
  /** Where a failing event listener's error goes (default `console.error`). */
  onError?: (message: string, error: unknown) => void;
}

/** Who rolls back a release automatically (`rollback.by`). */
export const AUTOMATIC_ROLLBACK_BY = 'registry';

/** npm's package name rule (lower case, optional scope). */
const PLUGIN_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** An action or slot name, or '*': no spaces, nothing empty (the host's rule). */
const PERMISSION_NAME = /^\S{1,100}$/;
/**
 * An origin a plugin may call: scheme, host (optionally `*.` for subdomains), port. Strict,
 * because it goes into the desktop's Content-Security-Policy as is.
 */
const ORIGIN = /^(?:https?|wss?):\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$/;

const fail = (code: ContactCenterError['code'], message: string): never => {
  throw new ContactCenterError(code, message);
};
const key = (plugin: string, version: string) => `${plugin}@${version}`;
const healthKey = (plugin: string, workerSid: string) => `${plugin}\u0000${workerSid}`;

/** The bundle URL of a content hash (served by `GET /api/registry/bundles/:hash.js`). */
export const bundleUrl = (hash: string): string => `/api/registry/bundles/${hash}.js`;

/** Checks a permission declaration (names and origins); CC_BAD_REQUEST naming the culprit. */
export function checkPermissions(p: PluginPermissions, owner: string): void {
  for (const kind of ['actions', 'slots'] as const)
    for (const name of p[kind])
      if (!PERMISSION_NAME.test(name))
        fail('CC_BAD_REQUEST', `${owner}: permissions.${kind} has an invalid name "${name}"`);
  for (const origin of p.origins)
    if (!ORIGIN.test(origin))
      fail(
        'CC_BAD_REQUEST',
        `${owner}: permissions.origins has "${origin}", which is not an origin (scheme://host[:port], e.g. https://crm.example.com)`,
      );
}

/**
 * @example
 * const registry = await Registry.open(new SqliteRegistryRepository(db));
 * registry.events.on('releaseChanged', ({ releaseSid }) => pushToAgents(releaseSid));
 * await registry.deployVersion('admin', 'crm-sync', { version: '1.0.0', bundle });
 * const c = await registry.createConfiguration('admin', { plugins: [{ plugin: 'crm-sync', version: '1.0.0' }] });
 * await registry.release('admin', { configurationSid: c.sid, target: { kind: 'percent', percent: 10 } });
 * registry.active('alice'); // what alice's desktop loads
 */
export class Registry {
  readonly events: Emitter<RegistryEvents>;
  private readonly queue = new SerialQueue();
  private readonly now: () => number;
  private readonly pluginRows = new Map<string, PluginRecord>();
  private readonly versionRows = new Map<string, RegistryVersion>();
  private readonly configurationRows = new Map<string, RegistryConfiguration>();
  /** In creation order. */
  private readonly releaseRows: RegistryRelease[] = [];
  /** Health rows of the releases read so far, by plugin and worker. */
  private readonly healthRows = new Map<string, Map<string, HealthRecord>>();
  private lastStamp = 0;

  private constructor(
    private readonly repo: RegistryRepository,
    options: RegistryOptions,
  ) {
    this.now = options.now ?? Date.now;
    const onError = options.onError ?? ((message, error) => console.error(`[registry] ${message}`, error));
    this.events = new Emitter<RegistryEvents>((error, event) => onError(`${String(event)} listener failed`, error));
  }

  /** Reads the registry's metadata (plugins, versions, configurations, releases) into memory. */
  static async open(repo: RegistryRepository, options: RegistryOptions = {}): Promise<Registry> {
    const r = new Registry(repo, options);
    for (const p of await repo.plugins()) r.pluginRows.set(p.name, p);
    for (const v of await repo.versions()) r.versionRows.set(key(v.plugin, v.version), v);
    for (const c of await repo.configurations()) r.configurationRows.set(c.sid, c);
    r.releaseRows.push(...(await repo.releases()));
    for (const x of [...r.versionRows.values(), ...r.configurationRows.values(), ...r.releaseRows])
      r.lastStamp = Math.max(r.lastStamp, x.createdAt);
    return r;
  }

  // ---- versions ------------------------------------------------------------------------

  /**
   * Stores a new version of plugin `name` (creating the plugin on its first version): its
   * bundle by sha256, its SRI (sha384). CC_CONFLICT when the version exists (versions are
   * immutable), CC_BAD_REQUEST for a name, version, range or permission that is not valid.
   */
  deployVersion(by: string, name: string, input: DeployVersion): Promise<RegistryVersion> {
    return this.queue.run(async () => {
      if (!PLUGIN_NAME.test(name) || name.length > 214)
        fail('CC_BAD_REQUEST', `"${name.slice(0, 100)}" is not a valid plugin name (an npm package name)`);
      if (semverValid(input.version) !== input.version)
        fail('CC_BAD_REQUEST', `Plugin "${name}": version "${input.version}" is not a semver version (e.g. 1.2.0)`);
      const hostVersion = input.hostVersion ?? '*';
      if (semverValidRange(hostVersion) === null)
        fail('CC_BAD_REQUEST', `Plugin "${name}": hostVersion "${hostVersion}" is not a semver range`);
      const phase = input.phase ?? 0;
      if (!Number.isInteger(phase) || phase < 0)
        fail('CC_BAD_REQUEST', `Plugin "${name}": phase must be a whole number ≥ 0`);
      if (!input.bundle.length) fail('CC_BAD_REQUEST', `Plugin "${name}" ${input.version}: the bundle is empty`);
      const permissions = input.permissions ?? null;
      if (permissions) checkPermissions(permissions, `Plugin "${name}" ${input.version}`);
      if (this.versionRows.has(key(name, input.version)))
        fail(
          'CC_CONFLICT',
          `Plugin "${name}" already has version ${input.version}: versions are immutable, deploy a new version`,
        );
      const now = this.stamp();
      const hash = createHash('sha256').update(input.bundle).digest('hex');
      const integrity = `sha384-${createHash('sha384').update(input.bundle).digest('base64')}`;
      const existing = this.pluginRows.get(name);
      const plugin: PluginRecord = {
        name,
        description: input.description ?? existing?.description ?? '',
        createdAt: existing?.createdAt ?? now,
      };
      const version: RegistryVersion = {
        plugin: name,
        version: input.version,
        bundleHash: hash,
        integrity,
        size: input.bundle.length,
        changelog: input.changelog ?? '',
        hostVersion,
        permissions,
        phase,
        archived: false,
        createdAt: now,
        createdBy: by,
      };
      await this.repo.addVersion(plugin, version, {
        hash,
        integrity,
        size: input.bundle.length,
        content: input.bundle,
      });
      this.pluginRows.set(name, plugin);
      this.versionRows.set(key(name, input.version), version);
      return structuredClone(version);
    });
  }

  /** Every plugin, by name, with its versions (newest first). */
  plugins(): RegistryPlugin[] {
    return [...this.pluginRows.keys()].sort().map((name) => this.plugin(name));
  }

  /** One plugin with its versions (newest first); CC_NOT_FOUND. */
  plugin(name: string): RegistryPlugin {
    const p = this.pluginRows.get(name) ?? fail('CC_NOT_FOUND', `Plugin "${name}" is not in the registry`);
    const versions = [...this.versionRows.values()]
      .filter((v) => v.plugin === name)
      .sort((a, b) => semverRcompare(a.version, b.version))
      .map((v) => structuredClone(v));
    return { ...p, archived: versions.length > 0 && versions.every((v) => v.archived), versions };
  }

  /** Archives one version, or every version of the plugin: they cannot go into new configurations. */
  archive(name: string, version?: string): Promise<void> {
    return this.queue.run(async () => {
      if (!this.pluginRows.has(name)) fail('CC_NOT_FOUND', `Plugin "${name}" is not in the registry`);
      if (version !== undefined && !this.versionRows.has(key(name, version)))
        fail('CC_NOT_FOUND', `Plugin "${name}" has no version ${version}`);
      await this.repo.archive(name, version);
      for (const v of this.versionRows.values())
        if (v.plugin === name && (version === undefined || v.version === version)) v.archived = true;
    });
  }

  /** A bundle's bytes by content hash (undefined when unknown). */
  bundle(hash: string): Promise<Uint8Array | undefined> {
    return this.repo.bundle(hash);
  }

  // ---- configurations ------------------------------------------------------------------

  /**
   * Stores a configuration: plugin versions with their phase (default: the version's) and
   * enabled (default true). CC_BAD_REQUEST naming every unknown or archived version, and a
   * plugin named twice.
   */
  createConfiguration(by: string, input: NewConfiguration): Promise<RegistryConfiguration> {
    return this.queue.run(async () => {
      const unknown: string[] = [];
      const archived: string[] = [];
      const twice = input.plugins
        .map((e) => e.plugin)
        .filter((name, i, all) => all.indexOf(name) !== i && all.lastIndexOf(name) === i);
      if (twice.length) fail('CC_BAD_REQUEST', `A configuration names each plugin once; twice: ${twice.join(', ')}`);
      const plugins = input.plugins.map((e) => {
        const v = this.versionRows.get(key(e.plugin, e.version));
        if (!v) unknown.push(key(e.plugin, e.version));
        else if (v.archived) archived.push(key(e.plugin, e.version));
        const phase = e.phase ?? v?.phase ?? 0;
        if (!Number.isInteger(phase) || phase < 0)
          fail('CC_BAD_REQUEST', `${key(e.plugin, e.version)}: phase must be a whole number ≥ 0`);
        return { plugin: e.plugin, version: e.version, phase, enabled: e.enabled ?? true };
      });
      if (unknown.length || archived.length) {
        const parts = [
          ...(unknown.length ? [`unknown version${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`] : []),
          ...(archived.length ? [`archived version${archived.length > 1 ? 's' : ''} ${archived.join(', ')}`] : []),
        ];
        fail('CC_BAD_REQUEST', `The configuration names ${parts.join('; ')}`);
      }
      const configuration: RegistryConfiguration = {
        sid: newSid('PC'),
        name: input.name ?? `Configuration ${this.configurationRows.size + 1}`,
        description: input.description ?? '',
        plugins,
        createdAt: this.stamp(),
        createdBy: by,
      };
      await this.repo.addConfiguration(configuration);
      this.configurationRows.set(configuration.sid, configuration);
      return structuredClone(configuration);
    });
  }

  /** Every configuration, newest first. */
  configurations(): RegistryConfiguration[] {
    return [...this.configurationRows.values()].reverse().map((c) => structuredClone(c));
  }

  /** One configuration; CC_NOT_FOUND. */
  configuration(sid: string): RegistryConfiguration {
    return structuredClone(this.configurationOf(sid));
  }

  /** How configuration `to` differs from `from`: versions, enabled, permissions added and removed. */
  diff(fromSid: string, toSid: string): ConfigurationDiff {
    return diffConfigurations(this.configurationOf(fromSid), this.configurationOf(toSid), (plugin, version) =>
      this.versionRows.get(key(plugin, version)),
    );
  }

  // ---- releases ------------------------------------------------------------------------

  /**
   * Makes a configuration live: for all agents (superseding the live release and any cohort
   * release), or for a cohort (`percent` of the agents, deterministically, or named agents)
   * on top of the live all-release, superseding a previous cohort release.
   */
  release(by: string, input: NewRelease): Promise<RegistryRelease> {
    return this.queue.run(async () => {
      this.configurationOf(input.configurationSid);
      const target = checkTarget(input.target ?? { kind: 'all' });
      const thresholds = checkThresholds({ ...DEFAULT_THRESHOLDS, ...input.thresholds });
      const { all, cohort } = this.live();
      const release: RegistryRelease = {
        sid: newSid('PR'),
        configurationSid: input.configurationSid,
        target,
        previousReleaseSid: all?.sid ?? null,
        status: 'live',
        thresholds,
        createdAt: this.stamp(),
        createdBy: by,
      };
      const superseded = (target.kind === 'all' ? [all, cohort] : [cohort])
        .filter((r): r is RegistryRelease => r !== undefined)
        .map((r) => ({ ...r, status: 'superseded' as const }));
      await this.commit(release, superseded);
      this.events.emit('releaseChanged', { releaseSid: release.sid });
      return structuredClone(release);
    });
  }

  /**
   * Rolls back a live release. A cohort release: it is rolled back, its agents go back to the
   * release under it. An all-release: it is rolled back and its previous release's
   * configuration is released again to all (a new release: history is immutable), which is
   * returned; with no previous release, nothing is live any more. CC_INVALID_STATE for a
   * release that is not live.
   */
  rollback(by: string, sid: string, reason?: string): Promise<RegistryRelease> {
    return this.queue.run(() => this.rollbackNow(sid, { automatic: false, by, reason: reason ?? 'manual rollback' }));
  }

  /** Every release, newest first, with its health per plugin. */
  async releases(): Promise<RegistryReleaseWithHealth[]> {
    const out: RegistryReleaseWithHealth[] = [];
    for (const r of [...this.releaseRows].reverse()) out.push(await this.withHealth(r));
    return out;
  }

  /** One release with its health per plugin; CC_NOT_FOUND. */
  async releaseOf(sid: string): Promise<RegistryReleaseWithHealth> {
    return this.withHealth(this.releaseRow(sid));
  }

  /** The live releases: the all-release and the cohort release on top of it (either may be absent). */
  live(): { all: RegistryRelease | undefined; cohort: RegistryRelease | undefined } {
    const live = this.releaseRows.filter((r) => r.status === 'live');
    return { all: live.find((r) => r.target.kind === 'all'), cohort: live.find((r) => r.target.kind !== 'all') };
  }

  /** What the desktop of agent `identity` loads: the cohort release when the agent is in it, else the all-release. */
  active(identity: string): ActiveRelease {
    const { all, cohort } = this.live();
    const release = cohort && isInTarget(cohort, identity) ? cohort : all;
    if (!release) return { releaseSid: null, configurationSid: null, cohort: false, plugins: [] };
    const configuration = this.configurationOf(release.configurationSid);
    return {
      releaseSid: release.sid,
      configurationSid: configuration.sid,
      cohort: release === cohort,
      plugins: configuration.plugins.map((e) => {
        const v = this.versionRows.get(key(e.plugin, e.version))!;
        return {
          name: e.plugin,
          version: e.version,
          src: bundleUrl(v.bundleHash),
          integrity: v.integrity,
          hostVersion: v.hostVersion,
          phase: e.phase,
          enabled: e.enabled,
          permissions: structuredClone(v.permissions),
        };
      }),
    };
  }

  /**
   * The origins the enabled plugins of the live releases (all and cohort) declare: what the
   * desktop's CSP `connect-src` must allow.
   */
  liveOrigins(): string[] {
    const origins = new Set<string>();
    const { all, cohort } = this.live();
    for (const r of [all, cohort]) {
      if (!r) continue;
      for (const e of this.configurationOf(r.configurationSid).plugins) {
        if (!e.enabled) continue;
        for (const o of this.versionRows.get(key(e.plugin, e.version))?.permissions?.origins ?? []) origins.add(o);
      }
    }
    return [...origins];
  }

  // ---- health --------------------------------------------------------------------------

  /**
   * Adds a desktop's report to the release's health (plugins of the release, at its
   * versions; others are ignored), then checks the thresholds when the release is the latest
   * live one: a breach rolls it back (automatic, the reason naming plugin, rule and figures).
   */
  reportHealth(workerSid: string, report: HealthReport): Promise<void> {
    return this.queue.run(async () => {
      const release = this.releaseRow(report.releaseSid);
      const configuration = this.configurationOf(release.configurationSid);
      const rows = await this.healthOf(release.sid);
      const now = this.now();
      const changed: HealthRecord[] = [];
      for (const p of report.plugins) {
        const entry = configuration.plugins.find((e) => e.plugin === p.name);
        if (!entry || entry.version !== p.version) continue;
        const k = healthKey(p.name, workerSid);
        const row = mergeReport(rows.get(k), { releaseSid: release.sid, workerSid }, p, now);
        changed.push(row);
      }
      if (!changed.length) return;
      await this.repo.saveHealth(changed);
      for (const row of changed) rows.set(healthKey(row.plugin, row.workerSid), row);
      const { all, cohort } = this.live();
      if (release.status !== 'live' || release !== (cohort ?? all)) return;
      const reason = breach(summarizeHealth(configuration.plugins, rows.values()), release.thresholds);
      if (reason) await this.rollbackNow(release.sid, { automatic: true, by: AUTOMATIC_ROLLBACK_BY, reason });
    });
  }

  // ---- internals -----------------------------------------------------------------------

  private async rollbackNow(
    sid: string,
    how: { automatic: boolean; by: string; reason: string },
  ): Promise<RegistryRelease> {
    const release = this.releaseRow(sid);
    if (release.status !== 'live')
      fail('CC_INVALID_STATE', `Release ${sid} is ${release.status}; only a live release can be rolled back`);
    const rolledBack: RegistryRelease = {
      ...release,
      status: 'rolled-back',
      rollback: { automatic: how.automatic, reason: how.reason, at: this.now(), by: how.by },
    };
    const previous = release.previousReleaseSid ? this.releaseRow(release.previousReleaseSid) : undefined;
    if (release.target.kind !== 'all' || !previous) {
      await this.commit(null, [rolledBack]);
      this.events.emit('releaseChanged', { releaseSid: sid });
      return structuredClone(rolledBack);
    }
    // An all-release: release the previous configuration again, continuing its history (rolling
    // the new release back goes one step further back, never forward to the bad one).
    const { cohort } = this.live();
    const restored: RegistryRelease = {
      sid: newSid('PR'),
      configurationSid: previous.configurationSid,
      target: { kind: 'all' },
      previousReleaseSid: previous.previousReleaseSid,
      status: 'live',
      thresholds: previous.thresholds,
      createdAt: this.stamp(),
      createdBy: how.by,
    };
    const updates = [rolledBack, ...(cohort ? [{ ...cohort, status: 'superseded' as const }] : [])];
    await this.commit(restored, updates);
    this.events.emit('releaseChanged', { releaseSid: restored.sid });
    return structuredClone(restored);
  }

  /** Writes a release change, then applies it to the in-memory rows. */
  private async commit(created: RegistryRelease | null, updated: RegistryRelease[]): Promise<void> {
    await this.repo.saveReleases(created, updated);
    for (const u of updated) {
      const i = this.releaseRows.findIndex((r) => r.sid === u.sid);
      this.releaseRows[i] = u;
    }
    if (created) this.releaseRows.push(created);
  }

  private async withHealth(release: RegistryRelease): Promise<RegistryReleaseWithHealth> {
    const rows = await this.healthOf(release.sid);
    const { plugins } = this.configurationOf(release.configurationSid);
    return { ...structuredClone(release), health: summarizeHealth(plugins, rows.values()) };
  }

  private async healthOf(releaseSid: string): Promise<Map<string, HealthRecord>> {
    let rows = this.healthRows.get(releaseSid);
    if (!rows) {
      const read = await this.repo.health(releaseSid);
      // Another call may have read it meanwhile (reads are not queued): keep the first.
      rows = this.healthRows.get(releaseSid);
      if (!rows) {
        rows = new Map(read.map((r) => [healthKey(r.plugin, r.workerSid), r]));
        this.healthRows.set(releaseSid, rows);
      }
    }
    return rows;
  }

  private releaseRow(sid: string): RegistryRelease {
    return this.releaseRows.find((r) => r.sid === sid) ?? fail('CC_NOT_FOUND', `Release ${sid} does not exist`);
  }

  private configurationOf(sid: string): RegistryConfiguration {
    return this.configurationRows.get(sid) ?? fail('CC_NOT_FOUND', `Configuration ${sid} does not exist`);
  }

  /** A creation time, strictly after the previous one (orders what was created in the same millisecond). */
  private stamp(): number {
    return (this.lastStamp = Math.max(this.now(), this.lastStamp + 1));
  }
}

function checkTarget(target: RolloutTarget): RolloutTarget {
  if (target.kind === 'percent' && (!Number.isInteger(target.percent) || target.percent < 1 || target.percent > 100))
    fail('CC_BAD_REQUEST', `target.percent must be a whole number from 1 to 100, not ${target.percent}`);
  if (target.kind === 'agents') {
    const identities = [...new Set(target.identities)];
    if (!identities.length) fail('CC_BAD_REQUEST', 'target.identities names no agent');
    return { kind: 'agents', identities };
  }
  return target.kind === 'percent' ? { kind: 'percent', percent: target.percent } : { kind: 'all' };
}

function checkThresholds(t: RolloutThresholds): RolloutThresholds {
  if (!Number.isInteger(t.maxFailingDesktops) || t.maxFailingDesktops < 0)
    fail('CC_BAD_REQUEST', 'thresholds.maxFailingDesktops must be a whole number ≥ 0');
  if (!(t.maxErrorRate >= 0 && t.maxErrorRate <= 1))
    fail('CC_BAD_REQUEST', 'thresholds.maxErrorRate must be from 0 to 1');
  if (!Number.isInteger(t.minInvocations) || t.minInvocations < 0)
    fail('CC_BAD_REQUEST', 'thresholds.minInvocations must be a whole number ≥ 0');
  return { maxFailingDesktops: t.maxFailingDesktops, maxErrorRate: t.maxErrorRate, minInvocations: t.minInvocations };
}
