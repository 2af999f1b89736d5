/**
 * Sign-in on the real server: password sign-in, one-click development mode (on by default on
 * 127.0.0.1 + SQLite, off with `auth.dev: false`, refused when forced on a network host),
 * refresh-token rotation with reuse detection, sign-out (refresh refused, access token refused,
 * the session's sockets closed with 4001), and the rate limit of failed sign-ins.
 */
import WebSocket from 'ws';
import { RawClient, get, post, startServerProcess, type ServerProcess } from './helpers';

jest.setTimeout(30_000);

const PASSWORD = 'correct horse battery staple';

describe('with the one-click development sign-in off', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(
      {
        dataDir: null,
        agents: ['alice', 'bob', 'carol', 'dave'],
        auth: { dev: false },
      },
      { passwords: { alice: PASSWORD, bob: PASSWORD, carol: PASSWORD } },
    );
  });
  afterAll(() => server.stop());

  it('says what the sign-in page offers, and hides the roster', async () => {
    expect(await get(`${server.url}/api/auth`)).toEqual({
      status: 200,
      body: { dev: false, password: true, oidc: null },
    });
    expect(await get(`${server.url}/api/agents`)).toMatchObject({
      status: 403,
      body: { error: { code: 'CC_FORBIDDEN' } },
    });
    expect(await post(`${server.url}/api/agents/login`, { identity: 'alice' })).toMatchObject({
      status: 403,
      body: { error: { code: 'CC_FORBIDDEN', message: expect.stringContaining('password') } },
    });
  });

  it('signs in with the right password only, never saying whether the identity exists', async () => {
    const ok = await post(`${server.url}/api/agents/login`, { identity: 'alice', password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.stringMatching(/^SE[0-9a-f]{32}\.[\w-]{43}$/),
      expiresAt: expect.any(Number),
      worker: expect.objectContaining({ identity: 'alice' }),
    });
    expect(ok.body.expiresAt - Date.now()).toBeGreaterThan(14 * 60_000); // 15 min by default
    expect(ok.body.expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect((await get(`${server.url}/api/session`, ok.body.token)).body).toMatchObject({ identity: 'alice' });

    const wrongPassword = await post(`${server.url}/api/agents/login`, {
      identity: 'bob',
      password: 'not the password',
    });
    const unknown = await post(`${server.url}/api/agents/login`, { identity: 'mallory', password: PASSWORD });
    const noPassword = await post(`${server.url}/api/agents/login`, { identity: 'dave', password: PASSWORD });
    for (const failed of [wrongPassword, unknown, noPassword])
      expect(failed).toEqual({
        status: 401,
        body: { error: { code: 'CC_UNAUTHORIZED', message: 'Wrong identity or password' } },
      });
  });

  it('rotates the refresh token, and a reused one revokes the whole session', async () => {
    const first = (await post(`${server.url}/api/agents/login`, { identity: 'carol', password: PASSWORD })).body;
    const second = await post(`${server.url}/api/agents/refresh`, { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(second.body.refreshToken.split('.')[0]).toBe(first.refreshToken.split('.')[0]); // same session
    expect(second.body.worker).toMatchObject({ identity: 'carol' });
    expect((await get(`${server.url}/api/session`, second.body.token)).status).toBe(200);

    // The first refresh token again: someone else had it. The session ends for everyone.
    expect(await post(`${server.url}/api/agents/refresh`, { refreshToken: first.refreshToken })).toMatchObject({
      status: 401,
      body: { error: { code: 'CC_UNAUTHORIZED' } },
    });
    expect((await post(`${server.url}/api/agents/refresh`, { refreshToken: second.body.refreshToken })).status).toBe(
      401,
    );
    expect((await get(`${server.url}/api/session`, second.body.token)).status).toBe(401);
    expect((await get(`${server.url}/api/session`, first.token)).status).toBe(401);
    expect((await post(`${server.url}/api/agents/refresh`, { refreshToken: 'SE00.garbage' })).status).toBe(401);
  });

  it("signs out: the refresh token and the access token stop working, the session's sockets close with 4001", async () => {
    const mine = (await post(`${server.url}/api/agents/login`, { identity: 'alice', password: PASSWORD })).body;
    const other = (await post(`${server.url}/api/agents/login`, { identity: 'alice', password: PASSWORD })).body;
    const socket = await RawClient.connect(server.url, mine.token);
    const otherSocket = await RawClient.connect(server.url, other.token);
    const closed = new Promise<number>((resolve) =>
      (socket as unknown as { ws: WebSocket }).ws.once('close', (code) => resolve(code)),
    );

    const logout = await fetch(`${server.url}/api/agents/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mine.token}` },
    });
    expect(logout.status).toBe(204);
    expect(await closed).toBe(4001);
    expect((await post(`${server.url}/api/agents/refresh`, { refreshToken: mine.refreshToken })).status).toBe(401);
    expect(await get(`${server.url}/api/session`, mine.token)).toMatchObject({
      status: 401,
      body: { error: { message: 'The session was signed out; sign in again' } },
    });
    expect(await RawClient.upgradeStatus(server.url, `?token=${mine.token}`)).toBe(401);
    // Another sign-in of the same agent is another session: untouched.
    expect((await otherSocket.ok('listQueues')).length).toBeGreaterThan(0);
    expect((await get(`${server.url}/api/session`, other.token)).status).toBe(200);
    await otherSocket.close();
    expect((await fetch(`${server.url}/api/agents/logout`, { method: 'POST' })).status).toBe(401);
  });
});

