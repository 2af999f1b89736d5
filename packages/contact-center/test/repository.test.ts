/** The Repository contract, on both implementations. */
import { MemoryRepository } from '../src/engine/MemoryRepository';
import { createDatabase } from '../src/server/database';
import { migrateToLatest } from '../src/server/migrations';
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
