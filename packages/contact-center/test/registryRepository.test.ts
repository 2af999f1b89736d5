/**
 * The RegistryRepository contract, on memory and on the contact center's own database: SQLite
 * and PostgreSQL.
 */
import { MemoryRegistryRepository } from '../src/registry/MemoryRegistryRepository';
import { createDatabase } from '../src/server/database';
import { migrateToLatest } from '../src/server/migrations';
import { SqliteRegistryRepository } from '../src/server/SqliteRegistryRepository';
import { describePostgres } from './postgres';
import { registryRepositoryContract } from './registryRepository.contract';

describe('MemoryRegistryRepository', () => {
  registryRepositoryContract(async () => ({ repo: new MemoryRegistryRepository(), close: async () => {} }));
});

describe('SqliteRegistryRepository', () => {
  registryRepositoryContract(async () => {
    const db = createDatabase({ dialect: 'sqlite', file: ':memory:' });
    await migrateToLatest(db);
    return { repo: new SqliteRegistryRepository(db), close: () => db.destroy() };
  });
});

describePostgres('SqliteRegistryRepository on PostgreSQL', (pgdb) => {
  registryRepositoryContract(async () => {
    const db = await pgdb.fresh();
    return { repo: new SqliteRegistryRepository(db), close: () => db.destroy() };
  });
});
