/**
 * Calls and supervision against a real server (127.0.0.1, a free port) with the real clients
 * over `ws`: an inbound call's lifecycle, outbound calls to a registered phone, cold and warm
 * transfers, monitoring a call and a chat, and the refusals (non-participants, agents asking
 * for supervisor operations, bad frames).
 */
import WebSocket from 'ws';
import {
  createAgentClient,
  createCustomerClient,
  createPhoneClient,
  type AgentClient,
  type CallInfo,
  type CustomerSession,
  type PhoneSession,
  type ReservationInfo,
} from '../src/index';
import { ContactCenterError } from '../src/errors';
import { RawClient, post, startServerProcess, type ServerProcess } from './helpers';

jest.setTimeout(30_000);

const fast = { initialDelayMs: 50, maxDelayMs: 200 };
const CALLER_ID = '+15550009999';
const PHONE = '+15551230001';

/** Records a client's events; `next` takes the first (received or to come) that matches. */
class Recorder {
  private readonly seen: { event: string; data: any }[] = [];
  private waiters: (() => void)[] = [];

  constructor(client: { on(event: never, listener: never): unknown }, events: string[]) {
    const on = client.on as unknown as (event: string, listener: (data: unknown) => void) => unknown;
    for (const event of events)
      on.call(client, event, (data: unknown) => {
        this.seen.push({ event, data });
        const w = this.waiters;
        this.waiters = [];
        for (const f of w) f();
      });
  }

  async next(event: string, match: (data: any) => boolean = () => true, timeoutMs = 5000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.seen.findIndex((e) => e.event === event && match(e.data));
      if (i >= 0) return this.seen.splice(i, 1)[0]!.data;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${event} matching within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  /** Every recorded event of this name (not consumed). */
  all(event: string): any[] {
    return this.seen.filter((e) => e.event === event).map((e) => e.data);
  }

  clear(): void {
    this.seen.length = 0;
  }
}

const AGENT_EVENTS = [
  'reservationUpdated',
  'taskUpdated',
  'callUpdated',
  'callSignal',
  'callDtmf',
  'messageAdded',
  'teamUpdated',
];
const CALLER_EVENTS = ['callUpdated', 'callSignal', 'callDtmf', 'channelUpdated', 'messageAdded'];

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: ContactCenterError) => e.code,
  );
const participant = (call: CallInfo, id: string) => call.participants.find((p) => p.id === id);

let server: ServerProcess;
const agents: Record<string, AgentClient> = {};
const rec: Record<string, Recorder> = {};
const closers: { disconnect(): void }[] = [];

beforeAll(async () => {
  server = await startServerProcess({
    dataDir: null,
    agents: ['alice', 'bob'],
    supervisors: ['sue'],
    reservationTimeoutMs: 60_000,
    voice: { callerId: CALLER_ID, ringTimeoutMs: 1500 },
  });
  for (const identity of ['alice', 'bob', 'sue']) {
    const client = createAgentClient({ serverUrl: server.url, identity, WebSocket, reconnect: fast });
    rec[identity] = new Recorder(client, AGENT_EVENTS);
    await client.connect();
    agents[identity] = client;
  }
});

afterAll(async () => {
  for (const c of [...closers, ...Object.values(agents)]) c.disconnect();
  await server?.stop();
});

/** Only `identity` is Available (the others Busy), so routing offers it the next task. */
async function onlyAvailable(...identities: string[]): Promise<void> {
  for (const [name, client] of Object.entries(agents))
    if (name !== 'sue') await client.setActivity(identities.includes(name) ? 'Available' : 'Busy');
}

/** A caller starts a call and connects. */
async function callIn(name = 'Ada') {
  const customers = createCustomerClient({ serverUrl: server.url, WebSocket, reconnect: fast });
  const engagement = await customers.startCall({ friendlyName: name });
  const session = customers.session(engagement);
  const events = new Recorder(session, CALLER_EVENTS);
  const snapshot = await session.connect();
  closers.push(session);
  return { engagement, session, events, snapshot };
}

