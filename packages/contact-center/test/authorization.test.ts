/**
 * Cross-access is refused both ways with CC_FORBIDDEN and changes nothing: agent A on agent
 * B's reservation, task and channel; a customer on another customer's channel.
 */
import { RawClient, engage, get, login, startServerProcess, type ServerProcess } from './helpers';

let server: ServerProcess;
const sockets: RawClient[] = [];
const connect = async (token: string) => {
  const c = await RawClient.connect(server.url, token);
  sockets.push(c);
  return c;
};

beforeAll(async () => {
  server = await startServerProcess({ dataDir: null, agents: ['alice', 'bob'], chatCapacity: 1 });
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  await server.stop();
});

it('keeps agents to their own reservations, tasks and channels, and customers to their own channel', async () => {
  const alice = await login(server.url, 'alice');
  const bob = await login(server.url, 'bob');
  const a = await connect(alice.token);
  const b = await connect(bob.token);
  await a.ok('setActivity', { activity: 'Available' });
  const one = await engage(server.url, { friendlyName: 'One', question: 'first' });
  const aRes = await a.event('reservationUpdated', (r) => r.status === 'pending');
  await b.ok('setActivity', { activity: 'Available' });
  const two = await engage(server.url, { friendlyName: 'Two', question: 'second' });
  const bRes = await b.event('reservationUpdated', (r) => r.status === 'pending');
  expect(aRes.taskSid).toBe(one.taskSid); // alice was idle longest; her capacity is 1
  expect(bRes.taskSid).toBe(two.taskSid);

  // Bob on alice's pending reservation.
  expect(await b.request('acceptReservation', { reservationSid: aRes.sid })).toMatchObject({ code: 'CC_FORBIDDEN' });
  expect(await b.request('rejectReservation', { reservationSid: aRes.sid })).toMatchObject({ code: 'CC_FORBIDDEN' });
  await a.ok('acceptReservation', { reservationSid: aRes.sid });
  // Bob on alice's task and channel.
  for (const [type, params] of [
    ['completeTask', { taskSid: one.taskSid }],
    ['wrapupTask', { taskSid: one.taskSid }],
    ['transferTask', { taskSid: one.taskSid, toWorkerSid: bob.worker.sid }],
    ['sendMessage', { channelSid: one.channelSid, body: 'I am alice', clientId: 'evil' }],
    ['getMessages', { channelSid: one.channelSid }],
  ] as const) {
    expect(await b.request(type, params)).toMatchObject({ type: 'error', code: 'CC_FORBIDDEN' });
  }
  expect((await get(`${server.url}/api/channels/${one.channelSid}/messages`, bob.token)).status).toBe(403);
  // Bob sees no typing from alice's channel, and can't type into it.
  b.sendRaw(JSON.stringify({ type: 'sendTyping', channelSid: one.channelSid }));
  expect(await b.next((f) => f.type === 'error' && f.id === null)).toMatchObject({ code: 'CC_FORBIDDEN' });

  // Customer two on customer one's channel.
  const c2 = await connect(two.token);
  expect(await c2.request('sendMessage', { channelSid: one.channelSid, body: 'hijack', clientId: 'h1' })).toMatchObject(
    { code: 'CC_FORBIDDEN' },
  );
  expect(await c2.request('getMessages', { channelSid: one.channelSid })).toMatchObject({ code: 'CC_FORBIDDEN' });
  expect(await c2.request('leave', { channelSid: one.channelSid })).toMatchObject({ code: 'CC_FORBIDDEN' });
  expect((await get(`${server.url}/api/channels/${one.channelSid}/messages`, two.token)).status).toBe(403);
  // A customer token is no agent token.
  expect(await c2.request('completeTask', { taskSid: two.taskSid })).toMatchObject({ code: 'CC_FORBIDDEN' });

  // Nothing changed: channel one has no message, task one is still alice's and assigned.
  const c1 = await connect(one.token);
  expect(c1.snapshot.messages).toEqual([]);
  expect(c1.snapshot.task).toMatchObject({ status: 'assigned', workerSid: alice.worker.sid });
  expect(c1.snapshot.channel.status).toBe('open');
  const again = await connect(alice.token);
  expect(again.snapshot.reservations).toEqual([expect.objectContaining({ sid: aRes.sid, status: 'accepted' })]);
  // And the rightful owners can act.
  expect(await c1.ok('sendMessage', { body: 'still mine', clientId: 'm1' })).toMatchObject({ index: 0 });
  expect(await a.ok('getMessages', { channelSid: one.channelSid })).toHaveLength(1);
});
