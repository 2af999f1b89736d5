import { isSwitchboardError } from '@switchboard/actions';
import { openDatabase, parseDatabaseUrl } from './database';
import { describePostgresUrl } from './databaseErrors';

describe('parseDatabaseUrl', () => {
  it('takes postgres:// and postgresql:// URLs', () => {
    expect(parseDatabaseUrl(' postgres://u:p@db:5433/cc ')).toEqual({
      dialect: 'postgres',
      url: 'postgres://u:p@db:5433/cc',
    });
    expect(parseDatabaseUrl('postgresql://db/cc')).toEqual({ dialect: 'postgres', url: 'postgresql://db/cc' });
  });

  it('refuses anything else with DB_BAD_URL, never repeating what may be a secret', () => {
    for (const setting of ['mysql://u:hunter2@db/cc', 'hunter2', '']) {
      let error: unknown;
      try {
        parseDatabaseUrl(setting);
      } catch (e) {
        error = e;
      }
      expect(isSwitchboardError(error, 'DB_BAD_URL')).toBe(true);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe('describePostgresUrl', () => {
  it('shows host, port, database and user, not the password', () => {
    expect(describePostgresUrl('postgres://sb:hunter2@db.example.com:6543/contact_center')).toBe(
      'db.example.com:6543/contact_center as sb',
    );
    expect(describePostgresUrl('postgresql://localhost')).toBe('localhost:5432/(default)');
  });
});

describe('openDatabase', () => {
  it('fails in one line naming the host and port when nothing answers there (DB_UNREACHABLE)', async () => {
    // Port 1 on the loopback: refused at once.
    const error = await openDatabase({ dialect: 'postgres', url: 'postgres://sb:hunter2@127.0.0.1:1/cc' }).catch(
      (e: unknown) => e,
    );
    expect(isSwitchboardError(error, 'DB_UNREACHABLE')).toBe(true);
    const { message } = error as Error;
    expect(message).toContain('127.0.0.1:1/cc');
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('start PostgreSQL');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('\n');
  });

  it('opens SQLite as before (no check needed)', async () => {
    const db = await openDatabase({ dialect: 'sqlite', file: ':memory:' });
    await db.destroy();
  });
});
