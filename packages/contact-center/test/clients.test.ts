/**
 * The agent and customer clients against a real server: a conversation, reconnect and resync
 * across a server restart without a duplicated message (a resend with the same clientId
 * included), persistence across restarts and a kill -9, and clients that must stop.
 */
import WebSocket from 'ws';
import {
  createAgentClient,
  createCustomerClient,
  type AgentClient,
  type AgentSnapshot,
  type ChatMessage,
  type CustomerSession,
} from '../src/index';
import { ContactCenterError } from '../src/errors';
import { startServerProcess, tempDir, type ServerOptions, type ServerProcess } from './helpers';

jest.setTimeout(20_000);

const fast = { initialDelayMs: 50, maxDelayMs: 200 };
const until = async (check: () => boolean, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** What a UI store does: replace on snapshot, merge messageAdded by sid; counts what came twice. */
class View {
  readonly messages = new Map<string, ChatMessage>();
  duplicates = 0;
  snapshots = 0;
  reset(messages: ChatMessage[]): void {
    this.snapshots++;
    this.messages.clear();
    for (const m of messages) this.messages.set(m.sid, m);
  }
  add(m: ChatMessage): void {
    if (this.messages.has(m.sid)) this.duplicates++;
    this.messages.set(m.sid, m);
  }
  has(sid: string): boolean {
    return this.messages.has(sid);
  }
  bodies(): string[] {
    return [...this.messages.values()].sort((a, b) => a.index - b.index).map((m) => m.body);
  }
}

describe('with a data dir', () => {
  const tmp = tempDir();
  let server: ServerProcess;
  let options: ServerOptions;
  const clients: { disconnect(): void }[] = [];
  beforeAll(async () => {
    options = {
      dataDir: tmp.dir,
      agents: ['alice'],
      reservationTimeoutMs: 60_000,
      rateLimit: { messages: { perSecond: 100, burst: 100 } },
    };
    server = await startServerProcess(options);
    options.port = server.port; // restarts come back on the same port, so clients reconnect
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server.stop();
    tmp.remove();
  });
  const restart = async (how: 'stop' | 'kill') => {
    await server[how]();
    server = await startServerProcess(options);
  };

  let agent: AgentClient;
  let chat: CustomerSession;
  let autoAccept: { dispose(): void };
  const agentView = new View();
  const customerView = new View();

  it('carries a conversation between the two clients', async () => {
    agent = createAgentClient({ serverUrl: server.url, identity: 'alice', WebSocket, reconnect: fast });
    clients.push(agent);
    autoAccept = agent.on('reservationUpdated', (r) => void (r.status === 'pending' && agent.acceptReservation(r.sid)));
    agent.on('messageAdded', (m) => agentView.add(m));
    agent.on('snapshot', (snap) => agentView.reset(snap.messages));
    const first = await agent.connect();
    expect(first.worker).toMatchObject({ identity: 'alice', activity: 'Offline' });
    expect(agent.connectionState).toBe('connected');
    await agent.setActivity('Available');
    expect(agent.worker?.activity).toBe('Available');

    const customers = createCustomerClient({ serverUrl: server.url, WebSocket, reconnect: fast });
    const engagement = await customers.startEngagement({ friendlyName: 'Ada', question: 'Hello?' });
    chat = customers.session(engagement);
    clients.push(chat);
    chat.on('messageAdded', (m) => customerView.add(m));
    chat.on('snapshot', (snap) => customerView.reset(snap.messages));
    const snap = await chat.connect();
    expect(snap.messages).toEqual([]);
    await chat.sendMessage('Hello?'); // as a webchat page does after StartEngagement
    await until(() => agent.connectionState === 'connected');

    const m1 = await chat.sendMessage('Anyone?');
    await until(() => agentView.has(m1.sid));
    const m2 = await agent.sendMessage(engagement.channelSid, 'Alice here');
    await until(() => customerView.has(m2.sid));
    // Each side emits its own message (from the ack) and the other's (from the push), once.
    expect(customerView.bodies()).toEqual(['Hello?', 'Anyone?', 'Alice here']);
    expect(agentView.bodies()).toEqual(['Hello?', 'Anyone?', 'Alice here']);
    expect(agentView.duplicates + customerView.duplicates).toBe(0);
  });

  it('reconnects after a restart, resyncs, and never duplicates a message', async () => {
    const states: string[] = [];
    chat.on('connectionStateChanged', (s) => states.push(s));
    await server.stop();
    await until(() => chat.connectionState === 'reconnecting' && agent.connectionState === 'reconnecting');
    // While down: other requests fail at once, a message waits for the connection.
    await expect(agent.setActivity('Busy')).rejects.toMatchObject({ code: 'CC_DISCONNECTED' });
    const whileDown = chat.sendMessage('sent while down', { clientId: 'down-1' });
    server = await startServerProcess(options);
    const stored = await whileDown;
    expect(stored).toMatchObject({ index: 3, clientId: 'down-1' });
    await until(() => agentView.has(stored.sid));
    expect(states).toEqual(expect.arrayContaining(['reconnecting', 'connected']));
    await until(() => agentView.snapshots === 2 && customerView.snapshots === 2);

    // A resend with the same key (the ack was lost, say) returns the stored message.
    const again = await chat.sendMessage('sent while down', { clientId: 'down-1' });
    expect(again.sid).toBe(stored.sid);
    await new Promise((r) => setTimeout(r, 100));
    const all = ['Hello?', 'Anyone?', 'Alice here', 'sent while down'];
    expect(customerView.bodies()).toEqual(all);
    expect(agentView.bodies()).toEqual(all); // the reconnect snapshot brought alice the whole channel
    expect(agentView.duplicates + customerView.duplicates).toBe(0);
    expect((await chat.getMessages()).map((m) => m.index)).toEqual([0, 1, 2, 3]);
  });

  it('keeps workers, tasks, channels and transcripts across a restart', async () => {
    const before = await new Promise<AgentSnapshot>((resolve) => {
      const d = agent.on('snapshot', (s) => (d.dispose(), resolve(s)));
      void restart('stop');
    });
    expect(before.worker.activity).toBe('Available');
    expect(before.reservations).toEqual([expect.objectContaining({ status: 'accepted' })]);
    expect(before.tasks).toEqual([expect.objectContaining({ status: 'assigned', workerSid: before.worker.sid })]);
    expect(before.channels).toEqual([expect.objectContaining({ status: 'open' })]);
    expect(before.messages.map((m) => m.body)).toEqual(['Hello?', 'Anyone?', 'Alice here', 'sent while down']);
  });

  it('keeps every acknowledged message through a kill -9', async () => {
    const acked = await Promise.all(Array.from({ length: 50 }, (_, i) => chat.sendMessage(`burst ${i}`)));
    await restart('kill');
    await until(() => chat.connectionState === 'connected');
    const stored = new Set((await chat.getMessages()).map((m) => m.sid));
    expect(acked.filter((m) => !stored.has(m.sid))).toEqual([]);
  });

  it('times out, at start, a reservation whose deadline passed while the server was down', async () => {
    autoAccept.dispose();
    options.reservationTimeoutMs = 300;
    await restart('stop');
    await until(() => agent.connectionState === 'connected');
    const customers = createCustomerClient({ serverUrl: server.url, WebSocket });
    const pending = new Set<string>();
    const d1 = agent.on('reservationUpdated', (r) => void (r.status === 'pending' && pending.add(r.sid)));
    const d2 = agent.on('snapshot', (s) => s.reservations.forEach((r) => r.status === 'pending' && pending.add(r.sid)));
    const engagement = await customers.startEngagement({ friendlyName: 'Late' });
    await until(() => pending.size === 1);
    const [first] = [...pending];
    await server.stop();
    await new Promise((r) => setTimeout(r, 400)); // the deadline passes while the server is down
    server = await startServerProcess(options);
    await until(() => pending.size === 2); // timed out at start, offered again (alice is the only agent)
    d1.dispose();
    d2.dispose();
    const history = await agent.getMessages(engagement.channelSid);
    expect(history).toEqual([]);
    expect([...pending][1]).not.toBe(first);
  });
});

describe('clients that must stop', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ dataDir: null, agents: ['alice'] });
  });
  afterAll(() => server.stop());

  it('rejects connect for an unknown agent or an invalid customer token, and stops', async () => {
    const agent = createAgentClient({ serverUrl: server.url, identity: 'mallory', WebSocket, reconnect: fast });
    await expect(agent.connect()).rejects.toMatchObject({ code: 'CC_NOT_FOUND' });
    expect(agent.connectionState).toBe('closed');
    const customers = createCustomerClient({ serverUrl: server.url, WebSocket, reconnect: fast });
    const engagement = await customers.startEngagement({ friendlyName: 'Eve' });
    const forged = { ...engagement, token: engagement.token.slice(0, -3) + 'abc' };
    const error = await customers.resumeSession(forged).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactCenterError);
    expect(error).toMatchObject({ code: 'CC_UNAUTHORIZED' });
    const ok = await customers.resumeSession(engagement);
    expect(ok.connectionState).toBe('connected');
    await ok.leave();
    expect(ok.connectionState).toBe('closed');
    await expect(ok.sendMessage('after leaving')).rejects.toMatchObject({ code: 'CC_DISCONNECTED' });
    // The engagement is over: a new session can read it (closed), not write.
    const later = await customers.resumeSession(engagement);
    await expect(later.sendMessage('hello?')).rejects.toMatchObject({ code: 'CC_INVALID_STATE' });
    later.disconnect();
  });

  it('times a request out with CC_TIMEOUT and rejects requests after disconnect', async () => {
    const agent = createAgentClient({ serverUrl: server.url, identity: 'alice', WebSocket, requestTimeoutMs: 300 });
    await agent.connect();
    process.kill(server.pid, 'SIGSTOP'); // a server that does not answer
    try {
      await expect(agent.listWorkers()).rejects.toMatchObject({
        code: 'CC_TIMEOUT',
        message: expect.stringContaining('300 ms'),
      });
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
    expect(await agent.listWorkers()).toHaveLength(1);
    agent.disconnect();
    await expect(agent.listWorkers()).rejects.toMatchObject({ code: 'CC_DISCONNECTED' });
    expect(agent.connectionState).toBe('closed');
  });
});