/** `who` accepts its pending offer of `taskSid`. */
async function accept(who: string, taskSid: string): Promise<ReservationInfo> {
  const r = await rec[who]!.next('reservationUpdated', (r) => r.taskSid === taskSid && r.status === 'pending');
  return agents[who]!.acceptReservation(r.sid);
}

/** Completes a wrapping task (frees the agent for the next test). */
async function complete(who: string, taskSid: string): Promise<void> {
  await rec[who]!.next('taskUpdated', (t) => t.sid === taskSid && t.status === 'wrapping');
  await agents[who]!.completeTask(taskSid);
}

describe('an inbound call', () => {
  it('rings, is offered with its caller, is accepted, held, muted, relays digits and signals, and ends for all', async () => {
    await onlyAvailable('alice');
    const alice = agents.alice!;
    const { engagement, session, events, snapshot } = await callIn('Ada');
    expect(snapshot.call).toMatchObject({
      sid: engagement.callSid,
      status: 'ringing',
      direction: 'inbound',
      from: 'Ada',
    });
    expect(snapshot.call!.participants).toEqual([
      expect.objectContaining({ id: engagement.identity, kind: 'customer', state: 'joined' }),
    ]);
    expect(snapshot.iceServers).toEqual([]);

    // The offer shows the call, in the events and in a snapshot taken now.
    const offered = await rec.alice!.next('callUpdated', (c) => c.sid === engagement.callSid);
    expect(offered).toMatchObject({ status: 'ringing', from: 'Ada', taskSid: engagement.taskSid });
    const raw = await RawClient.connect(server.url, alice.token!);
    expect(raw.snapshot.calls.map((c: CallInfo) => c.sid)).toContain(engagement.callSid);
    expect(raw.snapshot.tasks.find((t: { sid: string }) => t.sid === engagement.taskSid)).toMatchObject({
      channelType: 'voice',
      callSid: engagement.callSid,
      attributes: { call_sid: engagement.callSid, direction: 'inbound', from: 'Ada' },
    });
    await raw.close();

    await accept('alice', engagement.taskSid);
    const live = await events.next('callUpdated', (c) => c.status === 'in-progress');
    expect(participant(live, alice.worker!.sid)).toMatchObject({ kind: 'agent', state: 'joined', name: 'Alice' });

    const callSid = engagement.callSid;
    const held = await alice.voice!.holdParticipant(callSid, engagement.identity);
    expect(participant(held, engagement.identity)!.state).toBe('held');
    await events.next('callUpdated', (c) => participant(c, engagement.identity)?.state === 'held');
    const back = await alice.voice!.unholdParticipant(callSid, engagement.identity);
    expect(participant(back, engagement.identity)!.state).toBe('joined');

    const muted = await alice.voice!.setMuted(callSid, true);
    expect(participant(muted, alice.worker!.sid)!.muted).toBe(true);
    await events.next('callUpdated', (c) => participant(c, alice.worker!.sid)?.muted === true);
    expect((await session.setMuted!(true)).participants.find((p) => p.kind === 'customer')!.muted).toBe(true);

    // Digits go to the others; signals only to the one addressed.
    await session.sendDtmf!('12#');
    expect(await rec.alice!.next('callDtmf')).toEqual({ callSid, from: engagement.identity, digits: '12#' });
    alice.voice!.signal(callSid, engagement.identity, { type: 'offer', sdp: 'v=0 offer' });
    expect(await events.next('callSignal')).toEqual({
      callSid,
      from: alice.worker!.sid,
      data: { type: 'offer', sdp: 'v=0 offer' },
    });
    session.signal!(alice.worker!.sid, { type: 'answer', sdp: 'v=0 answer' });
    expect(await rec.alice!.next('callSignal')).toMatchObject({ from: engagement.identity, data: { type: 'answer' } });
    expect(rec.bob!.all('callSignal')).toEqual([]);
    expect(rec.bob!.all('callDtmf')).toEqual([]);

    // Not a participant: refused, both ways.
    const bob = await RawClient.connect(server.url, agents.bob!.token!);
    const fromBob = await bob.request('signal', {
      callSid,
      to: engagement.identity,
      data: { type: 'offer', sdp: 'x' },
    });
    expect(fromBob).toMatchObject({ type: 'error', code: 'CC_FORBIDDEN' });
    expect(await bob.request('holdParticipant', { callSid, participantId: engagement.identity })).toMatchObject({
      code: 'CC_FORBIDDEN',
    });
    await bob.close();
    const caller = await RawClient.connect(server.url, engagement.token);
    const toBob = await caller.request('signal', { to: agents.bob!.worker!.sid, data: { type: 'offer', sdp: 'x' } });
    expect(toBob).toMatchObject({ type: 'error', code: 'CC_FORBIDDEN' });
    await caller.close();

    // The agent hangs up: nobody is left on the agents' side, so the call ends for all.
    const ended = await alice.voice!.hangupCall(callSid);
    expect(ended.status).toBe('ended');
    const seen = await events.next('callUpdated', (c) => c.status === 'ended');
    expect(seen.participants.every((p: { state: string }) => p.state === 'left')).toBe(true);
    await rec.alice!.next('reservationUpdated', (r) => r.taskSid === engagement.taskSid && r.status === 'wrapping');
    await complete('alice', engagement.taskSid);
  });

  it('the caller hanging up before anyone accepts cancels the task', async () => {
    await onlyAvailable('alice');
    const { engagement, session } = await callIn('Bea');
    await rec.alice!.next('reservationUpdated', (r) => r.taskSid === engagement.taskSid && r.status === 'pending');
    await session.leave();
    await rec.alice!.next('taskUpdated', (t) => t.sid === engagement.taskSid && t.status === 'canceled');
    await rec.alice!.next('callUpdated', (c) => c.sid === engagement.callSid && c.status === 'ended');
  });
});

