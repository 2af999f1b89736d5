/**
 * Three contact-center instances on one PostgreSQL and one Redis, in this process: one runs
 * the engine, the others forward to it; a conversation between clients on different
 * instances; the HTTP API through any instance; a graceful hand-over of the engine; Redis
 * restarted (events resume, nothing acknowledged lost).
 */
import WebSocket from 'ws';
import { createAgentClient, createCustomerClient, type AgentClient, type ChatMessage } from '../src/index';
import {
  defaultLogger,
  setAgentPassword,
  startContactCenter,
  silentLogger,
  type ContactCenterServer,
} from '../src/server/index';
import { tempDir, until } from './helpers';
import { describeCluster, startRedis, type TestRedis } from './redis';

jest.setTimeout(20_000);

const PASSWORD = 'correct horse battery';
const fast = { initialDelayMs: 50, maxDelayMs: 300 };

describeCluster('a cluster of three instances', (pgdb) => {
  let redis: TestRedis;
  // The instances share the data dir's token secret (with PostgreSQL it also lives in the database).
  const tmp = tempDir();
  const servers: ContactCenterServer[] = [];
  const clients: { disconnect(): void }[] = [];
  const start = (n: number) =>
    startContactCenter({
      dataDir: tmp.dir,
      port: 0,
      database: pgdb.url,
      agents: ['alice', 'bob'],
      reservationTimeoutMs: 30_000,
      cluster: { redis: redis.url, instanceId: `cc-${n}`, failoverWaitMs: 10_000 },
      allowedOrigins: '*',
      logger: process.env.SB_DEBUG ? defaultLogger : silentLogger,
    });
  const engineOf = () => servers.find((s) => s.cluster?.isEngine);

  beforeAll(async () => {
    redis = await startRedis();
    // PostgreSQL: no one-click sign-in; the agents have passwords.
    const db = await pgdb.fresh();
    for (const identity of ['alice', 'bob']) await setAgentPassword(db, identity, PASSWORD, { create: true });
    await db.destroy();
    // One after another: the first takes the engine lock.
    for (const n of [1, 2, 3]) servers.push(await start(n));
    await until(() => servers.every((s) => s.cluster?.engine !== null), 10_000, 'every instance knows the engine');
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    for (const s of servers) await s.close().catch(() => {});
    await redis?.stop();
    tmp.remove();
  });

  it('runs the engine on exactly one instance, which every instance knows', () => {
    expect(servers.filter((s) => s.cluster!.isEngine)).toHaveLength(1);
    const engine = engineOf()!;
    for (const s of servers)
      expect(s.cluster!.engine).toMatchObject({ instance: engine.cluster!.instanceId, url: engine.url });
  });

  let agent: AgentClient;
  let channelSid = '';
  const agentSeen: ChatMessage[] = [];
  const customerSeen: ChatMessage[] = [];
  let chat: ReturnType<ReturnType<typeof createCustomerClient>['session']>;

  it('carries a conversation between an agent on one instance and a customer on another', async () => {
    const [b, c] = servers.filter((s) => !s.cluster!.isEngine);
    agent = createAgentClient({
      serverUrl: b!.url,
      identity: 'alice',
      password: PASSWORD,
      WebSocket,
      reconnect: fast,
    });
    clients.push(agent);
    let accepted = 0;
    agent.on('reservationUpdated', (r) => {
      if (r.status === 'pending') void agent.acceptReservation(r.sid);
      if (r.status === 'accepted') accepted++;
    });
    agent.on('messageAdded', (m) => agentSeen.push(m));
    await agent.connect();
    await agent.setActivity('Available');
    const customers = createCustomerClient({ serverUrl: c!.url, WebSocket, reconnect: fast });
    const engagement = await customers.startEngagement({ friendlyName: 'Ada', question: 'Hello?' });
    channelSid = engagement.channelSid;
    chat = customers.session(engagement);
    clients.push(chat);
    chat.on('messageAdded', (m) => customerSeen.push(m));
    await chat.connect();
    await until(() => accepted === 1, 10_000, 'alice accepted the task');
    const m1 = await chat.sendMessage('Hi from instance C');
    await until(() => agentSeen.some((m) => m.sid === m1.sid), 5000, 'the agent on B got the message');
    const m2 = await agent.sendMessage(channelSid, 'Alice on instance B');
    await until(() => customerSeen.some((m) => m.sid === m2.sid), 5000, 'the customer on C got the answer');
    // The sender gets its own message once (from the answer), not from a push as well.
    expect(agentSeen.filter((m) => m.sid === m2.sid)).toHaveLength(1);
  });

  it("closes a signed-out session's sockets on every instance", async () => {
    const [b, c] = servers.filter((s) => !s.cluster!.isEngine);
    const signIn = await fetch(`${b!.url}/api/agents/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'bob', password: PASSWORD }),
    });
    const { token } = (await signIn.json()) as { token: string };
    // Bob's socket is on instance C; he signs out through instance B (forwarded to the engine instance).
    const ws = new WebSocket(`${c!.wsUrl}?token=${encodeURIComponent(token)}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('message', resolve)); // the snapshot
    const out = await fetch(`${b!.url}/api/agents/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(204);
    expect(await closed).toBe(4001);
    const refused = await fetch(`${c!.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
  });

  it('answers the HTTP API on every instance (forwarded to the engine)', async () => {
    for (const s of servers) {
      const res = await fetch(`${s.url}/api/channels/${channelSid}/messages`, {
        headers: {
          authorization: `Bearer ${((await (await fetch(`${s.url}/api/webchat/engagements`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ formData: { friendlyName: 'x' } }) })).json()) as { token: string }).token}`,
        },
      });
      // Another conversation's token may not read this one: the engine's rules, whichever instance asked.
      expect(res.status).toBe(403);
    }
  });

  it('hands the engine over when its instance stops, with nothing lost', async () => {
    const old = engineOf()!;
    const oldId = old.cluster!.instanceId;
    const before = (await chat.getMessages()).length;
    await old.close();
    servers.splice(servers.indexOf(old), 1);
    await until(() => servers.some((s) => s.cluster!.isEngine), 10_000, 'another instance took over');
    expect(servers.filter((s) => s.cluster!.isEngine)).toHaveLength(1);
    expect(engineOf()!.cluster!.instanceId).not.toBe(oldId);
    const m = await chat.sendMessage('after the hand-over', { clientId: 'handover-1' });
    await until(() => agentSeen.some((x) => x.sid === m.sid), 10_000, 'the agent got the message after the hand-over');
    expect((await chat.getMessages()).length).toBe(before + 1);
  });

  it('resumes events after Redis restarts, and loses nothing acknowledged', async () => {
    await redis.stop();
    // The customer may be on a gateway instance: its message waits (CC_UNAVAILABLE is retried).
    const whileDown = chat.sendMessage('while Redis is down', { clientId: 'redis-down-1' });
    await new Promise((r) => setTimeout(r, 500));
    await redis.start();
    const stored = await whileDown;
    await until(
      () => agentSeen.some((x) => x.sid === stored.sid),
      15_000,
      'the agent got the message after Redis came back',
    );
    const after = await chat.sendMessage('after Redis is back', { clientId: 'redis-back-1' });
    await until(() => agentSeen.some((x) => x.sid === after.sid), 10_000, 'events resumed');
    const bodies = (await chat.getMessages()).map((m) => m.body);
    expect(bodies.filter((b) => b === 'while Redis is down')).toHaveLength(1);
    expect(bodies).toContain('after Redis is back');
  });
});
