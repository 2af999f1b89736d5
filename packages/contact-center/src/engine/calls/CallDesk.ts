/**
 * Voice calls: a call is a task on the `voice` channel, with a chat-less channel (`CH…`, it
 * scopes the customer's token) and a call (`CA…`) whose participants the contact center keeps
 * here, in memory. The contact center only signals: audio flows between the browsers over
 * WebRTC (see the README's voice model); this relays their signals, and keeps who is on the
 * call, held or muted.
 *
 * What persists is the task (with `call_sid`, `direction`, `from`, `to` in its attributes, as
 * Flex's) and its reservations. A live call's media is in the browsers: after a restart it is
 * gone, so `recover()` ends the call of every voice task still in play (assigned → wrapping,
 * waiting → canceled).
 */
import type { TransferMode } from '../../provider';
import type { ChannelInfo, EngagementFormData, ReservationInfo, TaskInfo } from '../../types';
import type { CallInfo, CallParticipant, IceServerConfig, SignalData } from '../../voice';
import { fail } from '../Access';
import type { EngineCore } from '../EngineCore';
import type { Push } from '../PushPlanner';
import { newCustomerIdentity, newSid } from '../ids';
import type { Changes } from '../Repository';
import type { PhoneDirectory } from './PhoneDirectory';

/** The voice options of the contact center (`ContactCenterOptions.voice`). */
export interface VoiceOptions {
  /** The number outbound calls come from (default `+15550100000`). */
  callerId?: string;
  /** ICE servers the browsers use (default none: on 127.0.0.1 none are needed). */
  iceServers?: IceServerConfig[];
  /** How long an outbound call rings before it ends unanswered (default 30,000 ms). */
  ringTimeoutMs?: number;
}

/** Who acts on a call: a participant id (a worker's sid, a customer's identity, `phone:+…`). */
export type CallParty =
  { kind: 'worker'; workerSid: string } | { kind: 'customer'; channelSid: string } | { kind: 'phone'; number: string };

export const DEFAULT_CALLER_ID = '+15550100000';
const LIVE: ReadonlySet<string> = new Set(['joined', 'held']);
const phoneId = (number: string) => `phone:${number}`;
const isLive = (p: CallParticipant) => LIVE.has(p.state);

/** A copy of a call (the desk keeps mutating its own). */
export const copyCall = (call: CallInfo): CallInfo => ({
  ...call,
  participants: call.participants.map((p) => ({ ...p })),
});

/** The call as the customer and the phone see it: no monitoring supervisor. */
export const outsideView = (call: CallInfo): CallInfo => ({
  ...call,
  participants: call.participants.filter((p) => !p.monitoring).map((p) => ({ ...p })),
});

export class CallDesk {
  private readonly calls = new Map<string, CallInfo>();
  private readonly byTask = new Map<string, CallInfo>();
  private readonly byChannel = new Map<string, CallInfo>();
  private readonly ringTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Transfers of calls whose reservation is pending: reservation sid → mode and the worker handing on. */
  private readonly transfers = new Map<string, { mode: TransferMode; from: string }>();
  readonly callerId: string;
  readonly iceServers: IceServerConfig[];
  private readonly ringTimeoutMs: number;

  constructor(
    private readonly core: EngineCore,
    readonly phones: PhoneDirectory,
    options: VoiceOptions = {},
  ) {
    this.callerId = options.callerId ?? DEFAULT_CALLER_ID;
    this.iceServers = options.iceServers ?? [];
    this.ringTimeoutMs = options.ringTimeoutMs ?? 30_000;
  }

  // ---- reads ---------------------------------------------------------------------------

  /** The calls an agent sees: of the tasks it holds a live reservation for or monitors, or that it is on. */
  callsOf(workerSid: string): CallInfo[] {
    return [...this.calls.values()]
      .filter(
        (c) =>
          c.status !== 'ended' &&
          (this.core.state.workersOn(c.taskSid).includes(workerSid) ||
            c.participants.some((p) => p.workerSid === workerSid && p.state !== 'left')),
      )
      .map(copyCall);
  }

  /** A customer's call (ended ones too, while the server remembers them), as the customer sees it. */
  callOfChannel(channelSid: string): CallInfo | undefined {
    const call = this.byChannel.get(channelSid);
    return call && outsideView(call);
  }

