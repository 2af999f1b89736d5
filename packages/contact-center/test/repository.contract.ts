/**
 * The Repository contract: what the engine relies on from its storage, asserted the same way
 * against every implementation (`repository.test.ts` runs it on memory and on SQLite).
 */
import { activitySid, type ChannelInfo, type ChatMessage, type ReservationInfo, type TaskInfo } from '../src/types';
import type { Repository, WorkerRecord } from '../src/engine/Repository';

export interface RepositoryUnderTest {
  repo: Repository;
  /** Closes what it opened. */
  close(): Promise<void>;
}

const worker = (identity: string, over: Partial<WorkerRecord> = {}): WorkerRecord => {
  const w: WorkerRecord = {
    sid: `WK${identity}`,
    role: 'agent',
    identity,
    fullName: identity.toUpperCase(),
    activity: 'Offline',
    activitySid: '',
    attributes: { full_name: identity.toUpperCase(), skills: [] },
    idleSince: 1,
    ...over,
  };
  return { ...w, activitySid: activitySid(w.activity) };
};
const channel = (n: number, over: Partial<ChannelInfo> = {}): ChannelInfo => ({
  sid: `CH${n}`,
  taskSid: `WT${n}`,
  status: 'open',
  customer: { identity: `customer-${n}`, friendlyName: `Customer ${n}` },
  createdAt: 10 + n,
  updatedAt: 10 + n,
  ...over,
});
const task = (n: number, over: Partial<TaskInfo> = {}): TaskInfo => ({
  sid: `WT${n}`,
  channelType: 'chat',
  status: 'pending',
  channelSid: `CH${n}`,
  workerSid: null,
  attributes: { customerName: `Customer ${n}`, nested: { tier: 'gold', tags: ['a', 'b'] } },
  createdAt: 20 + n,
  updatedAt: 20 + n,
  ...over,
});
const reservation = (n: number, workerSid: string, over: Partial<ReservationInfo> = {}): ReservationInfo => ({
  sid: `WR${n}${workerSid}`,
  taskSid: `WT${n}`,
  workerSid,
  status: 'pending',
  createdAt: 30 + n,
  updatedAt: 30 + n,
  expiresAt: 1_000 + n,
  ...over,
});
const message = (channelN: number, index: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  sid: `IM${channelN}-${index}`,
  channelSid: `CH${channelN}`,
  index,
  author: `customer-${channelN}`,
  authorRole: 'customer',
  authorName: `Customer ${channelN}`,
  body: `message ${index} — “quoted”, 😀, new\nline`,
  createdAt: 40 + index,
  clientId: `c${channelN}-${index}`,
  ...over,
});

/*
 * Refusals are asserted with `.rejects.toHaveProperty('message')`, not `.toThrow()`: the
 * errors of better-sqlite3 (a native module, loaded once per Jest worker) may come from
 * another test file's realm, where `instanceof Error` is false.
 */
