/**
 * The routing decision, as pure functions of plain data (the engine gathers the data, applies
 * the result and persists it). Rules:
 *  - only Available workers with free capacity (pending + accepted + wrapping reservations
 *    count against it) are eligible;
 *  - among them, the longest idle wins (ties: the lower load, then the sid, for determinism);
 *  - a worker who rejected the task or let it time out is passed over while another eligible
 *    worker exists (with nobody else, the task is offered to them again rather than wait);
 *  - a task that names a worker (`targetWorker`, known-agent routing) is offered to that worker
 *    only, and waits for them, until they reject it or let it time out; then it is routed as
 *    any other;
 *  - waiting tasks are routed by priority (higher first), then oldest first, and a worker who
 *    just got one goes to the back;
 *  - with queues (the routing configuration), a task in a queue goes only to the workers that
 *    queue selects (and that pass its workflow target's expression, if any);
 *  - capacity is per channel (e.g. 3 chats and 1 call at once, independently), when the
 *    workers' loads per channel are given; else one capacity for all.
 */
import type { ChannelType } from '../types';

/** What routing needs to know about a worker. */
export interface RoutingWorker {
  sid: string;
  available: boolean;
  /** Reservations counting against capacity (pending, accepted, wrapping), all channels. */
  load: number;
  /** The same, per channel: when given, capacity is checked for the task's channel only. */
  loads?: Partial<Record<ChannelType, number>>;
  /** When the worker last became idle (ms); smaller = idle for longer. */
  idleSince: number;
  /** The queues (sids) that select this worker; when absent, every queue does. */
  queues?: ReadonlySet<string>;
}

/** A task waiting for a worker. */
export interface RoutingTask {
  sid: string;
  createdAt: number;
  /** Workers who rejected this task or let a reservation for it time out. */
  declinedBy: ReadonlySet<string>;
  /** The worker (sid) the task asks for, if any. */
  targetWorker?: string;
  /** Default `chat`. */
  channelType?: ChannelType;
  /** The queue the task waits in; only workers it selects get it. */
  queueSid?: string;
  /** Higher is offered first (default 0). */
  priority?: number;
  /** A further test on the worker (a workflow target's expression). */
  accepts?: (workerSid: string) => boolean;
}

/** How many tasks a worker handles at once: one number for all, or per channel. */
export type Capacity = number | Readonly<Record<ChannelType, number>>;

/** Offer `taskSid` to `workerSid`. */
export interface Assignment {
  taskSid: string;
  workerSid: string;
}

const before = (a: RoutingWorker, b: RoutingWorker, channel: ChannelType): boolean =>
  a.idleSince !== b.idleSince
    ? a.idleSince < b.idleSince
    : loadOf(a, channel) !== loadOf(b, channel)
      ? loadOf(a, channel) < loadOf(b, channel)
      : a.sid < b.sid;

const loadOf = (w: RoutingWorker, channel: ChannelType): number => (w.loads ? (w.loads[channel] ?? 0) : w.load);

const capacityOf = (capacity: Capacity, channel: ChannelType): number =>
  typeof capacity === 'number' ? capacity : capacity[channel];

/**
 * The worker to offer `task` to, or undefined when nobody is eligible. One pass over the
 * workers (no sort): the longest idle who did not decline it, else the longest idle.
 *
 * @example
 * pickWorker({ sid: 'WT1', createdAt: 0, declinedBy: new Set() }, workers, { chat: 3, voice: 1 }); // 'WK…'
 */
export function pickWorker(
  task: RoutingTask,
  workers: readonly RoutingWorker[],
  capacity: Capacity,
): string | undefined {
  const channel = task.channelType ?? 'chat';
  const limit = capacityOf(capacity, channel);
  const target =
    task.targetWorker !== undefined && !task.declinedBy.has(task.targetWorker) ? task.targetWorker : undefined;
  let fresh: RoutingWorker | undefined;
  let any: RoutingWorker | undefined;
  for (const w of workers) {
    if (!w.available || loadOf(w, channel) >= limit) continue;
    if (
      target !== undefined ? w.sid !== target : task.queueSid !== undefined && w.queues && !w.queues.has(task.queueSid)
    )
      continue;
    if (task.accepts && !task.accepts(w.sid)) continue;
    if (!any || before(w, any, channel)) any = w;
    if (!task.declinedBy.has(w.sid) && (!fresh || before(w, fresh, channel))) fresh = w;
  }
  return (fresh ?? any)?.sid;
}

/**
 * Waiting tasks in the order they are offered: priority (higher first), then oldest. Tasks created
 * in the same millisecond keep the order they were given in (the sort is stable, and the engine
 * gives them in arrival order), so first come is first served even within a millisecond.
 */
export const byPriorityThenAge = (a: RoutingTask, b: RoutingTask): number =>
  (b.priority ?? 0) - (a.priority ?? 0) || a.createdAt - b.createdAt;

/**
 * Routes every waiting task it can, by priority then age. Each assignment takes one unit of the
 * worker's capacity (for the task's channel) and makes the worker the most recently busy (`now`).
 * `onDecision` (benchmarks) hears how long each task's decision took.
 */
export function routeTasks(
  tasks: readonly RoutingTask[],
  workers: readonly RoutingWorker[],
  capacity: Capacity,
  now: number,
  onDecision?: (ms: number, task: RoutingTask) => void,
): Assignment[] {
  const pool = workers.map((w) => ({ ...w, loads: w.loads && { ...w.loads } }));
  // Each queue's workers, so a decision looks at the queue's workers only.
  const everywhere = pool.filter((w) => !w.queues);
  const byQueue = new Map<string, RoutingWorker[]>();
  for (const w of pool)
    for (const q of w.queues ?? []) (byQueue.get(q) ?? byQueue.set(q, [...everywhere]).get(q)!).push(w);
  const bySid = new Map(pool.map((w) => [w.sid, w]));
  const ordered = [...tasks].sort(byPriorityThenAge);
  const assignments: Assignment[] = [];
  for (const task of ordered) {
    const started = onDecision ? performance.now() : 0;
    const candidates =
      task.targetWorker !== undefined || task.queueSid === undefined
        ? pool
        : (byQueue.get(task.queueSid) ?? everywhere);
    const workerSid = pickWorker(task, candidates, capacity);
    if (workerSid) {
      const w = bySid.get(workerSid)!;
      const channel = task.channelType ?? 'chat';
      w.load += 1;
      if (w.loads) w.loads[channel] = (w.loads[channel] ?? 0) + 1;
      w.idleSince = now;
      assignments.push({ taskSid: task.sid, workerSid });
    }
    onDecision?.(performance.now() - started, task);
  }
  return assignments;
}
