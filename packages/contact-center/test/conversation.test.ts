/**
 * A conversation over the wire protocol, end to end: login, engagement, routing, accept,
 * chat both ways with acks, typing, transfer, wrap-up, complete, reservation timeout.
 */
import { RawClient, engage, get, login, post, startServerProcess, type ServerProcess } from './helpers';

let server: ServerProcess;
const open: RawClient[] = [];
const connect = async (token: string) => {
  const c = await RawClient.connect(server.url, token);
  open.push(c);
  return c;
};

beforeAll(async () => {
  server = await startServerProcess({ dataDir: null, agents: ['alice', 'bob', 'carol'], reservationTimeoutMs: 400 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
afterAll(() => server.stop());

/** Logs `identity` in, connects, goes Available. */
async function agent(identity: string) {
  const { token, worker } = await login(server.url, identity);
  const socket = await connect(token);
  await socket.ok('setActivity', { activity: 'Available' });
  return { token, worker, socket };
}

/** Sets every connected agent of the test Offline at the end (routing must not leak into the next test). */
async function offline(...agents: { socket: RawClient }[]) {
  for (const a of agents) await a.socket.ok('setActivity', { activity: 'Offline' });
}

it('logs an agent in and refuses an unknown identity with 404', async () => {
  const ok = await login(server.url, 'alice');
  expect(ok.worker).toMatchObject({ identity: 'alice', fullName: 'Alice' });
  expect(ok.token.split('.')).toHaveLength(3);
  const unknown = await post(`${server.url}/api/agents/login`, { identity: 'mallory' });
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toEqual({ code: 'CC_NOT_FOUND', message: expect.stringContaining('mallory') });
  const session = await get(`${server.url}/api/session`, ok.token);
  expect(session.body).toMatchObject({ role: 'agent', workerSid: ok.worker.sid, identity: 'alice' });
});

it('lists who can sign in, and nothing more', async () => {
  const roster = await get(`${server.url}/api/agents`);
  expect(roster.status).toBe(200);
  expect(roster.body).toEqual(
    expect.arrayContaining([
      { identity: 'alice', fullName: 'Alice' },
      { identity: 'bob', fullName: 'Bob' },
    ]),
  );
});

it('routes an engagement to an available agent and carries the whole conversation', async () => {
  const alice = await agent('alice');
  const engagement = await engage(server.url, { friendlyName: 'Ada', question: 'Where is my parcel?', orderId: '42' });
  expect(engagement).toMatchObject({
    friendlyName: 'Ada',
    channelSid: expect.stringMatching(/^CH/),
    taskSid: expect.stringMatching(/^WT/),
  });
  const customer = await connect(engagement.token);
  // The form's data is the task's; as in Flex, the page posts the question itself.
  expect(customer.snapshot.messages).toEqual([]);
  expect(customer.snapshot.task.attributes).toMatchObject({
    question: 'Where is my parcel?',
    orderId: '42',
    customerName: 'Ada',
  });
  expect(await customer.ok('sendMessage', { body: 'Where is my parcel?', clientId: 'q0' })).toEqual(
    expect.objectContaining({ index: 0, body: 'Where is my parcel?', authorRole: 'customer', authorName: 'Ada' }),
  );

  // Routed: alice gets a pending reservation and can preview the channel, but not write yet.
  const reservation = await alice.socket.event(
    'reservationUpdated',
    (r) => r.taskSid === engagement.taskSid && r.status === 'pending',
  );
  expect(reservation.expiresAt).toBeGreaterThan(Date.now());
  // The offer comes with its task and channel (the customer's name, the form's data).
  expect(await alice.socket.event('channelUpdated', (c) => c.sid === engagement.channelSid)).toMatchObject({
    customer: { friendlyName: 'Ada' },
  });
  const preview = await alice.socket.ok('getMessages', { channelSid: engagement.channelSid });
  expect(preview.map((m: { body: string }) => m.body)).toEqual(['Where is my parcel?']);
  const early = await alice.socket.request('sendMessage', {
    channelSid: engagement.channelSid,
    body: 'hi',
    clientId: 'a0',
  });
  expect(early).toMatchObject({ type: 'error', code: 'CC_FORBIDDEN' });

  const accepted = await alice.socket.ok('acceptReservation', { reservationSid: reservation.sid });
  expect(accepted.status).toBe('accepted');
  expect(await alice.socket.event('taskUpdated', (t) => t.status === 'assigned')).toMatchObject({
    workerSid: alice.worker.sid,
  });

  // Agent → customer: the agent's ack carries the stored message; the customer gets it pushed.
  const sent = await alice.socket.ok('sendMessage', {
    channelSid: engagement.channelSid,
    body: 'Hello Ada!',
    clientId: 'a1',
  });
  expect(sent).toMatchObject({
    index: 1,
    authorRole: 'agent',
    authorName: 'Alice',
    clientId: 'a1',
    sid: expect.stringMatching(/^IM/),
  });
  expect(await customer.event('messageAdded')).toEqual(sent);
  // Customer → agent.
  const reply = await customer.ok('sendMessage', { body: 'Hi!', clientId: 'c1' });
  expect(reply).toMatchObject({ index: 2, authorRole: 'customer' });
  expect(await alice.socket.event('messageAdded', (m) => m.sid === reply.sid)).toEqual(reply);
  // The sender is not pushed its own message (its ack is enough).
  expect(await customer.none((f) => f.type === 'event' && f.event === 'messageAdded')).toBe(true);

  // Typing goes to the other side only.
  customer.sendRaw(JSON.stringify({ type: 'sendTyping' }));
  expect(await alice.socket.event('typing')).toMatchObject({
    channelSid: engagement.channelSid,
    role: 'customer',
    name: 'Ada',
  });
  alice.socket.sendRaw(JSON.stringify({ type: 'sendTyping', channelSid: engagement.channelSid }));
  expect(await customer.event('typing')).toMatchObject({ role: 'agent', name: 'Alice' });

  // Wrap-up keeps the channel open (a survey can still be answered), complete closes it.
  expect(await alice.socket.ok('wrapupTask', { taskSid: engagement.taskSid })).toMatchObject({ status: 'wrapping' });
  await customer.ok('sendMessage', { body: 'Survey: 5 stars', clientId: 'c2' });
  expect(await alice.socket.event('messageAdded', (m) => m.body === 'Survey: 5 stars')).toMatchObject({
    body: 'Survey: 5 stars',
  });
  expect(await alice.socket.ok('completeTask', { taskSid: engagement.taskSid })).toMatchObject({ status: 'completed' });
  expect(await customer.event('channelUpdated')).toMatchObject({ sid: engagement.channelSid, status: 'closed' });
  const late = await customer.request('sendMessage', { body: 'still there?', clientId: 'c3' });
  expect(late).toMatchObject({ type: 'error', code: 'CC_INVALID_STATE', message: expect.stringContaining('closed') });

  // History over HTTP, same rules: the customer and the agent who held it read it.
  const history = await get(`${server.url}/api/channels/${engagement.channelSid}/messages`, engagement.token);
  expect(history.body.map((m: { index: number }) => m.index)).toEqual([0, 1, 2, 3]);
  expect(
    (await get(`${server.url}/api/channels/${engagement.channelSid}/messages?afterIndex=2`, alice.token)).body,
  ).toHaveLength(1);
  expect((await get(`${server.url}/api/channels/${engagement.channelSid}/messages`)).status).toBe(401);
  await offline(alice);
});

it('transfers a task cold: the target gets a reservation, the original becomes transferred', async () => {
  const alice = await agent('alice');
  const engagement = await engage(server.url, { name: 'Grace' });
  const r = await alice.socket.event(
    'reservationUpdated',
    (x) => x.taskSid === engagement.taskSid && x.status === 'pending',
  );
  await alice.socket.ok('acceptReservation', { reservationSid: r.sid });
  const bob = await agent('bob');

  const refused = await alice.socket.request('transferTask', {
    taskSid: engagement.taskSid,
    toWorkerSid: alice.worker.sid,
  });
  expect(refused).toMatchObject({ type: 'error', code: 'CC_BAD_REQUEST' });
  const task = await alice.socket.ok('transferTask', { taskSid: engagement.taskSid, toWorkerSid: bob.worker.sid });
  expect(task).toMatchObject({ status: 'reserved', workerSid: null });
  expect(
    await alice.socket.event('reservationUpdated', (x) => x.sid === r.sid && x.status !== 'accepted'),
  ).toMatchObject({ status: 'transferred' });
  const offer = await bob.socket.event(
    'reservationUpdated',
    (x) => x.taskSid === engagement.taskSid && x.status === 'pending',
  );
  await bob.socket.ok('acceptReservation', { reservationSid: offer.sid });
  await bob.socket.ok('sendMessage', { channelSid: engagement.channelSid, body: 'Bob here', clientId: 'b1' });
  // Alice no longer holds the task: she can neither write nor complete it.
  expect(
    await alice.socket.request('sendMessage', { channelSid: engagement.channelSid, body: 'x', clientId: 'a9' }),
  ).toMatchObject({ code: 'CC_FORBIDDEN' });
  expect(await alice.socket.request('completeTask', { taskSid: engagement.taskSid })).toMatchObject({
    code: 'CC_FORBIDDEN',
  });
  expect(await bob.socket.ok('completeTask', { taskSid: engagement.taskSid })).toMatchObject({
    status: 'completed',
    workerSid: bob.worker.sid,
  });
  await offline(alice, bob);
});

it('times a reservation out and routes the task to another agent', async () => {
  const bob = await agent('bob'); // idle longest: gets the first offer
  const carol = await agent('carol');
  const engagement = await engage(server.url, { name: 'Linus' });
  const first = await bob.socket.event(
    'reservationUpdated',
    (x) => x.taskSid === engagement.taskSid && x.status === 'pending',
  );
  expect(
    await bob.socket.event('reservationUpdated', (x) => x.sid === first.sid && x.status === 'timeout', 2000),
  ).toBeTruthy();
  const second = await carol.socket.event(
    'reservationUpdated',
    (x) => x.taskSid === engagement.taskSid && x.status === 'pending',
    2000,
  );
  expect(second.sid).not.toBe(first.sid);
  // A timed-out reservation can't be accepted any more.
  expect(await bob.socket.request('acceptReservation', { reservationSid: first.sid })).toMatchObject({
    code: 'CC_INVALID_STATE',
  });
  // Carol rejects: with nobody else eligible it comes back to bob.
  await carol.socket.ok('rejectReservation', { reservationSid: second.sid });
  const third = await bob.socket.event(
    'reservationUpdated',
    (x) => x.taskSid === engagement.taskSid && x.status === 'pending',
    2000,
  );
  await bob.socket.ok('acceptReservation', { reservationSid: third.sid });
  const customer = await connect(engagement.token);
  await customer.ok('leave');
  expect(
    await bob.socket.event('taskUpdated', (t) => t.sid === engagement.taskSid && t.status === 'canceled'),
  ).toBeTruthy();
  expect(
    await bob.socket.event('channelUpdated', (c) => c.sid === engagement.channelSid && c.status === 'closed'),
  ).toMatchObject({
    status: 'closed',
  });
  await offline(bob, carol);
});

it('tells every agent about activity changes and lists the workers', async () => {
  const alice = await agent('alice');
  const { token } = await login(server.url, 'bob');
  const bobSocket = await connect(token);
  await bobSocket.ok('setActivity', { activity: 'Busy' });
  expect(await alice.socket.event('workerUpdated', (w) => w.identity === 'bob')).toMatchObject({ activity: 'Busy' });
  const workers = await alice.socket.ok('listWorkers');
  expect(workers.map((w: { identity: string }) => w.identity).sort()).toEqual(['alice', 'bob', 'carol']);
  await bobSocket.ok('logout');
  expect(await alice.socket.event('workerUpdated', (w) => w.identity === 'bob')).toMatchObject({ activity: 'Offline' });
  await offline(alice);
});
