/**
 * The plugin registry's storage in the contact center's own database (Kysely, portable SQL:
 * the same queries run on SQLite and PostgreSQL). Bundles are base64 text by content hash;
 * JSON columns hold the nested values; bigint columns go through Number() (PostgreSQL
 * drivers return them as strings).
 */
import type { Kysely, Selectable } from 'kysely';
import { ContactCenterError } from '../errors';
import type { BundleRecord, HealthRecord, PluginRecord, RegistryRepository } from '../registry/RegistryRepository';
import type {
  ConfigurationEntry,
  PluginPermissions,
  RegistryConfiguration,
  RegistryRelease,
  RegistryVersion,
  ReleaseStatus,
  ReportedPluginState,
  RolloutTarget,
  RolloutThresholds,
} from '../registry/types';
import type {
  ContactCenterDatabase,
  RegistryConfigurationsTable,
  RegistryHealthTable,
  RegistryReleasesTable,
  RegistryVersionsTable,
} from './database';

const json = <T>(text: string): T => JSON.parse(text) as T;

const toVersion = (r: Selectable<RegistryVersionsTable>): RegistryVersion => ({
  plugin: r.plugin,
  version: r.version,
  bundleHash: r.bundle_hash,
  integrity: r.integrity,
  size: Number(r.size),
  changelog: r.changelog,
  hostVersion: r.host_version,
  permissions: r.permissions === null ? null : json<PluginPermissions>(r.permissions),
  phase: Number(r.phase),
  archived: Number(r.archived) === 1,
  createdAt: Number(r.created_at),
  createdBy: r.created_by,
});

const toConfiguration = (r: Selectable<RegistryConfigurationsTable>): RegistryConfiguration => ({
  sid: r.sid,
  name: r.name,
  description: r.description,
  plugins: json<ConfigurationEntry[]>(r.plugins),
  createdAt: Number(r.created_at),
  createdBy: r.created_by,
});

const toRelease = (r: Selectable<RegistryReleasesTable>): RegistryRelease => ({
  sid: r.sid,
  configurationSid: r.configuration_sid,
  target: json<RolloutTarget>(r.target),
  previousReleaseSid: r.previous_release_sid,
  status: r.status as ReleaseStatus,
  thresholds: json<RolloutThresholds>(r.thresholds),
  ...(r.rollback === null ? {} : { rollback: json<NonNullable<RegistryRelease['rollback']>>(r.rollback) }),
  createdAt: Number(r.created_at),
  createdBy: r.created_by,
});

const toHealth = (r: Selectable<RegistryHealthTable>): HealthRecord => ({
  releaseSid: r.release_sid,
  plugin: r.plugin,
  workerSid: r.worker_sid,
  version: r.version,
  state: r.state as ReportedPluginState,
  failed: Number(r.failed) === 1,
  failure: r.failure === null ? null : json<{ code: string; message: string }>(r.failure),
  errors: Number(r.errors),
  aborts: Number(r.aborts),
  timeouts: Number(r.timeouts),
  invocations: Number(r.invocations),
  actions: r.actions === null ? null : json<NonNullable<HealthRecord['actions']>>(r.actions),
  updatedAt: Number(r.updated_at),
});

/**
 * @example
 * const db = createDatabase({ dialect: 'sqlite', file: 'contact-center.sqlite' });
 * await migrateToLatest(db);
 * const registry = await Registry.open(new SqliteRegistryRepository(db));
 */
export class SqliteRegistryRepository implements RegistryRepository {
  constructor(private readonly db: Kysely<ContactCenterDatabase>) {}

