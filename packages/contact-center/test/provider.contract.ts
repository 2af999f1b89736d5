/**
 * The provider contract: what an agent desktop and a webchat may rely on from a contact
 * center, asserted the same way on the in-process contact center (what the plugin test kit
 * runs on) and on the server over WebSocket (`provider.test.ts`). Anything one does that the
 * other does not is a failure here, before it is a plugin's surprise in production.
 */
import type { AgentClient, CustomerClient, CustomerSession } from '../src/index';
import {
  ACTIVITY_LIST,
  QUEUES,
  type AgentSnapshot,
  type ReservationInfo,
  type TaskInfo,
  type WorkerInfo,
} from '../src/types';

/** A contact center under test: its agents and customers' clients, and its life. */
export interface ContactCenterUnderTest {
  agent(identity: string): AgentClient;
  customers(): CustomerClient;
  /** The contact center is unreachable for a while (longer than a request timeout), then back. */
  outage(during: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface ContractOptions {
  /** Agents the contact center has: `alice`, `bob`, `carol`, with a chat capacity of 2. */
  start(): Promise<ContactCenterUnderTest>;
}

const until = async (check: () => boolean, what: string, timeoutMs = 8000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** An agent, connected, who records every reservation event. */
async function agentOf(cc: ContactCenterUnderTest, identity: string, available = true) {
  const client = cc.agent(identity);
  const reservations: ReservationInfo[] = [];
  const tasks: TaskInfo[] = [];
  client.on('reservationUpdated', (r) => reservations.push(r));
  client.on('taskUpdated', (t) => tasks.push(t));
  await client.connect();
  if (available) await client.setActivity('Available');
  const pending = () => reservations.filter((r) => r.status === 'pending');
  const latest = (sid: string) => [...reservations].reverse().find((r) => r.sid === sid);
  const offer = async (taskSid: string) => {
    await until(
      () => pending().some((r) => r.taskSid === taskSid && latest(r.sid)?.status === 'pending'),
      `offer of ${taskSid} to ${identity}`,
    );
    return pending().find((r) => r.taskSid === taskSid && latest(r.sid)?.status === 'pending')!;
  };
  return { client, reservations, tasks, offer, latest, sid: client.worker!.sid };
}

export function providerContract({ start }: ContractOptions): void {
  let cc: ContactCenterUnderTest;
  const open: Array<{ disconnect(): void }> = [];
  beforeEach(async () => {
    cc = await start();
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.disconnect();
    await cc.close();
  });
  const agent = async (identity: string, available = true) => {
    const a = await agentOf(cc, identity, available);
    open.push(a.client);
    return a;
  };
  const customer = async (name: string): Promise<{ session: CustomerSession; taskSid: string; channelSid: string }> => {
    const customers = cc.customers();
    const engagement = await customers.startEngagement({ friendlyName: name });
    const session = await customers.resumeSession(engagement);
    open.push(session);
    return { session, taskSid: engagement.taskSid, channelSid: engagement.channelSid };
  };

  it('offers a task to an Available agent, who accepts it and chats with the customer', async () => {
    const alice = await agent('alice');
    const ada = await customer('Ada');
    const offer = await alice.offer(ada.taskSid);
    expect(offer).toMatchObject({ workerSid: alice.sid, status: 'pending' });
    expect(await alice.client.acceptReservation(offer.sid)).toMatchObject({ status: 'accepted' });
    const heard: string[] = [];
    alice.client.on('messageAdded', (m) => heard.push(m.body));
    const seen: string[] = [];
    ada.session.on('messageAdded', (m) => seen.push(m.body));
    await ada.session.sendMessage('Where is my parcel?');
    await alice.client.sendMessage(ada.channelSid, 'Let me check.\nOne moment.');
    await until(() => heard.length === 2 && seen.length === 2, 'both sides have both messages');
    expect(heard).toEqual(['Where is my parcel?', 'Let me check.\nOne moment.']);
    expect(seen).toEqual(heard);
  });

  it('transfers to another agent with a pending reservation, after checking their capacity', async () => {
    const alice = await agent('alice');
    const bob = await agent('bob', false);
    const first = await customer('Ada');
    await alice.client.acceptReservation((await alice.offer(first.taskSid)).sid);
    // Bob is Offline: refused.
    await expect(alice.client.transferTask(first.taskSid, bob.sid)).rejects.toMatchObject({ code: 'CC_INVALID_STATE' });
    // Bob at his capacity of 2: refused. (Alice is Busy, so the new chats go to Bob.)
    await alice.client.setActivity('Busy');
    await bob.client.setActivity('Available');
    const two = [await customer('Bo'), await customer('Cy')];
    for (const c of two) await bob.client.acceptReservation((await bob.offer(c.taskSid)).sid);
    await expect(alice.client.transferTask(first.taskSid, bob.sid)).rejects.toMatchObject({
      code: 'CC_INVALID_STATE',
      message: expect.stringContaining('capacity'),
    });
    // Room again: the transfer makes a pending reservation for Bob; Alice's is transferred.
    await bob.client.completeTask(two[0]!.taskSid);
    const task = await alice.client.transferTask(first.taskSid, bob.sid);
    expect(task).toMatchObject({ sid: first.taskSid, status: 'reserved', workerSid: null });
    const offered = await bob.offer(first.taskSid);
    expect(offered.status).toBe('pending');
    await until(
      () => alice.reservations.some((r) => r.taskSid === first.taskSid && r.status === 'transferred'),
      'transferred',
    );
  });

  it('refuses a transfer to the agent who holds the task (CC_BAD_REQUEST)', async () => {
    const alice = await agent('alice');
    const ada = await customer('Ada');
    await alice.client.acceptReservation((await alice.offer(ada.taskSid)).sid);
    await expect(alice.client.transferTask(ada.taskSid, alice.sid)).rejects.toMatchObject({ code: 'CC_BAD_REQUEST' });
  });

  it('offers a rejected task again, to another agent while there is one', async () => {
    const alice = await agent('alice');
    const ada = await customer('Ada');
    const offer = await alice.offer(ada.taskSid);
    const bob = await agent('bob');
    await alice.client.rejectReservation(offer.sid);
    const again = await bob.offer(ada.taskSid);
    expect(again.workerSid).toBe(bob.sid);
  });

  it('offers a rejected task again to the same agent when nobody else can take it', async () => {
    const alice = await agent('alice');
    const ada = await customer('Ada');
    const offer = await alice.offer(ada.taskSid);
    await alice.client.rejectReservation(offer.sid);
    await until(
      () => alice.reservations.filter((r) => r.taskSid === ada.taskSid && r.status === 'pending').length === 2,
      'offered again',
    );
  });

  it('hands back pending offers when the agent goes Offline; they go to someone else', async () => {
    const alice = await agent('alice');
    const ada = await customer('Ada');
    const offer = await alice.offer(ada.taskSid);
    const bob = await agent('bob', false);
    await alice.client.setActivity('Offline');
    await until(() => alice.latest(offer.sid)?.status === 'rejected', 'offer handed back');
    await bob.client.setActivity('Available');
    expect((await bob.offer(ada.taskSid)).workerSid).toBe(bob.sid);
  });

  it('refuses what is not allowed with the same codes', async () => {
    const alice = await agent('alice');
    const bob = await agent('bob');
    const ada = await customer('Ada');
    const offer = await (async () => {
      await until(() => [...alice.reservations, ...bob.reservations].some((r) => r.taskSid === ada.taskSid), 'offered');
      return [...alice.reservations, ...bob.reservations].find((r) => r.taskSid === ada.taskSid)!;
    })();
    const holder = offer.workerSid === alice.sid ? alice : bob;
    const other = holder === alice ? bob : alice;
    await expect(other.client.acceptReservation(offer.sid)).rejects.toMatchObject({ code: 'CC_FORBIDDEN' });
    await expect(holder.client.sendMessage(ada.channelSid, 'too early')).rejects.toMatchObject({
      code: 'CC_FORBIDDEN',
    });
    await expect(holder.client.wrapupTask(ada.taskSid)).rejects.toMatchObject({ code: 'CC_INVALID_STATE' });
    await expect(holder.client.acceptReservation('WRnope')).rejects.toMatchObject({ code: 'CC_NOT_FOUND' });
    await holder.client.acceptReservation(offer.sid);
    await expect(holder.client.acceptReservation(offer.sid)).rejects.toMatchObject({ code: 'CC_INVALID_STATE' });
    await expect(holder.client.sendMessage(ada.channelSid, '   ')).rejects.toMatchObject({ code: 'CC_BAD_REQUEST' });
    await expect(holder.client.sendMessage(ada.channelSid, 'x'.repeat(4001))).rejects.toMatchObject({
      code: 'CC_TOO_LARGE',
    });
    // Text is stored as written or refused: a lone surrogate is refused on both.
    await expect(holder.client.sendMessage(ada.channelSid, 'x\ud800y')).rejects.toMatchObject({
      code: 'CC_BAD_REQUEST',
    });
    await expect(holder.client.getMessages('CHnope')).rejects.toMatchObject({ code: 'CC_NOT_FOUND' });
  });

  it('closes the chat for the customer when the agent completes the task', async () => {
    const alice = await agent('alice');
    const ada = await customer('Ada');
    await alice.client.acceptReservation((await alice.offer(ada.taskSid)).sid);
    const statuses: string[] = [];
    ada.session.on('channelUpdated', (c) => statuses.push(c.status));
    await alice.client.wrapupTask(ada.taskSid);
    await ada.session.sendMessage('Thanks!'); // the channel stays open while wrapping
    await alice.client.completeTask(ada.taskSid);
    await until(() => statuses.includes('closed'), 'the customer sees the chat closed');
    await expect(ada.session.sendMessage('hello?')).rejects.toMatchObject({ code: 'CC_INVALID_STATE' });
  });

  it('stores a message once when it is resent with the same clientId', async () => {
    const alice = await agent('alice');
    const ada = await customer('Ada');
    await alice.client.acceptReservation((await alice.offer(ada.taskSid)).sid);
    const first = await ada.session.sendMessage('only once', { clientId: 'key-1' });
    const again = await ada.session.sendMessage('only once', { clientId: 'key-1' });
    expect(again.sid).toBe(first.sid);
    expect((await alice.client.getMessages(ada.channelSid)).map((m) => m.body)).toEqual(['only once']);
  });

  it('serves the activity list and the queue in the snapshot, and sets an activity by name or sid', async () => {
    const alice = await agent('alice', false);
    const snapshots: AgentSnapshot[] = [];
    alice.client.on('snapshot', (s) => snapshots.push(s));
    const bob = await agent('bob', false);
    expect(alice.client.worker).toMatchObject({ activity: 'Offline', activitySid: ACTIVITY_LIST[2]!.sid });
    const busy = ACTIVITY_LIST.find((a) => a.name === 'Busy')!;
    expect(await alice.client.setActivity({ activitySid: busy.sid })).toMatchObject({
      activity: 'Busy',
      activitySid: busy.sid,
    });
    expect(await alice.client.setActivity({ activityName: 'Available' })).toMatchObject({ activity: 'Available' });
    await expect(alice.client.setActivity({ activitySid: 'WAnope' })).rejects.toMatchObject({
      code: 'CC_NOT_FOUND',
      message: expect.stringContaining('WAnope'),
    });
    await expect(alice.client.setActivity({ activityName: 'Lunch' })).rejects.toMatchObject({
      code: 'CC_BAD_REQUEST',
    });
    expect(await bob.client.listQueues()).toEqual([...QUEUES]);
    const directory = await bob.client.listWorkers();
    expect(directory.find((w) => w.sid === alice.sid)).toMatchObject({ activity: 'Available' });
    bob.client.disconnect();
    const fresh = cc.agent('bob');
    open.push(fresh);
    const snapshot = await fresh.connect();
    expect(snapshot.activities).toEqual([...ACTIVITY_LIST]);
    expect(snapshot.queues).toEqual([...QUEUES]);
    expect(snapshot.workers.find((w) => w.sid === alice.sid)).toMatchObject({ activity: 'Available' });
  });

  it("stores a worker's attributes (full_name and skills by default), replaced or merged, heard by every agent", async () => {
    const alice = await agent('alice', false);
    const bob = await agent('bob', false);
    expect(alice.client.worker!.attributes).toEqual({ full_name: 'Alice', skills: [] });
    const heard: WorkerInfo[] = [];
    bob.client.on('workerUpdated', (w) => w.sid === alice.sid && heard.push(w));
    const set = await alice.client.setWorkerAttributes({ skills: ['billing'], routing: { levels: { billing: 2 } } });
    // full_name cannot be removed: it is the worker's name.
    expect(set.attributes).toEqual({ full_name: 'Alice', skills: ['billing'], routing: { levels: { billing: 2 } } });
    const merged = await alice.client.setWorkerAttributes(
      { full_name: 'Alice Liddell', routing: { levels: { sales: 1 } } },
      { mergeExisting: true },
    );
    expect(merged).toMatchObject({
      fullName: 'Alice Liddell',
      attributes: {
        full_name: 'Alice Liddell',
        skills: ['billing'],
        routing: { levels: { billing: 2, sales: 1 } },
      },
    });
    expect(alice.client.worker).toEqual(merged);
    await until(() => heard.length === 2, 'bob hears both changes');
    expect(heard[1]).toEqual(merged);
    await expect(alice.client.setWorkerAttributes(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).rejects.toMatchObject({
      code: 'CC_BAD_REQUEST',
      message: expect.stringContaining('attributes.a.__proto__'),
    });
    await expect(alice.client.setWorkerAttributes({ big: 'x'.repeat(10_000) })).rejects.toMatchObject({
      code: 'CC_BAD_REQUEST',
    });
    // Nor can merges grow them past the limit.
    await expect(
      alice.client
        .setWorkerAttributes({ half: 'x'.repeat(5_000) }, { mergeExisting: true })
        .then(() => alice.client.setWorkerAttributes({ other: 'y'.repeat(5_000) }, { mergeExisting: true })),
    ).rejects.toMatchObject({
      code: 'CC_BAD_REQUEST',
      message: expect.stringContaining('the attributes after the merge'),
    });
    const latest = await alice.client.setWorkerAttributes({ half: null }, { mergeExisting: true });
    expect(latest.attributes).toEqual({ ...merged.attributes, half: null });
    // Stored: a new connection (a new snapshot) has them.
    alice.client.disconnect();
    const again = cc.agent('alice');
    open.push(again);
    expect((await again.connect()).worker).toEqual(latest);
  });

  it('sets the attributes of a held task, pushed to the workers holding it; refuses others', async () => {
    const alice = await agent('alice');
    const bob = await agent('bob', false);
    const ada = await customer('Ada');
    const offer = await alice.offer(ada.taskSid);
    // While the offer is pending, already.
    const task = await alice.client.setTaskAttributes(ada.taskSid, { crm: { id: 7 } }, { mergeExisting: true });
    expect(task.attributes).toMatchObject({ customerName: 'Ada', crm: { id: 7 } });
    await until(
      () => alice.tasks.some((t) => t.sid === ada.taskSid && (t.attributes.crm as { id?: number })?.id === 7),
      'alice hears taskUpdated',
    );
    await alice.client.acceptReservation(offer.sid);
    const replaced = await alice.client.setTaskAttributes(ada.taskSid, { only: true });
    expect(replaced.attributes).toEqual({ only: true });
    await expect(bob.client.setTaskAttributes(ada.taskSid, { x: 1 })).rejects.toMatchObject({ code: 'CC_FORBIDDEN' });
    await expect(alice.client.setTaskAttributes('WTnope', { x: 1 })).rejects.toMatchObject({ code: 'CC_NOT_FOUND' });
    await expect(
      alice.client.setTaskAttributes(ada.taskSid, [1] as unknown as Record<string, unknown>),
    ).rejects.toMatchObject({ code: 'CC_BAD_REQUEST', message: expect.stringContaining('attributes') });
    await alice.client.completeTask(ada.taskSid);
    await expect(alice.client.setTaskAttributes(ada.taskSid, { x: 1 })).rejects.toMatchObject({
      code: 'CC_INVALID_STATE',
    });
    expect(bob.tasks.some((t) => t.sid === ada.taskSid)).toBe(false);
  });

  it('transfers to the queue: the task goes back to routing, to another agent', async () => {
    const alice = await agent('alice');
    const ada = await customer('Ada');
    await alice.client.acceptReservation((await alice.offer(ada.taskSid)).sid);
    const bob = await agent('bob');
    const [queue] = await alice.client.listQueues();
    expect(await alice.client.transferTask(ada.taskSid, queue!.sid)).toMatchObject({
      status: 'pending',
      workerSid: null,
    });
    expect((await bob.offer(ada.taskSid)).workerSid).toBe(bob.sid);
    await until(
      () => alice.reservations.some((r) => r.taskSid === ada.taskSid && r.status === 'transferred'),
      'alice sees it transferred',
    );
  });

  it('delivers what both sides wrote during an outage longer than a request timeout, exactly once', async () => {
    const alice = await agent('alice');
    const ada = await customer('Ada');
    await alice.client.acceptReservation((await alice.offer(ada.taskSid)).sid);
    let sent: Promise<unknown>[] = [];
    await cc.outage(async () => {
      await until(
        () => ada.session.connectionState !== 'connected' && alice.client.connectionState !== 'connected',
        'both see the outage',
      );
      sent = [
        ada.session.sendMessage('written while down (customer)'),
        alice.client.sendMessage(ada.channelSid, 'written while down (agent)'),
      ];
    });
    await Promise.all(sent);
    const stored = await alice.client.getMessages(ada.channelSid);
    expect(stored.map((m) => m.body).sort()).toEqual(['written while down (agent)', 'written while down (customer)']);
  });
}
