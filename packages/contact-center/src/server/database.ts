/**
 * The database seam. Everything else talks to a `Kysely<ContactCenterDatabase>` with
 * portable queries; only `createDatabase` knows the dialect. Today: SQLite through
 * better-sqlite3 (WAL). Moving to PostgreSQL is a configuration change: pass
 * `{ dialect: new PostgresDialect({ pool }) }` (see the README).
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type Dialect, type Generated } from 'kysely';

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
}

/**
 * Where the data lives. `{ dialect: 'sqlite', file }` (`':memory:'` for a throwaway
 * database), or any Kysely `Dialect` (PostgresDialect, MysqlDialect…): the queries are
 * portable and the migrations use portable column types.
 */
export type DatabaseConfig = { dialect: 'sqlite'; file: string } | { dialect: Dialect };

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
  if (config.dialect !== 'sqlite') return new Kysely<ContactCenterDatabase>({ dialect: config.dialect });
  const sqlite = new Database(config.file);
  // SQLite-only set-up lives here and nowhere else.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<ContactCenterDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
}
