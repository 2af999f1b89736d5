/**
 * Skills-based routing through the real server (127.0.0.1, port 0) with a routing file in a
 * temp data dir: a task with a skill goes to the agent with that skill, not the other one, and
 * the queue statistics follow live.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import {
  createAgentClient,
  createCustomerClient,
  type AgentClient,
  type QueueStats,
  type ReservationInfo,
} from '../src/index';
import { queueSidOf, type RoutingConfig } from '../src/engine/routing/RoutingConfig';
import { startServerProcess, tempDir, type ServerProcess } from './helpers';

jest.setTimeout(30_000);

const fast = { initialDelayMs: 50, maxDelayMs: 200 };
const until = async (check: () => boolean, timeoutMs = 8000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const BILLING = queueSidOf('Billing');
const routing: RoutingConfig = {
  queues: [
    { name: 'Everyone', targetWorkers: '1 == 1' },
    { name: 'Billing', targetWorkers: 'skills HAS "billing"' },
  ],
  workflow: {
    filters: [{ name: 'Billing', expression: 'topic == "billing"', targets: [{ queue: 'Billing', priority: 1 }] }],
    defaultQueue: 'Everyone',
  },
  capacity: { chat: 3, voice: 1 },
  workers: { alice: { attributes: { skills: ['billing'] } } },
};

describe('skills-based routing on the server', () => {
  const tmp = tempDir();
  let server: ServerProcess;
  const agents: AgentClient[] = [];
  beforeAll(async () => {
    writeFileSync(path.join(tmp.dir, 'routing.json'), JSON.stringify(routing, null, 2));
    server = await startServerProcess({ dataDir: tmp.dir, agents: ['alice', 'bob'], reservationTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    for (const a of agents) a.disconnect();
    await server.stop();
    tmp.remove();
  });

  it('offers a billing task to the agent with the skill, and the statistics follow live', async () => {
    const connect = async (identity: string) => {
      const agent = createAgentClient({ serverUrl: server.url, identity, WebSocket, reconnect: fast });
      agents.push(agent);
      const offers: ReservationInfo[] = [];
      const stats: QueueStats[][] = [];
      agent.on('reservationUpdated', (r) => void (r.status === 'pending' && offers.push(r)));
      agent.on('queueStatsUpdated', (s) => stats.push(s));
      const snapshot = await agent.connect();
      return { agent, offers, stats, snapshot };
    };
    const bob = await connect('bob');
    const alice = await connect('alice');
    expect(alice.snapshot.worker.attributes.skills).toEqual(['billing']);
    expect(alice.snapshot.queues.map((q) => q.name)).toEqual(['Everyone', 'Billing']);
    expect(alice.snapshot.queueStats?.find((q) => q.queueSid === BILLING)).toMatchObject({ eligibleWorkers: 1 });
    expect(await bob.agent.listQueues()).toEqual(alice.snapshot.queues);

    await bob.agent.setActivity('Available'); // bob has been idle for longer
    const customers = createCustomerClient({ serverUrl: server.url, WebSocket, reconnect: fast });
    const engagement = await customers.startEngagement({ friendlyName: 'Ada', topic: 'billing' });
    // Nobody with the skill is Available: the task waits in Billing, and every agent hears it.
    const waiting = (s: QueueStats[] | undefined) => s?.find((q) => q.queueSid === BILLING)?.waitingTasks === 1;
    await until(() => waiting(bob.stats.at(-1)) && waiting(alice.stats.at(-1)));
    expect(bob.offers).toEqual([]);
    expect((await bob.agent.getQueueStats!()).find((q) => q.queueSid === BILLING)).toMatchObject({
      waitingTasks: 1,
      availableWorkers: 0,
    });

    await alice.agent.setActivity('Available');
    await until(() => alice.offers.length === 1);
    expect(alice.offers[0]!.taskSid).toBe(engagement.taskSid);
    expect(bob.offers).toEqual([]);
    await until(() => {
      const billing = bob.stats.at(-1)?.find((q) => q.queueSid === BILLING);
      return billing?.waitingTasks === 0 && billing.reservedTasks === 1 && billing.availableWorkers === 1;
    });

    // A task without the topic goes to the default queue: bob, idle for longer.
    const general = await customers.startEngagement({ friendlyName: 'Bo' });
    await until(() => bob.offers.length === 1);
    expect(bob.offers[0]!.taskSid).toBe(general.taskSid);
  });
});