  async addVersion(plugin: PluginRecord, version: RegistryVersion, bundle: BundleRecord): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('registry_versions')
        .select('version')
        .where('plugin', '=', version.plugin)
        .where('version', '=', version.version)
        .executeTakeFirst();
      if (existing)
        throw new ContactCenterError(
          'CC_CONFLICT',
          `Plugin "${version.plugin}" already has version ${version.version}`,
        );
      await trx
        .insertInto('registry_bundles')
        .values({
          hash: bundle.hash,
          integrity: bundle.integrity,
          size: bundle.size,
          content: Buffer.from(bundle.content).toString('base64'),
          created_at: version.createdAt,
        })
        .onConflict((oc) => oc.column('hash').doNothing())
        .execute();
      await trx
        .insertInto('registry_plugins')
        .values({ name: plugin.name, description: plugin.description, created_at: plugin.createdAt })
        .onConflict((oc) => oc.column('name').doUpdateSet({ description: plugin.description }))
        .execute();
      await trx
        .insertInto('registry_versions')
        .values({
          plugin: version.plugin,
          version: version.version,
          bundle_hash: version.bundleHash,
          integrity: version.integrity,
          size: version.size,
          changelog: version.changelog,
          host_version: version.hostVersion,
          permissions: version.permissions === null ? null : JSON.stringify(version.permissions),
          phase: version.phase,
          archived: version.archived ? 1 : 0,
          created_at: version.createdAt,
          created_by: version.createdBy,
        })
        .execute();
    });
  }

  async bundle(hash: string): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom('registry_bundles')
      .select('content')
      .where('hash', '=', hash)
      .executeTakeFirst();
    return row && new Uint8Array(Buffer.from(row.content, 'base64'));
  }

  async plugin(name: string): Promise<PluginRecord | undefined> {
    const r = await this.db.selectFrom('registry_plugins').selectAll().where('name', '=', name).executeTakeFirst();
    return r && { name: r.name, description: r.description, createdAt: Number(r.created_at) };
  }

  async plugins(): Promise<PluginRecord[]> {
    const rows = await this.db.selectFrom('registry_plugins').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, description: r.description, createdAt: Number(r.created_at) }));
  }

  async versions(plugin?: string): Promise<RegistryVersion[]> {
    let q = this.db.selectFrom('registry_versions').selectAll();
    if (plugin !== undefined) q = q.where('plugin', '=', plugin);
    return (await q.orderBy('created_at').orderBy('plugin').orderBy('version').execute()).map(toVersion);
  }

  async version(plugin: string, version: string): Promise<RegistryVersion | undefined> {
    const r = await this.db
      .selectFrom('registry_versions')
      .selectAll()
      .where('plugin', '=', plugin)
      .where('version', '=', version)
      .executeTakeFirst();
    return r && toVersion(r);
  }

  async archive(plugin: string, version?: string): Promise<number> {
    let q = this.db
      .updateTable('registry_versions')
      .set({ archived: 1 })
      .where('plugin', '=', plugin)
      .where('archived', '=', 0);
    if (version !== undefined) q = q.where('version', '=', version);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async addConfiguration(c: RegistryConfiguration): Promise<void> {
    await this.db
      .insertInto('registry_configurations')
      .values({
        sid: c.sid,
        name: c.name,
        description: c.description,
        plugins: JSON.stringify(c.plugins),
        created_at: c.createdAt,
        created_by: c.createdBy,
      })
      .execute();
  }

  async configuration(sid: string): Promise<RegistryConfiguration | undefined> {
    const r = await this.db.selectFrom('registry_configurations').selectAll().where('sid', '=', sid).executeTakeFirst();
    return r && toConfiguration(r);
  }

  async configurations(): Promise<RegistryConfiguration[]> {
    const rows = await this.db.selectFrom('registry_configurations').selectAll().orderBy('created_at').execute();
    return rows.map(toConfiguration);
  }

  async saveReleases(created: RegistryRelease | null, updated: readonly RegistryRelease[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (created) {
        await trx
          .insertInto('registry_releases')
          .values({
            sid: created.sid,
            configuration_sid: created.configurationSid,
            target: JSON.stringify(created.target),
            previous_release_sid: created.previousReleaseSid,
            status: created.status,
            thresholds: JSON.stringify(created.thresholds),
            rollback: created.rollback ? JSON.stringify(created.rollback) : null,
            created_at: created.createdAt,
            created_by: created.createdBy,
          })
          .execute();
      }
      for (const r of updated) {
        const result = await trx
          .updateTable('registry_releases')
          .set({ status: r.status, rollback: r.rollback ? JSON.stringify(r.rollback) : null })
          .where('sid', '=', r.sid)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1)
          throw new ContactCenterError('CC_NOT_FOUND', `Release ${r.sid} does not exist`);
      }
    });
  }

  async release(sid: string): Promise<RegistryRelease | undefined> {
    const r = await this.db.selectFrom('registry_releases').selectAll().where('sid', '=', sid).executeTakeFirst();
    return r && toRelease(r);
  }

  async releases(): Promise<RegistryRelease[]> {
    const rows = await this.db.selectFrom('registry_releases').selectAll().orderBy('created_at').execute();
    return rows.map(toRelease);
  }

  async saveHealth(rows: readonly HealthRecord[]): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insertInto('registry_health')
      .values(
        rows.map((r) => ({
          release_sid: r.releaseSid,
          plugin: r.plugin,
          worker_sid: r.workerSid,
          version: r.version,
          state: r.state,
          failed: r.failed ? 1 : 0,
          failure: r.failure ? JSON.stringify(r.failure) : null,
          errors: r.errors,
          aborts: r.aborts,
          timeouts: r.timeouts,
          invocations: r.invocations,
          actions: r.actions ? JSON.stringify(r.actions) : null,
          updated_at: r.updatedAt,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['release_sid', 'plugin', 'worker_sid']).doUpdateSet({
          version: (eb) => eb.ref('excluded.version'),
          state: (eb) => eb.ref('excluded.state'),
          failed: (eb) => eb.ref('excluded.failed'),
          failure: (eb) => eb.ref('excluded.failure'),
          errors: (eb) => eb.ref('excluded.errors'),
          aborts: (eb) => eb.ref('excluded.aborts'),
          timeouts: (eb) => eb.ref('excluded.timeouts'),
          invocations: (eb) => eb.ref('excluded.invocations'),
          actions: (eb) => eb.ref('excluded.actions'),
          updated_at: (eb) => eb.ref('excluded.updated_at'),
        }),
      )
      .execute();
  }

  async health(releaseSid: string): Promise<HealthRecord[]> {
    const rows = await this.db
      .selectFrom('registry_health')
      .selectAll()
      .where('release_sid', '=', releaseSid)
      .orderBy('plugin')
      .orderBy('worker_sid')
      .execute();
    return rows.map(toHealth);
  }
}
