/**
 * `switchboard-local-stack users …` as an admin runs it: the real binary (the built package),
 * the password on stdin, against a data dir; then the stack started on that data dir signs
 * the agent in with that password, and `users sign-out` ends its session.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describePostgres } from '../../contact-center/test/postgres';

jest.setTimeout(60_000);

const root = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(root, 'packages/local-stack/bin/switchboard-local-stack.js');
const PASSWORD = 'correct horse battery staple';
let dir: string;
let dataDir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sb-users-'));
  dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `switchboard-local-stack users …args` with `input` on stdin (no terminal). */
const users = (args: string[], input = '', env: Record<string, string> = {}) => {
  const { SWITCHBOARD_DATABASE_URL: _, ...rest } = process.env;
  return spawnSync(process.execPath, [bin, 'users', ...args], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...rest, ...env },
  });
};

it('creates an agent with a password from stdin, lists it, and resets the password', () => {
  const created = users(
    ['create', 'zoe', '--full-name', 'Zoe Quinn', '--password-stdin', '--data-dir', dataDir],
    `${PASSWORD}\nignored second line\n`,
  );
  expect(created.stderr).toBe('');
  expect(created.status).toBe(0);
  expect(created.stdout).toMatch(/Agent zoe has a password now/);
  expect(created.stdout).not.toContain(PASSWORD);

  const listed = users(['list', '--data-dir', dataDir]);
  expect(listed.status).toBe(0);
  expect(listed.stdout.trim().split('\n')).toEqual([
    expect.stringMatching(/^IDENTITY\s+FULL NAME\s+PASSWORD\s+SESSIONS$/),
    expect.stringMatching(/^zoe\s+Zoe Quinn\s+yes\s+0$/),
  ]);

  const reset = users(['reset-password', 'zoe', '--password-stdin', '--data-dir', dataDir], `${PASSWORD} 2\n`);
  expect(reset.status).toBe(0);
  expect(reset.stdout).toMatch(/Password of zoe replaced/);
});

it.each([
  [['reset-password', 'nobody', '--password-stdin'], `${PASSWORD}\n`, 1, /No agent "nobody" in this contact center/],
  [['create', 'yan', '--password-stdin'], 'short\n', 1, /A password must be 12 to 1024 characters \(got 5\)/],
  [['sign-out', 'nobody'], '', 1, /No agent "nobody"/],
  [['create', 'yan'], '', 2, /No terminal to type the password at: pass --password-stdin/],
  [['create', 'Yan', '--password-stdin'], `${PASSWORD}\n`, 2, /"Yan" is not an agent identity/],
  [['create', 'yan', '--password', 'x'], '', 2, /unknown option '--password'/],
  [['frob'], '', 2, /unknown command 'frob'/],
  [['list', '--database', 'mysql://db/cc'], '', 2, /--database \(or SWITCHBOARD_DATABASE_URL\) must be a postgres/],
])('refuses %j (stdin %j) with exit code %i and a one-line reason', (args, input, code, reason) => {
  const result = users([...args, '--data-dir', dataDir], input);
  expect(result.stderr).toMatch(reason);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.status).toBe(code);
});

it('says when there is no database in the data dir', () => {
  const result = users(['list', '--data-dir', path.join(dir, 'nowhere')]);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/No database at .*nowhere.*: start the stack once, or pass --data-dir/);
});

it('names the PostgreSQL of SWITCHBOARD_DATABASE_URL that does not answer, without its password', () => {
  const result = users(['list'], '', { SWITCHBOARD_DATABASE_URL: 'postgres://sb:hunter2@127.0.0.1:1/cc' });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/cc/);
  expect(result.stderr).not.toContain('hunter2');
});

it('the password works on the stack started on that data dir, and sign-out ends the session', async () => {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [path.join(root, 'scripts/start.mjs'), '--no-build', '--data-dir', dataDir, '--port', '0', '--agents', 'zoe'],
    { cwd: root },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    const until = Date.now() + 30_000;
    while (!/Press Ctrl-C/.test(out)) {
      if (Date.now() > until) throw new Error(`the stack did not come up:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /^Agent desktop: (http:\/\/127\.0\.0\.1:\d+)\//m.exec(out)![1]!;
    const login = (password: string) =>
      fetch(`${url}/api/agents/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: 'zoe', password }),
      });
    expect((await login(PASSWORD)).status).toBe(401); // replaced by the reset
    const signedIn = await login(`${PASSWORD} 2`);
    expect(signedIn.status).toBe(200);
    const { token } = (await signedIn.json()) as { token: string };
    const session = () => fetch(`${url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
    expect((await session()).status).toBe(200);
    expect(users(['list', '--data-dir', dataDir]).stdout).toMatch(/^zoe\s+Zoe Quinn\s+yes\s+1$/m);

    const out1 = users(['sign-out', 'zoe', '--data-dir', dataDir]);
    expect(out1.status).toBe(0);
    expect(out1.stdout).toMatch(/Signed out zoe: 1 session revoked/);
    await new Promise((r) => setTimeout(r, 2100)); // the server trusts its cache at most 2 s
    expect((await session()).status).toBe(401);
  } finally {
    child.kill('SIGINT');
    await exited;
  }
});

describePostgres('users on PostgreSQL', (pgdb) => {
  it('creates, lists and signs out through --database (or SWITCHBOARD_DATABASE_URL)', async () => {
    await (await pgdb.fresh({ migrate: false })).destroy();
    const created = users(['create', 'pat', '--password-stdin', '--database', pgdb.url], `${PASSWORD}\n`);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const listed = users(['list'], '', { SWITCHBOARD_DATABASE_URL: pgdb.url });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^pat\s+Pat\s+yes\s+0$/m);
    expect(users(['sign-out', 'pat', '--database', pgdb.url]).stdout).toMatch(/Signed out pat: 0 sessions revoked/);
  });
});
