/**
 * Versioned schema migrations, in code (no migration files read from disk, so bundles work).
 * Append new migrations; never edit one that has shipped. Column types are portable
 * (text, integer, bigint): the same migrations run on SQLite and PostgreSQL.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { ContactCenterError } from '../errors';
import { isPostgres, type ContactCenterDatabase } from './database';

// Migrations are written against an untyped database: they describe how it changes.
type AnyDb = Kysely<Record<string, never>>;

const migrations: Record<string, Migration> = {
  '2024_01_01_001_initial': {
    async up(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      await db.schema
        .createTable('workers')
        .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('identity', 'varchar(200)', (c) => c.notNull().unique())
        .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('activity', 'varchar(32)', (c) => c.notNull())
        .addColumn('idle_since', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('channels')
        .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('task_sid', 'varchar(64)', (c) => c.notNull())
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('customer_identity', 'varchar(200)', (c) => c.notNull())
        .addColumn('customer_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tasks')
        .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('channel_type', 'varchar(32)', (c) => c.notNull())
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('channel_sid', 'varchar(64)', (c) => c.notNull().references('channels.sid'))
        .addColumn('worker_sid', 'varchar(64)', (c) => c.references('workers.sid'))
        .addColumn('attributes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tasks_status').on('tasks').column('status').execute();
      await db.schema
        .createTable('reservations')
        .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('task_sid', 'varchar(64)', (c) => c.notNull().references('tasks.sid'))
        .addColumn('worker_sid', 'varchar(64)', (c) => c.notNull().references('workers.sid'))
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .execute();
      await db.schema.createIndex('reservations_task').on('reservations').column('task_sid').execute();
      await db.schema.createIndex('reservations_worker').on('reservations').columns(['worker_sid', 'status']).execute();
      await db.schema
        .createTable('messages')
        .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('channel_sid', 'varchar(64)', (c) => c.notNull().references('channels.sid'))
        .addColumn('message_index', 'integer', (c) => c.notNull())
        .addColumn('author', 'varchar(200)', (c) => c.notNull())
        .addColumn('author_role', 'varchar(32)', (c) => c.notNull())
        .addColumn('author_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('client_id', 'varchar(100)')
        .addUniqueConstraint('messages_channel_index', ['channel_sid', 'message_index'])
        // NULLs never collide in a unique constraint (SQLite and PostgreSQL alike): system
        // messages have no clientId.
        .addUniqueConstraint('messages_channel_client_id', ['channel_sid', 'client_id'])
        .execute();
    },
    async down(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      for (const table of ['messages', 'reservations', 'tasks', 'channels', 'workers']) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '2026_12_02_001_worker_attributes': {
    async up(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      // Nullable: workers stored before have none, and read as the defaults ({ full_name, skills: [] }).
      await db.schema.alterTable('workers').addColumn('attributes', 'text').execute();
    },
    async down(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      await db.schema.alterTable('workers').dropColumn('attributes').execute();
    },
  },
  '2026_12_03_002_task_queue': {
    async up(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      // Tasks stored before have no queue (routing puts them in one) and priority 0.
      await db.schema.alterTable('tasks').addColumn('queue_sid', 'varchar(64)').execute();
      await db.schema
        .alterTable('tasks')
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
    async down(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      await db.schema.alterTable('tasks').dropColumn('priority').execute();
      await db.schema.alterTable('tasks').dropColumn('queue_sid').execute();
    },
  },
  '2026_12_03_003_plugin_registry': {
    async up(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      // Bundles by content hash (base64 text: portable); a version names its bundle.
      await db.schema
        .createTable('registry_bundles')
        .addColumn('hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('integrity', 'varchar(100)', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('registry_plugins')
        .addColumn('name', 'varchar(214)', (c) => c.primaryKey())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('registry_versions')
        .addColumn('plugin', 'varchar(214)', (c) => c.notNull().references('registry_plugins.name'))
        .addColumn('version', 'varchar(100)', (c) => c.notNull())
        .addColumn('bundle_hash', 'varchar(64)', (c) => c.notNull().references('registry_bundles.hash'))
        .addColumn('integrity', 'varchar(100)', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('changelog', 'text', (c) => c.notNull())
        .addColumn('host_version', 'varchar(200)', (c) => c.notNull())
        .addColumn('permissions', 'text')
        .addColumn('phase', 'integer', (c) => c.notNull())
        .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .addPrimaryKeyConstraint('registry_versions_pk', ['plugin', 'version'])
        .execute();
      await db.schema
        .createTable('registry_configurations')
        .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('plugins', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('registry_releases')
        .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('configuration_sid', 'varchar(64)', (c) => c.notNull().references('registry_configurations.sid'))
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('previous_release_sid', 'varchar(64)')
        .addColumn('status', 'varchar(32)', (c) => c.notNull())
        .addColumn('thresholds', 'text', (c) => c.notNull())
        .addColumn('rollback', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('registry_releases_status').on('registry_releases').column('status').execute();
      await db.schema
        .createTable('registry_health')
        .addColumn('release_sid', 'varchar(64)', (c) => c.notNull().references('registry_releases.sid'))
        .addColumn('plugin', 'varchar(214)', (c) => c.notNull())
        .addColumn('worker_sid', 'varchar(64)', (c) => c.notNull())
        .addColumn('version', 'varchar(100)', (c) => c.notNull())
        .addColumn('state', 'varchar(32)', (c) => c.notNull())
        .addColumn('failed', 'integer', (c) => c.notNull())
        .addColumn('failure', 'text')
        .addColumn('errors', 'integer', (c) => c.notNull())
        .addColumn('aborts', 'integer', (c) => c.notNull())
        .addColumn('timeouts', 'integer', (c) => c.notNull())
        .addColumn('invocations', 'integer', (c) => c.notNull())
        .addColumn('actions', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('registry_health_pk', ['release_sid', 'plugin', 'worker_sid'])
        .execute();
    },
    async down(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      for (const table of [
        'registry_health',
        'registry_releases',
        'registry_configurations',
        'registry_versions',
        'registry_plugins',
        'registry_bundles',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  '2026_12_03_004_task_arrival': {
    async up(raw: Kysely<unknown>) {
      // Active tasks load in arrival order (ties within a millisecond first come, first served).
      // SQLite's rowid is that order already; PostgreSQL has none, so it gets a sequence
      // column that the inserts fill and the upserts leave alone.
      if (isPostgres(raw)) await sql`alter table tasks add column arrival bigserial`.execute(raw);
    },
    async down(raw: Kysely<unknown>) {
      if (isPostgres(raw)) await sql`alter table tasks drop column arrival`.execute(raw);
    },
  },
  '2026_12_03_005_sign_in': {
    async up(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      // Password hashes (scrypt, self-describing), one per agent identity.
      await db.schema
        .createTable('credentials')
        .addColumn('identity', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('password_hash', 'varchar(400)', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // A sign-in: its refresh token's SHA-256 (rotated at each refresh), until it expires or is revoked.
      await db.schema
        .createTable('sessions')
        .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('worker_sid', 'varchar(64)', (c) => c.notNull())
        .addColumn('identity', 'varchar(200)', (c) => c.notNull())
        .addColumn('refresh_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('sessions_identity').on('sessions').column('identity').execute();
      // The token secret: in the database on PostgreSQL (shared by every instance); SQLite keeps
      // it in the data dir as before.
      if (isPostgres(raw)) {
        await db.schema
          .createTable('secrets')
          .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute();
      }
    },
    async down(raw: Kysely<unknown>) {
      const db = raw as AnyDb;
      if (isPostgres(raw)) await db.schema.dropTable('secrets').execute();
      await db.schema.dropTable('sessions').execute();
      await db.schema.dropTable('credentials').execute();
    },
  },
};

/** The migrations, in code. */
export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema up to date; returns the migrations it ran (Kysely's Migrator: a lock table keeps concurrent starts
 * safe; applied migrations are recorded in `kysely_migration`).
 */
export async function migrateToLatest(db: Kysely<ContactCenterDatabase>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new ContactCenterError('CC_INTERNAL', `Database migration ${failed} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).map((r) => r.migrationName);
}