describe('requests the server refuses before reading them', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({
      dataDir: null,
      agents: ['alice'],
      rateLimit: { frames: { perSecond: 1, burst: 3 } },
      limits: { maxFrameBytes: 2048 },
    });
  });
  afterAll(() => server.stop());

  it('reject at once with the server code (over the frame budget, over the frame size), not CC_TIMEOUT', async () => {
    const customers = createCustomerClient({ serverUrl: server.url, WebSocket, requestTimeoutMs: 5000 });
    const chat = await customers.resumeSession(await customers.startEngagement({ friendlyName: 'Fast' }));
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => chat.getMessages()));
    expect(Date.now() - started).toBeLessThan(2000);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as ContactCenterError] : []));
    expect(reasons.length).toBeGreaterThanOrEqual(2);
    for (const e of reasons) expect(e).toMatchObject({ code: 'CC_RATE_LIMITED' });
    chat.disconnect();

    const agent = createAgentClient({ serverUrl: server.url, identity: 'alice', WebSocket, requestTimeoutMs: 5000 });
    await agent.connect();
    const before = Date.now();
    await expect(agent.transferTask('WT' + 'x'.repeat(3000), 'WKnobody')).rejects.toMatchObject({
      code: 'CC_TOO_LARGE',
      message: expect.stringContaining('2048'),
    });
    expect(Date.now() - before).toBeLessThan(2000);
    agent.disconnect();
  });
});