describe('the rate limit of failed sign-ins', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(
      { dataDir: null, agents: ['alice', 'bob'], auth: { dev: false } },
      { passwords: { alice: PASSWORD, bob: PASSWORD } },
    );
  });
  afterAll(() => server.stop());

  it('answers 429 with Retry-After after 5 failures a minute, per identity and per address', async () => {
    const attempt = async (identity: string, password: string) => {
      const res = await fetch(`${server.url}/api/agents/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity, password }),
      });
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
    };
    for (let i = 0; i < 5; i++) expect((await attempt('alice', `wrong password ${i}`)).status).toBe(401);
    const limited = await attempt('alice', PASSWORD); // even the right password, now
    expect(limited).toMatchObject({ status: 429, body: { error: { code: 'CC_RATE_LIMITED' } } });
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(12);
    // This address is over its limit too: bob (no failure of his own) waits as well.
    expect((await attempt('bob', PASSWORD)).status).toBe(429);
  });
});

describe('the default local server (127.0.0.1, SQLite)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(
      { dataDir: null, agents: ['alice'], auth: { accessTtlSeconds: 60, refreshTtlSeconds: 120 } },
      { passwords: { alice: PASSWORD } },
    );
  });
  afterAll(() => server.stop());

  it('has the one-click sign-in on, with sessions that sign out the same way', async () => {
    expect((await get(`${server.url}/api/auth`)).body).toEqual({ dev: true, password: true, oidc: null });
    expect((await get(`${server.url}/api/agents`)).body).toEqual([{ identity: 'alice', fullName: 'Alice' }]);
    const dev = (await post(`${server.url}/api/agents/login`, { identity: 'alice' })).body;
    expect(dev.expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    const refreshed = (await post(`${server.url}/api/agents/refresh`, { refreshToken: dev.refreshToken })).body;
    expect((await get(`${server.url}/api/session`, refreshed.token)).status).toBe(200);
    expect(
      (
        await fetch(`${server.url}/api/agents/logout`, {
          method: 'POST',
          headers: { authorization: `Bearer ${refreshed.token}` },
        })
      ).status,
    ).toBe(204);
    expect((await get(`${server.url}/api/session`, refreshed.token)).status).toBe(401);
    // Passwords work in development mode too.
    expect((await post(`${server.url}/api/agents/login`, { identity: 'alice', password: PASSWORD })).status).toBe(200);
  });

  it('refuses to start with the one-click sign-in forced on a network host', async () => {
    await expect(startServerProcess({ dataDir: null, host: '0.0.0.0', auth: { dev: true } })).rejects.toThrow(
      /auth\.dev: .*0\.0\.0\.0 is not loopback/,
    );
  });
});
