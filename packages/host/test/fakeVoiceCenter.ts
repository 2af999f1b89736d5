/**
 * A fake contact center with voice, for the desktop's voice tests until the in-process contact
 * center has calls: one agent, its reservations, tasks and calls, and a driver that offers a
 * call and plays the customer. Each voice operation is recorded (`voiceCalls`) and answered
 * the way the contract says (the call as updated, also pushed as `callUpdated`).
 */
import { Emitter } from '@switchboard/actions/events';
import {
  ACTIVITY_LIST,
  ContactCenterError,
  QUEUES,
  type AgentEvents,
  type AgentSnapshot,
  type CallInfo,
  type CallParticipant,
  type ContactCenterProvider,
  type OutboundCallParams,
  type ReservationInfo,
  type TaskInfo,
  type VoiceOperations,
  type WorkerInfo,
} from '@switchboard/contact-center';

const worker = (sid: string, name: string): WorkerInfo => ({
  role: 'agent',
  sid,
  identity: name.toLowerCase(),
  fullName: name,
  activity: 'Available',
  activitySid: ACTIVITY_LIST[0]!.sid,
  attributes: { full_name: name, skills: [] },
});

export interface FakeVoiceCenter {
  provider: ContactCenterProvider;
  /** Voice operations the host called, in order: `[method, ...args]`. */
  voiceCalls: unknown[][];
  /** Other provider methods the host called: `[method, ...args]`. */
  calls: unknown[][];
  me: WorkerInfo;
  bob: WorkerInfo;
  /** The customer calls: a voice task offered to this agent, its call ringing. */
  offerCall(customerName?: string): { reservationSid: string; taskSid: string; callSid: string; customerId: string };
  /** Pushes an event, as the contact center would. */
  emit: Emitter<AgentEvents>['emit'];
  call(callSid: string): CallInfo;
  /** Replaces a call (a participant joined, left…) and pushes it. */
  setCall(call: CallInfo): void;
}

