/**
 * The supervisor's state (`state.supervisor`): everyone's tasks (the team), every queue's
 * figures, since when each worker is in their activity, and the task being monitored. The
 * contact center's snapshot and pushes (`teamUpdated`, `queueStatsUpdated`, `callUpdated`,
 * `messageAdded`) write it, and the supervisor actions (MonitorCall, StopMonitoringCall).
 * Queue figures reach every agent; the team only supervisors.
 */
import { createSelector, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type {
  Activity,
  CallInfo,
  ChatMessage,
  IceServerConfig,
  QueueStats,
  TeamMember,
  WorkerInfo,
} from '@switchboard/contact-center';
import type { MonitoredTask, TeamRow } from '@switchboard/plugin';
import { messageAdded, snapshotReceived, type DesktopState } from './desktopSlice';

/** When this desktop saw a worker enter their activity. */
export interface ActivitySeen {
  activity: Activity;
  /** ms; null when the worker was in it already when this desktop first saw them. */
  since: number | null;
}

/** The supervisor's slice of the store. */
export interface SupervisorState {
  /** Everyone's tasks, by worker sid (supervisors only). */
  team: Record<string, TeamMember>;
  /** Every queue's figures, as the contact center sent them last. */
  queueStats: QueueStats[];
  /** When the queue figures arrived (ms): the longest wait ticks from there. */
  queueStatsAt: number;
  /** Per worker sid. */
  activities: Record<string, ActivitySeen>;
  /** The task monitored (MonitorCall), if any. */
  monitoring: MonitoredTask | null;
  /** The ICE servers of the snapshot, for listening in (none on 127.0.0.1). */
  iceServers: IceServerConfig[];
}

const initialState: SupervisorState = {
  team: {},
  queueStats: [],
  queueStatsAt: 0,
  activities: {},
  monitoring: null,
  iceServers: [],
};

/** Adds messages to the monitored chat in index order, each once. */
function addMessages(monitoring: MonitoredTask, messages: readonly ChatMessage[]): void {
  for (const message of messages) {
    if (message.channelSid !== monitoring.channelSid) continue;
    const list = monitoring.messages;
    if (list.some((m) => m.sid === message.sid || m.index === message.index)) continue;
    let at = list.length;
    while (at > 0 && list[at - 1]!.index > message.index) at--;
    list.splice(at, 0, message);
  }
}

export const supervisorSlice = createSlice({
  name: 'supervisor',
  initialState,
  reducers: {
    /** `teamUpdated`: the whole team (replaces it). */
    teamUpdated(state, { payload }: PayloadAction<TeamMember[]>) {
      state.team = Object.fromEntries(payload.map((m) => [m.workerSid, m]));
    },
    /** `queueStatsUpdated`: every queue's figures, received at `at`. */
    queueStatsUpdated: {
      reducer(state, { payload }: PayloadAction<{ stats: QueueStats[]; at: number }>) {
        state.queueStats = payload.stats;
        state.queueStatsAt = payload.at;
      },
      prepare: (stats: QueueStats[], at: number = Date.now()) => ({ payload: { stats, at } }),
    },
    /** Workers as seen at `at`: one whose activity changed since the last time is in it since `at`. */
    workersSeen: {
      reducer(state, { payload }: PayloadAction<{ workers: WorkerInfo[]; at: number; initial: boolean }>) {
        for (const w of payload.workers) {
          const before = state.activities[w.sid];
          if (before?.activity === w.activity) continue;
          state.activities[w.sid] = { activity: w.activity, since: before || !payload.initial ? payload.at : null };
        }
      },
      prepare: (workers: WorkerInfo[], initial = false, at: number = Date.now()) => ({
        payload: { workers, at, initial },
      }),
    },
    /** MonitorCall started monitoring a task (replaces any other). */
    monitoringStarted(state, { payload }: PayloadAction<MonitoredTask>) {
      state.monitoring = payload;
    },
    /** A monitored chat's history arrived. */
    monitoredMessagesReceived(state, { payload }: PayloadAction<ChatMessage[]>) {
      if (state.monitoring) addMessages(state.monitoring, payload);
    },
    /** The monitored call changed. */
    monitoredCallUpdated(state, { payload }: PayloadAction<CallInfo>) {
      const m = state.monitoring;
      if (m && (m.call?.sid === payload.sid || (m.call === null && m.taskSid === payload.taskSid))) m.call = payload;
    },
    /** Monitoring of `taskSid` ended (StopMonitoringCall). */
    monitoringStopped(state, { payload }: PayloadAction<string>) {
      if (state.monitoring?.taskSid === payload) state.monitoring = null;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(snapshotReceived, (state, { payload }) => {
        // A supervisor's snapshot has the team; an agent's does not. (Its queue figures come as
        // `queueStatsUpdated`, with the time they arrived.)
        state.team = Object.fromEntries((payload.supervisor?.team ?? []).map((m) => [m.workerSid, m]));
        state.iceServers = payload.iceServers ?? [];
        const call = state.monitoring?.call;
        const now = payload.calls?.find((c) => c.sid === call?.sid);
        if (state.monitoring && now) state.monitoring.call = now;
      })
      .addCase(messageAdded, (state, { payload }) => {
        if (state.monitoring) addMessages(state.monitoring, [payload]);
      });
  },
});

export const {
  teamUpdated,
  queueStatsUpdated,
  workersSeen,
  monitoringStarted,
  monitoredMessagesReceived,
  monitoredCallUpdated,
  monitoringStopped,
} = supervisorSlice.actions;

type WithSupervisor = { supervisor: SupervisorState; desktop: DesktopState };
const EMPTY: SupervisorState = initialState;

/** The supervisor's state (empty where the host has no contact center). */
export const selectSupervisor = (state: { supervisor?: SupervisorState }): SupervisorState => state.supervisor ?? EMPTY;
/** Whether this worker is a supervisor (`WorkerInfo.role`): the Teams view and the supervisor actions are theirs. */
export const selectIsSupervisor = (state: { desktop?: DesktopState }): boolean =>
  state.desktop?.worker?.role === 'supervisor';
/** The monitored task, if any. */
export const selectMonitoring = (state: { supervisor?: SupervisorState }): MonitoredTask | null =>
  selectSupervisor(state).monitoring;

/** Every worker with their tasks, by name (memoized): the Teams view's agents. */
export const selectTeam: (state: WithSupervisor) => TeamRow[] = createSelector(
  [
    (state: WithSupervisor) => state.desktop.workers,
    (state: WithSupervisor) => state.supervisor.team,
    (state: WithSupervisor) => state.supervisor.activities,
  ],
  (workers, team, activities) =>
    Object.values(workers)
      .map((worker) => {
        const seen = activities[worker.sid];
        return {
          worker,
          tasks: team[worker.sid]?.tasks ?? [],
          activitySince: seen && seen.activity === worker.activity ? seen.since : null,
        };
      })
      .sort((a, b) => a.worker.fullName.localeCompare(b.worker.fullName) || a.worker.sid.localeCompare(b.worker.sid)),
);

/** Every queue's figures, by name (memoized). */
export const selectQueueStats: (state: { supervisor?: SupervisorState }) => QueueStats[] = createSelector(
  [(state: { supervisor?: SupervisorState }) => selectSupervisor(state).queueStats],
  (stats) => [...stats].sort((a, b) => a.name.localeCompare(b.name) || a.queueSid.localeCompare(b.queueSid)),
);

/** A task of the team, by task sid, with the worker holding it. */
export const findTeamTask = (
  state: { supervisor?: SupervisorState },
  taskSid: string,
): { workerSid: string; task: TeamMember['tasks'][number] } | undefined => {
  for (const member of Object.values(selectSupervisor(state).team)) {
    const task = member.tasks.find((t) => t.taskSid === taskSid);
    if (task) return { workerSid: member.workerSid, task };
  }
  return undefined;
};
