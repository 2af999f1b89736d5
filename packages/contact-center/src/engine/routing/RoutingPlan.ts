/**
 * The routing configuration at work: which queues select a worker (cached per worker, and
 * recomputed only when that worker's attributes object changes), where the workflow sends a
 * task, and when a waiting task moves on to its next target. In memory: a task's place in its
 * filter (and when it got there) is kept here; after a restart it is found again from the
 * task's stored queue, and its timeout starts over.
 */
import type { ChannelType, QueueInfo, TaskInfo } from '../../types';
import type { WorkerRecord } from '../Repository';
import { scopeOf, type Scope } from './expression';
import type { CompiledQueue, CompiledRouting, CompiledTarget } from './RoutingConfig';

/** Where a task is in the workflow. */
export interface Placement {
  queueSid: string;
  priority: number;
  /** The filter that matched (-1: none, the default queue; -2: put there by a transfer). */
  filter: number;
  /** The target within the filter. */
  target: number;
  /** When the task entered this target (ms). */
  enteredAt: number;
}

/** The scope of a task's expressions: its attributes, with `channelType` (the engine's, not the customer's). */
export const taskScope = (task: TaskInfo): Scope => scopeOf(task.attributes, { channelType: task.channelType });

/** The scope of a worker's expressions: its attributes, with `identity` and `role`. */
export const workerScope = (w: WorkerRecord): Scope =>
  scopeOf(w.attributes, { identity: w.identity, role: w.role, sid: w.sid });

export class RoutingPlan {
  private readonly queuesBySid: Map<string, CompiledQueue>;
  private readonly membership = new Map<
    string,
    { attributes: unknown; identity: string; queues: ReadonlySet<string> }
  >();
  private readonly placements = new Map<string, Placement>();

  constructor(readonly config: CompiledRouting) {
    this.queuesBySid = new Map(config.queues.map((q) => [q.sid, q]));
  }

  /** The queues, as `listQueues` answers. */
  queues(): QueueInfo[] {
    return this.config.queues.map((q) => ({ sid: q.sid, name: q.name, targetWorkers: q.targetWorkers }));
  }

  hasQueue(sid: string): boolean {
    return this.queuesBySid.has(sid);
  }

  /** How many tasks of `channel` a worker handles at once. */
  capacity(channel: ChannelType): number {
    return this.config.capacity[channel];
  }

  /** The queues that select `w` (cached until its attributes change). */
  queuesOf(w: WorkerRecord): ReadonlySet<string> {
    const cached = this.membership.get(w.sid);
    if (cached && cached.attributes === w.attributes && cached.identity === w.identity) return cached.queues;
    const scope = workerScope(w);
    const queues = new Set(this.config.queues.filter((q) => q.selects(scope)).map((q) => q.sid));
    this.membership.set(w.sid, { attributes: w.attributes, identity: w.identity, queues });
    return queues;
  }

  /** The target a placement stands on, if it came from a filter. */
  target(p: Placement): CompiledTarget | undefined {
    return p.filter >= 0 ? this.config.filters[p.filter]?.targets[p.target] : undefined;
  }

  /**
   * Where `task` is: the placement kept in memory, else where the workflow sends it — the first
   * filter that matches, its first target (or, for a task already in a queue, the target of that
   * queue); with no filter matching, the default queue.
   */
  placementOf(task: TaskInfo, now: number): Placement {
    const kept = this.placements.get(task.sid);
    if (kept) return kept;
    const scope = taskScope(task);
    const filter = this.config.filters.findIndex((f) => f.matches(scope));
    const current = task.queueSid && this.hasQueue(task.queueSid) ? task.queueSid : undefined;
    let placement: Placement;
    if (filter < 0) {
      placement = {
        queueSid: current ?? this.config.defaultQueueSid,
        priority: task.priority ?? 0,
        filter: -1,
        target: 0,
        enteredAt: now,
      };
    } else {
      const targets = this.config.filters[filter]!.targets;
      const at = current === undefined ? 0 : targets.findIndex((t) => t.queueSid === current);
      placement =
        at < 0
          ? { queueSid: current!, priority: task.priority ?? 0, filter: -1, target: 0, enteredAt: now }
          : { queueSid: targets[at]!.queueSid, priority: targets[at]!.priority, filter, target: at, enteredAt: now };
    }
    this.placements.set(task.sid, placement);
    return placement;
  }

  /** A transfer put the task in `queueSid`: it stays there (no workflow timeout). */
  placeInQueue(task: TaskInfo, queueSid: string, now: number): Placement {
    const placement: Placement = { queueSid, priority: task.priority ?? 0, filter: -2, target: 0, enteredAt: now };
    this.placements.set(task.sid, placement);
    return placement;
  }

  /** When the task's current target times out (ms), if it does. */
  dueAt(p: Placement): number | undefined {
    const timeout = this.target(p)?.timeoutMs;
    return timeout === undefined ? undefined : p.enteredAt + timeout;
  }

  /**
   * Moves a task whose target timed out to its next target (after the last one: the default
   * queue, where it stays). Returns the new placement, or undefined when it did not move.
   */
  advance(task: TaskInfo, now: number): Placement | undefined {
    let p = this.placementOf(task, now);
    const start = p;
    for (let due = this.dueAt(p); due !== undefined && due <= now; due = this.dueAt(p)) {
      const targets = this.config.filters[p.filter]!.targets;
      p =
        p.target + 1 < targets.length
          ? {
              ...p,
              target: p.target + 1,
              queueSid: targets[p.target + 1]!.queueSid,
              priority: targets[p.target + 1]!.priority,
              enteredAt: due,
            }
          : { queueSid: this.config.defaultQueueSid, priority: p.priority, filter: -1, target: 0, enteredAt: due };
    }
    if (p === start) return undefined;
    this.placements.set(task.sid, p);
    return p;
  }

  /** The task left the queues (assigned, or ended): its place is forgotten. */
  forget(taskSid: string): void {
    this.placements.delete(taskSid);
  }

  /** Forgets a worker's cached membership. */
  forgetWorker(workerSid: string): void {
    this.membership.delete(workerSid);
  }
}