export function repositoryContract(open: () => Promise<RepositoryUnderTest>): void {
  let t: RepositoryUnderTest;
  let repo: Repository;
  beforeEach(async () => {
    t = await open();
    repo = t.repo;
  });
  afterEach(() => t.close());

  it('upserts workers and lists them by identity, with their routing clock', async () => {
    await repo.persist({ workers: [worker('bob'), worker('alice')] });
    await repo.persist({ workers: [worker('bob', { activity: 'Available', idleSince: 99 })] });
    expect(await repo.workers()).toEqual([worker('alice'), worker('bob', { activity: 'Available', idleSince: 99 })]);
  });

  it("keeps a worker's attributes as written, nested values included, and replaces them on update", async () => {
    const attributes = {
      full_name: 'Alice Liddell',
      skills: ['billing', 'español'],
      routing: { levels: { billing: 3 }, skills: [] },
      email: null,
      active: true,
      note: '“quoted” 😀\nline',
    };
    await repo.persist({ workers: [worker('alice', { fullName: 'Alice Liddell', attributes })] });
    expect(await repo.workers()).toEqual([worker('alice', { fullName: 'Alice Liddell', attributes })]);
    await repo.persist({ workers: [worker('alice', { attributes: { full_name: 'ALICE' } })] });
    expect((await repo.workers())[0]!.attributes).toEqual({ full_name: 'ALICE' });
  });

  it('keeps tasks, channels and reservations as written, attributes included', async () => {
    await repo.persist({
      workers: [worker('a')],
      channels: [channel(1)],
      tasks: [task(1)],
      reservations: [reservation(1, 'WKa')],
    });
    expect(await repo.task('WT1')).toEqual(task(1));
    expect(await repo.channel('CH1')).toEqual(channel(1));
    expect(await repo.reservation('WR1WKa')).toEqual(reservation(1, 'WKa'));
    expect(await repo.task('WT404')).toBeUndefined();
    expect(await repo.channel('CH404')).toBeUndefined();
    expect(await repo.reservation('WR404')).toBeUndefined();
  });

  it("keeps a task's queue and priority (the workflow's), and updates them", async () => {
    const queued = task(2, { queueSid: 'WQ0123456789abcdef0123456789abcdef', priority: 5 });
    await repo.persist({ channels: [channel(2)], tasks: [queued] });
    expect(await repo.task('WT2')).toEqual(queued);
    const moved = { ...queued, queueSid: 'WQ00000000000000000000000000000001', priority: -1, updatedAt: 99 };
    await repo.persist({ tasks: [moved] });
    expect(await repo.activeTasks()).toEqual([moved]);
  });

  it('lists the active tasks only, and the reservations and channels asked for', async () => {
    const statuses = ['pending', 'reserved', 'assigned', 'wrapping', 'completed', 'canceled'] as const;
    await repo.persist({
      workers: [worker('a'), worker('b')],
      channels: statuses.map((_, n) => channel(n)),
      tasks: statuses.map((status, n) => task(n, { status })),
      reservations: [reservation(0, 'WKa'), reservation(1, 'WKa'), reservation(1, 'WKb', { status: 'rejected' })],
    });
    const active = await repo.activeTasks();
    expect(active.map((x) => x.status).sort()).toEqual(['assigned', 'pending', 'reserved', 'wrapping']);
    expect((await repo.reservationsOfTasks(['WT1'])).map((r) => r.sid).sort()).toEqual(['WR1WKa', 'WR1WKb']);
    expect(await repo.reservationsOfTasks([])).toEqual([]);
    expect((await repo.channels(['CH2', 'CH404'])).map((c) => c.sid)).toEqual(['CH2']);
    expect(await repo.channels([])).toEqual([]);
  });

  it('updates a reservation in place (its deadline cleared once answered)', async () => {
    await repo.persist({
      workers: [worker('a')],
      channels: [channel(1)],
      tasks: [task(1)],
      reservations: [reservation(1, 'WKa')],
    });
    await repo.persist({
      reservations: [reservation(1, 'WKa', { status: 'accepted', updatedAt: 50, expiresAt: null })],
    });
    expect(await repo.reservation('WR1WKa')).toEqual(
      reservation(1, 'WKa', { status: 'accepted', updatedAt: 50, expiresAt: null }),
    );
  });

  it('reads messages in index order, after an index, by channel', async () => {
    await repo.persist({ channels: [channel(1), channel(2)], tasks: [task(1), task(2)] });
    await repo.appendMessages([message(1, 1), message(2, 0), message(1, 0)]);
    await repo.appendMessages([message(1, 2, { clientId: null, authorRole: 'agent', author: 'alice' })]);
    expect((await repo.messages('CH1')).map((m) => m.index)).toEqual([0, 1, 2]);
    expect(await repo.messages('CH1', 0)).toEqual([
      message(1, 1),
      message(1, 2, { clientId: null, authorRole: 'agent', author: 'alice' }),
    ]);
    expect((await repo.messagesOf(['CH2', 'CH1'])).map((m) => m.sid)).toEqual(['IM1-0', 'IM1-1', 'IM1-2', 'IM2-0']);
    expect(await repo.messagesOf([])).toEqual([]);
    expect(await repo.messages('CH404')).toEqual([]);
  });

  it('refuses a message whose index or clientId its channel has, and writes none of the batch', async () => {
    await repo.persist({ channels: [channel(1)], tasks: [task(1)] });
    await repo.appendMessages([message(1, 0)]);
    await expect(
      repo.appendMessages([message(1, 1), message(1, 0, { sid: 'IMdup', clientId: 'other' })]),
    ).rejects.toHaveProperty('message');
    await expect(repo.appendMessages([message(1, 1), message(1, 2, { clientId: 'c1-0' })])).rejects.toHaveProperty(
      'message',
    );
    await expect(
      repo.persist({ workers: [worker('zed')], messages: [message(1, 0, { sid: 'IMx', clientId: 'y' })] }),
    ).rejects.toHaveProperty('message');
    expect((await repo.messages('CH1')).map((m) => m.sid)).toEqual(['IM1-0']);
    expect(await repo.workers()).toEqual([]);
    // Two messages without a clientId are no clash.
    await repo.appendMessages([message(1, 1, { clientId: null }), message(1, 2, { clientId: null })]);
    expect(await repo.messages('CH1')).toHaveLength(3);
  });

  it('refuses rows that name what does not exist, and writes none of the change', async () => {
    await expect(repo.persist({ channels: [channel(1)], tasks: [task(1), task(2)] })).rejects.toHaveProperty('message');
    await expect(
      repo.persist({ channels: [channel(1)], tasks: [task(1)], reservations: [reservation(1, 'WKnobody')] }),
    ).rejects.toHaveProperty('message');
    await expect(repo.appendMessages([message(9, 0)])).rejects.toHaveProperty('message');
    expect(await repo.channel('CH1')).toBeUndefined();
    expect(await repo.activeTasks()).toEqual([]);
  });

  it('tells whether a worker ever held a task (accepted, wrapping or completed)', async () => {
    await repo.persist({
      workers: [worker('a')],
      channels: [channel(1), channel(2)],
      tasks: [task(1), task(2)],
      reservations: [reservation(1, 'WKa', { status: 'completed' }), reservation(2, 'WKa', { status: 'rejected' })],
    });
    expect(await repo.workerHeldTask('WKa', 'WT1')).toBe(true);
    expect(await repo.workerHeldTask('WKa', 'WT2')).toBe(false);
    expect(await repo.workerHeldTask('WKb', 'WT1')).toBe(false);
  });

  it('hands out copies: changing what it returned changes nothing stored', async () => {
    await repo.persist({ channels: [channel(1)], tasks: [task(1)], workers: [worker('alice')] });
    const read = (await repo.task('WT1'))!;
    (read.attributes.nested as { tier: string }).tier = 'changed';
    read.status = 'completed';
    const [w] = await repo.workers();
    w!.activity = 'Available';
    (w!.attributes.skills as string[]).push('changed');
    expect(await repo.task('WT1')).toEqual(task(1));
    expect(await repo.workers()).toEqual([worker('alice')]);
  });
}
