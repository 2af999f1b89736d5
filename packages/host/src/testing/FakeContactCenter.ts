/**
 * An in-memory contact center for tests: a real `ContactCenterProvider` (events, state
 * rules, errors with the local contact center's codes), with helpers that play the customer
 * and the routing: create a task offered to this agent, write as the customer, type.
 */
import type { Disposable } from '@switchboard/actions';
import { Emitter } from '@switchboard/actions/events';
import {
  ContactCenterError,
  type Activity,
  type AgentEvents,
  type AgentSnapshot,
  type ChannelInfo,
  type ChatMessage,
  type ConnectionState,
  type ContactCenterErrorCode,
  type ContactCenterProvider,
  type ReservationInfo,
  type SendMessageOptions,
  type TaskInfo,
  type WorkerInfo,
} from '@switchboard/contact-center';

/** What {@link FakeContactCenter.createTask} takes. */
export interface FakeTaskOptions {
  /** The customer's display name. Default `Customer N`. */
  customerName?: string;
  /** Task attributes (the pre-engagement form). */
  attributes?: Record<string, unknown>;
  /** The customer's first message, if any. */
  message?: string;
  /** When the reservation times out (ms from now). Default 30,000. */
  timeoutMs?: number;
}

/** A task the fake created: its sids, to act on it as the customer. */
export interface FakeTask {
  taskSid: string;
  reservationSid: string;
  channelSid: string;
  customerIdentity: string;
}

/** One call of a provider method, as the fake recorded it. */
export interface FakeCall {
  method: string;
  args: unknown[];
}

const TASK_ACTIVE = new Set(['reserved', 'assigned', 'wrapping']);

/**
 * An in-memory contact center for one agent.
 *
 * @example
 * const cc = new FakeContactCenter({ worker: 'alice' });
 * const host = createHost({ contactCenter: cc });
 * await cc.connect();
 * const { reservationSid, channelSid } = cc.createTask({ customerName: 'Ada', message: 'Hi!' });
 * await host.actions.invokeAction('AcceptTask', { sid: reservationSid });
 * cc.customerWrites(channelSid, 'Are you there?');
 */
