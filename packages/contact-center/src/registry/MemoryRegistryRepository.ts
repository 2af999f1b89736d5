/**
 * The registry's storage in plain maps (no native module): tests, and a registry that need
 * not outlive its process. Every read returns a copy.
 */
import { ContactCenterError } from '../errors';
import type { BundleRecord, HealthRecord, PluginRecord, RegistryRepository } from './RegistryRepository';
import type { RegistryConfiguration, RegistryRelease, RegistryVersion } from './types';

const copy = <T>(value: T): T => structuredClone(value);
const versionKey = (plugin: string, version: string) => `${plugin}@${version}`;
const healthKey = (r: HealthRecord) => `${r.releaseSid}\u0000${r.plugin}\u0000${r.workerSid}`;

/**
 * @example
 * const registry = await Registry.open(new MemoryRegistryRepository());
 */
export class MemoryRegistryRepository implements RegistryRepository {
  private readonly bundles = new Map<string, BundleRecord>();
  private readonly pluginRows = new Map<string, PluginRecord>();
  private readonly versionRows = new Map<string, RegistryVersion>();
  private readonly configurationRows = new Map<string, RegistryConfiguration>();
  private readonly releaseRows = new Map<string, RegistryRelease>();
  private readonly healthRows = new Map<string, HealthRecord>();

  async addVersion(plugin: PluginRecord, version: RegistryVersion, bundle: BundleRecord): Promise<void> {
    const key = versionKey(version.plugin, version.version);
    if (this.versionRows.has(key))
      throw new ContactCenterError('CC_CONFLICT', `Plugin "${version.plugin}" already has version ${version.version}`);
    if (!this.bundles.has(bundle.hash)) this.bundles.set(bundle.hash, copy(bundle));
    this.pluginRows.set(plugin.name, copy(plugin));
    this.versionRows.set(key, copy(version));
  }

  async bundle(hash: string): Promise<Uint8Array | undefined> {
    const b = this.bundles.get(hash);
    return b && b.content.slice();
  }

  async plugin(name: string): Promise<PluginRecord | undefined> {
    const p = this.pluginRows.get(name);
    return p && copy(p);
  }

  async plugins(): Promise<PluginRecord[]> {
    return [...this.pluginRows.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(copy);
  }

  async versions(plugin?: string): Promise<RegistryVersion[]> {
    return [...this.versionRows.values()].filter((v) => plugin === undefined || v.plugin === plugin).map(copy);
  }

  async version(plugin: string, version: string): Promise<RegistryVersion | undefined> {
    const v = this.versionRows.get(versionKey(plugin, version));
    return v && copy(v);
  }

  async archive(plugin: string, version?: string): Promise<number> {
    let changed = 0;
    for (const v of this.versionRows.values()) {
      if (v.plugin !== plugin || (version !== undefined && v.version !== version) || v.archived) continue;
      v.archived = true;
      changed++;
    }
    return changed;
  }

  async addConfiguration(configuration: RegistryConfiguration): Promise<void> {
    if (this.configurationRows.has(configuration.sid))
      throw new ContactCenterError('CC_CONFLICT', `Configuration ${configuration.sid} exists already`);
    this.configurationRows.set(configuration.sid, copy(configuration));
  }

  async configuration(sid: string): Promise<RegistryConfiguration | undefined> {
    const c = this.configurationRows.get(sid);
    return c && copy(c);
  }

  async configurations(): Promise<RegistryConfiguration[]> {
    return [...this.configurationRows.values()].map(copy);
  }

  async saveReleases(created: RegistryRelease | null, updated: readonly RegistryRelease[]): Promise<void> {
    if (created && this.releaseRows.has(created.sid))
      throw new ContactCenterError('CC_CONFLICT', `Release ${created.sid} exists already`);
    for (const r of updated)
      if (!this.releaseRows.has(r.sid)) throw new ContactCenterError('CC_NOT_FOUND', `Release ${r.sid} does not exist`);
    if (created) this.releaseRows.set(created.sid, copy(created));
    for (const r of updated) {
      const row = this.releaseRows.get(r.sid)!;
      row.status = r.status;
      if (r.rollback) row.rollback = copy(r.rollback);
      else delete row.rollback;
    }
  }

  async release(sid: string): Promise<RegistryRelease | undefined> {
    const r = this.releaseRows.get(sid);
    return r && copy(r);
  }

  async releases(): Promise<RegistryRelease[]> {
    return [...this.releaseRows.values()].map(copy);
  }

  async saveHealth(rows: readonly HealthRecord[]): Promise<void> {
    for (const r of rows) this.healthRows.set(healthKey(r), copy(r));
  }

  async health(releaseSid: string): Promise<HealthRecord[]> {
    return [...this.healthRows.values()].filter((r) => r.releaseSid === releaseSid).map(copy);
  }
}
