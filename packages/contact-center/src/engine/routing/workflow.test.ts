/**
 * Queues and the workflow, through the real engine on the in-memory repository: skills, the
 * workflow's filters and priorities, target timeouts to a fallback queue, capacity per channel,
 * re-offer, longest idle, transfer to a queue, queue statistics.
 */
import { ContactCenter } from '../ContactCenter';
import { MemoryRepository } from '../MemoryRepository';
import type { Push } from '../PushPlanner';
import type { TaskInfo } from '../../types';
import { EVERYONE_QUEUE_SID, queueSidOf, type RoutingConfig } from './RoutingConfig';

const BILLING = queueSidOf('Billing');
const config = (over: Partial<RoutingConfig> = {}): RoutingConfig => ({
  queues: [
    { name: 'Everyone', targetWorkers: '1 == 1' },
    { name: 'Billing', targetWorkers: 'skills HAS "billing"' },
  ],
  workflow: {
    filters: [
      { name: 'VIP', expression: 'vip == "yes"', targets: [{ queue: 'Everyone', priority: 10 }] },
      { name: 'Billing', expression: 'topic == "billing"', targets: [{ queue: 'Billing', priority: 1 }] },
    ],
    defaultQueue: 'Everyone',
  },
  workers: { alice: { attributes: { skills: ['billing'] } } },
  ...over,
});

const open: ContactCenter[] = [];
async function start(routing: RoutingConfig, agents = ['alice', 'bob'], repo = new MemoryRepository()) {
  const cc = await ContactCenter.open(
    repo,
    { reservationTimeoutMs: 60_000, routing, onError: (m, e) => console.error(m, e) },
    agents,
  );
  open.push(cc);
  const pushes: Push[] = [];
  cc.pushes.on('push', (p) => pushes.push(p));
  const sid = (identity: string) => cc.workerByIdentity(identity)!.sid;
  /** Available, one after the other (the first is then idle for longest). */
  const available = async (...identities: string[]) => {
    for (const identity of identities) {
      await cc.setActivity(sid(identity), 'Available');
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const offers = (identity: string) =>
    cc.agentSnapshot(sid(identity)).reservations.filter((r) => r.status === 'pending');
  return { cc, pushes, sid, available, offers };
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((cc) => cc.close()));
});

