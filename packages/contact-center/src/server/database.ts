/**
 * The database seam. Everything else talks to a `Kysely<ContactCenterDatabase>` with
 * portable queries; only this file knows the dialect: SQLite through better-sqlite3 (WAL,
 * the default) or PostgreSQL through a `pg` pool (`{ dialect: 'postgres', url }`; see the
 * README's "PostgreSQL").
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Dialect, type Generated } from 'kysely';
import type { types as PgTypes } from 'pg';
import { DatabaseError, describePostgresUrl } from './databaseErrors';

/** Timestamps are milliseconds since the epoch (`bigint` columns). */
export interface WorkersTable {
  sid: string;
  identity: string;
  full_name: string;
  activity: string;
  /** When the worker last became idle (Available, or a task ended): the routing's "longest idle". */
  idle_since: number;
  /** The worker's attributes as JSON; null in rows from before they existed (the defaults then). */
  attributes: string | null;
  created_at: number;
  updated_at: number;
}

export interface TasksTable {
  sid: string;
  channel_type: string;
  status: string;
  channel_sid: string;
  worker_sid: string | null;
  /** JSON text. */
  attributes: string;
  /** The queue the workflow sent the task to (`WQ…`); null before routing. */
  queue_sid: string | null;
  /** The workflow's priority (higher is offered first). */
  priority: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface ReservationsTable {
  sid: string;
  task_sid: string;
  worker_sid: string;
  status: string;
  created_at: number;
  updated_at: number;
  expires_at: number | null;
}

export interface ChannelsTable {
  sid: string;
  task_sid: string;
  status: string;
  customer_identity: string;
  customer_name: string;
  created_at: number;
  updated_at: number;
}

export interface MessagesTable {
  sid: string;
  channel_sid: string;
  message_index: number;
  author: string;
  author_role: string;
  author_name: string;
  body: string;
  created_at: number;
  client_id: string | null;
}

/** A plugin bundle, stored once per content hash. */
export interface RegistryBundlesTable {
  /** sha256 hex of the bytes. */
  hash: string;
  integrity: string;
  size: number;
  /** The bytes, base64 (a portable text column). */
  content: string;
  created_at: number;
}

export interface RegistryPluginsTable {
  name: string;
  description: string;
  created_at: number;
}

/** Primary key (plugin, version): a version is inserted once, never updated but for `archived`. */
export interface RegistryVersionsTable {
  plugin: string;
  version: string;
  bundle_hash: string;
  integrity: string;
  size: number;
  changelog: string;
  host_version: string;
  /** JSON PluginPermissions; null: undeclared. */
  permissions: string | null;
  phase: number;
  /** 0 or 1. */
  archived: number;
  created_at: number;
  created_by: string;
}

export interface RegistryConfigurationsTable {
  sid: string;
  name: string;
  description: string;
  /** JSON ConfigurationEntry[]. */
  plugins: string;
  created_at: number;
  created_by: string;
}

export interface RegistryReleasesTable {
  sid: string;
  configuration_sid: string;
  /** JSON RolloutTarget. */
  target: string;
  previous_release_sid: string | null;
  status: string;
  /** JSON RolloutThresholds. */
  thresholds: string;
  /** JSON `{ automatic, reason, at, by }`; null unless rolled back. */
  rollback: string | null;
  created_at: number;
  created_by: string;
}

/** Primary key (release_sid, plugin, worker_sid): one desktop's summed reports about one plugin. */
export interface RegistryHealthTable {
  release_sid: string;
  plugin: string;
  worker_sid: string;
  version: string;
  state: string;
  /** 0 or 1 (sticky). */
  failed: number;
  /** JSON `{ code, message }` of the last failure. */
  failure: string | null;
  errors: number;
  aborts: number;
  timeouts: number;
  invocations: number;
  /** JSON per-action timings of the last report. */
  actions: string | null;
  updated_at: number;
}

/** An agent's password (migration `2026_12_03_005_sign_in`). */
export interface CredentialsTable {
  identity: string;
  /** `scrypt$N$r$p$salt$hash` (base64). */
  password_hash: string;
  updated_at: number;
}

/** A sign-in session: its current refresh token's SHA-256 (hex), rotated at each refresh. */
export interface SessionsTable {
  sid: string;
  worker_sid: string;
  identity: string;
  refresh_hash: string;
  created_at: number;
  expires_at: number;
  /** When it was signed out (or its refresh token reused); null while active. */
  revoked_at: number | null;
}

/** Secrets shared by the instances of a PostgreSQL database (the token secret); SQLite has no such table. */
export interface SecretsTable {
  name: string;
  value: string;
  created_at: number;
}

/** The contact center's tables, as Kysely sees them. */
export interface ContactCenterDatabase {
  workers: WorkersTable;
  tasks: TasksTable;
  reservations: ReservationsTable;
  channels: ChannelsTable;
  messages: MessagesTable;
  registry_bundles: RegistryBundlesTable;
  registry_plugins: RegistryPluginsTable;
  registry_versions: RegistryVersionsTable;
  registry_configurations: RegistryConfigurationsTable;
  registry_releases: RegistryReleasesTable;
  registry_health: RegistryHealthTable;
  credentials: CredentialsTable;
  sessions: SessionsTable;
  secrets: SecretsTable;
}

/**
 * Where the data lives. `{ dialect: 'sqlite', file }` (`':memory:'` for a throwaway
 * database); `{ dialect: 'postgres', url }` (`postgres://user:password@host:5432/db`; `max`:
 * the pool's connections, default 10); or any Kysely `Dialect` (the queries are portable and
 * the migrations use portable column types, but only SQLite and PostgreSQL are tested).
 */
export type DatabaseConfig =
  { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; max?: number } | { dialect: Dialect };

/**
 * The one setting that chooses the database, as `--database` and `SWITCHBOARD_DATABASE_URL`
 * spell it: a `postgres://` or `postgresql://` URL. Throws a {@link DatabaseError}
 * (`DB_BAD_URL`) for anything else; the message never shows a password.
 *
 * @example
 * parseDatabaseUrl('postgres://switchboard:secret@db:5432/switchboard'); // { dialect: 'postgres', url }
 */
export function parseDatabaseUrl(setting: string): DatabaseConfig {
  const url = setting.trim();
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
    throw new DatabaseError(
      'DB_BAD_URL',
      `The database must be a postgres://user:password@host:port/database URL (got ${describePostgresUrl(url)}); leave it out for SQLite`,
    );
  }
  return { dialect: 'postgres', url };
}

