/** The Repository contract, on both implementations. */
import { MemoryRepository } from '../src/engine/MemoryRepository';
import { createDatabase } from '../src/server/database';
import { Migrator, sql } from 'kysely';
import { migrateToLatest, migrationProvider } from '../src/server/migrations';
import { activitySid } from '../src/types';
import { SqliteRepository } from '../src/server/SqliteRepository';
import { repositoryContract } from './repository.contract';

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
      const migrator = new Migrator({ db, provider: migrationProvider });
      await migrator.migrateTo('2024_01_01_001_initial');
      await sql`insert into workers (sid, identity, full_name, activity, idle_since, created_at, updated_at)
        values ('WKa', 'a', 'A', 'Offline', 1, 1, 1)`.execute(db);
      expect(await migrateToLatest(db)).toEqual([
        '2026_12_02_001_worker_attributes',
        '2026_12_03_002_task_queue',
        '2026_12_03_003_plugin_registry',
      ]);
      const [w] = await new SqliteRepository(db).workers();
      expect(w).toMatchObject({ sid: 'WKa', attributes: { full_name: 'A', skills: [] } });
    } finally {
      await db.destroy();
    }
  });
});
