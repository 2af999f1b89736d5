/** The Repository contract, on memory, SQLite and PostgreSQL (the server's repository on both databases). */
import { MemoryRepository } from '../src/engine/MemoryRepository';
import { createDatabase, type ContactCenterDatabase } from '../src/server/database';
import { Migrator, sql, type Kysely } from 'kysely';
import { migrateToLatest, migrationProvider } from '../src/server/migrations';
import { activitySid } from '../src/types';
import { SqliteRepository } from '../src/server/SqliteRepository';
import { describePostgres } from './postgres';
import { repositoryContract } from './repository.contract';

/**
 * A database of the first schema with one worker in it: every later migration runs, in order,
 * and the worker is read back with its default attributes (bigint columns as numbers, also on
 * PostgreSQL through the pool's int8 parser).
 */
async function migratesFromTheFirstSchema(db: Kysely<ContactCenterDatabase>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  await migrator.migrateTo('2024_01_01_001_initial');
  await sql`insert into workers (sid, identity, full_name, activity, idle_since, created_at, updated_at)
    values ('WKa', 'a', 'A', 'Offline', 1, 1, 1)`.execute(db);
  expect(await migrateToLatest(db)).toEqual([
    '2026_12_02_001_worker_attributes',
    '2026_12_03_002_task_queue',
    '2026_12_03_003_plugin_registry',
    '2026_12_03_004_task_arrival',
    '2026_12_03_005_sign_in',
  ]);
  const [w] = await new SqliteRepository(db).workers();
  expect(w).toMatchObject({ sid: 'WKa', idleSince: 1, attributes: { full_name: 'A', skills: [] } });
}

describe('MemoryRepository', () => {
  repositoryContract(async () => ({ repo: new MemoryRepository(), close: async () => {} }));
});

describe('SqliteRepository', () => {
  repositoryContract(async () => {
    const db = createDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(db);
    return { repo: new SqliteRepository(db), close: () => db.destroy() };
  });
});

describePostgres('SqliteRepository on PostgreSQL', (pgdb) => {
  repositoryContract(async () => {
    const db = await pgdb.fresh();
    return { repo: new SqliteRepository(db), close: () => db.destroy() };
  });

  it('runs every migration, one by one from an empty database, as on SQLite', async () => {
    const db = await pgdb.fresh({ migrate: false });
    try {
      await migratesFromTheFirstSchema(db);
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('lists active tasks created in the same millisecond in arrival order', async () => {
    const db = await pgdb.fresh();
    try {
      const repo = new SqliteRepository(db);
      const sids = ['WTc', 'WTa', 'WTb'];
      for (const sid of sids) {
        const channelSid = `CH${sid}`;
        await repo.persist({
          channels: [
            {
              sid: channelSid,
              taskSid: sid,
              status: 'open',
              customer: { identity: sid, friendlyName: sid },
              createdAt: 5,
              updatedAt: 5,
            },
          ],
          tasks: [
            {
              sid,
              channelType: 'chat',
              status: 'pending',
              channelSid,
              workerSid: null,
              attributes: {},
              createdAt: 5,
              updatedAt: 5,
            },
          ],
        });
      }
      // An update does not move a task back in the line.
      const first = await repo.task('WTc');
      await repo.persist({ tasks: [{ ...first!, updatedAt: 6 }] });
      expect((await repo.activeTasks()).map((t) => t.sid)).toEqual(sids);
    } finally {
      await db.destroy();
    }
  });
});

describe('SqliteRepository: worker attributes migration', () => {
  it('reads workers stored before attributes existed with the default attributes', async () => {
    const db = createDatabase({ dialect: 'sqlite', file: ':memory:' });
    try {
      await migrateToLatest(db);
      await db
        .insertInto('workers')
        .values({
          sid: 'WKold',
          identity: 'old',
          full_name: 'Old Timer',
          activity: 'Busy',
          idle_since: 1,
          attributes: null,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      expect(await new SqliteRepository(db).workers()).toEqual([
        {
          sid: 'WKold',
          role: 'agent',
          identity: 'old',
          fullName: 'Old Timer',
          activity: 'Busy',
          activitySid: activitySid('Busy'),
          attributes: { full_name: 'Old Timer', skills: [] },
          idleSince: 1,
        },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('adds the attributes column to a database of the first schema, keeping its workers', async () => {
    const db = createDatabase({ dialect: 'sqlite', file: ':memory:' });
    try {
      await migratesFromTheFirstSchema(db);
    } finally {
      await db.destroy();
    }
  });
});
