/**
 * Supervision: supervisors (workers whose role is `supervisor`, from the configuration) listen
 * in on calls (a receive-only participant the customer is not told of) and read chats (in the
 * channel's audience, writing refused), and see the Teams view: every worker's live tasks,
 * pushed to them (`teamUpdated`, throttled) whenever a reservation, a task or a worker changes.
 */
import type { TaskInfo } from '../types';
import type { CallInfo, QueueStats, SupervisorView, TeamMember, TeamTask } from '../voice';
import { fail } from './Access';
import type { CallDesk } from './calls/CallDesk';
import { customerNameOf, type EngineCore } from './EngineCore';
import type { WorkerRecord } from './Repository';

/** How long changes gather before the Teams view is pushed again (trailing). */
export const TEAM_THROTTLE_MS = 250;

export class Supervision {
  private teamTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly core: EngineCore,
    private readonly calls: CallDesk,
    private readonly queueStats: () => QueueStats[],
  ) {}

  /** The supervisor `workerSid`, or CC_FORBIDDEN naming the operation. */
  requireSupervisor(workerSid: string, operation: string): WorkerRecord {
    const w = this.core.state.workers.get(workerSid) ?? fail('CC_NOT_FOUND', `Worker ${workerSid} does not exist`);
    if (w.role !== 'supervisor')
      fail('CC_FORBIDDEN', `${operation} is for supervisors; ${w.fullName} (${w.identity}) is an agent`);
    return w;
  }

  monitorTask(workerSid: string, taskSid: string): Promise<{ task: TaskInfo; call: CallInfo | null }> {
    return this.core.run(() => {
      const w = this.requireSupervisor(workerSid, 'monitorTask');
      const task =
        this.core.state.tasks.get(taskSid) ??
        fail('CC_NOT_FOUND', `Task ${taskSid} is not in play (it does not exist, or it is completed or canceled)`);
      const monitors = this.core.state.monitors.get(taskSid);
      if (monitors) monitors.add(workerSid);
      else this.core.state.monitors.set(taskSid, new Set([workerSid]));
      const live = this.calls.callOfTask(taskSid);
      const call = live ? this.calls.addMonitor(live, workerSid, w.fullName) : null;
      return { task, call };
    });
  }

  stopMonitoringTask(workerSid: string, taskSid: string): Promise<null> {
    return this.core.run(() => {
      this.requireSupervisor(workerSid, 'stopMonitoringTask');
      const monitors = this.core.state.monitors.get(taskSid);
      if (!monitors?.has(workerSid)) fail('CC_INVALID_STATE', `You are not monitoring task ${taskSid}`);
      monitors!.delete(workerSid);
      if (!monitors!.size) this.core.state.monitors.delete(taskSid);
      const live = this.calls.callOfTask(taskSid);
      if (live) this.calls.removeMonitor(live, workerSid);
      return null;
    });
  }

  view(workerSid: string): SupervisorView {
    this.requireSupervisor(workerSid, 'getSupervisorView');
    return { team: this.team(), queueStats: this.queueStats() };
  }

  /** Every worker with the tasks of its live reservations. */
  team(): TeamMember[] {
    const { state } = this.core;
    const byWorker = new Map<string, TeamTask[]>([...state.workers.keys()].map((sid) => [sid, []]));
    for (const r of state.reservations.values()) {
      const task = state.tasks.get(r.taskSid);
      if (!task) continue;
      byWorker.get(r.workerSid)?.push({
        taskSid: task.sid,
        channelType: task.channelType,
        status: r.status as TeamTask['status'],
        customerName: customerNameOf(task),
        queueSid: task.queueSid ?? null,
        since: r.updatedAt,
      });
    }
    return [...byWorker].map(([sid, tasks]) => ({ workerSid: sid, tasks }));
  }

  /** Supervisors' sids (those who get `teamUpdated`). */
  supervisors(): string[] {
    return [...this.core.state.workers.values()].filter((w) => w.role === 'supervisor').map((w) => w.sid);
  }

  /** A reservation, a task or a worker changed: the Teams view goes out once things settle. */
  changed(): void {
    if (this.teamTimer || this.stopped || !this.supervisors().length) return;
    this.teamTimer = setTimeout(() => {
      this.teamTimer = undefined;
      const workers = this.supervisors();
      if (workers.length) this.core.push({ event: 'teamUpdated', data: this.team(), workers });
    }, TEAM_THROTTLE_MS);
    (this.teamTimer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.teamTimer) clearTimeout(this.teamTimer);
    this.teamTimer = undefined;
  }
}
