/**
 * Failover under load: three contact-center processes on one PostgreSQL and one Redis, one
 * address in front (the balancer), agents and customers chatting through it — and the
 * instance running the engine killed with SIGKILL. Its clients reconnect to the others,
 * another instance takes the engine over, every acknowledged message is stored exactly once,
 * no task is stuck, offers pending at the kill are re-offered when they time out, and no
 * task is ever offered to two agents at once or an agent over capacity.
 */
import { sql } from 'kysely';
import WebSocket from 'ws';
import {
  createAgentClient,
  createCustomerClient,
  type AgentClient,
  type CallInfo,
  type CustomerSession,
} from '../src/index';
import { createDatabase } from '../src/server/database';
import { EVERYONE_QUEUE_SID } from '../src/engine/routing/RoutingConfig';
import { setAgentPassword, startBalancer, type Balancer } from '../src/server/index';
import { startServerProcess, tempDir, until, type ServerOptions, type ServerProcess } from './helpers';
import { describeCluster, freePort, startRedis, type TestRedis } from './redis';

jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery';
const fast = { initialDelayMs: 50, maxDelayMs: 500 };
const AGENTS = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'];
const CUSTOMERS = 12;
const SEND_EVERY_MS = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Billing tasks wait 4 s for an agent with the skill (nobody has it), then go to Everyone. */
const BILLING = 'WQ0000000000000000000000000000b111';
const ROUTING = {
  queues: [
    { sid: EVERYONE_QUEUE_SID, name: 'Everyone', targetWorkers: '1 == 1' },
    { sid: BILLING, name: 'Billing', targetWorkers: 'skills HAS "billing"' },
  ],
  workflow: {
    filters: [
      {
        name: 'Billing',
        expression: 'topic == "billing"',
        targets: [{ queue: 'Billing', timeout: 4 }, { queue: 'Everyone' }],
      },
    ],
    defaultQueue: 'Everyone',
  },
};

interface Status {
  instanceId: string;
  isEngine: boolean;
}