async function until<T>(read: () => T | undefined | false, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('queues and the workflow (engine)', () => {
  it('sends a task with a skill to the agent with that skill, not to the one idle for longer', async () => {
    const { cc, available, offers, sid } = await start(config());
    expect(cc.workerByIdentity('alice')!.attributes.skills).toEqual(['billing']);
    await available('bob', 'alice'); // bob is idle for longer
    const { task } = await cc.startEngagement({ friendlyName: 'Ada', topic: 'billing' });
    const offer = await until(() => offers('alice')[0]);
    expect(offer.taskSid).toBe(task.sid);
    expect(offers('bob')).toEqual([]);
    const routed = cc.agentSnapshot(sid('alice')).tasks[0]!;
    expect(routed).toMatchObject({ queueSid: BILLING, priority: 1, status: 'reserved' });
    // A task no filter matches goes to the default queue: the longest idle (bob).
    const other = await cc.startEngagement({ friendlyName: 'Bo' });
    await until(() => offers('bob').find((r) => r.taskSid === other.task.sid));
    expect(cc.agentSnapshot(sid('bob')).tasks[0]!.queueSid).toBe(EVERYONE_QUEUE_SID);
  });

  it('offers higher priority first, then the oldest', async () => {
    const { cc, available, offers } = await start(config(), ['alice'], undefined);
    const low1 = await cc.startEngagement({ friendlyName: 'L1' });
    const vip = await cc.startEngagement({ friendlyName: 'V', vip: 'yes' });
    const low2 = await cc.startEngagement({ friendlyName: 'L2' });
    await until(() => cc.queueStats().find((q) => q.queueSid === EVERYONE_QUEUE_SID)!.waitingTasks === 3);
    const order: string[] = [];
    cc.pushes.on('push', (p) => {
      if (p.event === 'reservationUpdated' && (p.data as { status: string }).status === 'pending')
        order.push((p.data as { taskSid: string }).taskSid);
    });
    await available('alice');
    await until(() => offers('alice').length === 3);
    expect(order).toEqual([vip.task.sid, low1.task.sid, low2.task.sid]);
  });

  it('moves a task whose target timed out to the next target (the fallback queue), observably', async () => {
    const routing = config({
      workflow: {
        filters: [
          {
            name: 'Billing',
            expression: 'topic == "billing"',
            targets: [
              { queue: 'Billing', priority: 2, timeout: 0.15 },
              { queue: 'Everyone', priority: 1 },
            ],
          },
        ],
        defaultQueue: 'Everyone',
      },
      workers: {},
    });
    const { cc, pushes, available, offers } = await start(routing);
    await available('bob'); // no billing skill: the task waits in Billing
    const { task } = await cc.startEngagement({ friendlyName: 'Ada', topic: 'billing' });
    await until(() => pushes.some((p) => p.event === 'taskUpdated' && (p.data as TaskInfo).queueSid === BILLING));
    expect(cc.queueStats().find((q) => q.queueSid === BILLING)!.waitingTasks).toBe(1);
    expect(offers('bob')).toEqual([]);
    // After 150 ms, it moves to Everyone (a taskUpdated with the new queue) and bob is offered it.
    const moved = await until(() =>
      pushes.find((p) => p.event === 'taskUpdated' && (p.data as TaskInfo).queueSid === EVERYONE_QUEUE_SID),
    );
    expect(moved.data).toMatchObject({ sid: task.sid, priority: 1 });
    await until(() => offers('bob')[0]?.taskSid === task.sid);
  });

  it("narrows a target's workers with its expression (over the worker and the task)", async () => {
    const routing = config({
      workflow: {
        filters: [
          {
            name: 'Levelled',
            expression: 'minLevel > 0',
            targets: [{ queue: 'Everyone', expression: 'level >= task.minLevel AND task.channelType == "chat"' }],
          },
        ],
        defaultQueue: 'Everyone',
      },
      workers: { alice: { attributes: { level: 3 } }, bob: { attributes: { level: 1 } } },
    });
    const { cc, available, offers } = await start(routing);
    await available('bob', 'alice'); // bob idle for longer, but below the level
    // The form's values are strings: the task's attributes are set from a driver here.
    const { task } = await cc.startEngagement({ friendlyName: 'Ada' });
    await until(() => offers('bob')[0]?.taskSid === task.sid); // no filter matched: bob
    const repo = new MemoryRepository();
    const now = Date.now();
    await repo.persist({
      channels: [
        {
          sid: `CH${'1'.repeat(32)}`,
          taskSid: `WT${'1'.repeat(32)}`,
          status: 'open',
          customer: { identity: 'customer-x', friendlyName: 'X' },
          createdAt: now,
          updatedAt: now,
        },
      ],
      tasks: [
        {
          sid: `WT${'1'.repeat(32)}`,
          channelType: 'chat',
          status: 'pending',
          channelSid: `CH${'1'.repeat(32)}`,
          workerSid: null,
          attributes: { minLevel: 2 },
          createdAt: now,
          updatedAt: now,
        },
      ],
    });
    const second = await start(routing, ['alice', 'bob'], repo);
    await second.available('bob', 'alice');
    await until(() => second.offers('alice')[0]?.taskSid === `WT${'1'.repeat(32)}`);
    expect(second.offers('bob')).toEqual([]);
  });

  it('keeps capacity per channel: a worker with a chat still takes a call, and not two calls', async () => {
    const { cc, available, offers } = await start(config({ capacity: { chat: 1, voice: 1 } }), ['alice']);
    const channelOf = new Map<string, string>();
    for (const [i, channelType] of (['voice', 'chat', 'voice', 'chat'] as const).entries()) {
      const { task } =
        channelType === 'voice'
          ? await cc.calls.startInbound({ friendlyName: `C${i}` })
          : await cc.startEngagement({ friendlyName: `C${i}` });
      channelOf.set(task.sid, task.channelType);
      await new Promise((r) => setTimeout(r, 2));
    }
    await available('alice');
    await until(() => offers('alice').length === 2);
    await new Promise((r) => setTimeout(r, 30));
    const offered = offers('alice')
      .map((r) => channelOf.get(r.taskSid))
      .sort();
    expect(offered).toEqual(['chat', 'voice']);
    expect(cc.queueStats().find((q) => q.queueSid === EVERYONE_QUEUE_SID)).toMatchObject({
      waitingTasks: 2,
      reservedTasks: 2,
    });
  });

  it('re-offers a rejected task to another fitting worker, the longest idle first', async () => {
    const routing = config({
      workers: { alice: { attributes: { skills: ['billing'] } }, carol: { attributes: { skills: ['billing'] } } },
    });
    const { cc, available, offers, sid } = await start(routing, ['alice', 'bob', 'carol']);
    await available('carol', 'bob', 'alice');
    const { task } = await cc.startEngagement({ friendlyName: 'Ada', topic: 'billing' });
    const first = await until(() => offers('carol')[0]);
    await cc.rejectReservation(sid('carol'), first.sid);
    await until(() => offers('alice')[0]?.taskSid === task.sid);
    expect(offers('bob')).toEqual([]);
    // Timed out by alice too: with nobody else the queue selects, back to carol.
    await cc.expire(offers('alice')[0]!.sid);
    await until(() => offers('carol')[0]?.taskSid === task.sid);
  });

  it('routes again when a worker gains a skill (membership recomputed on attribute change)', async () => {
    const { cc, available, offers, sid } = await start(config({ workers: {} }));
    await available('bob');
    await cc.startEngagement({ friendlyName: 'Ada', topic: 'billing' });
    await until(() => cc.queueStats().find((q) => q.queueSid === BILLING)!.waitingTasks === 1);
    expect(cc.queueStats().find((q) => q.queueSid === BILLING)!.eligibleWorkers).toBe(0);
    await cc.setWorkerAttributes(sid('bob'), { skills: ['billing'] }, true);
    await until(() => offers('bob').length === 1);
    expect(cc.queueStats().find((q) => q.queueSid === BILLING)).toMatchObject({
      waitingTasks: 0,
      reservedTasks: 1,
      eligibleWorkers: 1,
      availableWorkers: 1,
    });
  });

  it('transfers a task to a queue: it goes to a worker that queue selects', async () => {
    const { cc, available, offers, sid } = await start(
      config({ workers: { carol: { attributes: { skills: ['billing'] } } } }),
      ['bob', 'carol'],
    );
    await available('bob');
    const { task } = await cc.startEngagement({ friendlyName: 'Ada' });
    const offer = await until(() => offers('bob')[0]);
    await cc.acceptReservation(sid('bob'), offer.sid);
    await available('carol');
    const moved = await cc.transferTask(sid('bob'), task.sid, BILLING);
    expect(moved).toMatchObject({ status: 'pending', queueSid: BILLING });
    await until(() => offers('carol')[0]?.taskSid === task.sid);
    expect(cc.listQueues()).toEqual([
      { sid: EVERYONE_QUEUE_SID, name: 'Everyone', targetWorkers: '1 == 1' },
      { sid: BILLING, name: 'Billing', targetWorkers: 'skills HAS "billing"' },
    ]);
  });

  it('publishes queue statistics to every agent, throttled', async () => {
    const { cc, pushes, available } = await start(config());
    await available('alice');
    for (let i = 0; i < 5; i++) await cc.startEngagement({ friendlyName: `C${i}`, topic: 'billing' });
    await new Promise((r) => setTimeout(r, 400));
    const stats = pushes.filter((p) => p.event === 'queueStatsUpdated');
    expect(stats.length).toBeGreaterThanOrEqual(1);
    expect(stats.length).toBeLessThanOrEqual(3);
    expect(stats.every((p) => p.allAgents)).toBe(true);
    const last = stats.at(-1)!.data as ReturnType<ContactCenter['queueStats']>;
    expect(last.find((q) => q.queueSid === BILLING)).toMatchObject({
      waitingTasks: 2,
      reservedTasks: 3,
      eligibleWorkers: 1,
    });
    const withoutWait = (all: ReturnType<ContactCenter['queueStats']> | undefined) =>
      all?.map(({ longestWaitMs, ...rest }) => ({ ...rest, waiting: longestWaitMs > 0 }));
    expect(withoutWait(cc.agentSnapshot(cc.workerByIdentity('alice')!.sid).queueStats)).toEqual(
      withoutWait(cc.queueStats()),
    );
  });
});