  /** The live record of a task's call (the engine's parts mutate it through the desk only). */
  callOfTask(taskSid: string): CallInfo | undefined {
    return this.byTask.get(taskSid);
  }

  /** The calls of a phone number not yet ended (ringing it or with it on), as the phone sees them. */
  callsOfPhone(number: string): CallInfo[] {
    const id = phoneId(number);
    return [...this.calls.values()]
      .filter((c) => c.status !== 'ended' && c.participants.some((p) => p.id === id && p.state !== 'left'))
      .map(outsideView);
  }

  // ---- starting calls --------------------------------------------------------------------

  /** `POST /api/voice/calls`: the caller's channel, its voice task (routed at once) and its call, ringing. */
  startInbound(formData: EngagementFormData): Promise<{ channel: ChannelInfo; task: TaskInfo; call: CallInfo }> {
    return this.core.run(async () => {
      this.prune();
      const now = Date.now();
      const friendlyName = (formData.friendlyName ?? formData.name ?? '').trim() || 'Customer';
      const identity = newCustomerIdentity();
      const channel: ChannelInfo = {
        sid: newSid('CH'),
        taskSid: newSid('WT'),
        status: 'open',
        customer: { identity, friendlyName },
        createdAt: now,
        updatedAt: now,
      };
      const callSid = newSid('CA');
      const to = this.core.listQueues()[0]?.name ?? 'Contact center';
      const task: TaskInfo = {
        sid: channel.taskSid,
        channelType: 'voice',
        status: 'pending',
        channelSid: channel.sid,
        workerSid: null,
        callSid,
        attributes: {
          ...formData,
          customerName: friendlyName,
          customerIdentity: identity,
          call_sid: callSid,
          direction: 'inbound',
          from: friendlyName,
          to,
        },
        createdAt: now,
        updatedAt: now,
      };
      const call: CallInfo = {
        sid: callSid,
        taskSid: task.sid,
        channelSid: channel.sid,
        direction: 'inbound',
        status: 'ringing',
        from: friendlyName,
        to,
        participants: [participant(identity, 'customer', friendlyName, null, 'joined', now)],
        createdAt: now,
        updatedAt: now,
      };
      await this.core.commit({ channels: [channel], tasks: [task] });
      this.add(call);
      this.core.scheduleRoute();
      return { channel, task, call };
    });
  }

  /** An agent calls a registered phone: a voice task assigned to the agent at once, the phone ringing. */
  startOutbound(
    workerSid: string,
    params: { destination: string; callerId?: string; queueSid?: string; taskAttributes?: Record<string, unknown> },
  ): Promise<{ task: TaskInfo; call: CallInfo }> {
    return this.core.run(async () => {
      this.prune();
      const { destination } = params;
      const worker =
        this.core.state.workers.get(workerSid) ?? fail('CC_NOT_FOUND', `Worker ${workerSid} does not exist`);
      if (!this.phones.has(destination))
        fail('CC_NOT_FOUND', `No phone is registered at ${destination}; open a phone page for that number first`);
      const queues = this.core.listQueues();
      const queueSid = params.queueSid ?? queues[0]?.sid ?? null;
      if (params.queueSid !== undefined && !queues.some((q) => q.sid === params.queueSid))
        fail('CC_NOT_FOUND', `Queue ${params.queueSid} does not exist`);
      const from = params.callerId ?? this.callerId;
      const now = Date.now();
      const callSid = newSid('CA');
      const channel: ChannelInfo = {
        sid: newSid('CH'),
        taskSid: newSid('WT'),
        status: 'open',
        customer: { identity: phoneId(destination), friendlyName: destination },
        createdAt: now,
        updatedAt: now,
      };
      const task: TaskInfo = {
        sid: channel.taskSid,
        channelType: 'voice',
        status: 'assigned',
        channelSid: channel.sid,
        workerSid,
        queueSid,
        callSid,
        attributes: {
          direction: 'outbound',
          from,
          to: destination,
          customerName: destination,
          ...params.taskAttributes,
          call_sid: callSid,
        },
        createdAt: now,
        updatedAt: now,
      };
      const reservation = this.core.withStatus(this.core.newReservation(task.sid, workerSid, now), 'accepted', now);
      const call: CallInfo = {
        sid: callSid,
        taskSid: task.sid,
        channelSid: channel.sid,
        direction: 'outbound',
        status: 'ringing',
        from,
        to: destination,
        participants: [
          participant(workerSid, 'agent', worker.fullName, workerSid, 'joined', now),
          participant(phoneId(destination), 'phone', destination, null, 'ringing', null),
        ],
        createdAt: now,
        updatedAt: now,
      };
      const changes: Changes = { channels: [channel], tasks: [task], reservations: [reservation] };
      await this.core.commit(changes);
      this.add(call);
      this.core.planner.taskChanges(changes, [workerSid]);
      this.publish(call);
      const timer = setTimeout(() => void this.ringTimeout(callSid), this.ringTimeoutMs);
      (timer as { unref?: () => void }).unref?.();
      this.ringTimers.set(callSid, timer);
      return { task, call };
    });
  }

