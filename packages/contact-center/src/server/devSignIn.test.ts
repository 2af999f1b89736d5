import { devSignIn } from './devSignIn';

const sqlite = { dialect: 'sqlite', file: ':memory:' } as const;
const postgres = { dialect: 'postgres', url: 'postgres://u:p@db:5432/cc' } as const;

describe('devSignIn', () => {
  it('is on by default only for a loopback host with SQLite', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(devSignIn(undefined, host, sqlite)).toBe(true);
    expect(devSignIn(undefined, '0.0.0.0', sqlite)).toBe(false);
    expect(devSignIn(undefined, '192.168.1.20', sqlite)).toBe(false);
    expect(devSignIn(undefined, '127.0.0.1', postgres)).toBe(false);
    expect(devSignIn({}, '127.0.0.1', sqlite)).toBe(true);
  });

  it('can be turned off locally', () => {
    expect(devSignIn({ dev: false }, '127.0.0.1', sqlite)).toBe(false);
    expect(devSignIn({ dev: false }, '0.0.0.0', postgres)).toBe(false);
  });

  it('refuses to be forced on a network host or PostgreSQL, naming the option and why', () => {
    expect(() => devSignIn({ dev: true }, '0.0.0.0', sqlite)).toThrow(
      expect.objectContaining({
        code: 'CC_BAD_REQUEST',
        message: expect.stringMatching(/^auth\.dev: .*0\.0\.0\.0 is not loopback/),
      }),
    );
    expect(() => devSignIn({ dev: true }, '127.0.0.1', postgres)).toThrow(
      expect.objectContaining({ code: 'CC_BAD_REQUEST', message: expect.stringContaining('not SQLite') }),
    );
    expect(devSignIn({ dev: true }, 'localhost', sqlite)).toBe(true);
  });
});
