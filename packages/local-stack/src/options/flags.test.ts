import { Command } from 'commander';
import { addLocalStackOptions, DATABASE_URL_ENV, type LocalStackFlags } from './flags';

const parse = (argv: string[], env: Record<string, string> = {}): LocalStackFlags => {
  const saved = process.env[DATABASE_URL_ENV];
  delete process.env[DATABASE_URL_ENV];
  Object.assign(process.env, env);
  try {
    const command = addLocalStackOptions(new Command('start'), { port: 4100, dataDir: 'data', simulate: 0 })
      .exitOverride()
      .configureOutput({ writeErr: () => {}, writeOut: () => {} });
    command.parse(argv, { from: 'user' });
    return command.opts<LocalStackFlags>();
  } finally {
    if (saved === undefined) delete process.env[DATABASE_URL_ENV];
    else process.env[DATABASE_URL_ENV] = saved;
  }
};

describe('--database', () => {
  it('is absent by default: SQLite in the data dir', () => {
    expect(parse([]).database).toBeUndefined();
  });

  it('takes a PostgreSQL URL, from the flag or from SWITCHBOARD_DATABASE_URL (the flag wins)', () => {
    expect(parse(['--database', 'postgres://sb:pw@db:5432/cc']).database).toBe('postgres://sb:pw@db:5432/cc');
    expect(parse([], { [DATABASE_URL_ENV]: 'postgresql://db/cc' }).database).toBe('postgresql://db/cc');
    expect(parse(['--database', 'postgres://flag/cc'], { [DATABASE_URL_ENV]: 'postgres://env/cc' }).database).toBe(
      'postgres://flag/cc',
    );
  });

  // (commander's one-line error quotes the argument, as for every flag: the user's own input.)
  it('refuses anything else in one line', () => {
    expect(() => parse(['--database', 'mysql://sb:hunter2@db/cc'])).toThrow(
      /--database \(or SWITCHBOARD_DATABASE_URL\) must be a postgres:\/\/user:password@host:port\/database URL/,
    );
    expect(() => parse(['--database', 'not a url'])).toThrow(/must be a postgres:\/\//);
  });
});