  // ---- agents ----------------------------------------------------------------------------

  hold(workerSid: string, callSid: string, participantId: string, held: boolean): Promise<CallInfo> {
    return this.core.run(() => {
      const call = this.liveCall(callSid);
      this.agentOn(call, workerSid, held ? 'hold a participant' : 'unhold a participant');
      const p = this.participantOf(call, participantId);
      if (!isLive(p))
        fail('CC_INVALID_STATE', `${p.name} is ${p.state} on call ${callSid}; only a joined participant can be held`);
      if (p.monitoring) fail('CC_INVALID_STATE', `${p.name} is monitoring call ${callSid}; they cannot be held`);
      const state = held ? 'held' : 'joined';
      if (p.state === state) return copyCall(call);
      return this.change(call, () => (p.state = state));
    });
  }

  kick(workerSid: string, callSid: string, participantId: string): Promise<CallInfo> {
    return this.core.run(async () => {
      const call = this.liveCall(callSid);
      this.agentOn(call, workerSid, 'remove a participant');
      const p = this.participantOf(call, participantId);
      if (p.state === 'left') fail('CC_INVALID_STATE', `${p.name} has already left call ${callSid}`);
      if (p.kind === 'customer' || p.kind === 'phone') return this.end(call);
      if (p.kind === 'agent') return this.agentLeaves(call, p.workerSid!);
      this.core.state.monitors.get(call.taskSid)?.delete(p.workerSid!);
      return this.change(call, () => (p.state = 'left'), [p.workerSid!]);
    });
  }

  /** This agent leaves; with no agent left on it (monitoring supervisors don't count), the call ends for all. */
  hangup(workerSid: string, callSid: string): Promise<CallInfo> {
    return this.core.run(async () => {
      const call = this.liveCall(callSid);
      const me = call.participants.find((p) => p.workerSid === workerSid && p.state !== 'left');
      if (!me) return fail('CC_FORBIDDEN', `You are not on call ${callSid}`);
      if (me.monitoring) {
        this.core.state.monitors.get(call.taskSid)?.delete(workerSid);
        return this.change(call, () => (me.state = 'left'), [workerSid]);
      }
      return this.agentLeaves(call, workerSid);
    });
  }

  endConference(workerSid: string, callSid: string): Promise<CallInfo> {
    return this.core.run(async () => {
      const call = this.liveCall(callSid);
      this.agentOn(call, workerSid, 'end the conference');
      return this.end(call);
    });
  }

  // ---- every participant -----------------------------------------------------------------

  setMuted(party: CallParty, callSid: string, muted: boolean): Promise<CallInfo> {
    return this.core.run(() => {
      const call = this.liveCall(callSid);
      const me = this.partyOn(call, party);
      if (me.state === 'left') fail('CC_INVALID_STATE', `You have left call ${callSid}`);
      const result = me.muted === muted ? copyCall(call) : this.change(call, () => (me.muted = muted));
      return party.kind === 'worker' ? result : outsideView(result);
    });
  }

