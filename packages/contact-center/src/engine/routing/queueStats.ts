/**
 * Queue statistics: what waits in each queue, for how long, and who could take it. Computed
 * from the engine's mirror on demand (tasks in play and workers: cheap), and published to every
 * agent at most every 250 ms (trailing: the last change is always published).
 */
import type { QueueStats } from '../../voice';
import type { TaskInfo } from '../../types';
import type { WorkerRecord } from '../Repository';
import type { RoutingPlan } from './RoutingPlan';

/**
 * Every configured queue's figures, in the configuration's order.
 *
 * @example
 * computeQueueStats(plan, state.tasks.values(), state.workers.values(), Date.now());
 */
export function computeQueueStats(
  plan: RoutingPlan,
  tasks: Iterable<TaskInfo>,
  workers: Iterable<WorkerRecord>,
  now: number,
): QueueStats[] {
  const stats = new Map<string, QueueStats>(
    plan.config.queues.map((q) => [
      q.sid,
      {
        queueSid: q.sid,
        name: q.name,
        waitingTasks: 0,
        reservedTasks: 0,
        longestWaitMs: 0,
        availableWorkers: 0,
        eligibleWorkers: 0,
        activeTasks: 0,
      },
    ]),
  );
  for (const t of tasks) {
    const s = t.queueSid ? stats.get(t.queueSid) : undefined;
    if (!s) continue;
    if (t.status === 'pending') {
      s.waitingTasks++;
      s.longestWaitMs = Math.max(s.longestWaitMs, now - t.createdAt);
    } else if (t.status === 'reserved') s.reservedTasks++;
    else if (t.status === 'assigned' || t.status === 'wrapping') s.activeTasks++;
  }
  for (const w of workers)
    for (const sid of plan.queuesOf(w)) {
      const s = stats.get(sid)!;
      s.eligibleWorkers++;
      if (w.activity === 'Available') s.availableWorkers++;
    }
  return [...stats.values()];
}

/** Calls `publish` once, `delayMs` after the first `touch()` of a burst (trailing throttle). */
export class StatsThrottle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly publish: () => void,
    private readonly delayMs = 250,
  ) {}

  /** The figures may have changed. */
  touch(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, this.delayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
