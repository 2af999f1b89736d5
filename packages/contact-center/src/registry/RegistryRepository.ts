/**
 * Where the plugin registry keeps its record: the registry reads and writes through this
 * interface only. Two implementations, both passing `test/registryRepository.contract.ts`:
 * {@link MemoryRegistryRepository} (plain maps) and `SqliteRegistryRepository` (Kysely, the
 * contact center's own database, SQLite or PostgreSQL, in `@switchboard/contact-center/server`).
 *
 * Versions are immutable (a second insert of the same plugin and version fails with
 * CC_CONFLICT and writes nothing); bundles are stored once per content hash; configurations
 * and releases are immutable but for a release's status and rollback note. Reads return
 * copies the caller may keep.
 */
import type { RegistryConfiguration, RegistryRelease, RegistryVersion, ReportedPluginState } from './types';

/** A plugin's own row (its versions are read apart). */
export interface PluginRecord {
  name: string;
  description: string;
  createdAt: number;
}

/** A bundle, stored by its content hash. */
export interface BundleRecord {
  /** sha256 hex of `content`. */
  hash: string;
  /** `sha384-<base64>` of `content`. */
  integrity: string;
  size: number;
  content: Uint8Array;
}

/** What one desktop (a worker) reported about one plugin of one release, summed over its reports. */
export interface HealthRecord {
  releaseSid: string;
  plugin: string;
  workerSid: string;
  version: string;
  /** The state in the last report. */
  state: ReportedPluginState;
  /** Failed to load or init, or overran a guardrail budget, at least once in this release (sticky). */
  failed: boolean;
  /** The last failure reported. */
  failure: { code: string; message: string } | null;
  errors: number;
  aborts: number;
  timeouts: number;
  invocations: number;
  /** The last report's time per action. */
  actions: Record<string, { p50: number; p95: number; count: number }> | null;
  updatedAt: number;
}

export interface RegistryRepository {
  /**
   * Atomically: stores the bundle unless its hash is stored already, inserts or updates the
   * plugin's row, and inserts the version. CC_CONFLICT (nothing written) when the plugin has
   * that version already.
   */
  addVersion(plugin: PluginRecord, version: RegistryVersion, bundle: BundleRecord): Promise<void>;
  /** A bundle's bytes, by content hash. */
  bundle(hash: string): Promise<Uint8Array | undefined>;
  plugin(name: string): Promise<PluginRecord | undefined>;
  /** Every plugin, by name. */
  plugins(): Promise<PluginRecord[]>;
  /** The versions of `plugin` (every plugin's when absent), in the order they were created. */
  versions(plugin?: string): Promise<RegistryVersion[]>;
  version(plugin: string, version: string): Promise<RegistryVersion | undefined>;
  /** Archives one version, or every version of the plugin; returns how many changed. */
  archive(plugin: string, version?: string): Promise<number>;
  addConfiguration(configuration: RegistryConfiguration): Promise<void>;
  configuration(sid: string): Promise<RegistryConfiguration | undefined>;
  /** In the order they were created. */
  configurations(): Promise<RegistryConfiguration[]>;
  /** Atomically: inserts `created` (if any) and rewrites the status and rollback of `updated`. */
  saveReleases(created: RegistryRelease | null, updated: readonly RegistryRelease[]): Promise<void>;
  release(sid: string): Promise<RegistryRelease | undefined>;
  /** In the order they were created. */
  releases(): Promise<RegistryRelease[]>;
  /** Inserts or replaces health rows, by (release, plugin, worker). */
  saveHealth(rows: readonly HealthRecord[]): Promise<void>;
  /** A release's health rows. */
  health(releaseSid: string): Promise<HealthRecord[]>;
}