describe('an outbound call', () => {
  let phone: PhoneSession;
  let phoneEvents: Recorder;
  beforeAll(async () => {
    phone = createPhoneClient({ serverUrl: server.url, number: PHONE, WebSocket, reconnect: fast });
    phoneEvents = new Recorder(phone, ['callUpdated', 'callSignal', 'callDtmf']);
    const snapshot = await phone.connect();
    expect(snapshot).toEqual({ number: PHONE, calls: [] });
    closers.push(phone);
  });

  it('rings the registered phone with the caller id, is answered, and ends when the phone hangs up', async () => {
    await onlyAvailable();
    const alice = agents.alice!;
    const { task, call } = await alice.voice!.startOutboundCall({ destination: PHONE });
    expect(task).toMatchObject({ channelType: 'voice', status: 'assigned', workerSid: alice.worker!.sid });
    expect(task.attributes).toMatchObject({ direction: 'outbound', from: CALLER_ID, to: PHONE, call_sid: call.sid });
    expect(call).toMatchObject({ status: 'ringing', direction: 'outbound', from: CALLER_ID, to: PHONE });
    expect(participant(call, `phone:${PHONE}`)).toMatchObject({ kind: 'phone', state: 'ringing' });
    await rec.alice!.next('reservationUpdated', (r) => r.taskSid === task.sid && r.status === 'accepted');

    const ringing = await phoneEvents.next('callUpdated', (c) => c.sid === call.sid);
    expect(ringing).toMatchObject({ status: 'ringing', from: CALLER_ID });
    const answered = await phone.answerCall(call.sid);
    expect(answered.status).toBe('in-progress');
    await rec.alice!.next('callUpdated', (c) => c.sid === call.sid && c.status === 'in-progress');

    await alice.voice!.sendDtmf(call.sid, '5');
    expect(await phoneEvents.next('callDtmf')).toEqual({ callSid: call.sid, from: alice.worker!.sid, digits: '5' });
    phone.signal(call.sid, alice.worker!.sid, {
      type: 'candidate',
      candidate: { candidate: 'candidate:1', sdpMid: '0' },
    });
    expect(await rec.alice!.next('callSignal', (s) => s.callSid === call.sid)).toMatchObject({
      from: `phone:${PHONE}`,
    });

    expect((await phone.hangupCall(call.sid)).status).toBe('ended');
    await rec.alice!.next('callUpdated', (c) => c.sid === call.sid && c.status === 'ended');
    await complete('alice', task.sid);
  });

  it('ends unanswered after the ring timeout', async () => {
    const { task, call } = await agents.alice!.voice!.startOutboundCall({ destination: PHONE, callerId: '+15557777' });
    expect((await phoneEvents.next('callUpdated', (c) => c.sid === call.sid)).from).toBe('+15557777');
    await rec.alice!.next('callUpdated', (c) => c.sid === call.sid && c.status === 'ended', 5000);
    await complete('alice', task.sid);
  });

  it('to a number no phone registered is refused, naming it', async () => {
    const error = await agents.alice!.voice!.startOutboundCall({ destination: '+15550000001' }).catch((e) => e);
    expect(error).toBeInstanceOf(ContactCenterError);
    expect(error.code).toBe('CC_NOT_FOUND');
    expect(error.message).toContain('+15550000001');
  });
});