/** PostgreSQL's `int8` (bigint) type: the timestamps (ms since the epoch) are bigint columns. */
const INT8_OID = 20;

/**
 * node-postgres returns `bigint` (int8) as a string, since it may exceed 2^53. Our bigint
 * columns hold milliseconds since the epoch and counts, far below 2^53, so this pool reads
 * them as numbers, as better-sqlite3 does. Set per pool (not with the global
 * `pg.types.setTypeParser`), so other `pg` users in the process are not affected.
 */
const int8AsNumber = (types: typeof PgTypes): typeof PgTypes.getTypeParser =>
  ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : types.getTypeParser(oid, format ?? 'text')) as typeof PgTypes.getTypeParser;

/** Is `db` on PostgreSQL? (The few dialect-specific spots: arrival order, migrations.) */
export function isPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Opens the database of a {@link DatabaseConfig}. For SQLite: WAL journal with
 * `synchronous=NORMAL` — a committed transaction is in the WAL file (the OS has it) before
 * the call returns, so a crash of the process (kill -9) loses nothing committed; only a power
 * loss can lose the last transactions.
 *
 * @example
 * const db = createDatabase({ dialect: 'sqlite', file: '/var/lib/switchboard/contact-center.sqlite' });
 * await migrateToLatest(db);
 */
export function createDatabase(config: DatabaseConfig): Kysely<ContactCenterDatabase> {
  if (config.dialect === 'postgres') {
    const { url, max = 10 } = config;
    // `pg` is loaded with the first query, so that SQLite's start does not pay for it.
    const pool = async () => {
      const { Pool, types } = await import('pg');
      const created = new Pool({
        connectionString: url,
        max,
        // A database that does not answer fails the start in seconds, not minutes.
        connectionTimeoutMillis: 10_000,
        types: { getTypeParser: int8AsNumber(types) },
      });
      // An idle connection that breaks (the server restarted) is dropped by the pool; without a
      // listener its 'error' event would crash the process. The next query reconnects or fails.
      created.on('error', () => {});
      return created;
    };
    return new Kysely<ContactCenterDatabase>({ dialect: new PostgresDialect({ pool }) });
  }
  if (config.dialect !== 'sqlite') return new Kysely<ContactCenterDatabase>({ dialect: config.dialect });
  const sqlite = new Database(config.file);
  // SQLite-only set-up lives here and nowhere else.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<ContactCenterDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * {@link createDatabase}, then one query to check the database answers: a PostgreSQL that is
 * down, refuses the password or has no such database fails here with a one-line
 * {@link DatabaseError} naming the host and port (never the password) and what to do.
 *
 * @example
 * const db = await openDatabase({ dialect: 'postgres', url: process.env.SWITCHBOARD_DATABASE_URL! });
 */
export async function openDatabase(config: DatabaseConfig): Promise<Kysely<ContactCenterDatabase>> {
  const db = createDatabase(config);
  if (config.dialect !== 'postgres') return db;
  try {
    await sql`select 1`.execute(db);
    return db;
  } catch (e) {
    await db.destroy().catch(() => {});
    throw DatabaseError.fromConnect(config.url, e);
  }
}
