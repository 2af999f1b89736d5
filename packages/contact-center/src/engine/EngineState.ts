/**
 * The contact center's working set in memory: every worker, and the tasks still in play
 * (pending … wrapping) with their reservations, channels and messages. The database is the
 * record; this mirror makes routing, authorization and snapshots synchronous and cheap. Only
 * one server process may own a database (it is the single writer).
 */
import {
  ACTIVITY_LIST,
  QUEUES,
  activitySid,
  type AgentSnapshot,
  type ChannelInfo,
  type ChatMessage,
  type ReservationInfo,
  type TaskInfo,
  type WorkerInfo,
} from '../types';
import { ACTIVE_TASK_STATUSES, type Changes, type WorkerRecord } from './Repository';

/** A channel of a task in play, with its transcript. */
export interface LiveChannel {
  info: ChannelInfo;
  messages: ChatMessage[];
  /** Idempotency keys of the stored messages. */
  byClientId: Map<string, ChatMessage>;
  /** The index the next message gets. */
  nextIndex: number;
}

/** Reservation statuses that hold a worker's capacity and give read access to the task. */
export const LIVE_RESERVATION: ReadonlySet<string> = new Set(['pending', 'accepted', 'wrapping']);
/** Reservation statuses that let a worker write in the channel. */
export const WRITING_RESERVATION: ReadonlySet<string> = new Set(['accepted', 'wrapping']);

const isLiveTask = (t: TaskInfo): boolean => (ACTIVE_TASK_STATUSES as readonly string[]).includes(t.status);

/** Strips the server's routing clock from a worker. */
export const publicWorker = ({ sid, identity, fullName, activity, attributes, role }: WorkerRecord): WorkerInfo => ({
  sid,
  role,
  identity,
  fullName,
  activity,
  activitySid: activitySid(activity),
  attributes,
});

export class EngineState {
  readonly workers = new Map<string, WorkerRecord>();
  readonly workersByIdentity = new Map<string, WorkerRecord>();
  readonly tasks = new Map<string, TaskInfo>();
  /** Live reservations only (pending, accepted, wrapping). */
  readonly reservations = new Map<string, ReservationInfo>();
  /** Task sid → its live reservations. */
  readonly reservationsByTask = new Map<string, Set<ReservationInfo>>();
  /** Task sid → workers who rejected it or let it time out. */
  readonly declined = new Map<string, Set<string>>();
  readonly channels = new Map<string, LiveChannel>();
  /** Task sid → supervisors monitoring it (they hear its events; read only). */
  readonly monitors = new Map<string, Set<string>>();

  /** Applies committed changes to the mirror. */
  apply(changes: Changes): void {
    for (const w of changes.workers ?? []) {
      this.workers.set(w.sid, w);
      this.workersByIdentity.set(w.identity, w);
    }
    for (const c of changes.channels ?? []) {
      const live = this.channels.get(c.sid);
      if (live) live.info = c;
      else this.channels.set(c.sid, { info: c, messages: [], byClientId: new Map(), nextIndex: 0 });
    }
    for (const t of changes.tasks ?? []) {
      if (isLiveTask(t)) {
        this.tasks.set(t.sid, t);
        continue;
      }
      this.tasks.delete(t.sid);
      this.channels.delete(t.channelSid);
      this.declined.delete(t.sid);
      this.monitors.delete(t.sid);
      for (const r of this.reservationsByTask.get(t.sid) ?? []) this.reservations.delete(r.sid);
      this.reservationsByTask.delete(t.sid);
    }
    for (const r of changes.reservations ?? []) this.setReservation(r);
    for (const m of changes.messages ?? []) this.addMessage(m);
  }

  setReservation(r: ReservationInfo): void {
    const old = this.reservations.get(r.sid);
    const set = this.reservationsByTask.get(r.taskSid);
    if (old) set?.delete(old);
    if (!LIVE_RESERVATION.has(r.status)) {
      this.reservations.delete(r.sid);
      if (r.status === 'rejected' || r.status === 'timeout') this.decline(r.taskSid, r.workerSid);
      return;
    }
    if (!this.tasks.has(r.taskSid)) return; // the task left play in the same change
    this.reservations.set(r.sid, r);
    if (set) set.add(r);
    else this.reservationsByTask.set(r.taskSid, new Set([r]));
  }

  decline(taskSid: string, workerSid: string): void {
    const set = this.declined.get(taskSid);
    if (set) set.add(workerSid);
    else this.declined.set(taskSid, new Set([workerSid]));
  }

  addMessage(m: ChatMessage): void {
    const live = this.channels.get(m.channelSid);
    if (!live) return;
    live.messages.push(m);
    if (m.clientId !== null) live.byClientId.set(m.clientId, m);
    live.nextIndex = Math.max(live.nextIndex, m.index + 1);
  }

  /** The live reservation of `workerSid` on `taskSid`, if any. */
  reservationOf(workerSid: string, taskSid: string): ReservationInfo | undefined {
    for (const r of this.reservationsByTask.get(taskSid) ?? []) if (r.workerSid === workerSid) return r;
    return undefined;
  }

  /** Workers with a live reservation on `taskSid`, and its monitoring supervisors (those who see its events). */
  workersOn(taskSid: string): string[] {
    const workers = [...(this.reservationsByTask.get(taskSid) ?? [])].map((r) => r.workerSid);
    for (const m of this.monitors.get(taskSid) ?? []) if (!workers.includes(m)) workers.push(m);
    return workers;
  }

  /** Is `workerSid` monitoring `taskSid`? */
  monitoring(workerSid: string, taskSid: string): boolean {
    return this.monitors.get(taskSid)?.has(workerSid) ?? false;
  }

  /** Reservations counting against a worker's capacity. */
  load(workerSid: string): number {
    let n = 0;
    for (const r of this.reservations.values()) if (r.workerSid === workerSid) n++;
    return n;
  }

  /** The full view of one agent (everything it holds a live reservation for). */
  agentSnapshot(workerSid: string): AgentSnapshot {
    const worker = this.workers.get(workerSid)!;
    const reservations = [...this.reservations.values()].filter((r) => r.workerSid === workerSid);
    const tasks = reservations.map((r) => this.tasks.get(r.taskSid)).filter((t): t is TaskInfo => t !== undefined);
    const channels = tasks.map((t) => this.channels.get(t.channelSid)).filter((c): c is LiveChannel => c !== undefined);
    return {
      worker: publicWorker(worker),
      workers: [...this.workers.values()].map(publicWorker),
      activities: [...ACTIVITY_LIST],
      queues: [...QUEUES],
      reservations,
      tasks,
      channels: channels.map((c) => c.info),
      messages: channels.flatMap((c) => c.messages),
    };
  }
}
