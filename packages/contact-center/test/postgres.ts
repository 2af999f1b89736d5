/**
 * PostgreSQL for the tests: each test file that calls {@link describePostgres} gets its own
 * fresh database (`sb_test_<random>`, created in beforeAll, dropped in afterAll) on the server
 * of `SWITCHBOARD_TEST_POSTGRES_URL` (default: the role that scripts/ensure-postgres.sh makes).
 *
 * PostgreSQL unreachable: in CI (`CI` set) the suite fails, saying why; elsewhere it is
 * skipped with a warning naming how to start it. The probe is synchronous (a child process)
 * so that the skip is decided while Jest collects the tests.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { createDatabase, type ContactCenterDatabase } from '../src/server/database';
import { describePostgresUrl } from '../src/server/databaseErrors';
import { migrateToLatest } from '../src/server/migrations';

export const TEST_POSTGRES_URL =
  process.env.SWITCHBOARD_TEST_POSTGRES_URL ?? 'postgres://switchboard:switchboard@127.0.0.1:5432/postgres';

const HOW_TO_START =
  'start it with `sudo bash scripts/ensure-postgres.sh` (Debian: installs, starts, creates the role switchboard/switchboard with CREATEDB), or point SWITCHBOARD_TEST_POSTGRES_URL at a server where that role may create databases';

let probed: string | null | undefined;
/** Why PostgreSQL cannot be used, or null when it answers (asked once per test file). */
function unavailable(): string | null {
  if (probed !== undefined) return probed;
  const script = `const pg = require('pg');
const c = new pg.Client({ connectionString: process.env.URL, connectionTimeoutMillis: 3000 });
c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { console.error(e.code || e.message || 'failed'); process.exit(1); });`;
  const probe = spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, URL: TEST_POSTGRES_URL },
    cwd: __dirname,
    encoding: 'utf8',
    timeout: 10_000,
  });
  probed =
    probe.status === 0
      ? null
      : `PostgreSQL at ${describePostgresUrl(TEST_POSTGRES_URL)} is not reachable (${(probe.stderr || 'timeout').trim().split('\n').pop()})`;
  return probed;
}

/** The URL of `database` on the test server. */
const urlOf = (database: string): string => {
  const u = new URL(TEST_POSTGRES_URL);
  u.pathname = `/${database}`;
  return u.toString();
};

/** A fresh database of this file, and a way to get a clean schema in it for each test. */
export interface TestPostgres {
  /** The URL of this file's database. */
  readonly url: string;
  /**
   * Opens this file's database after emptying it (the `public` schema dropped and made
   * again), migrated unless `migrate: false`.
   */
  fresh(options?: { migrate?: boolean }): Promise<Kysely<ContactCenterDatabase>>;
}

/**
 * `describe` on PostgreSQL: skipped (with a warning) when it is not reachable, unless in CI,
 * where that fails.
 *
 * @example
 * describePostgres('SqliteRepository on PostgreSQL', (pgdb) => {
 *   repositoryContract(async () => { const db = await pgdb.fresh(); ... });
 * });
 */
export function describePostgres(name: string, body: (pgdb: TestPostgres) => void): void {
  const why = unavailable();
  if (why !== null) {
    if (process.env.CI) {
      describe(name, () => {
        it('needs PostgreSQL', () => {
          throw new Error(`${why}: in CI it must be; .ci/run starts it with scripts/ensure-postgres.sh`);
        });
      });
    } else {
      console.warn(`${name}: skipped, ${why}; ${HOW_TO_START}.`);
      describe.skip(name, () => body({ url: '', fresh: () => Promise.reject(new Error('skipped')) }));
    }
    return;
  }
  const database = `sb_test_${randomBytes(6).toString('hex')}`;
  const url = urlOf(database);
  const admin = () => new pg.Client({ connectionString: TEST_POSTGRES_URL });
  const pgdb: TestPostgres = {
    url,
    async fresh({ migrate = true } = {}) {
      const db = createDatabase({ dialect: 'postgres', url, max: 4 });
      await sql`drop schema if exists public cascade`.execute(db);
      await sql`create schema public`.execute(db);
      if (migrate) await migrateToLatest(db);
      return db;
    },
  };
  describe(name, () => {
    beforeAll(async () => {
      const client = admin();
      await client.connect();
      try {
        await client.query(`create database ${database}`);
      } finally {
        await client.end();
      }
    });
    afterAll(async () => {
      const client = admin();
      await client.connect();
      try {
        // FORCE: a pool a failed test left open does not keep the database alive.
        await client.query(`drop database if exists ${database} with (force)`);
      } finally {
        await client.end();
      }
    });
    body(pgdb);
  });
}
