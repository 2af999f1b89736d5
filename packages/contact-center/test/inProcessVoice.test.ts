/**
 * Calls and supervision on the in-process contact center (what the plugin test kit runs on):
 * the same engine and protocol as the server, over in-memory pipes; and a restart, which ends
 * the calls of the tasks in play (their media was in the browsers).
 */
import { createInProcessContactCenter, type InProcessContactCenter } from '../src/inProcess';
import type { AgentClient, AgentSnapshot, CallInfo, ReservationInfo, TaskInfo, TeamMember } from '../src/index';

const until = async (check: () => boolean, timeoutMs = 3000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let cc: InProcessContactCenter;
let alice: AgentClient;
let sue: AgentClient;
const calls = new Map<string, CallInfo>();
const reservations = new Map<string, ReservationInfo>();
const tasks = new Map<string, TaskInfo>();
let team: TeamMember[] = [];

beforeEach(async () => {
  cc = await createInProcessContactCenter({
    agents: ['alice'],
    supervisors: ['sue'],
    onError: () => {},
    voice: { iceServers: [{ urls: 'stun:stun.example.org' }] },
  });
  alice = cc.agent('alice');
  alice.on('callUpdated', (c) => calls.set(c.sid, c));
  alice.on('reservationUpdated', (r) => reservations.set(r.sid, r));
  alice.on('taskUpdated', (t) => tasks.set(t.sid, t));
  const snapshot = await alice.connect();
  expect(snapshot.iceServers).toEqual([{ urls: 'stun:stun.example.org' }]);
  expect(snapshot.calls).toEqual([]);
  expect(snapshot.supervisor).toBeUndefined();
  await alice.setActivity('Available');
  sue = cc.agent('sue');
  sue.on('teamUpdated', (t) => (team = t));
  const view = await sue.connect();
  expect(view.worker.role).toBe('supervisor');
  expect(view.supervisor?.team.map((m) => m.workerSid)).toEqual(
    expect.arrayContaining([alice.worker!.sid, sue.worker!.sid]),
  );
});

afterEach(async () => {
  alice.disconnect();
  sue.disconnect();
  await cc.close();
  calls.clear();
  reservations.clear();
  tasks.clear();
});

it('carries an inbound call, a monitored one, and ends it on a restart', async () => {
  const customers = cc.customers();
  const engagement = await customers.startCall({ friendlyName: 'Ada' });
  const session = customers.session(engagement);
  const seen: CallInfo[] = [];
  session.on('callUpdated', (c) => seen.push(c));
  expect((await session.connect()).call?.status).toBe('ringing');
  await until(() => [...reservations.values()].some((r) => r.status === 'pending'));
  expect(calls.get(engagement.callSid)?.from).toBe('Ada');
  const offer = [...reservations.values()].find((r) => r.status === 'pending')!;
  await alice.acceptReservation(offer.sid);
  await until(() => seen.some((c) => c.status === 'in-progress'));
  await until(() => team.some((m) => m.tasks.some((t) => t.taskSid === engagement.taskSid && t.status === 'accepted')));

  const { call } = await sue.supervision!.monitorTask(engagement.taskSid);
  expect(call!.participants.find((p) => p.id === sue.worker!.sid)?.monitoring).toBe(true);
  await alice.voice!.setMuted(engagement.callSid, true);
  await until(() => seen.some((c) => c.participants.some((p) => p.muted)));
  expect(seen.every((c) => c.participants.every((p) => !p.monitoring))).toBe(true);

  const next = new Promise<AgentSnapshot>((resolve) => {
    const d = alice.on('snapshot', (snap) => (d.dispose(), resolve(snap)));
  });
  await cc.restart();
  const snapshot = await next;
  expect(snapshot.calls).toEqual([]);
  expect(snapshot.tasks.find((t) => t.sid === engagement.taskSid)?.status).toBe('wrapping');
  expect(snapshot.reservations.find((r) => r.taskSid === engagement.taskSid)?.status).toBe('wrapping');
  session.disconnect();
});

it('calls a phone page and ends when it hangs up', async () => {
  const phone = cc.phone('+15551230001');
  const ringing: CallInfo[] = [];
  phone.on('callUpdated', (c) => ringing.push(c));
  await phone.connect();
  const { task, call } = await alice.voice!.startOutboundCall({ destination: '+15551230001' });
  expect(call.from).toBe('+15550100000');
  await until(() => ringing.some((c) => c.sid === call.sid));
  await phone.answerCall(call.sid);
  await until(() => calls.get(call.sid)?.status === 'in-progress');
  await phone.hangupCall(call.sid);
  await until(() => tasks.get(task.sid)?.status === 'wrapping');
  expect(calls.get(call.sid)?.status).toBe('ended');
  phone.disconnect();
});