export class FakeContactCenter implements ContactCenterProvider {
  readonly #events = new Emitter<AgentEvents>((error) => {
    throw error;
  });
  readonly #workers = new Map<string, WorkerInfo>();
  readonly #tasks = new Map<string, TaskInfo>();
  readonly #reservations = new Map<string, ReservationInfo>();
  readonly #channels = new Map<string, ChannelInfo>();
  readonly #messages = new Map<string, ChatMessage[]>();
  readonly #failures = new Map<string, Error[]>();
  #state: ConnectionState = 'idle';
  #seq = 0;
  readonly #me: WorkerInfo;
  /** Every provider method called, in order (for assertions). */
  readonly calls: FakeCall[] = [];
  /** Typing signals this agent sent, by channel sid. */
  readonly typingSent: string[] = [];

  /**
   * @param options.worker this agent's identity (default `agent`)
   * @param options.others other workers, for transfers (default one, `colleague`, Available)
   */
  constructor(options: { worker?: string; others?: string[] } = {}) {
    const worker = (identity: string, activity: Activity): WorkerInfo => ({
      sid: `WK${identity}`,
      identity,
      fullName: identity.charAt(0).toUpperCase() + identity.slice(1),
      activity,
    });
    this.#me = worker(options.worker ?? 'agent', 'Available');
    this.#workers.set(this.#me.sid, this.#me);
    for (const other of options.others ?? ['colleague']) {
      const w = worker(other, 'Available');
      this.#workers.set(w.sid, w);
    }
  }

  get connectionState(): ConnectionState {
    return this.#state;
  }

  get worker(): WorkerInfo | undefined {
    return this.#state === 'connected' ? this.#workers.get(this.#me.sid) : undefined;
  }

  on<K extends keyof AgentEvents>(event: K, listener: AgentEvents[K]): Disposable {
    return this.#events.on(event, listener);
  }

  async connect(): Promise<AgentSnapshot> {
    this.#record('connect');
    this.#setState('connected');
    const snapshot = this.snapshot();
    this.#events.emit('snapshot', snapshot);
    return snapshot;
  }

  disconnect(): void {
    this.#record('disconnect');
    this.#setState('closed');
  }

  /** Drops the connection and comes back, as after a server restart: a fresh snapshot. */
  reconnect(): AgentSnapshot {
    this.#setState('reconnecting');
    this.#setState('connected');
    const snapshot = this.snapshot();
    this.#events.emit('snapshot', snapshot);
    return snapshot;
  }

  /** What this agent sees now (what `connect` and a reconnect send). */
  snapshot(): AgentSnapshot {
    const reservations = [...this.#reservations.values()].filter(
      (r) => r.workerSid === this.#me.sid && ['pending', 'accepted', 'wrapping'].includes(r.status),
    );
    const tasks = reservations.map((r) => this.#tasks.get(r.taskSid)!);
    const channels = tasks.map((t) => this.#channels.get(t.channelSid)!);
    return {
      worker: this.#workers.get(this.#me.sid)!,
      workers: [...this.#workers.values()],
      reservations,
      tasks,
      channels,
      messages: channels.flatMap((c) => this.#messages.get(c.sid) ?? []),
    };
  }

  // ---- what the customer and the routing do --------------------------------------------

  /** A customer starts a chat, and the task is offered to this agent. */
  createTask(options: FakeTaskOptions = {}): FakeTask {
    const n = ++this.#seq;
    const now = Date.now();
    const customerName = options.customerName ?? `Customer ${n}`;
    const customer = { identity: `customer-${n}`, friendlyName: customerName };
    const channel: ChannelInfo = {
      sid: `CH${n}`,
      taskSid: `WT${n}`,
      status: 'open',
      customer,
      createdAt: now,
      updatedAt: now,
    };
    const task: TaskInfo = {
      sid: `WT${n}`,
      channelType: 'chat',
      status: 'reserved',
      channelSid: channel.sid,
      workerSid: null,
      attributes: { customerName, ...options.attributes },
      createdAt: now,
      updatedAt: now,
    };
    const reservation: ReservationInfo = {
      sid: `WR${n}`,
      taskSid: task.sid,
      workerSid: this.#me.sid,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      expiresAt: now + (options.timeoutMs ?? 30_000),
    };
    this.#channels.set(channel.sid, channel);
    this.#messages.set(channel.sid, []);
    this.#tasks.set(task.sid, task);
    this.#reservations.set(reservation.sid, reservation);
    this.#events.emit('channelUpdated', channel);
    this.#events.emit('taskUpdated', task);
    this.#events.emit('reservationUpdated', reservation);
    if (options.message) this.customerWrites(channel.sid, options.message);
    return {
      taskSid: task.sid,
      reservationSid: reservation.sid,
      channelSid: channel.sid,
      customerIdentity: customer.identity,
    };
  }

  /** The customer writes in `channelSid`. */
  customerWrites(channelSid: string, body: string): ChatMessage {
    const channel = this.#channel(channelSid);
    return this.#addMessage(channel, channel.customer.identity, 'customer', channel.customer.friendlyName, body, null);
  }

  /** The customer is typing in `channelSid`. */
  customerTyping(channelSid: string): void {
    const channel = this.#channel(channelSid);
    this.#events.emit('typing', {
      channelSid,
      identity: channel.customer.identity,
      role: 'customer',
      name: channel.customer.friendlyName,
      at: Date.now(),
    });
  }

  /** The reservation was not accepted in time: it times out and goes away. */
  timeOut(reservationSid: string): void {
    this.#updateReservation(this.#reservation(reservationSid), 'timeout');
  }

  /** Every message of a channel so far (what the customer sees). */
  messagesOf(channelSid: string): ChatMessage[] {
    return [...(this.#messages.get(channelSid) ?? [])];
  }

  /** A task as the contact center has it. */
  taskInfo(taskSid: string): TaskInfo | undefined {
    return this.#tasks.get(taskSid);
  }

  /** A channel as the contact center has it. */
  channelInfo(channelSid: string): ChannelInfo | undefined {
    return this.#channels.get(channelSid);
  }

  /** Makes the next call of `method` reject with a ContactCenterError of `code`. */
  failNext(
    method: keyof ContactCenterProvider,
    code: ContactCenterErrorCode = 'CC_INVALID_STATE',
    message?: string,
  ): void {
    const list = this.#failures.get(method) ?? [];
    list.push(new ContactCenterError(code, message ?? `${method} failed (injected by the test)`));
    this.#failures.set(method, list);
  }

  // ---- the provider ------------------------------------------------------------------

  async setActivity(activity: Activity): Promise<WorkerInfo> {
    this.#call('setActivity', activity);
    const worker = { ...this.#workers.get(this.#me.sid)!, activity };
    this.#workers.set(worker.sid, worker);
    this.#events.emit('workerUpdated', worker);
    return worker;
  }

  async acceptReservation(reservationSid: string): Promise<ReservationInfo> {
    this.#call('acceptReservation', reservationSid);
    const r = this.#mine(reservationSid);
    if (r.status !== 'pending')
      this.#refuse('CC_INVALID_STATE', `reservation ${reservationSid} is ${r.status}, not pending`);
    const task = this.#tasks.get(r.taskSid)!;
    this.#updateTask(task, { status: 'assigned', workerSid: this.#me.sid });
    return this.#updateReservation(r, 'accepted');
  }

  async rejectReservation(reservationSid: string): Promise<ReservationInfo> {
    this.#call('rejectReservation', reservationSid);
    const r = this.#mine(reservationSid);
    if (r.status !== 'pending')
      this.#refuse('CC_INVALID_STATE', `reservation ${reservationSid} is ${r.status}, not pending`);
    this.#updateTask(this.#tasks.get(r.taskSid)!, { status: 'pending' });
    return this.#updateReservation(r, 'rejected');
  }

  async transferTask(taskSid: string, toWorkerSid: string): Promise<TaskInfo> {
    this.#call('transferTask', taskSid, toWorkerSid);
    const { task, reservation } = this.#assigned(taskSid);
    const target = this.#workers.get(toWorkerSid);
    if (!target || target.sid === this.#me.sid) this.#refuse('CC_NOT_FOUND', `no other worker ${toWorkerSid}`);
    if (target.activity !== 'Available') this.#refuse('CC_INVALID_STATE', `${target.identity} is ${target.activity}`);
    this.#updateReservation(reservation, 'transferred');
    return this.#updateTask(task, { status: 'reserved', workerSid: null });
  }

  async wrapupTask(taskSid: string): Promise<TaskInfo> {
    this.#call('wrapupTask', taskSid);
    const { task, reservation } = this.#assigned(taskSid);
    if (task.status !== 'assigned') this.#refuse('CC_INVALID_STATE', `task ${taskSid} is ${task.status}, not assigned`);
    this.#updateReservation(reservation, 'wrapping');
    return this.#updateTask(task, { status: 'wrapping' });
  }

  async completeTask(taskSid: string): Promise<TaskInfo> {
    this.#call('completeTask', taskSid);
    const { task, reservation } = this.#assigned(taskSid);
    const channel = this.#channels.get(task.channelSid)!;
    this.#updateReservation(reservation, 'completed');
    const done = this.#updateTask(task, { status: 'completed' });
    const closed = { ...channel, status: 'closed' as const, updatedAt: Date.now() };
    this.#channels.set(closed.sid, closed);
    this.#events.emit('channelUpdated', closed);
    return done;
  }

  async sendMessage(channelSid: string, body: string, options: SendMessageOptions = {}): Promise<ChatMessage> {
    this.#call('sendMessage', channelSid, body);
    const channel = this.#channel(channelSid);
    if (channel.status !== 'open') this.#refuse('CC_INVALID_STATE', `channel ${channelSid} is closed`);
    const task = this.#tasks.get(channel.taskSid)!;
    if (task.workerSid !== this.#me.sid) this.#refuse('CC_FORBIDDEN', `this agent has not accepted task ${task.sid}`);
    const existing = options.clientId && this.#messages.get(channelSid)!.find((m) => m.clientId === options.clientId);
    if (existing) return existing;
    return this.#addMessage(channel, this.#me.identity, 'agent', this.#me.fullName, body, options.clientId ?? null);
  }

  sendTyping(channelSid: string): void {
    this.#record('sendTyping', channelSid);
    this.typingSent.push(channelSid);
  }

  async getMessages(channelSid: string, options: { afterIndex?: number } = {}): Promise<ChatMessage[]> {
    this.#call('getMessages', channelSid);
    return this.messagesOf(this.#channel(channelSid).sid).filter((m) => m.index > (options.afterIndex ?? -1));
  }

  async listWorkers(): Promise<WorkerInfo[]> {
    this.#call('listWorkers');
    return [...this.#workers.values()];
  }

  async logout(): Promise<void> {
    this.#call('logout');
    await this.setActivity('Offline');
    this.#setState('closed');
  }

  // ---- internals -----------------------------------------------------------------------

  #record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  /** Records a call and throws an injected failure, if one is queued. */
  #call(method: string, ...args: unknown[]): void {
    this.#record(method, ...args);
    if (this.#state !== 'connected') throw new ContactCenterError('CC_DISCONNECTED', `${method}: not connected`);
    const failure = this.#failures.get(method)?.shift();
    if (failure) throw failure;
  }

  #refuse(code: ContactCenterErrorCode, message: string): never {
    throw new ContactCenterError(code, message);
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    this.#events.emit('connectionStateChanged', state);
  }

  #channel(channelSid: string): ChannelInfo {
    return this.#channels.get(channelSid) ?? this.#refuse('CC_NOT_FOUND', `no channel ${channelSid}`);
  }

  #reservation(sid: string): ReservationInfo {
    return this.#reservations.get(sid) ?? this.#refuse('CC_NOT_FOUND', `no reservation ${sid}`);
  }

  #mine(sid: string): ReservationInfo {
    const r = this.#reservation(sid);
    if (r.workerSid !== this.#me.sid) this.#refuse('CC_FORBIDDEN', `reservation ${sid} is not this agent's`);
    return r;
  }

  /** The task and this agent's accepted (or wrapping) reservation of it. */
  #assigned(taskSid: string): { task: TaskInfo; reservation: ReservationInfo } {
    const task = this.#tasks.get(taskSid) ?? this.#refuse('CC_NOT_FOUND', `no task ${taskSid}`);
    const reservation = [...this.#reservations.values()].find(
      (r) =>
        r.taskSid === taskSid && r.workerSid === this.#me.sid && (r.status === 'accepted' || r.status === 'wrapping'),
    );
    if (!reservation || !TASK_ACTIVE.has(task.status))
      this.#refuse('CC_INVALID_STATE', `task ${taskSid} is not accepted by this agent`);
    return { task, reservation };
  }

  #updateReservation(r: ReservationInfo, status: ReservationInfo['status']): ReservationInfo {
    const next = { ...r, status, updatedAt: Date.now(), expiresAt: status === 'pending' ? r.expiresAt : null };
    this.#reservations.set(next.sid, next);
    this.#events.emit('reservationUpdated', next);
    return next;
  }

  #updateTask(task: TaskInfo, change: Partial<TaskInfo>): TaskInfo {
    const next = { ...task, ...change, updatedAt: Date.now() };
    this.#tasks.set(next.sid, next);
    this.#events.emit('taskUpdated', next);
    return next;
  }

  #addMessage(
    channel: ChannelInfo,
    author: string,
    authorRole: ChatMessage['authorRole'],
    authorName: string,
    body: string,
    clientId: string | null,
  ): ChatMessage {
    const list = this.#messages.get(channel.sid)!;
    const message: ChatMessage = {
      sid: `IM${channel.sid.slice(2)}-${list.length}`,
      channelSid: channel.sid,
      index: list.length,
      author,
      authorRole,
      authorName,
      body,
      createdAt: Date.now(),
      clientId,
    };
    list.push(message);
    this.#events.emit('messageAdded', message);
    return message;
  }
}
