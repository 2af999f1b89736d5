import { isSwitchboardError } from '@switchboard/actions';
import type { CallInfo, QueueStats, TeamTask } from '@switchboard/contact-center';
import type { MonitoredTask } from '@switchboard/plugin';
import { startSupervisedHost, type SupervisedHost } from '../../test/fakeSupervision';
import { selectQueueStats, selectTeam, type SupervisorState } from './supervisorSlice';
import type { DesktopState } from './desktopSlice';

let s: SupervisedHost;
afterEach(() => s?.dispose());

const state = () => s.host.store.getState() as { desktop: DesktopState; supervisor: SupervisorState };
const sidOf = (identity: string) => Object.values(state().desktop.workers).find((w) => w.identity === identity)!.sid;
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string },
  );
const settle = () => new Promise((r) => setTimeout(r, 0));

const queue: QueueStats = {
  queueSid: 'WQ1',
  name: 'Everyone',
  waitingTasks: 1,
  reservedTasks: 0,
  longestWaitMs: 4000,
  availableWorkers: 1,
  eligibleWorkers: 3,
  activeTasks: 1,
};

/** A chat offered to alice, and the team that says so. */
async function aliceChat(customerName = 'Ada') {
  const task = await s.cc.createTask({ customerName, to: 'alice', message: 'Hello?' });
  const teamTask: TeamTask = {
    taskSid: task.taskSid,
    channelType: 'chat',
    status: 'pending',
    customerName,
    queueSid: null,
    since: Date.now(),
  };
  s.fake.emit('teamUpdated', [{ workerSid: sidOf('alice'), tasks: [teamTask] }]);
  return task;
}