  /** Relays digits to the call's other participants (not stored). */
  sendDtmf(party: CallParty, callSid: string, digits: string): void {
    const call = this.liveCall(callSid);
    const me = this.partyOn(call, party);
    if (!isLive(me)) fail('CC_INVALID_STATE', `You are ${me.state} on call ${callSid}; join it to send digits`);
    const others = call.participants.filter((p) => p.id !== me.id && p.state !== 'left');
    for (const p of others)
      this.core.push({ event: 'callDtmf', data: { callSid, from: me.id, digits }, ...this.audienceOf(call, p) });
  }

  /** Relays a WebRTC signal to one other participant; both must be on the call (joined or held). */
  signal(party: CallParty, callSid: string, to: string, data: SignalData): void {
    const call = this.liveCall(callSid);
    const me = this.partyOn(call, party);
    if (!isLive(me)) fail('CC_FORBIDDEN', `You are ${me.state} on call ${callSid}; only participants on it signal`);
    const target = call.participants.find((p) => p.id === to);
    if (!target || !isLive(target))
      fail('CC_FORBIDDEN', `${to} is not on call ${callSid}; signals go to its participants only`);
    // A monitoring supervisor is not listed to the caller and the phone, but its media needs
    // them: it joined last, so it makes the offers, and their answers go to it.
    this.core.push({ event: 'callSignal', data: { callSid, from: me.id, data }, ...this.audienceOf(call, target!) });
  }

  // ---- customers and phones --------------------------------------------------------------

  /** The customer's call (CC_INVALID_STATE for a chat). */
  callSidOfChannel(channelSid: string): string {
    const call = this.byChannel.get(channelSid);
    if (!call) return fail('CC_INVALID_STATE', `Channel ${channelSid} is a chat, not a call`);
    return call.sid;
  }

  /** The customer hangs up (inside the engine's queue): the call ends for all. */
  async customerLeaves(channelSid: string): Promise<boolean> {
    const call = this.byChannel.get(channelSid);
    if (!call) return false;
    if (call.status !== 'ended') await this.end(call);
    return true;
  }

  answer(number: string, callSid: string): Promise<CallInfo> {
    return this.core.run(() => {
      const call = this.liveCall(callSid);
      const me = this.partyOn(call, { kind: 'phone', number });
      if (me.state !== 'ringing') fail('CC_INVALID_STATE', `Call ${callSid} is not ringing ${number} (${me.state})`);
      this.stopRinging(callSid);
      return outsideView(
        this.change(call, () => {
          me.state = 'joined';
          me.joinedAt = Date.now();
          call.status = 'in-progress';
        }),
      );
    });
  }

  /** The phone declines or hangs up: the call ends for all (task → wrapping). */
  hangupPhone(number: string, callSid: string): Promise<CallInfo> {
    return this.core.run(async () => {
      const call = this.liveCall(callSid);
      const me = this.partyOn(call, { kind: 'phone', number });
      if (me.state === 'left') fail('CC_INVALID_STATE', `${number} has already left call ${callSid}`);
      return outsideView(await this.end(call));
    });
  }

  // ---- supervisors -----------------------------------------------------------------------

  /** A supervisor listens in (inside the engine's queue): a receive-only participant. */
  addMonitor(call: CallInfo, workerSid: string, name: string): CallInfo {
    if (call.status === 'ended') return copyCall(call);
    const now = Date.now();
    const existing = call.participants.find((p) => p.id === workerSid);
    if (existing && existing.state !== 'left' && !existing.monitoring)
      fail('CC_INVALID_STATE', `You are already on call ${call.sid} as an agent`);
    return this.change(call, () => {
      if (existing) Object.assign(existing, { state: 'joined', joinedAt: now, muted: false, monitoring: true });
      else
        call.participants.push({
          ...participant(workerSid, 'supervisor', name, workerSid, 'joined', now),
          monitoring: true,
        });
    });
  }

  /** The supervisor stops listening (inside the engine's queue). */
  removeMonitor(call: CallInfo, workerSid: string): void {
    const me = call.participants.find((p) => p.id === workerSid && p.monitoring && p.state !== 'left');
    if (me && call.status !== 'ended') this.change(call, () => (me.state = 'left'), [workerSid]);
  }

  // ---- hooks of the engine's operations (called inside its queue) -------------------------