describe('transfers of a call', () => {
  it('COLD: the transferring agent leaves at once, the target joins on accept', async () => {
    await onlyAvailable('alice');
    const alice = agents.alice!;
    const bob = agents.bob!;
    const { engagement, events } = await callIn('Cid');
    await accept('alice', engagement.taskSid);
    await bob.setActivity('Available');
    await alice.transferTask(engagement.taskSid, bob.worker!.sid, { mode: 'COLD' });
    const left = await events.next('callUpdated', (c) => participant(c, alice.worker!.sid)?.state === 'left');
    expect(left.status).toBe('in-progress');
    await rec.alice!.next('reservationUpdated', (r) => r.taskSid === engagement.taskSid && r.status === 'transferred');
    await rec.bob!.next('callUpdated', (c) => c.sid === engagement.callSid); // the offer shows the call
    await accept('bob', engagement.taskSid);
    const joined = await events.next('callUpdated', (c) => participant(c, bob.worker!.sid)?.state === 'joined');
    expect(participant(joined, engagement.identity)!.state).toBe('joined');
    await bob.voice!.hangupCall(engagement.callSid);
    await complete('bob', engagement.taskSid);
  });

  it('WARM: both agents talk with the caller; when the first hangs up the task is the target’s', async () => {
    await onlyAvailable('alice');
    const alice = agents.alice!;
    const bob = agents.bob!;
    const { engagement, events } = await callIn('Dee');
    await accept('alice', engagement.taskSid);
    await bob.setActivity('Available');
    await alice.transferTask(engagement.taskSid, bob.worker!.sid, { mode: 'WARM' });
    await accept('bob', engagement.taskSid);
    const three = await events.next(
      'callUpdated',
      (c) =>
        participant(c, bob.worker!.sid)?.state === 'joined' && participant(c, alice.worker!.sid)?.state === 'joined',
    );
    expect(three.participants).toHaveLength(3);

    await alice.voice!.hangupCall(engagement.callSid);
    await rec.alice!.next('reservationUpdated', (r) => r.taskSid === engagement.taskSid && r.status === 'transferred');
    const task = await rec.bob!.next(
      'taskUpdated',
      (t) => t.sid === engagement.taskSid && t.workerSid === bob.worker!.sid && t.status === 'assigned',
    );
    expect(task.status).toBe('assigned');
    const after = await events.next('callUpdated', (c) => participant(c, alice.worker!.sid)?.state === 'left');
    expect(after.status).toBe('in-progress');

    // The transferring agent is no longer on the call: the target ends it.
    await bob.voice!.endConference(engagement.callSid);
    await events.next('callUpdated', (c) => c.status === 'ended');
    await complete('bob', engagement.taskSid);
  });

  it('WARM, rejected: the task stays with the transferring agent, still on the call', async () => {
    await onlyAvailable('alice');
    const alice = agents.alice!;
    const bob = agents.bob!;
    const { engagement } = await callIn('Eve');
    await accept('alice', engagement.taskSid);
    await bob.setActivity('Available');
    await alice.transferTask(engagement.taskSid, bob.worker!.sid, { mode: 'WARM' });
    const offer = await rec.bob!.next(
      'reservationUpdated',
      (r) => r.taskSid === engagement.taskSid && r.status === 'pending',
    );
    await bob.setActivity('Busy');
    await bob.rejectReservation(offer.sid);
    const task = await rec.alice!.next(
      'taskUpdated',
      (t) =>
        t.sid === engagement.taskSid &&
        t.updatedAt >= offer.updatedAt &&
        t.status === 'assigned' &&
        t.workerSid === alice.worker!.sid,
    );
    expect(task.workerSid).toBe(alice.worker!.sid);
    await alice.voice!.hangupCall(engagement.callSid);
    await complete('alice', engagement.taskSid);
  });
});

