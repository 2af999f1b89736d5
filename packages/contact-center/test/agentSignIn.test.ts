/**
 * The agent client with a password, on the real server with 2-second access tokens: it
 * refreshes before expiry, reconnects after expiry through the refresh token (the server was
 * away longer than the token lived), and `signOut()` ends it for good.
 */
import WebSocket from 'ws';
import { createAgentClient, type AgentClient, type AgentTokens } from '../src/index';
import { get, post, startServerProcess, tempDir, type ServerOptions, type ServerProcess } from './helpers';

jest.setTimeout(40_000);

const PASSWORD = 'correct horse battery staple';
const fast = { initialDelayMs: 50, maxDelayMs: 200 };
const tmp = tempDir();
const options: ServerOptions = {
  dataDir: tmp.dir,
  agents: ['alice'],
  auth: { dev: false, accessTtlSeconds: 2 },
};
let server: ServerProcess;
const clients: AgentClient[] = [];

beforeAll(async () => {
  server = await startServerProcess(options, { passwords: { alice: PASSWORD } });
  options.port = server.port; // restarts come back on the same port
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server?.stop();
  tmp.remove();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

it('refuses a wrong password with CC_UNAUTHORIZED', async () => {
  const agent = createAgentClient({
    serverUrl: server.url,
    identity: 'alice',
    password: 'not the password',
    WebSocket,
  });
  clients.push(agent);
  await expect(agent.connect()).rejects.toMatchObject({
    code: 'CC_UNAUTHORIZED',
    message: 'Wrong identity or password',
  });
});

it('refreshes before expiry, reconnects through a refresh after expiry, and signs out', async () => {
  const seen: AgentTokens[] = [];
  const agent = createAgentClient({
    serverUrl: server.url,
    identity: 'alice',
    password: PASSWORD,
    WebSocket,
    reconnect: fast,
    onTokens: (t) => seen.push(t),
  });
  clients.push(agent);
  await agent.connect();
  await agent.setActivity('Available');
  const first = agent.token!;
  expect(seen).toHaveLength(1);

  // Before the 2 s are up, the client has a new token, and the socket stays.
  await until(() => seen.length >= 2, 3000);
  expect(agent.token).not.toBe(first);
  expect(seen[1]!.refreshToken).not.toBe(seen[0]!.refreshToken);
  expect(agent.connectionState).toBe('connected');
  expect((await get(`${server.url}/api/session`, agent.token)).status).toBe(200);

  // The server goes away for longer than a token lives; the refresh meanwhile fails (no server).
  await server.stop();
  const held = agent.token!;
  await sleep(2600);
  server = await startServerProcess(options);
  await until(() => agent.connectionState === 'connected');
  expect(agent.token).not.toBe(held);
  expect((await get(`${server.url}/api/session`, held)).body.error.message).toBe('The token has expired');
  expect((await agent.listWorkers()).map((w) => w.identity)).toEqual(['alice']);

  const lastRefresh = seen.at(-1)!.refreshToken;
  const lastToken = agent.token!;
  await agent.signOut();
  expect(agent.connectionState).toBe('closed');
  expect((await post(`${server.url}/api/agents/refresh`, { refreshToken: lastRefresh })).status).toBe(401);
  expect((await get(`${server.url}/api/session`, lastToken)).status).toBe(401);
  // No more refreshes after signing out.
  const count = seen.length;
  await sleep(2200);
  expect(seen).toHaveLength(count);
  // And it went Offline on the way out.
  const other = (await post(`${server.url}/api/agents/login`, { identity: 'alice', password: PASSWORD })).body;
  expect(other.worker).toMatchObject({ activity: 'Offline' });
});

it('ends a client whose session is signed out elsewhere (its socket closes with 4001)', async () => {
  const agent = createAgentClient({
    serverUrl: server.url,
    identity: 'alice',
    password: PASSWORD,
    WebSocket,
    reconnect: fast,
  });
  clients.push(agent);
  await agent.connect();
  const signedOut = await fetch(`${server.url}/api/agents/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${agent.token}` },
  });
  expect(signedOut.status).toBe(204);
  await until(() => agent.connectionState === 'closed', 3000);
  await expect(agent.listQueues()).rejects.toMatchObject({ code: 'CC_DISCONNECTED' });
});