  /** A worker is offered a voice task: it gets the call, so the offer shows the caller. */
  offered(taskSid: string, workerSid: string): void {
    const call = this.byTask.get(taskSid);
    if (call && call.status !== 'ended')
      this.core.push({ event: 'callUpdated', data: copyCall(call), workers: [workerSid] });
  }

  /** A reservation of a voice task was accepted: its worker joins the call. */
  accepted(reservation: ReservationInfo): void {
    this.transfers.delete(reservation.sid);
    const call = this.byTask.get(reservation.taskSid);
    if (!call || call.status === 'ended') return;
    const worker = this.core.state.workers.get(reservation.workerSid);
    const now = Date.now();
    this.change(call, () => {
      const existing = call.participants.find((p) => p.id === reservation.workerSid);
      if (existing)
        Object.assign(existing, { state: 'joined', joinedAt: now, muted: false, monitoring: false, kind: 'agent' });
      else
        call.participants.push(
          participant(
            reservation.workerSid,
            'agent',
            worker?.fullName ?? reservation.workerSid,
            reservation.workerSid,
            'joined',
            now,
          ),
        );
      if (call.direction === 'inbound') call.status = 'in-progress';
    });
  }

  /** A voice task was completed (inside the engine's queue): a call still live on it ends for all. */
  taskCompleted(taskSid: string): void {
    const call = this.byTask.get(taskSid);
    if (!call || call.status === 'ended') return;
    this.stopRinging(call.sid);
    const also = call.participants.flatMap((p) => (p.workerSid && p.state !== 'left' ? [p.workerSid] : []));
    this.change(
      call,
      () => {
        for (const p of call.participants) p.state = 'left';
        call.status = 'ended';
      },
      also,
    );
  }

  /** Is this transfer of `task` a warm one (a call still live; WARM asked)? */
  isWarm(task: TaskInfo, mode: TransferMode | undefined): boolean {
    const call = this.byTask.get(task.sid);
    return mode === 'WARM' && call !== undefined && call.status !== 'ended';
  }

  /**
   * A call's task was handed on (`to`: the new reservation, none for a queue): COLD takes the
   * transferring agent off the call at once; WARM keeps them on until they hang up.
   */
  transferStarted(task: TaskInfo, from: string, to: ReservationInfo | undefined, mode: TransferMode): void {
    const call = this.byTask.get(task.sid);
    if (!call || call.status === 'ended') return;
    if (to) this.transfers.set(to.sid, { mode, from });
    if (mode === 'WARM') return;
    const me = call.participants.find((p) => p.id === from && p.state !== 'left');
    if (me) this.change(call, () => (me.state = 'left'), [from]);
  }

  /**
   * A transfer's reservation was rejected or timed out: the worker who keeps the task (the
   * transferring agent of a warm transfer, still on the call), or undefined (back to routing).
   */
  keeperOf(reservation: ReservationInfo): string | undefined {
    const transfer = this.transfers.get(reservation.sid);
    this.transfers.delete(reservation.sid);
    if (transfer?.mode !== 'WARM') return undefined;
    const call = this.byTask.get(reservation.taskSid);
    const stays = call?.participants.some((p) => p.id === transfer.from && isLive(p) && !p.monitoring);
    const r = this.core.state.reservationOf(transfer.from, reservation.taskSid);
    return stays && r?.status === 'accepted' ? transfer.from : undefined;
  }

  /**
   * At start: the calls of the voice tasks in play are gone (their media was in the browsers),
   * so they end: an assigned task goes to wrapping, a waiting one is canceled.
   */
  recoveryChanges(now: number): Changes {
    const changes: Changes = { tasks: [], reservations: [], channels: [] };
    for (const task of this.core.state.tasks.values()) {
      if (task.channelType !== 'voice' || task.status === 'wrapping') continue;
      this.endTask(task, changes, now);
    }
    return changes;
  }

  /** Stops the ring timers. */
  stop(): void {
    for (const t of this.ringTimers.values()) clearTimeout(t);
    this.ringTimers.clear();
  }

  // ---- internals -------------------------------------------------------------------------

  private add(call: CallInfo): void {
    this.calls.set(call.sid, call);
    this.byTask.set(call.taskSid, call);
    this.byChannel.set(call.channelSid, call);
  }

