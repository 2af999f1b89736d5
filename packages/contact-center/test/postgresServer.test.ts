/**
 * The real server (startContactCenter, in its own process) on PostgreSQL: a chat end to end —
 * the customer's message acknowledged, stored in PostgreSQL, read back after a restart — and
 * the one-line errors of a database that cannot be used.
 */
import WebSocket from 'ws';
import {
  createAgentClient,
  createCustomerClient,
  type AgentClient,
  type AgentSnapshot,
  type CustomerSession,
} from '../src/index';
import { createDatabase, openDatabase } from '../src/server/database';
import { SqliteRepository } from '../src/server/SqliteRepository';
import { startServerProcess, tempDir, type ServerOptions, type ServerProcess } from './helpers';
import { describePostgres, TEST_POSTGRES_URL } from './postgres';

jest.setTimeout(30_000);

const fast = { initialDelayMs: 50, maxDelayMs: 200 };
const until = async (check: () => boolean, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** `url` with another user, password or database. */
const withUrl = (url: string, change: (u: URL) => void): string => {
  const u = new URL(url);
  change(u);
  return u.toString();
};

describePostgres('the server on PostgreSQL', (pgdb) => {
  const tmp = tempDir();
  let server: ServerProcess | undefined;
  const clients: { disconnect(): void }[] = [];
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.stop();
    tmp.remove();
  });

  it('carries a chat: the message is acknowledged, stored in PostgreSQL, and read back after a restart', async () => {
    const options: ServerOptions = { dataDir: tmp.dir, database: pgdb.url, agents: ['alice'] };
    // PostgreSQL: no one-click sign-in; alice signs in with a password.
    server = await startServerProcess(options, { passwords: { alice: 'correct horse battery staple' } });
    options.port = server.port; // the restart comes back on the same port, so the clients reconnect

    const agent: AgentClient = createAgentClient({
      serverUrl: server.url,
      identity: 'alice',
      password: 'correct horse battery staple',
      WebSocket,
      reconnect: fast,
    });
    clients.push(agent);
    let accepted = false;
    agent.on('reservationUpdated', (r) => {
      if (r.status === 'pending') void agent.acceptReservation(r.sid);
      if (r.status === 'accepted') accepted = true;
    });
    await agent.connect();
    await agent.setActivity('Available');

    const customers = createCustomerClient({ serverUrl: server.url, WebSocket, reconnect: fast });
    const engagement = await customers.startEngagement({ friendlyName: 'Ada', question: 'Hello?' });
    const chat: CustomerSession = customers.session(engagement);
    clients.push(chat);
    await chat.connect();
    const acked = await chat.sendMessage('Is my order on its way?', { clientId: 'pg-1' });
    expect(acked).toMatchObject({ index: 0, clientId: 'pg-1', body: 'Is my order on its way?' });
    await until(() => accepted);
    const reply = await agent.sendMessage(engagement.channelSid, 'Yes, tomorrow');

    // Stored in PostgreSQL (read by another connection, as the rows are).
    const db = createDatabase({ dialect: 'postgres', url: pgdb.url, max: 1 });
    try {
      const stored = await new SqliteRepository(db).messages(engagement.channelSid);
      expect(stored.map((m) => [m.sid, m.body])).toEqual([
        [acked.sid, 'Is my order on its way?'],
        [reply.sid, 'Yes, tomorrow'],
      ]);
      expect(typeof stored[0]!.createdAt).toBe('number');
    } finally {
      await db.destroy();
    }

    const resynced = new Promise<AgentSnapshot>((resolve) => {
      const d = agent.on('snapshot', (snap) => (d.dispose(), resolve(snap)));
    });
    await server.stop();
    server = await startServerProcess(options);
    const after = await resynced;
    await until(() => chat.connectionState === 'connected');
    expect(after.worker).toMatchObject({ identity: 'alice', activity: 'Available' });
    expect(after.tasks).toEqual([expect.objectContaining({ status: 'assigned', channelSid: engagement.channelSid })]);
    expect(after.messages).toEqual([acked, reply]);
    expect((await chat.getMessages()).map((m) => m.sid)).toEqual([acked.sid, reply.sid]);
    // A resend with the same clientId (its ack lost) is the stored message, not a second one.
    expect((await chat.sendMessage('Is my order on its way?', { clientId: 'pg-1' })).sid).toBe(acked.sid);
  });

  it('refuses a wrong password in one line, without showing it', async () => {
    const url = withUrl(pgdb.url, (u) => (u.password = 'not-the-password-42'));
    const error = await openDatabase({ dialect: 'postgres', url }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DB_AUTH_FAILED' });
    const { message } = error as Error;
    expect(message).toContain(new URL(TEST_POSTGRES_URL).hostname);
    expect(message).not.toContain('not-the-password-42');
  });

  it('names a database that does not exist', async () => {
    const url = withUrl(pgdb.url, (u) => (u.pathname = '/sb_no_such_database'));
    await expect(openDatabase({ dialect: 'postgres', url })).rejects.toMatchObject({
      code: 'DB_NOT_FOUND',
      message: expect.stringContaining('sb_no_such_database'),
    });
  });
});
