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
 *  - waiting tasks are routed oldest first, and a worker who just got one goes to the back.
 */

/** What routing needs to know about a worker. */
export interface RoutingWorker {
  sid: string;
  available: boolean;
  /** Reservations counting against capacity (pending, accepted, wrapping). */
  load: number;
  /** When the worker last became idle (ms); smaller = idle for longer. */
  idleSince: number;
}

/** A task waiting for a worker. */
export interface RoutingTask {
  sid: string;
  createdAt: number;
  /** Workers who rejected this task or let a reservation for it time out. */
  declinedBy: ReadonlySet<string>;
  /** The worker (sid) the task asks for, if any. */
  targetWorker?: string;
}

/** Offer `taskSid` to `workerSid`. */
export interface Assignment {
  taskSid: string;
  workerSid: string;
}

const byIdleThenLoad = (a: RoutingWorker, b: RoutingWorker): number =>
  a.idleSince - b.idleSince || a.load - b.load || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);

/**
 * The worker to offer `task` to, or undefined when nobody is eligible.
 *
 * @example
 * pickWorker({ sid: 'WT1', createdAt: 0, declinedBy: new Set() }, workers, 3); // 'WK…'
 */
export function pickWorker(task: RoutingTask, workers: readonly RoutingWorker[], capacity: number): string | undefined {
  const target =
    task.targetWorker !== undefined && !task.declinedBy.has(task.targetWorker) ? task.targetWorker : undefined;
  const eligible = workers
    .filter((w) => w.available && w.load < capacity && (target === undefined || w.sid === target))
    .sort(byIdleThenLoad);
  const fresh = eligible.find((w) => !task.declinedBy.has(w.sid));
  return (fresh ?? eligible[0])?.sid;
}

/**
 * Routes every waiting task it can, oldest first. Each assignment takes one unit of the
 * worker's capacity and makes the worker the most recently busy (`now`).
 */
export function routeTasks(
  tasks: readonly RoutingTask[],
  workers: readonly RoutingWorker[],
  capacity: number,
  now: number,
): Assignment[] {
  const pool = workers.map((w) => ({ ...w }));
  const ordered = [...tasks].sort((a, b) => a.createdAt - b.createdAt || (a.sid < b.sid ? -1 : 1));
  const assignments: Assignment[] = [];
  for (const task of ordered) {
    const workerSid = pickWorker(task, pool, capacity);
    if (!workerSid) continue;
    const w = pool.find((x) => x.sid === workerSid)!;
    w.load += 1;
    w.idleSince = now;
    assignments.push({ taskSid: task.sid, workerSid });
  }
  return assignments;
}