  /** Forgets ended calls whose task is no longer in play. */
  private prune(): void {
    for (const call of this.calls.values()) {
      if (call.status !== 'ended' || this.core.state.tasks.has(call.taskSid)) continue;
      this.calls.delete(call.sid);
      this.byTask.delete(call.taskSid);
      this.byChannel.delete(call.channelSid);
    }
  }

  private liveCall(callSid: string): CallInfo {
    const call = this.calls.get(callSid) ?? fail('CC_NOT_FOUND', `Call ${callSid} does not exist`);
    if (call.status === 'ended') fail('CC_INVALID_STATE', `Call ${callSid} has ended`);
    return call;
  }

  private participantOf(call: CallInfo, id: string): CallParticipant {
    return (
      call.participants.find((p) => p.id === id) ??
      fail('CC_NOT_FOUND', `${id} is not a participant of call ${call.sid}`)
    );
  }

  /** The agent `workerSid` on the call (joined or held, not monitoring), or CC_FORBIDDEN. */
  private agentOn(call: CallInfo, workerSid: string, what: string): CallParticipant {
    const me = call.participants.find((p) => p.workerSid === workerSid);
    if (!me || !isLive(me) || me.monitoring)
      fail('CC_FORBIDDEN', `Only an agent on call ${call.sid} can ${what}; you are not on it`);
    return me!;
  }

  /** The participant a party is on the call, or CC_FORBIDDEN. */
  private partyOn(call: CallInfo, party: CallParty): CallParticipant {
    const id =
      party.kind === 'worker'
        ? party.workerSid
        : party.kind === 'phone'
          ? phoneId(party.number)
          : call.channelSid === party.channelSid
            ? call.participants.find((p) => p.kind === 'customer')?.id
            : undefined;
    const me = id === undefined ? undefined : call.participants.find((p) => p.id === id);
    return me ?? fail('CC_FORBIDDEN', `You are not a participant of call ${call.sid}`);
  }

  /** Applies a change to the call and tells everyone on it (and `also`). */
  private change(call: CallInfo, apply: () => void, also: readonly string[] = []): CallInfo {
    apply();
    call.updatedAt = Date.now();
    this.publish(call, also);
    return copyCall(call);
  }

  /** `callUpdated`: to the agents' side in full, to the customer and the phone without monitors. */
  private publish(call: CallInfo, also: readonly string[] = []): void {
    const workers = new Set([...this.core.state.workersOn(call.taskSid), ...also]);
    for (const p of call.participants) if (p.workerSid && p.state !== 'left') workers.add(p.workerSid);
    const snapshot = copyCall(call);
    this.core.push({ event: 'callUpdated', data: snapshot, workers });
    const phones = call.participants.filter((p) => p.kind === 'phone').map((p) => p.id.slice('phone:'.length));
    this.core.push({
      event: 'callUpdated',
      data: outsideView(snapshot),
      ...(call.direction === 'inbound' ? { channelSid: call.channelSid } : {}),
      phones,
    });
  }

  /** Where one participant's pushes go: its worker, its phone, or the caller's channel. */
  private audienceOf(call: CallInfo, p: CallParticipant): Pick<Push, 'workers' | 'phones' | 'channelSid'> {
    if (p.workerSid) return { workers: [p.workerSid] };
    if (p.kind === 'phone') return { phones: [p.id.slice('phone:'.length)] };
    return { channelSid: call.channelSid };
  }