describe('the supervisor actions', () => {
  it("fill state.supervisor from the snapshot and the pushes: the team, every queue's figures", async () => {
    s = await startSupervisedHost();
    expect(state().desktop.worker?.role).toBe('supervisor');
    expect(selectTeam(state()).map((r) => r.worker.identity)).toEqual(['alice', 'bob', 'sue']);
    const task = await aliceChat();
    expect(selectTeam(state())[0]!.tasks.map((t) => t.taskSid)).toEqual([task.taskSid]);
    s.fake.emit('queueStatsUpdated', [queue]);
    expect(selectQueueStats(state())).toEqual([queue]);
    expect(state().supervisor.queueStatsAt).toBeGreaterThan(0);
  });

  it('MonitorCall on a chat shows it read only: its history, then what is written; StopMonitoringCall ends it', async () => {
    s = await startSupervisedHost();
    const task = await aliceChat();
    const seen: unknown[] = [];
    s.host.actions.addListener('beforeMonitorCall', (p) => void seen.push(p));
    const result = (await s.host.actions.invokeAction('MonitorCall', { sid: task.taskSid })) as MonitoredTask;
    expect(seen).toEqual([{ sid: task.taskSid, taskSid: task.taskSid }]);
    expect(result).toMatchObject({
      taskSid: task.taskSid,
      channelType: 'chat',
      channelSid: task.channelSid,
      customerName: 'Ada',
      workerSid: sidOf('alice'),
      call: null,
    });
    expect(result.messages.map((m) => m.body)).toEqual(['Hello?']);
    // A message written now reaches the supervisor (the contact center pushes it).
    const later = await s.cc.customerWrites(task.channelSid, 'Anyone?');
    s.fake.emit('messageAdded', later);
    expect(state().supervisor.monitoring!.messages.map((m) => m.body)).toEqual(['Hello?', 'Anyone?']);
    // Nothing of it is this desktop's own task.
    expect(state().desktop.tasks).toEqual({});

    await s.host.actions.invokeAction('StopMonitoringCall');
    expect(state().supervisor.monitoring).toBeNull();
    expect(s.fake.calls).toEqual([`monitorTask ${task.taskSid}`, `stopMonitoringTask ${task.taskSid}`]);
    // Nothing monitored: StopMonitoringCall does nothing.
    await s.host.actions.invokeAction('StopMonitoringCall');
    expect(s.fake.calls).toHaveLength(2);
  });

  it('MonitorCall on a call keeps its call up to date; monitoring another task stops the first', async () => {
    s = await startSupervisedHost();
    const first = await aliceChat('Ada');
    const call = {
      sid: 'CA1',
      taskSid: first.taskSid,
      channelSid: first.channelSid,
      direction: 'inbound',
      status: 'in-progress',
      from: 'Ada',
      to: 'Everyone',
      participants: [],
      createdAt: 1,
      updatedAt: 1,
    } satisfies CallInfo;
    s.fake.callsByTask.set(first.taskSid, call);
    // { task } as the Teams view's row has it (Flex's { task }).
    await s.host.actions.invokeAction('MonitorCall', { task: { taskSid: first.taskSid } });
    expect(state().supervisor.monitoring).toMatchObject({ channelType: 'voice', call: { sid: 'CA1' }, messages: [] });
    s.fake.emit('callUpdated', { ...call, status: 'ended', updatedAt: 2 });
    expect(state().supervisor.monitoring!.call!.status).toBe('ended');

    const second = await s.cc.createTask({ customerName: 'Bea', to: 'bob' });
    const stops: unknown[] = [];
    s.host.actions.addListener('afterStopMonitoringCall', (p) => void stops.push(p));
    await s.host.actions.invokeAction('MonitorCall', { sid: second.taskSid });
    expect(stops).toEqual([{ sid: first.taskSid, taskSid: first.taskSid }]);
    expect(state().supervisor.monitoring).toMatchObject({
      taskSid: second.taskSid,
      customerName: 'Bea',
      workerSid: null,
    });
    expect(s.fake.calls).toEqual([
      `monitorTask ${first.taskSid}`,
      `stopMonitoringTask ${first.taskSid}`,
      `monitorTask ${second.taskSid}`,
    ]);
  });

  it('refuses an agent (NOT_SUPERVISOR) before any listener runs, and never asks the contact center', async () => {
    s = await startSupervisedHost('agent');
    const task = await s.cc.createTask({ customerName: 'Ada', to: 'alice' });
    const before = jest.fn();
    s.host.actions.addListener('beforeMonitorCall', before);
    const error = await rejection(s.host.actions.invokeAction('MonitorCall', { sid: task.taskSid }));
    expect(isSwitchboardError(error, 'NOT_SUPERVISOR')).toBe(true);
    expect(error!.message).toMatch(/MonitorCall: only supervisors monitor tasks; worker "sue" \(WK\w+\) is an agent/);
    expect(before).not.toHaveBeenCalled();
    const stop = await rejection(s.host.actions.invokeAction('StopMonitoringCall'));
    expect(isSwitchboardError(stop, 'NOT_SUPERVISOR')).toBe(true);
    expect(s.fake.calls).toEqual([]);
    expect(state().supervisor.monitoring).toBeNull();
  });

  it('refuses where the contact center has no supervision (SUPERVISION_UNAVAILABLE), and bad payloads', async () => {
    s = await startSupervisedHost('supervisor', { supervision: false });
    const error = await rejection(s.host.actions.invokeAction('MonitorCall', { sid: 'WT1' }));
    expect(isSwitchboardError(error, 'SUPERVISION_UNAVAILABLE')).toBe(true);
    await s.dispose();

    s = await startSupervisedHost();
    const bad = await rejection(s.host.actions.invokeAction('MonitorCall', { taskSid: 42 }));
    expect(isSwitchboardError(bad, 'PAYLOAD_INVALID')).toBe(true);
    expect(bad!.message).toContain('MonitorCall: the payload needs { sid } or { task }, got {"taskSid":42}');
    const notMonitored = await rejection(s.host.actions.invokeAction('StopMonitoringCall', { sid: 'WT9' }));
    expect(isSwitchboardError(notMonitored, 'TASK_NOT_FOUND')).toBe(true);
    expect(notMonitored!.message).toContain('task "WT9" is not monitored (none is)');
    // The contact center's refusal reaches the caller as it is.
    const unknown = await rejection(s.host.actions.invokeAction('MonitorCall', { sid: 'WT-nope' }));
    expect(isSwitchboardError(unknown, 'CC_NOT_FOUND')).toBe(true);
    await settle();
  });
});