/** A fake contact center with voice (`withVoice: false`: without). */
export function createFakeVoiceCenter({ withVoice = true } = {}): FakeVoiceCenter {
  const events = new Emitter<AgentEvents>((error) => {
    throw error;
  });
  const me = worker('WK0001', 'Alice');
  const bob = worker('WK0002', 'Bob');
  const reservations = new Map<string, ReservationInfo>();
  const tasks = new Map<string, TaskInfo>();
  const callMap = new Map<string, CallInfo>();
  const voiceCalls: unknown[][] = [];
  const calls: unknown[][] = [];
  let seq = 0;
  let state: ContactCenterProvider['connectionState'] = 'idle';
  const now = () => Date.now();

  const setCall = (call: CallInfo) => {
    callMap.set(call.sid, call);
    events.emit('callUpdated', call);
  };
  const getCall = (callSid: string): CallInfo => {
    const call = callMap.get(callSid);
    if (!call) throw new ContactCenterError('CC_NOT_FOUND', `no call ${callSid}`);
    return call;
  };
  const withParticipant = (callSid: string, id: string, change: Partial<CallParticipant>): CallInfo => {
    const call = getCall(callSid);
    if (!call.participants.some((p) => p.id === id))
      throw new ContactCenterError('CC_NOT_FOUND', `no participant ${id}`);
    const next = {
      ...call,
      updatedAt: now(),
      participants: call.participants.map((p) => (p.id === id ? { ...p, ...change } : p)),
    };
    setCall(next);
    return next;
  };
  const setReservation = (r: ReservationInfo) => {
    reservations.set(r.sid, r);
    events.emit('reservationUpdated', r);
  };
  const setTask = (t: TaskInfo) => {
    tasks.set(t.sid, t);
    events.emit('taskUpdated', t);
  };
  const agent = (w: WorkerInfo, state: CallParticipant['state']): CallParticipant => ({
    id: w.sid,
    kind: 'agent',
    name: w.fullName,
    workerSid: w.sid,
    state,
    muted: false,
    monitoring: false,
    joinedAt: state === 'ringing' ? null : now(),
  });
  const newTask = (callSid: string, attributes: Record<string, unknown>, status: TaskInfo['status']): TaskInfo => ({
    sid: `WT${String(++seq).padStart(4, '0')}`,
    channelType: 'voice',
    status,
    channelSid: `CH${String(seq).padStart(4, '0')}`,
    workerSid: status === 'assigned' ? me.sid : null,
    attributes,
    queueSid: QUEUES[0]!.sid,
    priority: 0,
    callSid,
    createdAt: now(),
    updatedAt: now(),
  });

  const voice: VoiceOperations = {
    async startOutboundCall(params: OutboundCallParams) {
      voiceCalls.push(['startOutboundCall', params]);
      const callSid = `CA${String(++seq).padStart(4, '0')}`;
      const task = newTask(
        callSid,
        { ...params.taskAttributes, direction: 'outbound', to: params.destination },
        'assigned',
      );
      const call: CallInfo = {
        sid: callSid,
        taskSid: task.sid,
        channelSid: task.channelSid,
        direction: 'outbound',
        status: 'ringing',
        from: params.callerId ?? '+15550000',
        to: params.destination,
        participants: [
          agent(me, 'joined'),
          {
            ...agent(me, 'ringing'),
            id: `phone:${params.destination}`,
            kind: 'phone',
            name: params.destination,
            workerSid: null,
          },
        ],
        createdAt: now(),
        updatedAt: now(),
      };
      tasks.set(task.sid, task);
      callMap.set(callSid, call);
      return { task, call };
    },
    async holdParticipant(callSid, id) {
      voiceCalls.push(['holdParticipant', callSid, id]);
      return withParticipant(callSid, id, { state: 'held' });
    },
    async unholdParticipant(callSid, id) {
      voiceCalls.push(['unholdParticipant', callSid, id]);
      return withParticipant(callSid, id, { state: 'joined' });
    },
    async kickParticipant(callSid, id) {
      voiceCalls.push(['kickParticipant', callSid, id]);
      return withParticipant(callSid, id, { state: 'left' });
    },
    async hangupCall(callSid) {
      voiceCalls.push(['hangupCall', callSid]);
      const call = getCall(callSid);
      const next: CallInfo = {
        ...call,
        status: 'ended',
        participants: call.participants.map((p) => ({ ...p, state: 'left' })),
      };
      setCall(next);
      return next;
    },
    async endConference(callSid) {
      voiceCalls.push(['endConference', callSid]);
      const call = getCall(callSid);
      const next: CallInfo = {
        ...call,
        status: 'ended',
        participants: call.participants.map((p) => ({ ...p, state: 'left' })),
      };
      setCall(next);
      return next;
    },
    async setMuted(callSid, muted) {
      voiceCalls.push(['setMuted', callSid, muted]);
      return withParticipant(callSid, me.sid, { muted });
    },
    async sendDtmf(callSid, digits) {
      voiceCalls.push(['sendDtmf', callSid, digits]);
      getCall(callSid);
    },
    signal(callSid, to, data) {
      voiceCalls.push(['signal', callSid, to, data]);
    },
  };

  const snapshot = (): AgentSnapshot => ({
    worker: me,
    workers: [me, bob],
    activities: [...ACTIVITY_LIST],
    queues: [...QUEUES],
    reservations: [...reservations.values()],
    tasks: [...tasks.values()],
    channels: [],
    messages: [],
    calls: [...callMap.values()],
  });
  const record =
    <T>(method: string, result: (...args: never[]) => T) =>
    async (...args: unknown[]): Promise<Awaited<T>> => {
      calls.push([method, ...args]);
      return await (result as (...a: unknown[]) => T)(...args);
    };
  const reservationOf = (sid: string) => {
    const r = reservations.get(sid);
    if (!r) throw new ContactCenterError('CC_NOT_FOUND', `no reservation ${sid}`);
    return r;
  };

  const provider: ContactCenterProvider = {
    get connectionState() {
      return state;
    },
    get worker() {
      return state === 'idle' ? undefined : me;
    },
    async connect() {
      state = 'connected';
      events.emit('connectionStateChanged', state);
      const s = snapshot();
      events.emit('snapshot', s);
      return s;
    },
    disconnect() {
      state = 'closed';
    },
    on: (event, listener) => events.on(event, listener),
    setActivity: record('setActivity', () => me),
    setWorkerAttributes: record('setWorkerAttributes', () => me),
    setTaskAttributes: record('setTaskAttributes', (sid: string) => tasks.get(sid)!),
    acceptReservation: record('acceptReservation', (sid: string) => {
      const r = { ...reservationOf(sid), status: 'accepted' as const, expiresAt: null, updatedAt: now() };
      setReservation(r);
      const task = tasks.get(r.taskSid)!;
      setTask({ ...task, status: 'assigned', workerSid: me.sid, updatedAt: now() });
      const call = callMap.get(task.callSid!);
      if (call) {
        setCall({
          ...call,
          status: 'in-progress',
          participants: [...call.participants.filter((p) => p.id !== me.sid), agent(me, 'joined')],
        });
      }
      return r;
    }),
    rejectReservation: record('rejectReservation', (sid: string) => {
      const r = { ...reservationOf(sid), status: 'rejected' as const, expiresAt: null, updatedAt: now() };
      setReservation(r);
      return r;
    }),
    transferTask: record('transferTask', (taskSid: string) => tasks.get(taskSid)!),
    wrapupTask: record('wrapupTask', (taskSid: string) => tasks.get(taskSid)!),
    completeTask: record('completeTask', (taskSid: string) => tasks.get(taskSid)!),
    sendMessage: record('sendMessage', () => {
      throw new ContactCenterError('CC_BAD_REQUEST', 'no chat here');
    }),
    sendTyping: () => {},
    getMessages: async () => [],
    listWorkers: record('listWorkers', () => [me, bob]),
    listQueues: record('listQueues', () => [...QUEUES]),
    logout: record('logout', () => undefined),
    ...(withVoice ? { voice } : {}),
  };

  return {
    provider,
    voiceCalls,
    calls,
    me,
    bob,
    emit: (event, ...args) => events.emit(event, ...args),
    call: getCall,
    setCall,
    offerCall(customerName = 'Ada') {
      const callSid = `CA${String(++seq).padStart(4, '0')}`;
      const task = newTask(callSid, { customerName, friendlyName: customerName }, 'reserved');
      const customerId = `customer-${seq}`;
      const call: CallInfo = {
        sid: callSid,
        taskSid: task.sid,
        channelSid: task.channelSid,
        direction: 'inbound',
        status: 'ringing',
        from: customerName,
        to: 'Everyone',
        participants: [
          {
            id: customerId,
            kind: 'customer',
            name: customerName,
            workerSid: null,
            state: 'joined',
            muted: false,
            monitoring: false,
            joinedAt: now(),
          },
        ],
        createdAt: now(),
        updatedAt: now(),
      };
      const reservation: ReservationInfo = {
        sid: `WR${String(++seq).padStart(4, '0')}`,
        taskSid: task.sid,
        workerSid: me.sid,
        status: 'pending',
        createdAt: now(),
        updatedAt: now(),
        expiresAt: now() + 30_000,
      };
      setTask(task);
      setCall(call);
      setReservation(reservation);
      return { reservationSid: reservation.sid, taskSid: task.sid, callSid, customerId };
    },
  };
}