  /** An agent leaves the call; the task follows who stays, or the call ends. */
  private async agentLeaves(call: CallInfo, workerSid: string): Promise<CallInfo> {
    const { state } = this.core;
    const me = call.participants.find((p) => p.id === workerSid);
    const staying = call.participants.filter((p) => p.kind === 'agent' && p.id !== workerSid && isLive(p));
    const mine = state.reservationOf(workerSid, call.taskSid);
    const task = state.tasks.get(call.taskSid);
    const now = Date.now();
    if (staying.length) {
      const heir = staying.find((p) => state.reservationOf(p.id, call.taskSid)?.status === 'accepted');
      if (task && mine?.status === 'accepted' && heir) {
        // A warm transfer completes: the task is the one who stays.
        const changes: Changes = {
          reservations: [this.core.withStatus(mine, 'transferred', now)],
          tasks: [{ ...task, status: 'assigned', workerSid: heir.id, updatedAt: now }],
        };
        await this.core.commit(changes);
        this.core.planner.taskChanges(changes, [workerSid]);
      }
      return this.change(call, () => me && (me.state = 'left'), [workerSid]);
    }
    const pendingTransfer = [...(state.reservationsByTask.get(call.taskSid) ?? [])].find((r) => r.status === 'pending');
    if (
      task &&
      mine?.status === 'accepted' &&
      pendingTransfer &&
      call.participants.some((p) => (p.kind === 'customer' || p.kind === 'phone') && isLive(p))
    ) {
      // Hanging up during a warm transfer not yet accepted: it goes on as a cold one.
      this.transfers.set(pendingTransfer.sid, { mode: 'COLD', from: workerSid });
      const changes: Changes = {
        reservations: [this.core.withStatus(mine, 'transferred', now)],
        tasks: [{ ...task, status: 'reserved', workerSid: null, updatedAt: now }],
      };
      await this.core.commit(changes);
      this.core.planner.taskChanges(changes, [workerSid]);
      return this.change(call, () => me && (me.state = 'left'), [workerSid]);
    }
    return this.end(call);
  }

  /** The call ends for all: the task goes to wrapping (canceled if nobody had accepted it). */
  private async end(call: CallInfo): Promise<CallInfo> {
    const { state, planner } = this.core;
    this.stopRinging(call.sid);
    const before = planner.audience(state.channels.get(call.channelSid));
    const also = [
      ...before.workers,
      ...call.participants.flatMap((p) => (p.workerSid && p.state !== 'left' ? [p.workerSid] : [])),
    ];
    const now = Date.now();
    const task = state.tasks.get(call.taskSid);
    const changes: Changes = { tasks: [], reservations: [], channels: [] };
    if (task) this.endTask(task, changes, now);
    for (const p of call.participants) p.state = 'left';
    call.status = 'ended';
    call.updatedAt = now;
    for (const r of changes.reservations ?? []) this.transfers.delete(r.sid);
    await this.core.commit(changes);
    planner.taskChanges(changes, [], before);
    this.publish(call, also);
    if (changes.tasks?.some((t) => t.status === 'canceled')) this.core.scheduleRoute();
    return copyCall(call);
  }

  /** The changes that end a voice task's call: assigned → wrapping, waiting → canceled; its channel closes. */
  private endTask(task: TaskInfo, changes: Changes, now: number): void {
    const reservations = [...(this.core.state.reservationsByTask.get(task.sid) ?? [])];
    if (task.status === 'assigned') {
      changes.tasks!.push({ ...task, status: 'wrapping', updatedAt: now });
      for (const r of reservations)
        changes.reservations!.push(this.core.withStatus(r, r.status === 'accepted' ? 'wrapping' : 'canceled', now));
    } else if (task.status === 'pending' || task.status === 'reserved') {
      changes.tasks!.push({ ...task, status: 'canceled', updatedAt: now });
      for (const r of reservations) changes.reservations!.push(this.core.withStatus(r, 'canceled', now));
    }
    const live = this.core.state.channels.get(task.channelSid);
    if (live && live.info.status === 'open') changes.channels!.push({ ...live.info, status: 'closed', updatedAt: now });
  }

  private stopRinging(callSid: string): void {
    const timer = this.ringTimers.get(callSid);
    if (timer) clearTimeout(timer);
    this.ringTimers.delete(callSid);
  }

  /** An outbound call nobody answered in time ends (task → wrapping). */
  private ringTimeout(callSid: string): Promise<void> {
    this.ringTimers.delete(callSid);
    return this.core
      .run(async () => {
        const call = this.calls.get(callSid);
        if (call?.status === 'ringing') await this.end(call);
      })
      .catch((e: unknown) => this.core.onError(`ring timeout of call ${callSid} failed`, e));
  }
}

function participant(
  id: string,
  kind: CallParticipant['kind'],
  name: string,
  workerSid: string | null,
  state: CallParticipant['state'],
  joinedAt: number | null,
): CallParticipant {
  return { id, kind, name, workerSid, state, muted: false, monitoring: false, joinedAt };
}