describe('supervision', () => {
  it('an agent is refused every supervisor operation', async () => {
    const alice = agents.alice!;
    expect(await code(alice.supervision!.getSupervisorView())).toBe('CC_FORBIDDEN');
    const error = await alice.supervision!.monitorTask('WT0').catch((e: ContactCenterError) => e);
    expect(error).toMatchObject({ code: 'CC_FORBIDDEN' });
    expect((error as ContactCenterError).message).toMatch(/supervisors/);
    expect(await code(alice.supervision!.stopMonitoringTask('WT0'))).toBe('CC_FORBIDDEN');
  });

  it('a supervisor sees the team, and listens in on a call without the caller knowing', async () => {
    const sue = agents.sue!;
    const raw = await RawClient.connect(server.url, sue.token!);
    expect(raw.snapshot.supervisor.team.map((m: { workerSid: string }) => m.workerSid)).toContain(
      agents.alice!.worker!.sid,
    );
    expect(raw.snapshot.worker.role).toBe('supervisor');
    await raw.close();

    await onlyAvailable('alice');
    const { engagement, events } = await callIn('Fay');
    await accept('alice', engagement.taskSid);
    const team = await rec.sue!.next(
      'teamUpdated',
      (t: { workerSid: string; tasks: { taskSid: string; status: string }[] }[]) =>
        t.some((m) => m.tasks.some((x) => x.taskSid === engagement.taskSid && x.status === 'accepted')),
    );
    const aliceRow = team.find((m: { workerSid: string }) => m.workerSid === agents.alice!.worker!.sid);
    expect(aliceRow.tasks[0]).toMatchObject({ channelType: 'voice', customerName: 'Fay' });

    const { call } = await sue.supervision!.monitorTask(engagement.taskSid);
    expect(participant(call!, sue.worker!.sid)).toMatchObject({
      kind: 'supervisor',
      monitoring: true,
      state: 'joined',
    });
    await rec.alice!.next('callUpdated', (c) => participant(c, sue.worker!.sid)?.monitoring === true);
    // The caller's view never lists the supervisor.
    await agents.alice!.voice!.setMuted(engagement.callSid, true);
    const seen = await events.next('callUpdated', (c) => participant(c, agents.alice!.worker!.sid)?.muted === true);
    expect(participant(seen, sue.worker!.sid)).toBeUndefined();
    for (const c of events.all('callUpdated')) expect(participant(c, sue.worker!.sid)).toBeUndefined();
    const caller = await RawClient.connect(server.url, engagement.token);
    expect(participant(caller.snapshot.call, sue.worker!.sid)).toBeUndefined();
    const toSue = await caller.request('signal', { to: sue.worker!.sid, data: { type: 'offer', sdp: 'x' } });
    expect(toSue).toMatchObject({ code: 'CC_FORBIDDEN' });
    await caller.close();
    // Receive only: the supervisor's own hangup leaves the call going; the agent's hangup ends it.
    await sue.supervision!.stopMonitoringTask(engagement.taskSid);
    const after = await rec.alice!.next('callUpdated', (c) => participant(c, sue.worker!.sid)?.state === 'left');
    expect(after.status).toBe('in-progress');
    await agents.alice!.voice!.hangupCall(engagement.callSid);
    await complete('alice', engagement.taskSid);
  });

  it('a supervisor reads a chat it monitors, and may not write in it', async () => {
    await onlyAvailable('alice');
    const sue = agents.sue!;
    const customers = createCustomerClient({ serverUrl: server.url, WebSocket, reconnect: fast });
    const engagement = await customers.startEngagement({ friendlyName: 'Gus' });
    const chat: CustomerSession = customers.session(engagement);
    await chat.connect();
    closers.push(chat);
    await accept('alice', engagement.taskSid);
    const { task, call } = await sue.supervision!.monitorTask(engagement.taskSid);
    expect(task.sid).toBe(engagement.taskSid);
    expect(call).toBeNull();
    const sent = await chat.sendMessage('hello?');
    expect((await rec.sue!.next('messageAdded', (m) => m.sid === sent.sid)).body).toBe('hello?');
    expect((await sue.getMessages(engagement.channelSid)).map((m) => m.body)).toEqual(['hello?']);
    const error = await sue.sendMessage(engagement.channelSid, 'I am watching').catch((e: ContactCenterError) => e);
    expect(error).toMatchObject({ code: 'CC_FORBIDDEN' });
    expect((error as ContactCenterError).message).toContain('monitoring is read only');
    await sue.supervision!.stopMonitoringTask(engagement.taskSid);
    expect(await code(sue.getMessages(engagement.channelSid))).toBe('CC_FORBIDDEN');
    await agents.alice!.wrapupTask(engagement.taskSid);
    await agents.alice!.completeTask(engagement.taskSid);
  });
});

