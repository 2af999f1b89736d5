/**
 * The contact center's engine: workers, tasks, reservations, channels and messages, the
 * operations on them with their authorization and state rules, routing and reservation
 * timeouts. Transport-free: the socket gateway and the HTTP API call it with a verified
 * principal and deliver its pushes. Every state change runs in one serial queue: check,
 * write (one transaction), apply to the in-memory mirror, push; a refused operation changes
 * nothing.
 */
import { Emitter } from '@switchboard/actions/events';
import { ContactCenterError } from '../errors';
import { attributesProblem, mergeAttributes } from '../attributes';
import type { ActivityRef, TransferMode } from '../provider';
import {
  ACTIVITY_LIST,
  activitySid,
  defaultWorkerAttributes,
  findActivity,
  type AgentSnapshot,
  type ChannelInfo,
  type ChatMessage,
  type CustomerSnapshot,
  type EngagementFormData,
  type QueueInfo,
  type ReservationInfo,
  type TaskInfo,
  type WorkerInfo,
} from '../types';
import type { PhoneSnapshot, QueueStats } from '../voice';
import { Access, closed, fail } from './Access';
import { CallDesk, type VoiceOptions } from './calls/CallDesk';
import { PhoneDirectory } from './calls/PhoneDirectory';
import type { EngineCore } from './EngineCore';
import { Supervision } from './Supervision';
import { EngineState, publicWorker } from './EngineState';
import { newCustomerIdentity, newSid } from './ids';
import { MessageCommitter, type CommitCallback, type Submission } from './MessageCommitter';
import type { ChatPrincipal, Principal } from './principal';
import { PushPlanner, type Push } from './PushPlanner';
import type { Changes, Repository, WorkerRecord } from './Repository';
import { ReservationTimers } from './ReservationTimers';
import { routeTasks, type RoutingTask } from './routing';
import { scopeOf } from './routing/expression';
import { computeQueueStats, StatsThrottle } from './routing/queueStats';
import {
  compileRouting,
  DEFAULT_ROUTING_CONFIG,
  type CompiledRouting,
  type RoutingConfig,
} from './routing/RoutingConfig';
import { RoutingPlan } from './routing/RoutingPlan';
import { WorkflowTimer } from './routing/WorkflowTimer';
import { SerialQueue } from './SerialQueue';

export interface ContactCenterEngineOptions {
  reservationTimeoutMs: number;
  /** Chats a worker handles at once: overrides the routing configuration's `capacity.chat`. */
  chatCapacity?: number;
  /** Queues, workflow, capacity per channel, seed attributes (default: one queue, `Everyone`). */
  routing?: RoutingConfig | CompiledRouting;
  onError(message: string, error: unknown): void;
  /** Supervisor identities: created if missing (as `agents` are); the role is re-derived from this at each start. */
  supervisors?: string[];
  /** Admin identities (the plugin registry's writers): created if missing; the role is re-derived at each start. An admin listed as a supervisor too is an admin. */
  admins?: string[];
  /** Calls: the caller id of outbound calls, ICE servers, the ring timeout. */
  voice?: VoiceOptions;
}

/** A submission with the principal it is checked against again at commit time. */
type EngineSubmission = Submission & { principal: ChatPrincipal };

/** The wire's schema checks attributes already; callers of the engine itself (drivers) get the same rule. */
const checkAttributes = (attributes: unknown): void => {
  const problem = attributesProblem(attributes);
  if (problem) fail('CC_BAD_REQUEST', problem);
};

