/**
 * Who hears about what: the engine's changes become pushes addressed to workers (by sid), a
 * channel's customers, or every agent. Transport-free: the socket gateway and the in-process
 * transport deliver them.
 */
import type { PushEventName, PushEvents } from '../protocol';
import type { EngineState, LiveChannel } from './EngineState';
import type { Changes } from './Repository';

/** One event to deliver, and to whom. */
export interface Push<K extends PushEventName = PushEventName> {
  event: K;
  data: PushEvents[K];
  /** Agents (by worker sid) who get it. */
  workers?: Iterable<string>;
  /** The customer(s) of this channel get it. */
  channelSid?: string;
  /** Every connected agent gets it. */
  allAgents?: boolean;
  /** The phones of these numbers get it. */
  phones?: Iterable<string>;
  /** A connection that must not get it (the sender, who has its reply). */
  except?: unknown;
}

/** Who hears about a channel. */
export interface Audience {
  workers: string[];
  channelSid?: string;
}

export class PushPlanner {
  /** Runs when a worker is offered a task (the contact center's calls show the caller). */
  onOffer: ((taskSid: string, workerSid: string) => void) | undefined;

  constructor(
    private readonly state: EngineState,
    private readonly push: (push: Push) => void,
  ) {}

  /** The workers with a live reservation on the channel's task, and its customer. */
  audience(live: LiveChannel | undefined): Audience {
    if (!live) return { workers: [] };
    return { workers: this.state.workersOn(live.info.taskSid), channelSid: live.info.sid };
  }

  /**
   * Pushes the reservations, tasks and channels of `changes` to the workers concerned: those
   * on the task now, `alsoWorkers`, and `before` (the audience before the change, for changes
   * that end a task: its workers must still hear that it ended).
   */
  taskChanges(changes: Changes, alsoWorkers: readonly string[], before?: Audience): void {
    for (const r of changes.reservations ?? [])
      this.push({ event: 'reservationUpdated', data: r, workers: [r.workerSid] });
    for (const t of changes.tasks ?? []) {
      const workers = new Set([...this.state.workersOn(t.sid), ...alsoWorkers, ...(before?.workers ?? [])]);
      for (const r of changes.reservations ?? []) if (r.taskSid === t.sid) workers.add(r.workerSid);
      this.push({ event: 'taskUpdated', data: t, workers });
    }
    for (const c of changes.channels ?? []) {
      const workers = new Set([...this.state.workersOn(c.taskSid), ...alsoWorkers, ...(before?.workers ?? [])]);
      this.push({ event: 'channelUpdated', data: c, workers, channelSid: c.sid });
    }
  }

  /** A worker offered a task gets its channel too (the customer's name, for the offer). */
  offerChannel(taskSid: string, workerSid: string): void {
    const task = this.state.tasks.get(taskSid);
    const live = task && this.state.channels.get(task.channelSid);
    if (live) this.push({ event: 'channelUpdated', data: live.info, workers: [workerSid] });
    this.onOffer?.(taskSid, workerSid);
  }
}