describe('refusals', () => {
  it('bad frames are refused with clear errors', async () => {
    const alice = await RawClient.connect(server.url, agents.alice!.token!);
    expect(await alice.request('holdParticipant', { callSid: 'CA1' })).toMatchObject({
      code: 'CC_BAD_REQUEST',
      message: expect.stringContaining('participantId'),
    });
    expect(await alice.request('sendDtmf', { callSid: 'CA1', digits: 'abc' })).toMatchObject({
      code: 'CC_BAD_REQUEST',
      message: expect.stringContaining('0-9'),
    });
    expect(await alice.request('signal', { callSid: 'CA1', to: 'x', data: { type: 'bogus' } })).toMatchObject({
      code: 'CC_BAD_REQUEST',
    });
    expect(await alice.request('startOutboundCall', { destination: '555' })).toMatchObject({
      code: 'CC_BAD_REQUEST',
      message: expect.stringContaining('destination'),
    });
    expect(await alice.request('hangupCall', { callSid: 'CA0000' })).toMatchObject({ code: 'CC_NOT_FOUND' });
    expect(await alice.request('answerCall', { callSid: 'CA0000' })).toMatchObject({ code: 'CC_FORBIDDEN' });
    await alice.close();

    expect(await post(`${server.url}/api/phones`, { number: '12345' })).toMatchObject({
      status: 400,
      body: { error: { code: 'CC_BAD_REQUEST' } },
    });
    const registered = await post(`${server.url}/api/phones`, { number: '+15559990000' });
    expect(registered.status).toBe(201);
    const phone = await RawClient.connect(server.url, registered.body.token);
    expect(phone.snapshot).toEqual({ number: '+15559990000', calls: [] });
    expect(await phone.request('sendMessage', { body: 'hi', clientId: 'c1' })).toMatchObject({ code: 'CC_FORBIDDEN' });
    expect(await phone.request('answerCall', { callSid: 'CA0000' })).toMatchObject({ code: 'CC_NOT_FOUND' });
    await phone.close();
    // Registering the number again replaces the registration: the older token stops working.
    await post(`${server.url}/api/phones`, { number: '+15559990000' });
    expect(await RawClient.upgradeStatus(server.url, `?token=${encodeURIComponent(registered.body.token)}`)).toBe(401);

    const call = await post(`${server.url}/api/voice/calls`, { formData: { friendlyName: 'Hal' } });
    expect(call.status).toBe(201);
    const bad = await post(`${server.url}/api/voice/calls`, { formData: { n: 5 } });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'CC_BAD_REQUEST' } } });
    const customer = await RawClient.connect(server.url, call.body.token);
    expect(await customer.request('hangupCall', { callSid: call.body.callSid })).toMatchObject({
      code: 'CC_FORBIDDEN',
    });
    expect(await customer.request('sendMessage', { body: 'hi', clientId: 'c1' })).toMatchObject({
      code: 'CC_INVALID_STATE',
      message: expect.stringContaining('no messages'),
    });
    await customer.request('leave', {});
    await customer.close();
  });
});
