/**
 * The supervisor's native actions and the Teams view's slots: their names, payloads, results
 * and props. The host registers the actions on every contact center; they are refused
 * (`NOT_SUPERVISOR`, `SUPERVISION_UNAVAILABLE`) unless this worker is a supervisor and the
 * contact center offers supervision. Types only.
 *
 * One pair of actions for calls and chats, with Flex's names: `MonitorCall` listens in on a
 * call (receive only) or, on a chat, reads it (read only); `StopMonitoringCall` ends either.
 */
import type { CallInfo, ChatMessage, QueueStats, TeamTask, WorkerInfo } from '@switchboard/contact-center';

/**
 * A task of the Teams view, as the supervisor actions take it: by the task's sid (`WT…`), or
 * the task itself (anything with a `taskSid`: a Teams view row's task, a desktop task, Flex's
 * ITask), as Flex's `{ task } | { sid }`.
 */
export type MonitorPayload = { sid: string; task?: { taskSid: string } } | { task: { taskSid: string }; sid?: string };

/** The task a supervisor monitors: what the Teams view's monitor panel shows. */
export interface MonitoredTask {
  /** The task's sid (`WT…`). */
  taskSid: string;
  /** `voice`: listening in (receive only); `chat`: reading (read only). */
  channelType: 'chat' | 'voice';
  /** The task's channel (`CH…`): a chat's messages are in it. */
  channelSid: string;
  customerName: string;
  /** The agent holding the task when monitoring started, if any. */
  workerSid: string | null;
  /** The call, for a voice task (kept up to date by `callUpdated`); `status: 'ended'` once it ended. */
  call: CallInfo | null;
  /** A chat's messages, in index order, each once (the history, then what is added). */
  messages: ChatMessage[];
  /** When monitoring started (ms). */
  since: number;
}

/** One agent of the Teams view: the worker, their tasks, since when in their activity. */
export interface TeamRow {
  worker: WorkerInfo;
  tasks: TeamTask[];
  /** When this desktop saw the worker's activity change (ms); null when it did not see it. */
  activitySince: number | null;
}

/**
 * The supervisor's native actions: name → `{ payload, result }` (as {@link NativeActions}).
 * Listeners see the payload with `taskSid` resolved.
 */
export interface SupervisorActions {
  /**
   * Monitors a task of the Teams view: on a call, listens in (receive only: nobody hears the
   * supervisor, the customer is not told); on a chat, shows it read only. One task at a time:
   * another monitored task is stopped first. Resolves with what is monitored
   * (`state.supervisor.monitoring`).
   *
   * @example
   * await api.actions.invokeAction('MonitorCall', { sid: 'WT…' });
   */
  MonitorCall: { payload: MonitorPayload; result: MonitoredTask };
  /** Stops monitoring the task given, or (no payload) the monitored one; nothing monitored: does nothing. */
  StopMonitoringCall: { payload: MonitorPayload | undefined; result: void };
}

/** The name of a supervisor action. */
export type SupervisorActionName = keyof SupervisorActions;

declare module './types' {
  interface SlotPropsMap {
    /**
     * The Teams view (supervisors): its children are `monitor` (the monitor panel, when
     * monitoring), `filters`, `workers` (the `WorkersDataTable`) and `queues` (the
     * `QueuesStatsView`). Plugins add above (`sortOrder` < 0) or below (> 30).
     */
    TeamsView: Record<string, never>;
    /** The agents' table of the Teams view (child `table`). */
    WorkersDataTable: Record<string, never>;
    /**
     * Extra columns of the agents' table: each contribution is one column, its header the
     * `label` option (or its key), its cell the component for each agent.
     */
    'WorkersDataTable.Columns': { member: TeamRow };
    /** The queues' table of the Teams view (child `table`). */
    QueuesStatsView: Record<string, never>;
    /** Extra columns of the queues' table (header: the `label` option), a cell per queue. */
    'QueuesStatsView.Columns': { queue: QueueStats };
    /** The monitor panel of the Teams view, while a task is monitored (child `panel`). */
    MonitorPanel: { monitoring: MonitoredTask };
  }
}