/** Merged attributes keep to the same limits as those sent (a merge must not grow them past it). */
const checkMerged = (merged: Record<string, unknown>): void => {
  const problem = attributesProblem(merged);
  if (problem) fail('CC_BAD_REQUEST', `${problem.replace(/^attributes/, 'the attributes after the merge')}`);
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A worker's attributes with the configuration's seed added: a key already stored is never
 * overwritten, except the default empty `skills` list a new worker starts with.
 */
const seedAttributes = (stored: Record<string, unknown>, seed: Record<string, unknown> | undefined) => {
  if (!seed) return stored;
  const out = { ...stored };
  for (const [k, v] of Object.entries(seed)) {
    const blank = k === 'skills' && Array.isArray(out[k]) && (out[k] as unknown[]).length === 0;
    if (!(k in out) || blank) out[k] = v;
  }
  return out;
};

export class ContactCenter {
  readonly pushes = new Emitter<{ push: (push: Push) => void }>((error) => this.options.onError('push failed', error));
  private readonly state = new EngineState();
  private readonly access: Access;
  private readonly queue = new SerialQueue();
  private readonly timers = new ReservationTimers((reservationSid) => void this.expire(reservationSid));
  private readonly planner = new PushPlanner(this.state, (push) => this.pushes.emit('push', push));
  private readonly committer: MessageCommitter<EngineSubmission>;
  private readonly plan: RoutingPlan;
  private readonly statsThrottle = new StatsThrottle(() =>
    this.push({ event: 'queueStatsUpdated', data: this.queueStats(), allAgents: true }),
  );
  private readonly workflowTimer = new WorkflowTimer(() => this.scheduleRoute());
  private routeScheduled = false;
  private closed = false;
  /** Registered phone pages (outbound calls ring them). */
  readonly phones = new PhoneDirectory();
  /** Voice calls (`calls/CallDesk.ts`). */
  readonly calls: CallDesk;
  /** Monitoring and the Teams view (`Supervision.ts`). */
  readonly supervision: Supervision;

  private constructor(
    private readonly repo: Repository,
    private readonly options: ContactCenterEngineOptions,
  ) {
    this.access = new Access(this.state, repo);
    const routing = options.routing ?? DEFAULT_ROUTING_CONFIG;
    const compiled = 'defaultQueueSid' in routing ? routing : compileRouting(routing);
    this.plan = new RoutingPlan(
      options.chatCapacity === undefined
        ? compiled
        : { ...compiled, capacity: { ...compiled.capacity, chat: options.chatCapacity } },
    );
    this.committer = new MessageCommitter<EngineSubmission>({
      run: (job) => this.queue.run(job),
      check: (s) => this.access.checkWrite(s, s.principal),
      store: (messages) => this.repo.appendMessages(messages),
      committed: (message, origin) => {
        this.state.addMessage(message);
        const live = this.state.channels.get(message.channelSid);
        this.push({ event: 'messageAdded', data: message, ...this.planner.audience(live), except: origin });
      },
      newSid: () => newSid('IM'),
    });
    const core: EngineCore = {
      state: this.state,
      planner: this.planner,
      run: (job) => this.queue.run(job),
      commit: (changes) => this.commit(changes),
      push: (push) => this.push(push),
      withStatus: (r, status, now) => this.withStatus(r, status, now),
      newReservation: (taskSid, workerSid, now) => this.newReservation(taskSid, workerSid, now),
      scheduleRoute: () => this.scheduleRoute(),
      listQueues: () => this.listQueues(),
      onError: (message, error) => this.options.onError(message, error),
    };
    this.calls = new CallDesk(core, this.phones, options.voice);
    this.supervision = new Supervision(core, this.calls, () => this.queueStats());
    this.planner.onOffer = (taskSid, workerSid) => this.calls.offered(taskSid, workerSid);
    this.pushes.on('push', (push) => {
      if (push.event === 'reservationUpdated' || push.event === 'taskUpdated' || push.event === 'workerUpdated')
        this.supervision.changed();
    });
  }

  /** Loads the working set, times out reservations that expired while the server was down, routes. */
  static async open(
    repo: Repository,
    options: ContactCenterEngineOptions,
    agents: string[] = [],
  ): Promise<ContactCenter> {
    const cc = new ContactCenter(repo, options);
    const { state } = cc;
    const workers = await repo.workers();
    const now = Date.now();
    const known = new Set(workers.map((w) => w.identity));
    // The role is re-derived from the configuration at each start (not stored).
    const supervisors = new Set(options.supervisors ?? []);
    const admins = new Set(options.admins ?? []);
    const roleOf = (identity: string) =>
      admins.has(identity) ? 'admin' : supervisors.has(identity) ? 'supervisor' : 'agent';
    for (const w of workers) w.role = roleOf(w.identity);
    const seeds = cc.plan.config.workers;
    const identities = [...agents, ...supervisors, ...admins, ...Object.keys(seeds)];
    const added = identities
      .filter((identity, i) => !known.has(identity) && identities.indexOf(identity) === i)
      .map((identity): WorkerRecord => ({
        sid: newSid('WK'),
        identity,
        role: roleOf(identity),
        fullName: capitalise(identity),
        activity: 'Offline',
        activitySid: activitySid('Offline'),
        attributes: seedAttributes(defaultWorkerAttributes(capitalise(identity)), seeds[identity]?.attributes),
        idleSince: now,
      }));
    // Workers stored before get the seed attributes they do not have yet (never overwritten).
    const seeded = workers
      .filter((w) => seeds[w.identity])
      .map((w) => ({ ...w, attributes: seedAttributes(w.attributes, seeds[w.identity]!.attributes) }))
      .filter((w) => JSON.stringify(w.attributes) !== JSON.stringify(workers.find((x) => x.sid === w.sid)!.attributes));
    for (const w of seeded) workers[workers.findIndex((x) => x.sid === w.sid)] = w;
    if (added.length || seeded.length) await repo.persist({ workers: [...added, ...seeded] });
    const tasks = await repo.activeTasks();
    const channels = await repo.channels(tasks.map((t) => t.channelSid));
    state.apply({
      workers: [...workers, ...added],
      tasks,
      channels,
      messages: await repo.messagesOf(channels.map((c) => c.sid)),
    });
    for (const r of await repo.reservationsOfTasks(tasks.map((t) => t.sid))) state.setReservation(r);
    // Calls do not survive a restart (their media was in the browsers): their tasks end here.
    const ended = cc.calls.recoveryChanges(now);
    if (ended.tasks!.length) await cc.commit(ended);
    for (const r of state.reservations.values()) if (r.status === 'pending') cc.timers.arm(r);
    cc.scheduleRoute();
    return cc;
  }

  // ---- reads ---------------------------------------------------------------------------

  worker(workerSid: string): WorkerInfo | undefined {
    const w = this.state.workers.get(workerSid);
    return w && publicWorker(w);
  }

  workerByIdentity(identity: string): WorkerInfo | undefined {
    const w = this.state.workersByIdentity.get(identity);
    return w && publicWorker(w);
  }

  /** Does channel `channelSid` exist (in play or stored)? */
  async hasChannel(channelSid: string): Promise<boolean> {
    return this.state.channels.has(channelSid) || (await this.repo.channel(channelSid)) !== undefined;
  }

  listWorkers(): WorkerInfo[] {
    return [...this.state.workers.values()].map(publicWorker);
  }

  /** The configured queues (with the expression that selects their workers). */
  listQueues(): QueueInfo[] {
    return this.plan.queues();
  }

  /**
   * Every queue's live figures: waiting and reserved tasks, the longest wait, the workers it
   * selects and how many of them are Available.
   *
   * @example
   * cc.queueStats(); // [{ queueSid: 'WQ…', name: 'Everyone', waitingTasks: 2, longestWaitMs: 5400, … }]
   */
  queueStats(): QueueStats[] {
    return computeQueueStats(this.plan, this.state.tasks.values(), this.state.workers.values(), Date.now());
  }

  agentSnapshot(workerSid: string): AgentSnapshot {
    const worker = this.state.workers.get(workerSid) ?? fail('CC_NOT_FOUND', `Worker ${workerSid} does not exist`);
    const snapshot: AgentSnapshot = {
      ...this.state.agentSnapshot(workerSid),
      queues: this.listQueues(),
      calls: this.calls.callsOf(workerSid),
      queueStats: this.queueStats(),
      iceServers: this.calls.iceServers,
    };
    if (worker.role === 'supervisor') snapshot.supervisor = this.supervision.view(workerSid);
    return snapshot;
  }

  /** A phone's view: its number and its calls not yet ended. */
  phoneSnapshot(number: string): PhoneSnapshot {
    return { number, calls: this.calls.callsOfPhone(number) };
  }

  /** The customer's view; from memory while the task is in play, else from the database. */
  async customerSnapshot(channelSid: string): Promise<CustomerSnapshot> {
    const live = this.state.channels.get(channelSid);
    const task = live && this.state.tasks.get(live.info.taskSid);
    const call = this.calls.callOfChannel(channelSid);
    const voice = call ? { call, iceServers: this.calls.iceServers } : {};
    if (live && task) return { channel: live.info, task, messages: [...live.messages], ...voice };
    const channel = await this.repo.channel(channelSid);
    const stored = channel && (await this.repo.task(channel.taskSid));
    if (!channel || !stored) return fail('CC_NOT_FOUND', `Channel ${channelSid} does not exist`);
    return { channel, task: stored, messages: await this.repo.messages(channelSid), ...voice };
  }

  /** A channel's messages after `afterIndex`, if `who` may read it. */
  async getMessages(who: Principal, channelSid: string, afterIndex = -1): Promise<ChatMessage[]> {
    await this.access.checkRead(who, channelSid);
    const live = this.state.channels.get(channelSid);
    if (live) return live.messages.filter((m) => m.index > afterIndex);
    return this.repo.messages(channelSid, afterIndex);
  }

  // ---- agent operations ------------------------------------------------------------------

  setActivity(workerSid: string, ref: ActivityRef): Promise<WorkerInfo> {
    return this.queue.run(async () => {
      const found = findActivity(typeof ref === 'string' ? { activityName: ref } : ref);
      if (!found) {
        const asked = typeof ref === 'string' ? ref : 'activitySid' in ref ? ref.activitySid : ref.activityName;
        const known = ACTIVITY_LIST.map((a) => `${a.name} (${a.sid})`).join(', ');
        return fail('CC_NOT_FOUND', `Activity "${asked}" does not exist; the activities are ${known}`);
      }
      const activity = found.name;
      const w = this.requireWorker(workerSid);
      if (w.activity === activity) return publicWorker(w);
      const now = Date.now();
      const worker: WorkerRecord = {
        ...w,
        activity,
        activitySid: found.sid,
        idleSince: activity === 'Available' ? now : w.idleSince,
      };
      const changes: Changes = { workers: [worker], reservations: [], tasks: [] };
      // Going Offline hands back the offers not yet accepted, so they don't wait for the timeout.
      if (activity === 'Offline') {
        for (const r of this.state.reservations.values()) {
          if (r.workerSid !== workerSid || r.status !== 'pending') continue;
          changes.reservations!.push(this.withStatus(r, 'rejected', now));
          // A warm transfer's offer: the task stays with the agent still on the call.
          const keeper = this.calls.keeperOf(r);
          changes.tasks!.push({
            ...this.state.tasks.get(r.taskSid)!,
            status: keeper ? 'assigned' : 'pending',
            workerSid: keeper ?? null,
            updatedAt: now,
          });
        }
      }
      await this.commit(changes);
      this.push({ event: 'workerUpdated', data: publicWorker(worker), allAgents: true });
      this.planner.taskChanges(changes, [workerSid]);
      this.scheduleRoute();
      return publicWorker(worker);
    });
  }

  /**
   * Sets a worker's attributes (replaced, or merged deeply). `full_name`, when a non-empty
   * string, renames the worker; otherwise it stays the worker's name (it cannot be removed).
   */
  setWorkerAttributes(
    workerSid: string,
    attributes: Record<string, unknown>,
    mergeExisting = false,
  ): Promise<WorkerInfo> {
    return this.queue.run(async () => {
      checkAttributes(attributes);
      const w = this.requireWorker(workerSid);
      const next = mergeExisting ? mergeAttributes(w.attributes, attributes) : { ...attributes };
      checkMerged(next);
      const name = typeof next.full_name === 'string' ? next.full_name.trim().slice(0, 200) : '';
      const fullName = name || w.fullName;
      const worker: WorkerRecord = { ...w, fullName, attributes: { ...next, full_name: fullName } };
      await this.commit({ workers: [worker] });
      this.push({ event: 'workerUpdated', data: publicWorker(worker), allAgents: true });
      // The worker may fit other queues now.
      this.scheduleRoute();
      return publicWorker(worker);
    });
  }

  /**
   * Sets the attributes of a task in play (replaced, or merged deeply), by a worker holding a
   * live reservation on it; every worker on the task hears `taskUpdated`.
   */
  setTaskAttributes(
    workerSid: string,
    taskSid: string,
    attributes: Record<string, unknown>,
    mergeExisting = false,
  ): Promise<TaskInfo> {
    return this.queue.run(async () => {
      checkAttributes(attributes);
      const live = this.state.tasks.get(taskSid);
      if (!live) {
        const stored = await this.repo.task(taskSid);
        if (!stored) return fail('CC_NOT_FOUND', `Task ${taskSid} does not exist`);
        if (await this.repo.workerHeldTask(workerSid, taskSid))
          fail('CC_INVALID_STATE', `Task ${taskSid} is ${stored.status}; its attributes cannot be set`);
        return fail('CC_FORBIDDEN', `Task ${taskSid} is not assigned to you`);
      }
      if (!this.state.reservationOf(workerSid, taskSid)) fail('CC_FORBIDDEN', `Task ${taskSid} is not assigned to you`);
      const task: TaskInfo = {
        ...live,
        attributes: mergeExisting ? mergeAttributes(live.attributes, attributes) : { ...attributes },
        updatedAt: Date.now(),
      };
      checkMerged(task.attributes);
      await this.commit({ tasks: [task] });
      this.planner.taskChanges({ tasks: [task] }, []);
      return task;
    });
  }

  acceptReservation(workerSid: string, reservationSid: string): Promise<ReservationInfo> {
    return this.queue.run(async () => {
      const r = await this.access.pendingReservation(workerSid, reservationSid);
      const now = Date.now();
      const reservation = this.withStatus(r, 'accepted', now);
      const task: TaskInfo = { ...this.state.tasks.get(r.taskSid)!, status: 'assigned', workerSid, updatedAt: now };
      await this.commit({ reservations: [reservation], tasks: [task] });
      this.planner.taskChanges({ reservations: [reservation], tasks: [task] }, []);
      this.calls.accepted(reservation);
      return reservation;
    });
  }

  rejectReservation(workerSid: string, reservationSid: string): Promise<ReservationInfo> {
    return this.queue.run(async () => {
      const r = await this.access.pendingReservation(workerSid, reservationSid);
      const reservation = await this.handBack(r, 'rejected');
      this.scheduleRoute();
      return reservation;
    });
  }

  transferTask(workerSid: string, taskSid: string, toWorkerSid: string, mode?: TransferMode): Promise<TaskInfo> {
    return this.queue.run(async () => {
      const { task, reservation } = await this.access.heldTask(workerSid, taskSid, ['assigned'], 'transferred');
      if (toWorkerSid === workerSid) fail('CC_BAD_REQUEST', 'A task cannot be transferred to the worker who holds it');
      // A warm transfer (calls) keeps the transferring agent's reservation and the task until they hang up.
      const warm = this.calls.isWarm(task, mode);
      if (this.plan.hasQueue(toWorkerSid)) return this.transferToQueue(workerSid, task, reservation, toWorkerSid);
      const target =
        this.state.workers.get(toWorkerSid) ?? fail('CC_NOT_FOUND', `Worker ${toWorkerSid} does not exist`);
      if (target.activity !== 'Available')
        fail('CC_INVALID_STATE', `${target.fullName} is ${target.activity}, not Available`);
      if (this.loadOn(target.sid, task.channelType) >= this.plan.capacity(task.channelType))
        fail('CC_INVALID_STATE', `${target.fullName} has no free capacity for a ${task.channelType} task`);
      const now = Date.now();
      const offer = this.newReservation(taskSid, target.sid, now);
      const changes: Changes = {
        reservations: warm ? [offer] : [this.withStatus(reservation, 'transferred', now), offer],
        tasks: [warm ? { ...task, updatedAt: now } : { ...task, status: 'reserved', workerSid: null, updatedAt: now }],
        workers: [
          { ...this.state.workers.get(workerSid)!, idleSince: now },
          { ...target, idleSince: now },
        ],
      };
      await this.commit(changes);
      this.planner.taskChanges(changes, [workerSid]);
      this.calls.transferStarted(task, workerSid, offer, warm ? 'WARM' : 'COLD');
      this.planner.offerChannel(taskSid, target.sid);
      return changes.tasks![0]!;
    });
  }

  /**
   * The task goes back to routing, into queue `queueSid` (where it stays: no workflow timeout);
   * the worker who handed it on gets it again only if nobody else can.
   */
  private async transferToQueue(
    workerSid: string,
    task: TaskInfo,
    reservation: ReservationInfo,
    queueSid: string,
  ): Promise<TaskInfo> {
    const now = Date.now();
    const changes: Changes = {
      reservations: [this.withStatus(reservation, 'transferred', now)],
      tasks: [{ ...task, status: 'pending', workerSid: null, queueSid, updatedAt: now }],
      workers: [{ ...this.state.workers.get(workerSid)!, idleSince: now }],
    };
    await this.commit(changes);
    this.plan.placeInQueue(changes.tasks![0]!, queueSid, now);
    this.state.decline(task.sid, workerSid);
    this.planner.taskChanges(changes, [workerSid]);
    this.calls.transferStarted(task, workerSid, undefined, 'COLD');
    this.scheduleRoute();
    return changes.tasks![0]!;
  }

  wrapupTask(workerSid: string, taskSid: string): Promise<TaskInfo> {
    return this.queue.run(async () => {
      const { task, reservation } = await this.access.heldTask(workerSid, taskSid, ['assigned'], 'wrapped up');
      const now = Date.now();
      const changes: Changes = {
        reservations: [this.withStatus(reservation, 'wrapping', now)],
        tasks: [{ ...task, status: 'wrapping', updatedAt: now }],
      };
      await this.commit(changes);
      this.planner.taskChanges(changes, []);
      return changes.tasks![0]!;
    });
  }

  completeTask(workerSid: string, taskSid: string): Promise<TaskInfo> {
    return this.queue.run(async () => {
      const { task, reservation } = await this.access.heldTask(
        workerSid,
        taskSid,
        ['assigned', 'wrapping'],
        'completed',
      );
      const now = Date.now();
      const live = this.state.channels.get(task.channelSid);
      const audience = this.planner.audience(live);
      const changes: Changes = {
        reservations: [this.withStatus(reservation, 'completed', now)],
        tasks: [{ ...task, status: 'completed', updatedAt: now }],
        workers: [{ ...this.state.workers.get(workerSid)!, idleSince: now }],
        channels: live && live.info.status === 'open' ? [{ ...live.info, status: 'closed', updatedAt: now }] : [],
      };
      await this.commit(changes);
      this.planner.taskChanges(changes, [workerSid], audience);
      this.calls.taskCompleted(taskSid);
      this.scheduleRoute();
      return changes.tasks![0]!;
    });
  }

  // ---- customer operations ---------------------------------------------------------------

  /**
   * Creates a channel and its task (routed at once). The form's data goes to the task's
   * attributes (the agent sees it); as in Flex, it is not posted as a message: a page that
   * wants the question in the transcript sends it after StartEngagement.
   */
  startEngagement(formData: EngagementFormData): Promise<{ channel: ChannelInfo; task: TaskInfo }> {
    return this.queue.run(async () => {
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
      const task: TaskInfo = {
        sid: channel.taskSid,
        channelType: 'chat',
        status: 'pending',
        channelSid: channel.sid,
        workerSid: null,
        attributes: { ...formData, customerName: friendlyName, customerIdentity: identity },
        createdAt: now,
        updatedAt: now,
      };
      await this.commit({ channels: [channel], tasks: [task] });
      this.scheduleRoute();
      return { channel, task };
    });
  }

  /** The customer leaves: a task not yet wrapping is canceled; the channel closes. Idempotent. */
  leave(channelSid: string): Promise<void> {
    return this.queue.run(async () => {
      // A call: the customer hangs up, the call ends for all.
      if (await this.calls.customerLeaves(channelSid)) return;
      const live = this.state.channels.get(channelSid);
      if (!live || live.info.status === 'closed') return;
      const task = this.state.tasks.get(live.info.taskSid)!;
      const audience = this.planner.audience(live);
      const now = Date.now();
      const changes: Changes = {
        channels: [{ ...live.info, status: 'closed', updatedAt: now }],
        tasks: [],
        reservations: [],
      };
      if (task.status !== 'wrapping') {
        changes.tasks!.push({ ...task, status: 'canceled', updatedAt: now });
        for (const r of this.state.reservationsByTask.get(task.sid) ?? [])
          changes.reservations!.push(this.withStatus(r, 'canceled', now));
      }
      await this.commit(changes);
      this.planner.taskChanges(changes, audience.workers, audience);
      this.scheduleRoute();
    });
  }

  // ---- both sides ------------------------------------------------------------------------

  /**
   * Submits a message for the next group commit; `done` runs once it is stored (or refused).
   * Cheap refusals (rights, a closed channel, a known clientId) happen here, before any I/O.
   */
  sendMessage(
    who: ChatPrincipal,
    channelSid: string,
    body: string,
    clientId: string,
    origin: unknown,
    done: CommitCallback,
  ): void {
    const name =
      who.role === 'agent' ? (this.state.workers.get(who.workerSid)?.fullName ?? who.identity) : who.friendlyName;
    const submission: EngineSubmission = {
      channelSid,
      body,
      clientId,
      origin,
      done,
      principal: who,
      author: { identity: who.identity, role: who.role, name },
    };
    const live = this.access.checkWrite(submission, who);
    if (live instanceof ContactCenterError) {
      // Not in play: tell a missing channel from a closed one (a database read, off the hot path).
      if (!this.state.channels.has(channelSid))
        void this.access.checkRead(who, channelSid).then(
          () => done(closed(channelSid), null),
          (e: ContactCenterError) => done(e, null),
        );
      else done(live, null);
      return;
    }
    const stored = live.byClientId.get(clientId);
    if (stored) return done(null, stored);
    this.committer.submit(submission);
  }

  /** Tells the channel's other members that `who` is typing (refused as sendMessage would be). */
  typing(who: ChatPrincipal, channelSid: string, origin: unknown): void | Promise<void> {
    const name =
      who.role === 'agent' ? (this.state.workers.get(who.workerSid)?.fullName ?? who.identity) : who.friendlyName;
    const live = this.access.checkWrite(
      {
        channelSid,
        body: '',
        clientId: '',
        origin,
        done: () => {},
        author: { identity: who.identity, role: who.role, name },
      },
      who,
    );
    if (live instanceof ContactCenterError) {
      if (this.state.channels.has(channelSid)) throw live;
      // Not in play: missing (CC_NOT_FOUND), not yours, or closed, as sendMessage tells them apart.
      return this.access.checkRead(who, channelSid).then((): never => {
        throw closed(channelSid);
      });
    }
    const audience = this.planner.audience(live);
    const data = { channelSid, identity: who.identity, role: who.role, name, at: Date.now() };
    if (who.role === 'customer') this.push({ event: 'typing', data, workers: audience.workers, except: origin });
    else
      this.push({
        event: 'typing',
        data,
        channelSid,
        workers: audience.workers.filter((w) => w !== who.workerSid),
        except: origin,
      });
  }

  /**
   * A pending reservation's deadline passed: it times out and its task is routed again. The
   * reservation timers call this; a test driver may too, to time an offer out at once.
   * Resolves with the timed-out reservation, or undefined when it was no longer pending.
   */
  expire(reservationSid: string): Promise<ReservationInfo | undefined> {
    const expired = this.queue.run(async () => {
      const current = this.state.reservations.get(reservationSid);
      return current?.status === 'pending' ? this.handBack(current, 'timeout') : undefined;
    });
    expired.then(
      () => this.scheduleRoute(),
      (e: unknown) => this.options.onError(`reservation ${reservationSid} timeout failed`, e),
    );
    return expired;
  }

  /** Stops the timers, stores what is queued. */
  async close(): Promise<void> {
    this.closed = true;
    this.timers.stop();
    this.calls.stop();
    this.supervision.stop();
    this.statsThrottle.stop();
    this.workflowTimer.clear();
    await this.committer.flush();
    await this.queue.drain();
  }

  // ---- internals -------------------------------------------------------------------------

  private async commit(changes: Changes): Promise<void> {
    await this.repo.persist(changes);
    this.state.apply(changes);
    for (const r of changes.reservations ?? []) this.timers.follow(r);
    // A task out of the queues (assigned or ended) loses its place in the workflow.
    for (const t of changes.tasks ?? []) if (t.status !== 'pending' && t.status !== 'reserved') this.plan.forget(t.sid);
    this.statsThrottle.touch();
  }

  /** Live reservations of `workerSid` on tasks of `channel` (its load for that channel's capacity). */
  private loadOn(workerSid: string, channel: TaskInfo['channelType']): number {
    let n = 0;
    for (const r of this.state.reservations.values())
      if (r.workerSid === workerSid && (this.state.tasks.get(r.taskSid)?.channelType ?? 'chat') === channel) n++;
    return n;
  }

  private push(push: Push): void {
    this.pushes.emit('push', push);
  }

  private withStatus(r: ReservationInfo, status: ReservationInfo['status'], now: number): ReservationInfo {
    return { ...r, status, updatedAt: now, expiresAt: status === 'pending' ? r.expiresAt : null };
  }

  private newReservation(taskSid: string, workerSid: string, now: number): ReservationInfo {
    return {
      sid: newSid('WR'),
      taskSid,
      workerSid,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      expiresAt: now + this.options.reservationTimeoutMs,
    };
  }

  /** A pending reservation goes back (rejected or timed out): its task waits for routing again. */
  private async handBack(r: ReservationInfo, status: 'rejected' | 'timeout'): Promise<ReservationInfo> {
    const now = Date.now();
    const reservation = this.withStatus(r, status, now);
    // A warm transfer refused: the task stays with the agent still on the call.
    const keeper = this.calls.keeperOf(r);
    const task: TaskInfo = keeper
      ? { ...this.state.tasks.get(r.taskSid)!, status: 'assigned', workerSid: keeper, updatedAt: now }
      : { ...this.state.tasks.get(r.taskSid)!, status: 'pending', workerSid: null, updatedAt: now };
    await this.commit({ reservations: [reservation], tasks: [task] });
    this.planner.taskChanges({ reservations: [reservation], tasks: [task] }, [r.workerSid]);
    return reservation;
  }

  private requireWorker(workerSid: string): WorkerRecord {
    return this.state.workers.get(workerSid) ?? fail('CC_NOT_FOUND', `Worker ${workerSid} does not exist`);
  }

  /** Routes once after the current operations (several triggers in a row route once). */
  private scheduleRoute(): void {
    if (this.routeScheduled || this.closed) return;
    this.routeScheduled = true;
    void this.queue
      .run(async () => {
        this.routeScheduled = false;
        await this.route();
      })
      .catch((e: unknown) => this.options.onError('routing failed', e));
  }

  /**
   * The worker a task asks for (`attributes.targetWorker`: a worker's sid or identity, as in
   * Flex's known-agent routing), while that worker exists.
   */
  private targetOf(task: TaskInfo): string | undefined {
    const target = task.attributes.targetWorker;
    if (typeof target !== 'string') return undefined;
    return (this.state.workers.get(target) ?? this.state.workersByIdentity.get(target))?.sid;
  }

  /**
   * Sends each waiting task to its queue (the workflow; a target that timed out moves it on),
   * then offers what it can: by priority then age, to the longest-idle Available worker the
   * task's queue selects who has room for the task's channel.
   */
  private async route(): Promise<void> {
    const pending = [...this.state.tasks.values()].filter((t) => t.status === 'pending');
    const now = Date.now();
    if (!pending.length) return this.workflowTimer.armAt(undefined, now);
    const current = new Map<string, TaskInfo>();
    const moved = new Set<string>();
    for (const t of pending) {
      const p = this.plan.advance(t, now) ?? this.plan.placementOf(t, now);
      if (t.queueSid === p.queueSid && (t.priority ?? 0) === p.priority) current.set(t.sid, t);
      else {
        current.set(t.sid, { ...t, queueSid: p.queueSid, priority: p.priority, updatedAt: now });
        moved.add(t.sid);
      }
    }
    const loads = new Map<string, { chat: number; voice: number }>();
    for (const r of this.state.reservations.values()) {
      const load = loads.get(r.workerSid) ?? loads.set(r.workerSid, { chat: 0, voice: 0 }).get(r.workerSid)!;
      load[this.state.tasks.get(r.taskSid)?.channelType ?? 'chat']++;
    }
    const workers = [...this.state.workers.values()]
      .filter((w) => w.activity === 'Available')
      .map((w) => {
        const l = loads.get(w.sid) ?? { chat: 0, voice: 0 };
        return {
          sid: w.sid,
          available: true,
          load: l.chat + l.voice,
          loads: l,
          idleSince: w.idleSince,
          queues: this.plan.queuesOf(w),
        };
      });
    const tasks = [...current.values()].map((t): RoutingTask => {
      const target = this.plan.target(this.plan.placementOf(t, now));
      const narrow = target?.expression;
      const task = { ...t.attributes, channelType: t.channelType };
      return {
        sid: t.sid,
        createdAt: t.createdAt,
        declinedBy: this.state.declined.get(t.sid) ?? new Set<string>(),
        targetWorker: this.targetOf(t),
        channelType: t.channelType,
        queueSid: t.queueSid ?? undefined,
        priority: t.priority ?? 0,
        ...(narrow && {
          accepts: (sid: string) => {
            const w = this.state.workers.get(sid)!;
            return narrow(scopeOf(w.attributes, { identity: w.identity, role: w.role, sid: w.sid, task }));
          },
        }),
      };
    });
    const assignments = workers.length ? routeTasks(tasks, workers, this.plan.config.capacity, now) : [];
    const assigned = new Set(assignments.map((a) => a.taskSid));
    const waiting = [...moved].filter((sid) => !assigned.has(sid)).map((sid) => current.get(sid)!);
    if (assignments.length || waiting.length) {
      const changes: Changes = { reservations: [], tasks: [...waiting], workers: [] };
      for (const a of assignments) {
        changes.reservations!.push(this.newReservation(a.taskSid, a.workerSid, now));
        changes.tasks!.push({ ...current.get(a.taskSid)!, status: 'reserved', updatedAt: now });
        changes.workers!.push({ ...this.state.workers.get(a.workerSid)!, idleSince: now });
      }
      await this.commit(changes);
      this.planner.taskChanges({ ...changes, tasks: changes.tasks!.slice(waiting.length) }, []);
      // A waiting task that changed queue: those on it and the supervisors hear it.
      const supervisors = [...this.state.workers.values()].filter((w) => w.role === 'supervisor').map((w) => w.sid);
      if (waiting.length) this.planner.taskChanges({ tasks: waiting }, supervisors);
      for (const a of assignments) this.planner.offerChannel(a.taskSid, a.workerSid);
    }
    let due: number | undefined;
    for (const t of current.values()) {
      if (assigned.has(t.sid)) continue;
      const at = this.plan.dueAt(this.plan.placementOf(t, now));
      if (at !== undefined && (due === undefined || at < due)) due = at;
    }
    this.workflowTimer.armAt(due, now);
  }
}
