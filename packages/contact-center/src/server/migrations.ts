/**
 * Versioned schema migrations, in code (no migration files read from disk, so bundles work).
 * Append new migrations; never edit one that has shipped. Column types are portable
 * (text, integer, bigint): the same migrations run on SQLite and PostgreSQL.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { ContactCenterError } from '../errors';
import type { ContactCenterDatabase } from './database';

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
