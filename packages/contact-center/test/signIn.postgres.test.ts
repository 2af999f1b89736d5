/**
 * Sign-in with two server instances sharing one PostgreSQL database: the token secret is in
 * the database (a token signed by one verifies on the other), sessions are checked in it (a
 * sign-out on one is refused on the other within the 2 s cache), and the one-click
 * development sign-in is off (and refused when forced).
 */
import { get, post, startServerProcess, type ServerProcess } from './helpers';
import { describePostgres } from './postgres';

jest.setTimeout(60_000);

const PASSWORD = 'correct horse battery staple';

describePostgres('sign-in on PostgreSQL, two instances', (pgdb) => {
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('shares the token secret and the sessions through the database', async () => {
    await (await pgdb.fresh()).destroy();
    a = await startServerProcess(
      { dataDir: null, database: pgdb.url, agents: ['alice'] },
      { passwords: { alice: PASSWORD } },
    );
    b = await startServerProcess({ dataDir: null, database: pgdb.url, agents: ['alice'] });

    for (const server of [a, b]) {
      expect((await get(`${server.url}/api/auth`)).body).toEqual({ dev: false, password: true, oidc: null });
      expect((await post(`${server.url}/api/agents/login`, { identity: 'alice' })).status).toBe(403);
    }
    const signed = await post(`${a.url}/api/agents/login`, { identity: 'alice', password: PASSWORD });
    expect(signed.status).toBe(200);
    // Signed by a, verified by b (its own process: only the database is shared).
    expect(await get(`${b.url}/api/session`, signed.body.token)).toMatchObject({
      status: 200,
      body: { role: 'agent', identity: 'alice' },
    });
    // Refreshed on b, used on a.
    const refreshed = await post(`${b.url}/api/agents/refresh`, { refreshToken: signed.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await get(`${a.url}/api/session`, refreshed.body.token)).status).toBe(200);

    const logout = await fetch(`${a.url}/api/agents/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${refreshed.body.token}` },
    });
    expect(logout.status).toBe(204);
    expect((await get(`${a.url}/api/session`, refreshed.body.token)).status).toBe(401);
    // b may trust its cache for up to 2 s; then it refuses too.
    const deadline = Date.now() + 2500;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await get(`${b.url}/api/session`, refreshed.body.token)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
    expect((await post(`${b.url}/api/agents/refresh`, { refreshToken: refreshed.body.refreshToken })).status).toBe(401);
  });

  it('refuses to start with the one-click sign-in forced on PostgreSQL', async () => {
    await expect(startServerProcess({ dataDir: null, database: pgdb.url, auth: { dev: true } })).rejects.toThrow(
      /auth\.dev: .*not SQLite/,
    );
  });
});
