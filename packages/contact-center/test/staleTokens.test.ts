/**
 * A validly signed token that names nothing this contact center has (the database was reset
 * with the token secret kept; a token signed for a sid that never existed) is refused with
 * 401 on the socket and on HTTP, and the clients stop instead of retrying forever.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { createAgentClient, createCustomerClient, type WebSocketConstructor } from '../src/index';
import { DATABASE_FILE } from '../src/server/startContactCenter';
import { RawClient, engage, get, login, startServerProcess, tempDir, type ServerProcess } from './helpers';

jest.setTimeout(30_000);

const tmp = tempDir();
const options = { dataDir: tmp.dir, agents: ['alice'] };
let server: ServerProcess;

afterAll(async () => {
  await server?.stop();
  tmp.remove();
});

/** Restarts the server on the same port and data dir with an empty database (the secret stays). */
async function resetDatabase(): Promise<void> {
  await server.stop();
  for (const suffix of ['', '-wal', '-shm']) rmSync(path.join(tmp.dir, DATABASE_FILE + suffix), { force: true });
  server = await startServerProcess({ ...options, port: server.port });
}

/** A JWT signed with the server's own secret, for claims of our choosing. */
function sign(claims: Record<string, string>): string {
  const secret = Buffer.from(readFileSync(path.join(tmp.dir, 'token-secret'), 'utf8').trim(), 'hex');
  const now = Math.floor(Date.now() / 1000);
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'HS256' })}.${part({ ...claims, iss: 'switchboard-contact-center', iat: now, exp: now + 600 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** `ws`'s WebSocket, counting the connections a client attempts. */
function countingWebSocket(): { WebSocket: WebSocketConstructor; attempts: () => number } {
  let attempts = 0;
  class Counting extends WebSocket {
    constructor(url: string) {
      super(url);
      attempts++;
    }
  }
  return { WebSocket: Counting as unknown as WebSocketConstructor, attempts: () => attempts };
}

const fast = { initialDelayMs: 20, maxDelayMs: 50 };

it('refuses, with 401 on the socket and on HTTP, tokens whose worker or channel does not exist', async () => {
  server = await startServerProcess(options);
  const agentToken = (await login(server.url, 'alice')).token;
  const engagement = await engage(server.url, { friendlyName: 'Ada' });
  const forged = sign({ role: 'customer', channelSid: 'CHneverexisted', sub: 'customer-x', name: 'X' });
  // Before the reset: all valid but the forged one.
  expect(await RawClient.upgradeStatus(server.url, `?token=${engagement.token}`)).toBe(101);
  expect(await RawClient.upgradeStatus(server.url, `?token=${forged}`)).toBe(401);
  expect(await get(`${server.url}/api/session`, forged)).toEqual({
    status: 401,
    body: { error: { code: 'CC_UNAUTHORIZED', message: 'The token names a conversation that does not exist' } },
  });
  expect((await get(`${server.url}/api/channels/CHneverexisted/messages`, forged)).status).toBe(401);

  await resetDatabase();
  for (const token of [agentToken, engagement.token]) {
    expect(await RawClient.upgradeStatus(server.url, `?token=${token}`)).toBe(401);
    expect(await get(`${server.url}/api/session`, token)).toMatchObject({
      status: 401,
      body: { error: { code: 'CC_UNAUTHORIZED' } },
    });
    expect(await get(`${server.url}/api/channels/${engagement.channelSid}/messages`, token)).toMatchObject({
      status: 401,
      body: { error: { code: 'CC_UNAUTHORIZED' } },
    });
  }
});

it('ends the clients with CC_UNAUTHORIZED, without a retry loop', async () => {
  const engagement = await engage(server.url, { friendlyName: 'Grace' });
  const agentToken = (await login(server.url, 'alice')).token;
  const live = countingWebSocket();
  const chat = await createCustomerClient({
    serverUrl: server.url,
    WebSocket: live.WebSocket,
    reconnect: fast,
  }).resumeSession(engagement);
  await resetDatabase();
  // Connected when the database was reset: it retried while the server was down; once the
  // server is back, the first refused reconnect ends the session.
  const atRestart = live.attempts();
  const end = Date.now() + 5000;
  while (chat.connectionState !== 'closed' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(chat.connectionState).toBe('closed');
  const afterClose = live.attempts();
  expect(afterClose - atRestart).toBeLessThanOrEqual(2);

  // A new session of the stale engagement: connect() rejects, one attempt, no retries.
  const fresh = countingWebSocket();
  const customers = createCustomerClient({ serverUrl: server.url, WebSocket: fresh.WebSocket, reconnect: fast });
  await expect(customers.resumeSession(engagement)).rejects.toMatchObject({ code: 'CC_UNAUTHORIZED' });
  // An agent client with a token alone: the same.
  const agent = createAgentClient({
    serverUrl: server.url,
    token: agentToken,
    WebSocket: fresh.WebSocket,
    reconnect: fast,
  });
  await expect(agent.connect()).rejects.toMatchObject({ code: 'CC_UNAUTHORIZED' });
  expect(agent.connectionState).toBe('closed');
  await new Promise((r) => setTimeout(r, 300)); // several backoff periods
  expect(fresh.attempts()).toBe(2);
  expect(live.attempts()).toBe(afterClose);

  // With an identity, the agent client logs in again and gets a token for the new worker.
  const again = createAgentClient({
    serverUrl: server.url,
    identity: 'alice',
    token: agentToken,
    WebSocket,
    reconnect: fast,
  });
  await expect(again.connect()).resolves.toMatchObject({ worker: { identity: 'alice' } });
  again.disconnect();
});