describeCluster('failover under load (kill -9 the engine instance of three)', (pgdb) => {
  let redis: TestRedis;
  const tmp = tempDir();
  const procs: ServerProcess[] = [];
  let front: Balancer;
  const clients: { disconnect(): void }[] = [];
  const status = async (p: ServerProcess): Promise<Status> =>
    (await (await fetch(`${p.url}/api/cluster/status`)).json()) as Status;

  const serverOptions = (port: number, instanceId: string): ServerOptions => ({
    dataDir: tmp.dir,
    port,
    database: pgdb.url,
    agents: [...AGENTS, 'sleepy'],
    reservationTimeoutMs: 2500,
    chatCapacity: 3,
    cluster: { redis: redis.url, instanceId },
    rateLimit: { messages: { perSecond: 100, burst: 100 } },
    routing: ROUTING,
  });

  beforeAll(async () => {
    redis = await startRedis();
    // PostgreSQL: no one-click sign-in; the agents have passwords.
    const db = await pgdb.fresh();
    for (const identity of [...AGENTS, 'sleepy']) await setAgentPassword(db, identity, PASSWORD, { create: true });
    await db.destroy();
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      procs.push(await startServerProcess(serverOptions(port, `cc-${i + 1}`)));
    }
    await until(async () => (await Promise.all(procs.map(status))).some((s) => s.isEngine), 10_000, 'an engine');
    front = await startBalancer({ backends: procs.map((p) => p.url), retryMs: 500 });
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await front?.close();
    for (const p of procs) await p.stop();
    await redis?.stop();
    tmp.remove();
  });

  const agents: AgentClient[] = [];

  it('keeps serving, stores every acknowledged message once, and leaves no task stuck', async () => {
    // Agents through the one address: all accept at once, except "sleepy", who lets offers time out.
    for (const identity of [...AGENTS, 'sleepy']) {
      const agent = createAgentClient({
        serverUrl: front.url,
        identity,
        password: PASSWORD,
        WebSocket,
        reconnect: fast,
      });
      clients.push(agent);
      if (identity !== 'sleepy')
        agent.on('reservationUpdated', (r) => {
          if (r.status === 'pending') agent.acceptReservation(r.sid).catch(() => {});
        });
      await agent.connect();
      await agent.setActivity('Available');
      agents.push(agent);
    }
    // Customers send steadily; each acknowledged message is noted with when it was acknowledged.
    const acked = new Map<string, number>();
    const ackTimes: number[][] = [];
    const sessions: CustomerSession[] = [];
    const taskSids: string[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const customers = createCustomerClient({ serverUrl: front.url, WebSocket, reconnect: fast });
      const engagement = await customers.startEngagement({ friendlyName: `Customer ${i}` });
      taskSids.push(engagement.taskSid);
      const session = customers.session(engagement);
      clients.push(session);
      await session.connect();
      sessions.push(session);
      ackTimes.push([]);
    }
    // Call signalling beside the chats: two callers answered by agents, their WebRTC signals relayed.
    const signalsAt = new Map<string, number>();
    for (const agent of agents)
      agent.on('callSignal', (sig) => signalsAt.set(sig.callSid, (signalsAt.get(sig.callSid) ?? 0) + 1));
    const placeCall = async (name: string) => {
      const callers = createCustomerClient({ serverUrl: front.url, WebSocket, reconnect: fast });
      const call = await callers.startCall({ friendlyName: name });
      const line = callers.session(call);
      clients.push(line);
      let answeredBy: string | undefined;
      let status: CallInfo['status'] = 'ringing';
      const follow = (c: CallInfo) => {
        if (c.sid !== call.callSid) return;
        status = c.status;
        answeredBy = c.participants.find((p) => p.kind === 'agent' && p.state === 'joined')?.id ?? answeredBy;
      };
      line.on('callUpdated', follow);
      line.on('snapshot', (snap) => snap.call && follow(snap.call));
      await line.connect();
      await until(() => answeredBy !== undefined, 10_000, `${name}'s call answered`);
      return { call, line, answeredBy: () => answeredBy!, status: () => status };
    };
    const calls = [await placeCall('Caller 1'), await placeCall('Caller 2')];
    let sending = true;
    const signalling = (async () => {
      for (let n = 0; sending; n++) {
        for (const c of calls)
          if (c.status() === 'in-progress')
            c.line.signal!(c.answeredBy(), { type: 'candidate', candidate: { candidate: `candidate ${n}` } });
        await sleep(100);
      }
    })();
    const inFlight = new Set<Promise<unknown>>();
    const loops = sessions.map(async (session, i) => {
      for (let n = 0; sending; n++) {
        const clientId = `c${i}-m${n}`;
        const p = session.sendMessage(`message ${n}`, { clientId }).then(
          () => {
            acked.set(clientId, Date.now());
            ackTimes[i]!.push(Date.now());
          },
          () => {},
        );
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        await sleep(SEND_EVERY_MS);
      }
    });

    await sleep(2500);
    const statuses = await Promise.all(procs.map(status));
    const victim = procs[statuses.findIndex((s) => s.isEngine)]!;
    const killedAt = Date.now();
    await victim.kill();
    const survivors = procs.filter((p) => p !== victim);
    await until(
      async () => (await Promise.all(survivors.map(status))).filter((s) => s.isEngine).length === 1,
      15_000,
      'another instance runs the engine',
    );
    const tookOverMs = Date.now() - killedAt;
    // A call placed after the failover is answered and signalled.
    const after = await placeCall('Caller after the failover');
    calls.push(after);
    await sleep(5000);
    sending = false;
    await Promise.all([...loops, signalling]);
    for (const c of calls)
      expect([c.call.callSid, signalsAt.get(c.call.callSid) ?? 0]).not.toEqual([c.call.callSid, 0]);
    await Promise.race([Promise.all([...inFlight]), sleep(30_000)]);

    // Every client acknowledged messages after the kill: the longest silence is the outage.
    const gaps = ackTimes.map((times) => {
      let gap = 0;
      for (let k = 1; k < times.length; k++) if (times[k]! > killedAt) gap = Math.max(gap, times[k]! - times[k - 1]!);
      return gap;
    });
    for (const times of ackTimes) expect(times.some((t) => t > killedAt + 1000)).toBe(true);
    const sorted = [...gaps].sort((a, b) => a - b);
    console.log(
      `failover: engine taken over after ${tookOverMs} ms; customers without service p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms; ${acked.size} messages acknowledged`,
    );
    expect(Math.max(...gaps)).toBeLessThan(10_000);

    const db = createDatabase({ dialect: 'postgres', url: pgdb.url, max: 2 });
    try {
      // Exactly once: each acknowledged idempotency key has one stored message.
      const rows = await db
        .selectFrom('messages')
        .select(['client_id', sql<number>`count(*)`.as('n')])
        .where('author_role', '=', 'customer')
        .groupBy('client_id')
        .execute();
      const counts = new Map(rows.map((r) => [r.client_id!, Number(r.n)]));
      for (const clientId of acked.keys()) expect([clientId, counts.get(clientId)]).toEqual([clientId, 1]);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);

      // No task stuck: every customer's task ends with an agent who accepted it (not sleepy).
      const sleepySid = (
        await db.selectFrom('workers').select('sid').where('identity', '=', 'sleepy').executeTakeFirstOrThrow()
      ).sid;
      await until(
        async () => {
          const tasks = await db
            .selectFrom('tasks')
            .select(['status', 'worker_sid'])
            .where('sid', 'in', taskSids)
            .execute();
          return (
            tasks.length === CUSTOMERS && tasks.every((t) => t.status === 'assigned' && t.worker_sid !== sleepySid)
          );
        },
        20_000,
        'every task assigned to an agent who accepts',
      );
      // Calls whose engine died ended with their tasks (their state was that engine's); none is left in play.
      const callTasks = await db
        .selectFrom('tasks')
        .select(['sid', 'status'])
        .where(
          'sid',
          'in',
          calls.slice(0, 2).map((c) => c.call.taskSid),
        )
        .execute();
      for (const t of callTasks) expect(['wrapping', 'completed', 'canceled']).toContain(t.status);
      // Offers to sleepy timed out — those pending at the kill included — and went to others.
      const sleepy = await db
        .selectFrom('reservations')
        .select(['status', 'expires_at', 'updated_at'])
        .where('worker_sid', '=', sleepySid)
        .execute();
      expect(sleepy.length).toBeGreaterThan(0);
      expect(sleepy.every((r) => r.status === 'timeout')).toBe(true);
      // Routing decided once: never two accepted reservations for a task, never an agent over capacity.
      const accepted = await db
        .selectFrom('reservations')
        .select(['task_sid', 'worker_sid'])
        .where('status', '=', 'accepted')
        .execute();
      const perTask = new Map<string, number>();
      const perWorker = new Map<string, number>();
      for (const r of accepted) {
        perTask.set(r.task_sid, (perTask.get(r.task_sid) ?? 0) + 1);
        perWorker.set(r.worker_sid, (perWorker.get(r.worker_sid) ?? 0) + 1);
      }
      expect(Math.max(...perTask.values())).toBe(1);
      expect(Math.max(...perWorker.values())).toBeLessThanOrEqual(3);
    } finally {
      await db.destroy();
    }
  });

  it('expires an offer at its deadline, and re-offers it, after the instance that made it died', async () => {
    // Only sleepy is available: the next task is offered to it, and its engine instance dies at once.
    for (const agent of agents.slice(0, AGENTS.length)) await agent.setActivity('Offline');
    const customers = createCustomerClient({ serverUrl: front.url, WebSocket, reconnect: fast });
    const engagement = await customers.startEngagement({ friendlyName: 'Late customer' });
    const db = createDatabase({ dialect: 'postgres', url: pgdb.url, max: 2 });
    try {
      const offer = async () =>
        db
          .selectFrom('reservations')
          .selectAll()
          .where('task_sid', '=', engagement.taskSid)
          .orderBy('created_at')
          .execute();
      await until(async () => (await offer()).length === 1, 10_000, 'the task offered to sleepy');
      const [first] = await offer();
      expect(first).toMatchObject({ status: 'pending' });
      const alive = procs.filter((p) => p.pid !== undefined);
      const statuses = await Promise.all(alive.map((p) => status(p).catch(() => null)));
      const victim = alive[statuses.findIndex((s) => s?.isEngine)]!;
      await victim.kill();
      procs.splice(procs.indexOf(victim), 1);
      // The new engine instance times the offer out at the deadline its predecessor set.
      await until(async () => (await offer())[0]!.status === 'timeout', 15_000, 'the offer timed out');
      const [expired] = await offer();
      expect(expired!.updated_at).toBeGreaterThanOrEqual(first!.expires_at!);
      expect(expired!.updated_at - first!.expires_at!).toBeLessThan(3000);
      // ...and offers the task again as soon as agents are available (one with room accepts it).
      for (const agent of agents.slice(0, AGENTS.length)) await agent.setActivity('Available');
      await until(
        async () =>
          (await db.selectFrom('tasks').select('status').where('sid', '=', engagement.taskSid).executeTakeFirst())
            ?.status === 'assigned',
        15_000,
        'the task re-offered and accepted',
      );
    } finally {
      await db.destroy();
    }
  });

  it("moves a task to its fallback queue at the timeout set before the engine's instance died", async () => {
    // One instance is left: a new one joins, then the engine's instance dies with a task waiting in Billing.
    // It takes a dead instance's port: the balancer in front knows that address.
    const dead = [];
    for (const p of procs) if ((await status(p).catch(() => null)) === null) dead.push(p);
    procs.splice(procs.indexOf(dead[0]!), 1);
    procs.push(await startServerProcess(serverOptions(dead[0]!.port, 'cc-4')));
    const customers = createCustomerClient({ serverUrl: front.url, WebSocket, reconnect: fast });
    const engagement = await customers.startEngagement({ friendlyName: 'Billing customer', topic: 'billing' });
    const db = createDatabase({ dialect: 'postgres', url: pgdb.url, max: 2 });
    try {
      const task = () =>
        db.selectFrom('tasks').selectAll().where('sid', '=', engagement.taskSid).executeTakeFirstOrThrow();
      await until(async () => (await task()).queue_sid === BILLING, 10_000, 'the task waiting in Billing');
      const arrived = (await task()).created_at;
      const statuses = await Promise.all(procs.map((p) => status(p).catch(() => null)));
      const victim = procs[statuses.findIndex((s) => s?.isEngine)]!;
      await victim.kill();
      procs.splice(procs.indexOf(victim), 1);
      // The new engine's instance moves it at the timeout the dead one set, and an agent takes it.
      await until(async () => (await task()).queue_sid === EVERYONE_QUEUE_SID, 15_000, 'the task moved to Everyone');
      const moved = await task();
      expect(moved.updated_at - arrived).toBeGreaterThanOrEqual(4000);
      expect(moved.updated_at - arrived).toBeLessThan(7000);
      await until(async () => (await task()).status === 'assigned', 15_000, 'the moved task accepted');
    } finally {
      await db.destroy();
    }
  });
});
