/** The RegistryRepository contract, on both implementations (the SQLite one in the contact center's own database). */
import { MemoryRegistryRepository } from '../src/registry/MemoryRegistryRepository';
import { createDatabase } from '../src/server/database';
import { migrateToLatest } from '../src/server/migrations';
import { SqliteRegistryRepository } from '../src/server/SqliteRegistryRepository';
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
