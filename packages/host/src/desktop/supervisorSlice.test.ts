import { combineReducers } from '@reduxjs/toolkit';
import type { AgentSnapshot, CallInfo, ChatMessage, QueueStats, WorkerInfo } from '@switchboard/contact-center';
import type { MonitoredTask } from '@switchboard/plugin';
import { desktopSlice, messageAdded, snapshotReceived } from './desktopSlice';
import {
  findTeamTask,
  monitoredCallUpdated,
  monitoredMessagesReceived,
  monitoringStarted,
  monitoringStopped,
  queueStatsUpdated,
  selectIsSupervisor,
  selectQueueStats,
  selectTeam,
  supervisorSlice,
  teamUpdated,
  workersSeen,
} from './supervisorSlice';

const reducer = combineReducers({ desktop: desktopSlice.reducer, supervisor: supervisorSlice.reducer });
type S = ReturnType<typeof reducer>;
const run = (...actions: Parameters<typeof reducer>[1][]): S =>
  actions.reduce(reducer, reducer(undefined, { type: '@init' }));

const worker = (sid: string, fullName: string, activity: WorkerInfo['activity'] = 'Available'): WorkerInfo => ({
  sid,
  identity: fullName.toLowerCase(),
  fullName,
  activity,
  activitySid: `WA-${activity}`,
  attributes: {},
  role: 'agent',
});
const sue = { ...worker('WK3', 'Sue'), role: 'supervisor' as const };
const alice = worker('WK1', 'Alice');
const bob = worker('WK2', 'Bob', 'Offline');
const stats = (name: string, waitingTasks = 0, longestWaitMs = 0): QueueStats => ({
  queueSid: `WQ-${name}`,
  name,
  waitingTasks,
  reservedTasks: 0,
  longestWaitMs,
  availableWorkers: 1,
  eligibleWorkers: 2,
  activeTasks: 0,
});
const snapshot = (me: WorkerInfo, extra: Partial<AgentSnapshot> = {}): AgentSnapshot => ({
  worker: me,
  workers: [bob, me, alice],
  activities: [],
  queues: [],
  reservations: [],
  tasks: [],
  channels: [],
  messages: [],
  ...extra,
});
const chatTask = {
  taskSid: 'WT1',
  channelType: 'chat' as const,
  status: 'accepted' as const,
  customerName: 'Ada',
  queueSid: null,
  since: 5,
};
const message = (index: number, channelSid = 'CH1'): ChatMessage => ({
  sid: `IM${index}`,
  channelSid,
  index,
  author: 'ada',
  authorRole: 'customer',
  authorName: 'Ada',
  body: `m${index}`,
  createdAt: index,
  clientId: null,
});
const monitored = (extra: Partial<MonitoredTask> = {}): MonitoredTask => ({
  taskSid: 'WT1',
  channelType: 'chat',
  channelSid: 'CH1',
  customerName: 'Ada',
  workerSid: 'WK1',
  call: null,
  messages: [],
  since: 1,
  ...extra,
});

describe('supervisorSlice', () => {
  it("takes the team from a supervisor's snapshot and lists every worker by name with their tasks", () => {
    const state = run(
      snapshotReceived(
        snapshot(sue, { supervisor: { team: [{ workerSid: 'WK1', tasks: [chatTask] }], queueStats: [] } }),
      ),
    );
    expect(selectIsSupervisor(state)).toBe(true);
    expect(selectTeam(state).map((r) => [r.worker.fullName, r.tasks.map((t) => t.taskSid)])).toEqual([
      ['Alice', ['WT1']],
      ['Bob', []],
      ['Sue', []],
    ]);
    expect(selectTeam(state)).toBe(selectTeam(state)); // memoized
    expect(findTeamTask(state, 'WT1')).toEqual({ workerSid: 'WK1', task: chatTask });
    expect(findTeamTask(state, 'WT9')).toBeUndefined();

    // An agent's snapshot (after a reconnect as someone else) has no team.
    const agent = reducer(state, snapshotReceived(snapshot(alice)));
    expect(selectIsSupervisor(agent)).toBe(false);
    expect(selectTeam(agent).every((r) => r.tasks.length === 0)).toBe(true);
  });

  it('replaces the team on teamUpdated and the queue figures on queueStatsUpdated, sorted by name, with their time', () => {
    let state = run(snapshotReceived(snapshot(sue)), teamUpdated([{ workerSid: 'WK2', tasks: [chatTask] }]));
    expect(selectTeam(state).find((r) => r.worker.sid === 'WK2')!.tasks).toEqual([chatTask]);
    state = reducer(state, teamUpdated([]));
    expect(selectTeam(state).find((r) => r.worker.sid === 'WK2')!.tasks).toEqual([]);
    state = reducer(state, queueStatsUpdated([stats('Sales', 2, 3000), stats('Billing')], 1234));
    expect(selectQueueStats(state).map((q) => q.name)).toEqual(['Billing', 'Sales']);
    expect(state.supervisor.queueStatsAt).toBe(1234);
  });

  it('knows since when a worker is in their activity once it saw it change (unknown for the first snapshot)', () => {
    let state = run(snapshotReceived(snapshot(sue)), workersSeen([bob, sue, alice], true, 100));
    expect(selectTeam(state).map((r) => r.activitySince)).toEqual([null, null, null]);
    state = reducer(state, workersSeen([{ ...alice, activity: 'Busy' }], false, 200));
    state = reducer(state, desktopSlice.actions.workerUpdated({ ...alice, activity: 'Busy' }));
    expect(selectTeam(state)[0]!.activitySince).toBe(200);
    state = reducer(state, workersSeen([{ ...alice, activity: 'Busy' }], false, 300)); // no change: still 200
    expect(selectTeam(state)[0]!.activitySince).toBe(200);
    // A worker first seen after the snapshot (new) is in their activity since then.
    state = reducer(state, workersSeen([worker('WK9', 'Zed')], false, 400));
    expect(state.supervisor.activities.WK9).toEqual({ activity: 'Available', since: 400 });
  });

  it("keeps the monitored chat's messages in index order, each once, from the history and messageAdded", () => {
    let state = run(monitoringStarted(monitored()), monitoredMessagesReceived([message(2), message(0)]));
    state = reducer(state, messageAdded(message(1)));
    state = reducer(state, messageAdded(message(1))); // again
    state = reducer(state, messageAdded(message(5, 'CH-other')));
    state = reducer(state, monitoredMessagesReceived([message(0), message(3)]));
    expect(state.supervisor.monitoring!.messages.map((m) => m.index)).toEqual([0, 1, 2, 3]);
    state = reducer(state, monitoringStopped('WT-other'));
    expect(state.supervisor.monitoring).not.toBeNull();
    state = reducer(state, monitoringStopped('WT1'));
    expect(state.supervisor.monitoring).toBeNull();
  });

  it('keeps the monitored call up to date, and only that call', () => {
    const call = { sid: 'CA1', taskSid: 'WT1', status: 'in-progress' } as CallInfo;
    let state = run(monitoringStarted(monitored({ channelType: 'voice', call })));
    state = reducer(state, monitoredCallUpdated({ ...call, sid: 'CA2', taskSid: 'WT2', status: 'ended' }));
    expect(state.supervisor.monitoring!.call!.status).toBe('in-progress');
    state = reducer(state, monitoredCallUpdated({ ...call, status: 'ended' }));
    expect(state.supervisor.monitoring!.call!.status).toBe('ended');
  });
});
